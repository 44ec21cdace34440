import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { DisbursementKind, DisbursementStatus } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';
import { WonScalar } from '../../common/scalars';

@ObjectType({
  implements: Node,
  description:
    "A payment from the funder under an agreement: the BASE_GRANT scheduled on activation (R6) or an OUTCOME_PAYMENT scheduled when an evaluation is finalized (R10). The bank's back office records it as paid (R12).",
})
export class Disbursement extends Node {
  @Field(() => DisbursementKind, { description: 'Upfront base grant or results-based outcome payment.' }) kind!: DisbursementKind;
  @Field(() => WonScalar, { description: 'Amount to pay, in whole won.' }) amount!: bigint;
  @Field(() => DisbursementStatus, { description: 'SCHEDULED until paid; CANCELLED when the agreement was terminated first.' })
  status!: DisbursementStatus;
  @Field(() => Date, { description: 'When the payment was scheduled.' }) scheduledAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the bank paid it; null unless PAID.' }) paidAt!: Date | null;
  @Field(() => String, { nullable: true, description: "The bank's transaction reference; null unless PAID." })
  bankReference!: string | null;
}

export const DisbursementConnection = connectionTypes(Disbursement, 'Disbursement');

export const DisbursementPayload = payloadType(Disbursement, 'disbursement', {
  payload: 'Result of recordDisbursementPayment.',
  value: 'The disbursement as recorded (also on an idempotent replay)',
});
