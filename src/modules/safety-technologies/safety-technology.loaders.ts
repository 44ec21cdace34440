import { visibleTable, visibleToAll } from '../../auth/visibility';
import { byIdLoader, childrenLoader, defineLoaders } from '../../common/loaders';
import { SafetyTechnologyEntity } from './safety-technology.entity';

export const TECHNOLOGIES = visibleTable(SafetyTechnologyEntity, visibleToAll, 'safety technology');

export const technologyLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, TECHNOLOGIES),
  /** An enterprise's technologies, by id: a provider markets a handful at most. */
  byProvider: childrenLoader(base, TECHNOLOGIES, 'provider_id', (row) => row.providerId),
}));
