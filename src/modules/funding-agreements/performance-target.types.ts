import { Extensions, Field, Float, Int, ObjectType } from 'type-graphql';
import { PayoutRuleKind, TargetMetric } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { DateScalar, WonScalar } from '../../common/scalars';
import { LIST_LIMITS } from '../../common/list-limits';

@ObjectType({ description: 'One step of a TIERED payout rule (R11).' })
export class PayoutTier {
  @Field(() => Float, { description: 'Achievement ratio (progress / required, 0..10) from which this tier pays.' })
  minAchievement!: number;
  @Field(() => Float, { description: 'Share of maxPayout this tier pays (0..1).' }) share!: number;
}

/** A target's payout rule as clients read it: ratios, not the basis points the engine computes with (payoutRuleOf). */
@ObjectType('PayoutRule', { description: 'How achievement of a target turns into an outcome payment (R11).' })
export class PayoutRuleView {
  @Field(() => PayoutRuleKind, { description: 'ALL_OR_NOTHING, PRO_RATA or TIERED.' }) kind!: PayoutRuleKind;
  @Field(() => Float, {
    nullable: true,
    description: 'PRO_RATA: below this achievement ratio nothing is paid (0..1; 0 when none was set). Null for other kinds.',
  })
  threshold!: number | null;
  @Field(() => [PayoutTier], {
    nullable: true,
    description: 'TIERED: highest tier whose minAchievement is met pays share × maxPayout. Null for other kinds.',
  })
  @Extensions({ maxItems: LIST_LIMITS.tiersPerRule })
  tiers!: PayoutTier[] | null;
}

/** Relations and the payout rule are field resolvers in performance-target.resolver.ts. */
@ObjectType({
  implements: Node,
  description: 'A results-based KPI of an agreement: a metric over a period, and what reaching it pays (R5, R9, R11).',
})
export class PerformanceTarget extends Node {
  @Field(() => TargetMetric, { description: 'What the target measures over verified activities completed in its period.' })
  metric!: TargetMetric;
  @Field(() => String, { nullable: true, description: 'The KPI as the supplier proposed it, in words.' })
  description!: string | null;
  @Field(() => DateScalar, { description: 'First day of the period whose verified activities count.' }) periodStart!: string;
  @Field(() => DateScalar, { description: 'Last day of the period whose verified activities count.' }) periodEnd!: string;
  @Field(() => Int, { description: 'Value of the metric that counts as no progress.' }) baseline!: number;
  @Field(() => Int, { description: 'Value of the metric at which the target is achieved; greater than baseline.' })
  targetValue!: number;
  @Field(() => WonScalar, { description: 'The most this target can pay, before the agreement\'s outcome budget cap.' })
  maxPayout!: bigint;
}

export const PerformanceTargetPayload = payloadType(PerformanceTarget, 'performanceTarget', {
  payload: 'Result of addPerformanceTarget.',
  value: 'The target as saved',
});
