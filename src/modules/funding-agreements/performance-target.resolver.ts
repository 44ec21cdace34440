import { Arg, Authorized, Ctx, Extensions, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import { Role } from '../../auth/roles';
import type { Principal } from '../../auth/roles';
import { PayoutRuleKind } from '../../common/enums';
import { decodeInputIds } from '../../common/ids';
import type { MutationOutcome } from '../../common/user-error';
import type { Context } from '../../context';
import { basisPointsToRatio } from '../../payouts/payout';
import { TargetEvaluationEntity } from '../evaluations/target-evaluation.entity';
import { evaluationLoaders } from '../evaluations/target-evaluation.loaders';
import { TargetEvaluation } from '../evaluations/target-evaluation.types';
import { FundingAgreementEntity } from './funding-agreement.entity';
import { agreementLoaders } from './funding-agreement.loaders';
import { FundingAgreement } from './funding-agreement.types';
import { PerformanceTargetEntity } from './performance-target.entity';
import { AddPerformanceTargetInput } from './performance-target.inputs';
import { addPerformanceTarget } from './performance-target.service';
import { PayoutRuleView, PerformanceTarget, PerformanceTargetPayload } from './performance-target.types';
import { LIST_LIMITS } from '../../common/list-limits';

@Resolver(() => PerformanceTarget)
export class PerformanceTargetResolver {
  @Authorized(Role.ADMIN, Role.FUNDER_OFFICER)
  @Mutation(() => PerformanceTargetPayload, { description: 'The funder adds a target to its DRAFT agreement (R5, R11).' })
  addPerformanceTarget(
    @Arg('input') input: AddPerformanceTargetInput,
    @Ctx() ctx: Context,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MutationOutcome<PerformanceTargetEntity>> {
    return addPerformanceTarget(ctx, principal, decodeInputIds(input));
  }

  @FieldResolver(() => FundingAgreement, { description: 'The agreement this target belongs to.' })
  agreement(@Root() target: PerformanceTargetEntity, @Ctx() ctx: Context): Promise<FundingAgreementEntity | null> {
    return agreementLoaders(ctx).byId.load(target.agreementId);
  }

  @FieldResolver(() => PayoutRuleView, { description: 'How achievement turns into an outcome payment (R11).' })
  payoutRule(@Root() target: PerformanceTargetEntity): PayoutRuleView {
    const kind = target.payoutRuleKind;
    return {
      kind,
      // R11: a PRO_RATA rule without a threshold pays from the first unit of progress.
      threshold: kind === PayoutRuleKind.PRO_RATA ? basisPointsToRatio(target.payoutThresholdBp ?? 0) : null,
      tiers:
        kind === PayoutRuleKind.TIERED
          ? (target.payoutTiers ?? []).map((tier) => ({
              minAchievement: basisPointsToRatio(tier.minAchievementBp),
              share: basisPointsToRatio(tier.shareBp),
            }))
          : null,
    };
  }

  @FieldResolver(() => TargetEvaluation, { nullable: true, description: 'The finalized evaluation, else the newest draft, else null.' })
  latestEvaluation(@Root() target: PerformanceTargetEntity, @Ctx() ctx: Context): Promise<TargetEvaluationEntity | null> {
    return evaluationLoaders(ctx).latestByTarget.load(target.id);
  }

  @FieldResolver(() => [TargetEvaluation], { description: 'Every evaluation of this target, oldest first, drafts and voided ones included.' })
  @Extensions({ maxItems: LIST_LIMITS.evaluationsPerTarget })
  evaluations(@Root() target: PerformanceTargetEntity, @Ctx() ctx: Context): Promise<TargetEvaluationEntity[]> {
    return evaluationLoaders(ctx).byTarget.load(target.id);
  }
}
