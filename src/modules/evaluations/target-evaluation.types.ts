import { Field, Float, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { EvaluationStatus } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { WonScalar } from '../../common/scalars';
import { PerformanceTargetEntity } from '../funding-agreements/performance-target.entity';
import { PerformanceTarget } from '../funding-agreements/performance-target.types';

@ObjectType({
  implements: Node,
  description:
    "A performance target's evaluation (R9, R10): the verified activities counted in its period and the payout they earn. " +
    'Prepared as a DRAFT by the agency, FINALIZED by the funder, or VOID when a newer draft replaced it.',
})
export class TargetEvaluation extends Node {
  @Field(() => EvaluationStatus, { description: 'DRAFT, FINALIZED, or VOID once a newer draft replaced it.' })
  status!: EvaluationStatus;
  @Field(() => Boolean, { description: 'Whether progress over the baseline reached targetValue - baseline (R11).' })
  achieved!: boolean;
  @Field(() => WonScalar, { description: "What the payout rule yields before the agreement's remaining budget is applied." })
  computedPayout!: bigint;
  @Field(() => WonScalar, { description: "What is paid: computedPayout limited by the agreement's remaining outcome budget." })
  payout!: bigint;
  @Field(() => Boolean, { description: 'True when the remaining outcome budget cut the payout below computedPayout.' })
  capped!: boolean;
  @Field(() => String, { description: 'How the payout was computed, step by step, in words (R11), as stored when the evaluation was prepared.' })
  explanation!: string;
  @Field(() => Date, { description: 'When the agency prepared the evaluation.' }) preparedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the funder finalized it; null unless FINALIZED.' })
  finalizedAt!: Date | null;
}

export const TargetEvaluationConnection = connectionTypes(TargetEvaluation, 'TargetEvaluation');

export const TargetEvaluationPayload = payloadType(TargetEvaluation, 'targetEvaluation', {
  payload: 'Result of evaluatePerformanceTarget and finalizeTargetEvaluation.',
  value: 'The evaluation as saved',
});

@ObjectType({
  description:
    'An evaluation computed on the spot and not stored: what a target would pay if it were evaluated and finalized now (R9-R11).',
})
export class PayoutProjection {
  @Field(() => PerformanceTarget, { description: 'The projected target.' }) target!: PerformanceTargetEntity;
  @Field(() => Int, { description: "Value of the target's metric over the verified activities completed in its period so far." })
  actualValue!: number;
  @Field(() => Float, { description: '(actualValue - baseline) / (targetValue - baseline), at least 0; display only.' })
  achievementRatio!: number;
  @Field(() => Boolean, { description: 'Whether progress over the baseline already reaches targetValue - baseline (R11).' })
  achieved!: boolean;
  @Field(() => WonScalar, { description: "What the payout rule yields now, before the agreement's remaining budget is applied." })
  computedPayout!: bigint;
  @Field(() => WonScalar, {
    description:
      "computedPayout limited by the agreement's outcome budget remaining now. Each target is capped by the whole current " +
      'remaining budget on its own, as if it were the next one finalized, so the payouts of several targets may add up to more ' +
      'than the remaining budget; finalizations spend it one at a time (R10).',
  })
  payout!: bigint;
  @Field(() => Boolean, { description: 'True when the remaining outcome budget cuts payout below computedPayout.' })
  capped!: boolean;
  @Field(() => String, { description: 'How computedPayout follows from actualValue and the payout rule, step by step, in words (R11).' })
  explanation!: string;
}
