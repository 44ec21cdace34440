import { Arg, Args, Authorized, Ctx, Extensions, FieldResolver, Float, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { ConnectionResult } from '../../common/connection';
import { decodeId, decodeInputIds } from '../../common/ids';
import { BackwardPageArgs } from '../../common/page-args';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { achievementRatio } from '../../payouts/payout';
import { AgencyEntity } from '../agencies/agency.entity';
import { agencyLoaders } from '../agencies/agency.loaders';
import { Agency } from '../agencies/agency.types';
import { DisbursementEntity } from '../disbursements/disbursement.entity';
import { disbursementLoaders } from '../disbursements/disbursement.loaders';
import { Disbursement } from '../disbursements/disbursement.types';
import { agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { PerformanceTargetEntity } from '../funding-agreements/performance-target.entity';
import { PerformanceTarget } from '../funding-agreements/performance-target.types';
import { ImprovementActivityEntity } from '../improvement-activities/improvement-activity.entity';
import { activityLoaders } from '../improvement-activities/improvement-activity.loaders';
import { ImprovementActivityConnection } from '../improvement-activities/improvement-activity.types';
import { TargetEvaluationEntity } from './target-evaluation.entity';
import { EvaluatePerformanceTargetInput, FinalizeTargetEvaluationInput, TargetEvaluationListArgs } from './target-evaluation.inputs';
import {
  evaluatePerformanceTarget,
  finalizeTargetEvaluation,
  listTargetEvaluations,
  projectPayouts,
} from './target-evaluation.service';
import { PayoutProjection, TargetEvaluation, TargetEvaluationConnection, TargetEvaluationPayload } from './target-evaluation.types';
import { LIST_LIMITS } from '../../common/list-limits';

@Resolver(() => TargetEvaluation)
export class TargetEvaluationResolver {
  @Authorized()
  @Query(() => TargetEvaluationConnection, { description: 'Evaluations of the performance targets the caller may see, oldest first.' })
  targetEvaluations(@Args() args: TargetEvaluationListArgs, @Ctx() ctx: Context): Promise<ConnectionResult<TargetEvaluationEntity>> {
    return listTargetEvaluations(ctx, { ...args, filter: args.filter && decodeInputIds(args.filter, 'filter') });
  }

  @Authorized()
  @Extensions({ maxItems: LIST_LIMITS.targetsPerAgreement })
  @Query(() => [PayoutProjection], {
    description:
      'What each target of an agreement would pay if evaluated now, without writing anything. Each projection applies the ' +
      "agreement's whole current outcomeBudgetRemaining on its own. Empty for an agreement the caller may not see.",
  })
  projectedPayouts(
    @Arg('agreementId', () => ID, { description: 'The funding agreement whose targets are projected.' }) agreementId: string,
    @Ctx() ctx: Context,
  ): Promise<PayoutProjection[]> {
    return projectPayouts(ctx, decodeId(agreementId, 'FundingAgreement', 'agreementId'));
  }

  @Authorized(Role.AGENCY_OFFICER)
  @Mutation(() => TargetEvaluationPayload, {
    description:
      "Counts the verified activities of a target's period and stores the result as a DRAFT evaluation, voiding the " +
      "target's older drafts (R9). Agency officers only; the agreement must be ACTIVE.",
  })
  evaluatePerformanceTarget(
    @Arg('input', () => EvaluatePerformanceTargetInput) input: EvaluatePerformanceTargetInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<TargetEvaluationEntity>> {
    return evaluatePerformanceTarget(ctx, principal, decodeInputIds(input));
  }

  @Authorized(Role.FUNDER_OFFICER)
  @Mutation(() => TargetEvaluationPayload, {
    description:
      "Finalizes a DRAFT evaluation of the funder's agreement: pays min(computedPayout, outcomeBudgetRemaining) and " +
      'schedules it as an OUTCOME_PAYMENT when > 0 (R10). Before the period ends only an achieved target can be finalized; ' +
      'STALE_EVALUATION when the verified activities changed since the draft.',
  })
  finalizeTargetEvaluation(
    @Arg('input', () => FinalizeTargetEvaluationInput) input: FinalizeTargetEvaluationInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<TargetEvaluationEntity>> {
    return finalizeTargetEvaluation(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => PerformanceTarget, { description: 'The evaluated performance target.' })
  target(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<PerformanceTargetEntity> {
    return loadTarget(evaluation, ctx);
  }

  @FieldResolver(() => Int, { description: "Value of the target's metric over verified activities completed in its period." })
  actualValue(@Root() evaluation: TargetEvaluationEntity): number {
    return Number(evaluation.actualValue);
  }

  @FieldResolver(() => Float, { description: '(actualValue - baseline) / (targetValue - baseline), at least 0.' })
  async achievementRatio(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<number> {
    const target = await loadTarget(evaluation, ctx);
    return achievementRatio(evaluation.actualValue, BigInt(target.baseline), BigInt(target.targetValue));
  }

  @FieldResolver(() => ImprovementActivityConnection, { description: 'Exactly the activities that produced actualValue.' })
  countedActivities(
    @Root() evaluation: TargetEvaluationEntity,
    @Args() page: BackwardPageArgs,
    @Ctx() ctx: Context,
  ): Promise<ConnectionResult<ImprovementActivityEntity>> {
    return activityLoaders(ctx).countedByEvaluation({ parentId: evaluation.id, ...page });
  }

  @FieldResolver(() => Agency, { description: 'The agency that prepared the evaluation.' })
  async preparedBy(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<AgencyEntity> {
    return (await agencyLoaders(ctx).byId.load(evaluation.preparedById))!;
  }

  @FieldResolver(() => Disbursement, { nullable: true, description: 'The outcome payment scheduled on finalization; null when none.' })
  async disbursement(@Root() evaluation: TargetEvaluationEntity, @Ctx() ctx: Context): Promise<DisbursementEntity | null> {
    return (await disbursementLoaders(ctx).byEvaluation.load(evaluation.id))[0] ?? null;
  }
}

/** Whoever sees an evaluation sees its target (both follow the agreement's visibility). */
async function loadTarget(evaluation: TargetEvaluationEntity, ctx: Context): Promise<PerformanceTargetEntity> {
  return (await agreementLoaders(ctx).targetById.load(evaluation.targetId))!;
}
