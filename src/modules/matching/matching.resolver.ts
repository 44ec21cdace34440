import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Float, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { visibleTable, visibleToAll } from '../../auth/visibility';
import { ConnectionResult } from '../../common/connection';
import { AssessmentPhase, MatchStatus, SupportRequestStatus } from '../../common/enums';
import { decodeInputIds } from '../../common/ids';
import { LIST_LIMITS } from '../../common/list-limits';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { BackwardPageArgs, ForwardPageArgs } from '../../common/page-args';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { EnterpriseEntity } from '../enterprises/enterprise.entity';
import { enterpriseLoaders } from '../enterprises/enterprise.loaders';
import { Enterprise } from '../enterprises/enterprise.types';
import { FundingAgreementEntity } from '../funding-agreements/funding-agreement.entity';
import { FundingAgreement } from '../funding-agreements/funding-agreement.types';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { activityLoaders } from '../improvement-activities/improvement-activity.loaders';
import { ImprovementActivity, ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { TargetEvaluation } from '../evaluations/target-evaluation.types';
import { ProgramEntity } from '../programs/program.entity';
import { programLoaders } from '../programs/program.loaders';
import { Program } from '../programs/program.types';
import {
  CancelSupplierMatchInput,
  ProposeSupplierMatchInput,
  RecordWorksiteAssessmentInput,
  RespondToSupplierMatchInput,
  SubmitSupportRequestInput,
  SupportRequestListArgs,
  WithdrawSupportRequestInput,
} from './matching.inputs';
import { matchingLoaders } from './matching.loaders';
import {
  MatchSuggestion,
  SupplierMatch,
  SupplierMatchConnection,
  SupplierMatchPayload,
  SupportRequest,
  SupportRequestConnection,
  SupportRequestPayload,
  WorksiteAssessment,
} from './matching.types';
import { suggestionReasons, suggestionScore } from './suggestions.queries';
import type { MatchSuggestionRow } from './suggestions.queries';
import { SupplierMatchEntity, WorksiteAssessmentEntity } from './supplier-match.entity';
import { cancelSupplierMatch, proposeSupplierMatch, recordWorksiteAssessment, respondToSupplierMatch } from './supplier-match.service';
import { SupportRequestEntity } from './support-request.entity';
import { listSupportRequests, submitSupportRequest, withdrawSupportRequest } from './support-request.service';

/**
 * A match's own agreement, for whoever may see the match: its parties see the
 * agreement they are matched under (the beneficiary included, who does not
 * see agreements otherwise); what hangs below it keeps its own visibility.
 */
const MATCHED_AGREEMENTS = visibleTable(FundingAgreementEntity, visibleToAll, 'funding agreement');
const matchedAgreementLoaders = defineLoaders((base) => ({ byId: byIdLoader(base, MATCHED_AGREEMENTS) }));

@Resolver(() => SupportRequest)
export class SupportRequestResolver {
  @Authorized()
  @Query(() => SupportRequestConnection, { description: 'Support requests the caller may see (a funder officer: its programs\'; an enterprise: its own), in submission order.' })
  supportRequests(@Args() args: SupportRequestListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<SupportRequestEntity>> {
    return listSupportRequests(ctx, { ...args, filter: args.filter && decodeInputIds(args.filter, 'filter') });
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER, Role.ENTERPRISE)
  @Mutation(() => SupportRequestPayload, { description: "A beneficiary worksite asks for support (R20): its enterprise user, or an officer of the program's operator on its behalf." })
  submitSupportRequest(@Arg('input') input: SubmitSupportRequestInput, @Ctx() ctx: Context, @CurrentPrincipal() principal: Principal): Promise<MutationOutcome<SupportRequestEntity>> {
    return submitSupportRequest(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER, Role.ENTERPRISE)
  @Mutation(() => SupportRequestPayload, { description: 'Withdraws an OPEN support request (R20); its PROPOSED matches are cancelled.' })
  withdrawSupportRequest(@Arg('input') input: WithdrawSupportRequestInput, @Ctx() ctx: Context, @CurrentPrincipal() principal: Principal): Promise<MutationOutcome<SupportRequestEntity>> {
    return withdrawSupportRequest(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => Program, { description: 'The program the request is made in.' })
  program(@Root() request: SupportRequestEntity, @Ctx() ctx: Context): Promise<ProgramEntity | null> {
    return programLoaders(ctx).byId.load(request.programId);
  }

  @FieldResolver(() => Enterprise, { description: 'The SME whose worksite it is.' })
  beneficiary(@Root() request: SupportRequestEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(request.beneficiaryId);
  }

  @FieldResolver(() => [SupplierMatch], { description: 'Its matches the caller may see, in proposal order.' })
  @Extensions({ maxItems: LIST_LIMITS.matchesPerRequest })
  matches(@Root() request: SupportRequestEntity, @Ctx() ctx: Context): Promise<SupplierMatchEntity[]> {
    return matchingLoaders(ctx).matchesByRequest.load(request.id);
  }

  @FieldResolver(() => [MatchSuggestion], {
    description:
      "Suppliers that could take this request, best first, each with its reasons (R20). Empty for a WITHDRAWN request, and for callers other than the operator's and the funder's officers and ADMIN.",
  })
  @Extensions({ maxItems: LIST_LIMITS.suggestionsPerRequest })
  async matchSuggestions(
    @Root() request: SupportRequestEntity,
    @Arg('first', () => Int, { nullable: true, description: `How many, default 10, at most ${LIST_LIMITS.suggestionsPerRequest}.` }) first: number | null,
    @Ctx() ctx: Context,
  ): Promise<MatchSuggestionRow[]> {
    const size = Math.max(0, Math.min(first ?? 10, LIST_LIMITS.suggestionsPerRequest));
    if (request.status === SupportRequestStatus.WITHDRAWN || size === 0) return [];
    const program = await programLoaders(ctx).byId.load(request.programId);
    const principal = ctx.principal;
    const allowed =
      principal?.role === Role.ADMIN ||
      (principal?.role === Role.AGENCY_OFFICER && principal.agency?.id === program?.operatorId) ||
      (principal?.role === Role.FUNDER_OFFICER && principal.agency?.id === program?.funderId);
    return allowed ? matchingLoaders(ctx).suggestions.load({ requestId: request.id, first: size }) : [];
  }
}

@Resolver(() => MatchSuggestion)
export class MatchSuggestionResolver {
  @FieldResolver(() => FundingAgreement, { description: "The supplier's ACTIVE agreement in the request's program." })
  agreement(@Root() row: MatchSuggestionRow, @Ctx() ctx: Context): Promise<FundingAgreementEntity | null> {
    return matchedAgreementLoaders(ctx).byId.load(row.agreementId);
  }

  @FieldResolver(() => Enterprise, { description: 'The supplier.' })
  supplier(@Root() row: MatchSuggestionRow, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(row.supplierId);
  }

  @FieldResolver(() => Float, { description: '0..1: how well the supplier fits (R20).' })
  score(@Root() row: MatchSuggestionRow): number {
    return suggestionScore(row);
  }

  @FieldResolver(() => [String], { description: 'The reasons, in words, in the order they weigh.' })
  reasons(@Root() row: MatchSuggestionRow): string[] {
    return suggestionReasons(row);
  }
}

@Resolver(() => WorksiteAssessment)
export class WorksiteAssessmentResolver {
  @FieldResolver(() => Agency, { description: 'The agency that assessed the worksite.' })
  assessedBy(@Root() assessment: WorksiteAssessmentEntity, @Ctx() ctx: Context): Promise<AgencyEntity | null> {
    return agencyLoaders(ctx).byId.load(assessment.assessedById);
  }
}

const phaseOf = async (ctx: Context, match: SupplierMatchEntity, phase: AssessmentPhase) =>
  (await matchingLoaders(ctx).assessmentsByMatch.load(match.id)).find((assessment) => assessment.phase === phase) ?? null;

@Resolver(() => SupplierMatch)
export class SupplierMatchResolver {
  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => SupplierMatchPayload, { description: "An officer of the program's operator proposes a match of a request with a supplier's ACTIVE agreement (R21)." })
  proposeSupplierMatch(@Arg('input') input: ProposeSupplierMatchInput, @Ctx() ctx: Context, @CurrentPrincipal() principal: Principal): Promise<MutationOutcome<SupplierMatchEntity>> {
    return proposeSupplierMatch(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER, Role.ENTERPRISE)
  @Mutation(() => SupplierMatchPayload, { description: "A side accepts or declines a PROPOSED match (R21): each enterprise for itself, an officer of the operator onBehalfOf a side." })
  respondToSupplierMatch(@Arg('input') input: RespondToSupplierMatchInput, @Ctx() ctx: Context, @CurrentPrincipal() principal: Principal): Promise<MutationOutcome<SupplierMatchEntity>> {
    return respondToSupplierMatch(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => SupplierMatchPayload, { description: 'The operator cancels a PROPOSED or ACCEPTED match that has no activities (R21).' })
  cancelSupplierMatch(@Arg('input') input: CancelSupplierMatchInput, @Ctx() ctx: Context, @CurrentPrincipal() principal: Principal): Promise<MutationOutcome<SupplierMatchEntity>> {
    return cancelSupplierMatch(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.ADMIN, Role.AGENCY_OFFICER)
  @Mutation(() => SupplierMatchPayload, { description: "An officer of the operator records a matched worksite's BASELINE or FOLLOW_UP risk assessment (R22)." })
  recordWorksiteAssessment(@Arg('input') input: RecordWorksiteAssessmentInput, @Ctx() ctx: Context, @CurrentPrincipal() principal: Principal): Promise<MutationOutcome<SupplierMatchEntity>> {
    return recordWorksiteAssessment(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => SupportRequest, { description: 'The request matched.' })
  request(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<SupportRequestEntity | null> {
    return matchingLoaders(ctx).requestById.load(match.requestId);
  }

  @FieldResolver(() => FundingAgreement, { description: "The supplier's agreement the match is under; its parties see it through the match." })
  agreement(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity | null> {
    return matchedAgreementLoaders(ctx).byId.load(match.agreementId);
  }

  @FieldResolver(() => Enterprise, { description: "The agreement's supplier." })
  supplier(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(match.supplierId);
  }

  @FieldResolver(() => Enterprise, { description: "The request's beneficiary." })
  beneficiary(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<EnterpriseEntity | null> {
    return enterpriseLoaders(ctx).byId.load(match.beneficiaryId);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the supplier accepted (recorded); null unless it did.' })
  supplierAcceptedAt(@Root() match: SupplierMatchEntity): Date | null {
    return match.supplierAnswer === 'ACCEPTED' ? match.supplierAnsweredAt : null;
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the beneficiary accepted (recorded); null unless it did.' })
  beneficiaryAcceptedAt(@Root() match: SupplierMatchEntity): Date | null {
    return match.beneficiaryAnswer === 'ACCEPTED' ? match.beneficiaryAnsweredAt : null;
  }

  @FieldResolver(() => WorksiteAssessment, { nullable: true, description: "The worksite's risk before the improvements (R22)." })
  baseline(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<WorksiteAssessmentEntity | null> {
    return phaseOf(ctx, match, AssessmentPhase.BASELINE);
  }

  @FieldResolver(() => WorksiteAssessment, { nullable: true, description: "The worksite's risk after the improvements (R22)." })
  followUp(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<WorksiteAssessmentEntity | null> {
    return phaseOf(ctx, match, AssessmentPhase.FOLLOW_UP);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: 'followUp.riskLevel < baseline.riskLevel; null until both exist (R22).' })
  async improved(@Root() match: SupplierMatchEntity, @Ctx() ctx: Context): Promise<boolean | null> {
    const [baseline, followUp] = [await phaseOf(ctx, match, AssessmentPhase.BASELINE), await phaseOf(ctx, match, AssessmentPhase.FOLLOW_UP)];
    return baseline && followUp ? followUp.riskLevel < baseline.riskLevel : null;
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'The activities reported under this match, in id order.' })
  activities(@Root() match: SupplierMatchEntity, @Args() page: BackwardPageArgs, @Ctx() ctx: Context): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return activityLoaders(ctx).byMatch({ parentId: match.id, ...page });
  }
}

/** The matching side of agreements, enterprises and activities. */
@Resolver(() => FundingAgreement)
export class AgreementMatchesResolver {
  @FieldResolver(() => SupplierMatchConnection, { description: "Beneficiaries matched to this agreement's supplier (R21), in proposal order." })
  matches(
    @Root() agreement: FundingAgreementEntity,
    @Args() page: ForwardPageArgs,
    @Arg('status', () => [MatchStatus], { nullable: true, description: 'Only matches in any of these states.' }) status: MatchStatus[] | null,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<SupplierMatchEntity>> {
    return matchingLoaders(ctx).matchesByAgreement({ parentId: agreement.id, ...page, filter: status?.length ? { status } : null });
  }
}

@Resolver(() => Enterprise)
export class EnterpriseRequestsResolver {
  @FieldResolver(() => [SupportRequest], { description: `Requests for on-site support this enterprise made as a beneficiary, the newest ${LIST_LIMITS.requestsPerEnterprise} the caller may see.` })
  @Extensions({ maxItems: LIST_LIMITS.requestsPerEnterprise })
  async supportRequests(@Root() enterprise: EnterpriseEntity, @Ctx() ctx: Context): Promise<SupportRequestEntity[]> {
    return (await matchingLoaders(ctx).requestsByBeneficiary.load(enterprise.id)).slice(-LIST_LIMITS.requestsPerEnterprise);
  }
}

@Resolver(() => TargetEvaluation)
export class EvaluationMatchesResolver {
  @FieldResolver(() => [SupplierMatch], { description: 'WORKSITES_IMPROVED: exactly the matches that produced actualValue; empty for other metrics (R23).' })
  @Extensions({ maxItems: LIST_LIMITS.matchesPerAgreement })
  async countedMatches(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<SupplierMatchEntity[]> {
    const ids = await matchingLoaders(ctx).matchIdsByEvaluation.load(evaluation.id);
    const matches = await matchingLoaders(ctx).matchById.loadMany(ids);
    return matches.filter((match): match is SupplierMatchEntity => match instanceof SupplierMatchEntity);
  }
}

@Resolver(() => ImprovementActivity)
export class ActivityMatchResolver {
  @FieldResolver(() => SupplierMatch, { nullable: true, description: "The accepted match of the agreement's supplier with this beneficiary under which the activity was done (R21)." })
  async match(@Root() activity: ImprovementActivityEntity, @Ctx() ctx: Context): Promise<SupplierMatchEntity | null> {
    return activity.matchId ? matchingLoaders(ctx).matchById.load(activity.matchId) : null;
  }
}
