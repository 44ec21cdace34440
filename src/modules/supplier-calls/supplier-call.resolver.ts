import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { SupplierCallStatus } from '../../common/enums';
import { decodeInputIds } from '../../common/ids';
import { LIST_LIMITS } from '../../common/list-limits';
import { BackwardPageArgs } from '../../common/page-args';
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
import { RecommendationEntity } from '../recommendations/recommendation.entity';
import { Recommendation } from '../recommendations/recommendation.types';
import { SafetyTechnologyEntity } from '../safety-technologies/safety-technology.entity';
import { technologyLoaders } from '../safety-technologies/safety-technology.loaders';
import { SafetyTechnology } from '../safety-technologies/safety-technology.types';
import { ApplicationReviewEntity } from './application-review.entity';
import { reviewSupplierApplication } from './application-review.service';
import { displayScore } from './scoring';
import { SupplierApplicationEntity } from './supplier-application.entity';
import { submitSupplierApplication, withdrawSupplierApplication } from './supplier-application.service';
import { SupplierCallEntity } from './supplier-call.entity';
import {
  DecideSupplierCallInput,
  PublishSupplierCallInput,
  ReviewSupplierApplicationInput,
  SubmitSupplierApplicationInput,
  SupplierApplicationListArgs,
  WithdrawSupplierApplicationInput,
} from './supplier-call.inputs';
import { callLoaders } from './supplier-call.loaders';
import { decideSupplierCall, listApplications, listCalls, publishSupplierCall } from './supplier-call.service';
import {
  ApplicationReview,
  ApplicationReviewPayload,
  SupplierApplication,
  SupplierApplicationConnection,
  SupplierApplicationPayload,
  SupplierCall,
  SupplierCallConnection,
  SupplierCallPayload,
} from './supplier-call.types';

