import { Field, ID, InputType } from 'type-graphql';
import { EvaluationStatus } from '../../common/enums';

@InputType({ description: 'Narrows a list of target evaluations; all given conditions must hold.' })
export class TargetEvaluationFilter {
  @Field(() => [EvaluationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: EvaluationStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Only evaluations of targets of this funding agreement.' })
  agreementId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only achieved (true) or only missed (false) targets.' })
  achieved?: boolean | null;
}
