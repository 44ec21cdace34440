import { VisibleTable, visibleRecommendations } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { RecommendationEntity } from './recommendation.entity';

export const RECOMMENDATIONS: VisibleTable<RecommendationEntity> = {
  entity: RecommendationEntity,
  scope: visibleRecommendations,
  noun: 'recommendation',
};

export const recommendationLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, RECOMMENDATIONS),
}));
