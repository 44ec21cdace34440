import { visibleTable, visibleToAll } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { AgencyEntity } from './agency.entity';

export const AGENCIES = visibleTable(AgencyEntity, visibleToAll, 'agency');

export const agencyLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, AGENCIES),
}));
