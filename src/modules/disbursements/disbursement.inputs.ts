import { Field, ID, InputType } from 'type-graphql';
import { DisbursementKind, DisbursementStatus } from '../../common/enums';

@InputType({ description: 'Narrows a list of disbursements; all given conditions must hold.' })
export class DisbursementFilter {
  @Field(() => [DisbursementStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: DisbursementStatus[] | null;
  @Field(() => [DisbursementKind], { nullable: true, description: 'Any of these kinds.' })
  kind?: DisbursementKind[] | null;
  @Field(() => ID, { nullable: true, description: 'Only disbursements under this funding agreement.' })
  agreementId?: string | null;
  @Field(() => ID, { nullable: true, description: "Only disbursements under this funder's agreements." })
  funderId?: string | null;
  @Field(() => Date, { nullable: true, description: 'Scheduled at or after this instant.' })
  scheduledFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: 'Scheduled at or before this instant.' })
  scheduledTo?: Date | null;
}
