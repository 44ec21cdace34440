import { visibleTable, visibleToAll } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { EnterpriseEntity } from './enterprise.entity';

export const ENTERPRISES = visibleTable(EnterpriseEntity, visibleToAll, 'enterprise');

export const enterpriseLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, ENTERPRISES),
}));
