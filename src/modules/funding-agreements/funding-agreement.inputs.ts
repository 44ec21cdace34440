import { Field, ID, InputType } from 'type-graphql';
import { AgreementStatus } from '../../common/enums';
import { DateScalar } from '../../common/scalars';

@InputType({ description: 'Narrows a funding agreement list; all given conditions must hold.' })
export class FundingAgreementFilter {
  @Field(() => [AgreementStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: AgreementStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Only agreements of this funder (an Agency id).' })
  funderId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only agreements funding this enterprise (an Enterprise id).' })
  recipientId?: string | null;
  @Field(() => DateScalar, { nullable: true, description: 'Only agreements whose term includes this day.' })
  activeOn?: string | null;
}
