import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import { ForwardPageArgs } from '../../common/page-args';
import { WonScalar } from '../../common/scalars';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { disbursementLoaders } from '../disbursements/disbursement.loaders';
import { Disbursement } from '../disbursements/disbursement.types';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { enterpriseLoaders } from '../enterprises/enterprise.loaders';
import { Enterprise } from '../enterprises/enterprise.types';
import { outcomeBudgetRemaining } from '../evaluations/target-evaluation.queries';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { ImprovementActivityFilter } from '../improvement-activities/improvement-activity.inputs';
import { activityLoaders } from '../improvement-activities/improvement-activity.loaders';
import { ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { ProgramEntity } from '../programs/program.entity';
import { programLoaders } from '../programs/program.loaders';
import { Program } from '../programs/program.types';
import { RecommendationEntity } from '../recommendations/recommendation.entity';
import { recommendationLoaders } from '../recommendations/recommendation.loaders';
import { Recommendation } from '../recommendations/recommendation.types';
import { AgreementAction } from './agreement-lifecycle';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { ChangeAgreementStatusInput, CreateFundingAgreementInput, FundingAgreementListArgs } from './funding-agreement.inputs';
import { agreementLoaders } from './funding-agreement.loaders';
import { changeAgreementStatus, createFundingAgreement, listFundingAgreements } from './funding-agreement.service';
import { FundingAgreement, FundingAgreementConnection, FundingAgreementPayload } from './funding-agreement.types';
import { PerformanceTargetEntity } from './performance-target.entity';
import { PerformanceTarget } from './performance-target.types';
import { DISBURSEMENTS_PER_AGREEMENT, LIST_LIMITS } from '../../common/list-limits';

@Resolver(() => FundingAgreement)
export class FundingAgreementResolver {
  @Authorized()
  @Query(() => FundingAgreementConnection, { description: 'The funding agreements the caller may see, in creation order.' })
  fundingAgreements(@Args() args: FundingAgreementListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<FundingAgreementEntity>> {
    const filter = args.filter && decodeInputIds(args.filter, 'filter');
    return listFundingAgreements(ctx, { ...args, filter });
  }

  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => FundingAgreementPayload, {
    description: 'The funder drafts an agreement from an ACCEPTED recommendation, optionally with its targets (R5).',
  })
  createFundingAgreement(
    @Arg('input') input: CreateFundingAgreementInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<FundingAgreementEntity>> {
    return createFundingAgreement(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => FundingAgreementPayload, {
    description: 'DRAFT -> ACTIVE; needs at least one target and schedules the BASE_GRANT when baseAmount > 0 (R6).',
  })
  activateFundingAgreement(
    @Arg('input') input: ChangeAgreementStatusInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<FundingAgreementEntity>> {
    return changeStatus(ctx, principal, input, 'activate');
  }

  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => FundingAgreementPayload, { description: 'ACTIVE -> COMPLETED (R6).' })
  completeFundingAgreement(
    @Arg('input') input: ChangeAgreementStatusInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<FundingAgreementEntity>> {
    return changeStatus(ctx, principal, input, 'complete');
  }

  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => FundingAgreementPayload, {
    description: 'DRAFT or ACTIVE -> TERMINATED with a reason; cancels a SCHEDULED base grant, earned outcome payments stay due (R6).',
  })
  terminateFundingAgreement(
    @Arg('input') input: ChangeAgreementStatusInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<FundingAgreementEntity>> {
    return changeStatus(ctx, principal, input, 'terminate');
  }

  @FieldResolver(() => Program, { description: "The program whose budget the agreement draws on." })
  program(@Root() row: { programId: string }, @Ctx() ctx: Context): Promise<ProgramEntity | null> {
    return programLoaders(ctx).byId.load(row.programId);
  }

  @FieldResolver(() => Agency, { description: 'The financial institution that funds the agreement.' })
  funder(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(agreement.funderId);
  }

  @FieldResolver(() => Enterprise, { description: 'The funded safety-technology provider.' })
  recipient(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(agreement.recipientId);
  }

  @FieldResolver(() => Recommendation, {
    nullable: true,
    description: 'The accepted recommendation the agreement was drafted from; null when there is none or the caller may not see it.',
  })
  async recommendation(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<RecommendationEntity | null> {
    return agreement.recommendationId ? recommendationLoaders(ctx).byId.load(agreement.recommendationId) : null;
  }

  @FieldResolver(() => [PerformanceTarget], { description: 'The performance targets whose achievement earns outcome payments.' })
  @Extensions({ maxItems: LIST_LIMITS.targetsPerAgreement })
  targets(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<PerformanceTargetEntity[]> {
    return agreementLoaders(ctx).targetsByAgreement.load(agreement.id);
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'On-site improvement activities reported under this agreement, by id.' })
  activities(
    @Root() agreement: FundingAgreementEntity,
    @Args() page: ForwardPageArgs,
    @Arg('filter', () => ImprovementActivityFilter, { nullable: true }) filter: ImprovementActivityFilter | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return activityLoaders(ctx).byAgreement({ parentId: agreement.id, first: page.first, after: page.after, filter });
  }

  @FieldResolver(() => [Disbursement], { description: 'Base grant and outcome payments scheduled under this agreement.' })
  @Extensions({ maxItems: DISBURSEMENTS_PER_AGREEMENT })
  disbursements(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<DisbursementEntity[]> {
    return disbursementLoaders(ctx).byAgreement.load(agreement.id);
  }

  @FieldResolver(() => WonScalar, { description: "Sum of FINALIZED evaluations' payouts." })
  outcomePaymentsEarned(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<bigint> {
    return agreementLoaders(ctx).outcomePaymentsEarned.load(agreement.id);
  }

  @FieldResolver(() => WonScalar, { description: 'outcomeBudgetCap minus outcomePaymentsEarned.' })
  async outcomeBudgetRemaining(@Root() agreement: FundingAgreementEntity, @Ctx() ctx: Context): Promise<bigint> {
    return outcomeBudgetRemaining(agreement, await agreementLoaders(ctx).outcomePaymentsEarned.load(agreement.id));
  }
}

function changeStatus(
  ctx: Context,
  principal: Principal,
  input: ChangeAgreementStatusInput,
  action: AgreementAction,
): Promise<MutationOutcome<FundingAgreementEntity>> {
  return changeAgreementStatus(ctx, principal, decodeInputIds(input), action);
}
