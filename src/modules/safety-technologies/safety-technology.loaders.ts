import { visibleToAll } from '../../auth/visibility';
import { byIdLoader, childrenLoader, LoaderBase } from '../../common/loaders';
import { SafetyTechnologyEntity } from './safety-technology.entity';

export function createSafetyTechnologyLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, SafetyTechnologyEntity, visibleToAll),
    /** An enterprise's technologies, by id: a provider markets a handful at most. */
    byProvider: childrenLoader(base, SafetyTechnologyEntity, 'provider_id', (row) => row.providerId, visibleToAll),
  };
}
