import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { enterpriseLoaders } from '../enterprises/enterprise.loaders';
import { Enterprise } from '../enterprises/enterprise.types';
import { ProgramEntity } from '../programs/program.entity';
import { programLoaders } from '../programs/program.loaders';
import { Program } from '../programs/program.types';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { technologyLoaders } from '../safety-technologies/safety-technology.loaders';
import { SafetyTechnology } from '../safety-technologies/safety-technology.types';
import { RecommendationEntity } from './recommendation.entity';
import { DecideRecommendationInput, RecommendationListArgs, RecommendEnterpriseInput } from './recommendation.inputs';
import { decideRecommendation, listRecommendations, recommendEnterprise } from './recommendation.service';
import { Recommendation, RecommendationConnection, RecommendationPayload } from './recommendation.types';

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Authorized()
  @Query(() => RecommendationConnection, {
    description: 'Recommendations the caller may see (a funder sees those made to it), newest first.',
  })
  recommendations(@Args() args: RecommendationListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<RecommendationEntity>> {
    const filter = args.filter && decodeInputIds(args.filter, 'filter');
    return listRecommendations(ctx, { ...args, filter });
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => RecommendationPayload, {
    description:
      'A public agency recommends an enterprise to a program\'s funder (R4, R15). An ADMIN needs a token naming a public agency.',
  })
  recommendEnterprise(
    @Arg('input') input: RecommendEnterpriseInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<RecommendationEntity>> {
    const ids = decodeInputIds(input);
    return recommendEnterprise(ctx, principal, ids);
  }

  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => RecommendationPayload, {
    description: 'The funder accepts or declines a PENDING recommendation made to it (R4). An ADMIN needs a token naming that funder.',
  })
  decideRecommendation(
    @Arg('input') input: DecideRecommendationInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<RecommendationEntity>> {
    return decideRecommendation(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => Program, { description: "The program whose budget the resulting agreement draws on." })
  program(@Root() row: { programId: string }, @Ctx() ctx: Context): Promise<ProgramEntity | null> {
    return programLoaders(ctx).byId.load(row.programId);
  }

  @FieldResolver(() => Agency, { description: 'The public agency that made the recommendation.' })
  recommender(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(recommendation.recommenderId);
  }

  @FieldResolver(() => Agency, { description: 'The financial institution asked to fund the enterprise.' })
  funder(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(recommendation.funderId);
  }

  @FieldResolver(() => Enterprise, { description: 'The recommended enterprise.' })
  enterprise(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(recommendation.enterpriseId);
  }

  @FieldResolver(() => SafetyTechnology, {
    nullable: true,
    description: "The enterprise's technology the recommendation is about; null when it recommends the enterprise as a whole.",
  })
  async technology(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<SafetyTechnologyEntity | null> {
    return recommendation.technologyId ? technologyLoaders(ctx).byId.load(recommendation.technologyId) : null;
  }
}
