import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { ConnectionResult } from '../../common/connection';
import { encodeGlobalId } from '../../common/global-id';
import { ForwardPageArgs } from '../../common/page-args';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { Agency } from '../agencies/agency.types';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { Enterprise } from '../enterprises/enterprise.types';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { SafetyTechnology } from '../safety-technologies/safety-technology.types';
import { RecommendationEntity } from './recommendation.entity';
import { RecommendationFilter } from './recommendation.inputs';
import { listRecommendations } from './recommendation.service';
import { Recommendation, RecommendationConnection } from './recommendation.types';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Authorized()
  @Query(() => RecommendationConnection, {
    description: 'Recommendations the caller may see (a funder sees those made to it), newest first.',
  })
  recommendations(
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => RecommendationFilter, { nullable: true, description: 'Narrows the list; omitted: all the caller may see.' })
    filter: RecommendationFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<RecommendationEntity>> {
    return listRecommendations(ctx, { ...page, filter });
  }

  @FieldResolver(() => ID, { description: 'Opaque global id.' })
  id(@Root() recommendation: RecommendationEntity): string {
    return encodeGlobalId('Recommendation', recommendation.id);
  }

  @FieldResolver(() => Agency, { description: 'The public agency that made the recommendation.' })
  recommender(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return ctx.loaders.agencies.byId.load(recommendation.recommenderId);
  }

  @FieldResolver(() => Agency, { description: 'The financial institution asked to fund the enterprise.' })
  funder(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return ctx.loaders.agencies.byId.load(recommendation.funderId);
  }

  @FieldResolver(() => Enterprise, { description: 'The recommended enterprise.' })
  enterprise(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return ctx.loaders.enterprises.byId.load(recommendation.enterpriseId);
  }

  @FieldResolver(() => SafetyTechnology, {
    nullable: true,
    description: "The enterprise's technology the recommendation is about; null when it recommends the enterprise as a whole.",
  })
  async technology(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<SafetyTechnologyEntity | null> {
    return recommendation.technologyId ? ctx.loaders.safetyTechnologies.byId.load(recommendation.technologyId) : null;
  }
}
