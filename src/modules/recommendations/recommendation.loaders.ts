import { visibleRecommendations, visibleTable } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { RecommendationEntity } from './recommendation.entity';

export const RECOMMENDATIONS = visibleTable(RecommendationEntity, visibleRecommendations, 'recommendation');

export const recommendationLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, RECOMMENDATIONS),
}));
