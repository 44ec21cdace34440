import { defineModule } from '../../common/module';
import { EvaluationActivityEntity, EvaluationMatchEntity, TargetEvaluationEntity } from './target-evaluation.entity';
import { evaluationLoaders } from './target-evaluation.loaders';
import { TargetEvaluationResolver } from './target-evaluation.resolver';

export const evaluationsModule = defineModule({
  entities: [TargetEvaluationEntity, EvaluationActivityEntity, EvaluationMatchEntity],
  resolvers: [TargetEvaluationResolver],
  nodes: { TargetEvaluation: { entity: TargetEvaluationEntity, load: (ctx, id) => evaluationLoaders(ctx).byId.load(id) } },
});
