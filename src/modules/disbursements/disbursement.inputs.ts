import { ArgsType, Field, InputType } from 'type-graphql';
import { DisbursementKind, DisbursementStatus } from '../../common/enums';
import { filteredPageArgs } from '../../common/page-args';
import { IdField } from '../../common/input-fields';

@InputType({ description: 'Narrows a list of disbursements; all given conditions must hold.' })
export class DisbursementFilter {
  @Field(() => [DisbursementStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: DisbursementStatus[] | null;
  @Field(() => [DisbursementKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: DisbursementKind[] | null;
  @IdField('FundingAgreement', { nullable: true, description: 'Only disbursements under this funding agreement.' })
  agreementId?: string | null;
  @IdField('Agency', { nullable: true, description: "Only disbursements under this funder's agreements." })
  funderId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Scheduled at or after this instant.' })
  scheduledFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Scheduled at or before this instant.' })
  scheduledTo?: Date | null;
}

/** R12. Checked by hand in the service (trimmed reference, clock skew, key length), so that every failure names its field. */
@InputType({ description: 'The bank back office records a scheduled disbursement as paid (R12).' })
export class RecordDisbursementPaymentInput {
  @IdField('Disbursement', { description: 'The SCHEDULED disbursement that was paid.' }) id!: string;
  @Field({ description: "The bank's transaction reference, 1 to 100 characters (surrounding whitespace is dropped)." })
  bankReference!: string;
  @Field(() => Date, { description: 'When the bank paid it; at most 5 minutes ahead of the server clock.' })
  paidAt!: Date;
  @Field({
    description:
      'Retries with the same key and the same arguments return the first result; with other arguments they fail with IDEMPOTENCY_CONFLICT. ' +
      '1 to 255 characters, unique per agency (e.g. a UUID), remembered for at least 24 hours.',
  })
  idempotencyKey!: string;
}

/** The arguments of Query.disbursements: a page and the filter. */
@ArgsType()
export class DisbursementListArgs extends filteredPageArgs(DisbursementFilter) {}
