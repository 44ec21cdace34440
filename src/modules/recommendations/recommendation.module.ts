import { defineModule } from '../../common/module';
import { RecommendationEntity } from './recommendation.entity';
import { recommendationLoaders } from './recommendation.loaders';
import { RecommendationResolver } from './recommendation.resolver';

export const recommendationsModule = defineModule({
  entities: [RecommendationEntity],
  resolvers: [RecommendationResolver],
  nodes: { Recommendation: { entity: RecommendationEntity, load: (ctx, id) => recommendationLoaders(ctx).byId.load(id) } },
});
