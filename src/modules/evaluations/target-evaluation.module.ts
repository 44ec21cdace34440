import { defineModule } from '../../common/module';
import { EvaluationActivityEntity, TargetEvaluationEntity } from './target-evaluation.entity';
import { evaluationLoaders } from './target-evaluation.loaders';
import { TargetEvaluationResolver } from './target-evaluation.resolver';

export const evaluationsModule = defineModule({
  entities: [TargetEvaluationEntity, EvaluationActivityEntity],
  resolvers: [TargetEvaluationResolver],
  nodes: { TargetEvaluation: { entity: TargetEvaluationEntity, load: (ctx, id) => evaluationLoaders(ctx).byId.load(id) } },
});
