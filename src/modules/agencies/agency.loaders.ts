import { visibleToAll } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { AgencyEntity } from './agency.entity';

export function createAgencyLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, AgencyEntity, visibleToAll),
  };
}
