import { visibleRecommendations } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { RecommendationEntity } from './recommendation.entity';

export function createRecommendationLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, RecommendationEntity, visibleRecommendations),
  };
}
