// SKELETON: replaced by the module's real loaders.
import { visibleEvaluations } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { TargetEvaluationEntity } from './target-evaluation.entity';

export function createEvaluationLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, TargetEvaluationEntity, visibleEvaluations),
  };
}
