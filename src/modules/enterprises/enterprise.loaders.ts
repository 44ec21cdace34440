import { visibleToAll } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { EnterpriseEntity } from './enterprise.entity';

export function createEnterpriseLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, EnterpriseEntity, visibleToAll),
  };
}
