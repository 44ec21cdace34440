import { VisibleTable, visibleToAll } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { AgencyEntity } from './agency.entity';

export const AGENCIES: VisibleTable<AgencyEntity> = { entity: AgencyEntity, scope: visibleToAll, noun: 'agency' };

export const agencyLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, AGENCIES),
}));
