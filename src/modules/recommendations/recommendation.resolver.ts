// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { RecommendationEntity } from './recommendation.entity';
import { Recommendation } from './recommendation.types';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @FieldResolver(() => ID)
  id(@Root() row: RecommendationEntity): string {
    return encodeGlobalId('Recommendation', row.id);
  }
}
