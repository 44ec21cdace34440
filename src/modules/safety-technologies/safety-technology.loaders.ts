// SKELETON: replaced by the module's real loaders.
import { visibleToAll } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { SafetyTechnologyEntity } from './safety-technology.entity';

export function createSafetyTechnologyLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, SafetyTechnologyEntity, visibleToAll),
  };
}
