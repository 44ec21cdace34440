// SKELETON: replaced by the module's real loaders.
import { visibleActivities } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { ImprovementActivityEntity } from './improvement-activity.entity';

export function createImprovementActivityLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, ImprovementActivityEntity, visibleActivities),
  };
}
