import { ValidateNested } from 'class-validator';
import { Field, Float, InputType, Int } from 'type-graphql';
import { PayoutRuleKind, TargetMetric } from '../../common/enums';
import { LIST_LIMITS } from '../../common/list-limits';
import { DateScalar, WonScalar } from '../../common/scalars';
import { IdField, ListField, TextField } from '../../common/input-fields';

/** Ranges, decimals and ordering of tiers are checked by checkPerformanceTarget (R11). */
@InputType({ description: 'One step of a TIERED payout rule (R11); both ratios carry at most 4 decimals.' })
export class PayoutTierInput {
  @Field(() => Float, { description: 'Achievement ratio (0..10) from which this tier pays; strictly increasing across tiers.' })
  minAchievement!: number;
  @Field(() => Float, { description: 'Share of maxPayout this tier pays (0..1); non-decreasing across tiers.' })
  share!: number;
}

@InputType({ description: 'How achievement of a target turns into an outcome payment (R11).' })
export class PayoutRuleInput {
  @Field(() => PayoutRuleKind, { description: 'ALL_OR_NOTHING, PRO_RATA or TIERED.' }) kind!: PayoutRuleKind;
  @Field(() => Float, {
    nullable: true,
    description: 'PRO_RATA only: below this achievement ratio (0..1, at most 4 decimals) nothing is paid; default 0.',
  })
  threshold?: number | null;
  @ListField(() => [PayoutTierInput], { of: 'tier', max: LIST_LIMITS.tiersPerRule, nullable: true, description: 'TIERED only, which needs at least one tier' })
  tiers?: PayoutTierInput[] | null;
}

/** R5: period, values and payout rule are checked against the agreement by checkPerformanceTarget. */
@InputType({ description: 'A performance target of an agreement (R5, R11).' })
export class PerformanceTargetInput {
  @Field(() => TargetMetric, { description: 'What the target measures over verified activities completed in its period.' })
  metric!: TargetMetric;
  @TextField({ max: 2000, nullable: true, description: 'The KPI as the supplier proposed it, in words' }) description?: string | null;
  @Field(() => DateScalar, { description: 'First day of the period; within the agreement term.' }) periodStart!: string;
  @Field(() => DateScalar, { description: 'Last day of the period; within the agreement term, not before periodStart.' })
  periodEnd!: string;
  @Field(() => Int, { nullable: true, description: 'Value of the metric that counts as no progress; at least 0, default 0.' })
  baseline?: number | null;
  @Field(() => Int, { description: 'Value of the metric at which the target is achieved; greater than baseline.' })
  targetValue!: number;
  @Field(() => WonScalar, { description: "The most this target can pay, before the agreement's outcome budget cap." })
  maxPayout!: bigint;
  @Field(() => PayoutRuleInput, { description: 'How achievement turns into a payment.' })
  @ValidateNested()
  payoutRule!: PayoutRuleInput;
}

@InputType({ description: 'Adds a performance target to a DRAFT agreement (R5).' })
export class AddPerformanceTargetInput {
  @IdField('FundingAgreement', { description: 'The agreement.' }) agreementId!: string;
  @Field(() => PerformanceTargetInput, { description: 'The target.' }) target!: PerformanceTargetInput;
}