@Resolver(() => SupplierCall)
export class SupplierCallResolver {
  @Authorized()
  @Query(() => SupplierCallConnection, { description: 'Calls for suppliers the caller may see (a funder officer: its programs\'), in publication order.' })
  supplierCalls(
    @Args() page: BackwardPageArgs,
    @Arg('status', () => [SupplierCallStatus], { nullable: true, description: 'Only calls in any of these states, by the clock now.' })
    status: SupplierCallStatus[] | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<SupplierCallEntity>> {
    return listCalls(ctx, page, status);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => SupplierCallPayload, { description: "Publishes a call for suppliers under a program (R16): officers of the program's operator." })
  publishSupplierCall(
    @Arg('input') input: PublishSupplierCallInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<SupplierCallEntity>> {
    return publishSupplierCall(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => SupplierCallPayload, {
    description: 'Decides a CLOSED call once (R19): ranks its applications, selects the best within its places and recommends them to the funder.',
  })
  decideSupplierCall(
    @Arg('input') input: DecideSupplierCallInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<SupplierCallEntity>> {
    return decideSupplierCall(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => Program, { description: 'The program the call is part of.' })
  program(@Root() call: SupplierCallEntity, @Ctx() ctx: Context): Promise<ProgramEntity | null> {
    return programLoaders(ctx).byId.load(call.programId);
  }

  @FieldResolver(() => SupplierCallStatus, { description: "Where the call stands, by the database's clock to the second (R16)." })
  status(@Root() call: SupplierCallEntity): SupplierCallStatus {
    return call.status;
  }

  @FieldResolver(() => Float, { description: 'Lowest score (mean of review totals) that can be selected.' })
  passingScore(@Root() call: SupplierCallEntity): number {
    return Number(call.passingScore);
  }

  @FieldResolver(() => SupplierApplicationConnection, {
    description:
      "The call's applications the caller may see (an enterprise: its own); without orderBy in submission (id) order, " +
      'read for many calls in one statement; with orderBy, one statement per call.',
  })
  applications(
    @Root() call: SupplierCallEntity,
    @Args() args: SupplierApplicationListArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<SupplierApplicationEntity>> {
    const filter = args.filter && decodeInputIds(args.filter, 'filter');
    if (!args.orderBy) return callLoaders(ctx).applicationsByCall({ parentId: call.id, ...args, filter });
    return listApplications(ctx, call, { ...args, filter, orderBy: args.orderBy });
  }
}

@Resolver(() => Program)
export class ProgramCallsResolver {
  @FieldResolver(() => SupplierCallConnection, { description: "The program's calls for suppliers, in publication order." })
  calls(@Root() program: ProgramEntity, @Args() page: BackwardPageArgs, @Ctx() ctx: Context): Promise<ConnectionResult<SupplierCallEntity>> {
    return callLoaders(ctx).byProgram({ parentId: program.id, ...page });
  }
}

/** An enterprise sees its application's score and rank only once the call is DECIDED (R18, the role table). */
async function scoresShown(ctx: Context, application: SupplierApplicationEntity): Promise<SupplierCallEntity | null> {
  const call = await callLoaders(ctx).byId.load(application.callId);
  if (!call) return null;
  return ctx.principal?.role === Role.ENTERPRISE && call.status !== SupplierCallStatus.DECIDED ? null : call;
}

@Resolver(() => SupplierApplication)
export class SupplierApplicationResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER, Role.ENTERPRISE)
  @Mutation(() => SupplierApplicationPayload, {
    description: "Applies to an OPEN call (R16): the applicant's enterprise user, or an officer of the operator for a paper application.",
  })
  submitSupplierApplication(
    @Arg('input') input: SubmitSupplierApplicationInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<SupplierApplicationEntity>> {
    const ids = decodeInputIds(input);
    return submitSupplierApplication(ctx, principal, ids);
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER, Role.ENTERPRISE)
  @Mutation(() => SupplierApplicationPayload, { description: 'Withdraws a SUBMITTED application while its call is OPEN (R16).' })
  withdrawSupplierApplication(
    @Arg('input') input: WithdrawSupplierApplicationInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<SupplierApplicationEntity>> {
    return withdrawSupplierApplication(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => SupplierCall, { description: 'The call applied to.' })
  call(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<SupplierCallEntity | null> {
    return callLoaders(ctx).byId.load(application.callId);
  }

  @FieldResolver(() => Enterprise, { description: 'The applying enterprise.' })
  applicant(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(application.applicantId);
  }

  @FieldResolver(() => [SafetyTechnology], { description: "The applicant's technologies the plan uses." })
  @Extensions({ maxItems: LIST_LIMITS.technologiesPerEnterprise })
  async technologies(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<SafetyTechnologyEntity[]> {
    const technologies = await technologyLoaders(ctx).byId.loadMany(application.technologyIds);
    return technologies.filter((technology): technology is SafetyTechnologyEntity => technology instanceof SafetyTechnologyEntity);
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: "Mean of the reviews' totals once reviewsRequired reviews are in, else null (R18). The applicant sees it once the call is DECIDED.",
  })
  async score(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<number | null> {
    const call = await scoresShown(ctx, application);
    return call && displayScore(application, call.reviewsRequired);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Position by score among the call's scored applications once DECIDED (1 = best), else null." })
  async rank(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<number | null> {
    return (await scoresShown(ctx, application)) && application.rank;
  }

  @FieldResolver(() => [ApplicationReview], { description: 'The individual reviews: agency officers and ADMIN only; empty for everyone else.' })
  @Extensions({ maxItems: LIST_LIMITS.reviewsPerApplication })
  reviews(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<ApplicationReviewEntity[]> {
    return callLoaders(ctx).reviewsByApplication.load(application.id);
  }

  @FieldResolver(() => Recommendation, { nullable: true, description: 'The recommendation made when it was selected; null when the caller may not see it.' })
  async recommendation(@Root() application: SupplierApplicationEntity, @Ctx() ctx: Context): Promise<RecommendationEntity | null> {
    return (await callLoaders(ctx).recommendationsByApplication.load(application.id))[0] ?? null;
  }
}

@Resolver(() => ApplicationReview)
export class ApplicationReviewResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => ApplicationReviewPayload, {
    description: "Scores a SUBMITTED application of a CLOSED call (R17): officers of the operator; a reviewer's second review replaces the first.",
  })
  reviewSupplierApplication(
    @Arg('input') input: ReviewSupplierApplicationInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<ApplicationReviewEntity>> {
    return reviewSupplierApplication(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => SupplierApplication, { description: 'The reviewed application.' })
  application(@Root() review: ApplicationReviewEntity, @Ctx() ctx: Context): Promise<SupplierApplicationEntity | null> {
    return callLoaders(ctx).applicationById.load(review.applicationId);
  }

  @FieldResolver(() => Agency, { description: "The reviewer's agency." })
  reviewer(@Root() review: ApplicationReviewEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(review.reviewerId);
  }
}

/** The discovery side of enterprises and recommendations. */
@Resolver(() => Enterprise)
export class EnterpriseApplicationsResolver {
  @FieldResolver(() => [SupplierApplication], {
    description: `Applications this enterprise made to supplier calls, the newest ${LIST_LIMITS.applicationsPerEnterprise} the caller may see.`,
  })
  @Extensions({ maxItems: LIST_LIMITS.applicationsPerEnterprise })
  async supplierApplications(@Root() enterprise: EnterpriseEntity, @Ctx() ctx: Context): Promise<SupplierApplicationEntity[]> {
    return (await callLoaders(ctx).applicationsByApplicant.load(enterprise.id)).slice(-LIST_LIMITS.applicationsPerEnterprise);
  }
}

@Resolver(() => Recommendation)
export class RecommendationApplicationResolver {
  @FieldResolver(() => SupplierApplication, {
    nullable: true,
    description: 'The selected application this recommendation came from; null for a direct recommendation.',
  })
  async application(@Root() recommendation: RecommendationEntity, @Ctx() ctx: Context): Promise<SupplierApplicationEntity | null> {
    return recommendation.applicationId ? callLoaders(ctx).applicationById.load(recommendation.applicationId) : null;
  }
}
