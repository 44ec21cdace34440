import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { EvaluationStatus } from '../../common/enums';
import { Node, registerNodeType } from '../../common/node';
import { WonScalar } from '../../common/scalars';
import { TargetEvaluationEntity } from './target-evaluation.entity';

registerNodeType(TargetEvaluationEntity, 'TargetEvaluation');

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
  @Field(() => Date, { description: 'When the agency prepared the evaluation.' }) preparedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the funder finalized it; null unless FINALIZED.' })
  finalizedAt!: Date | null;
}

export const TargetEvaluationConnection = connectionTypes(TargetEvaluation, 'TargetEvaluation');
