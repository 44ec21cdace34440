import { ArgsType, Field, InputType } from 'type-graphql';
import { EvaluationStatus } from '../../common/enums';
import { filteredPageArgs } from '../../common/page-args';
import { IdField } from '../../common/input-fields';

@InputType({ description: 'Narrows a list of target evaluations; all given conditions must hold.' })
export class TargetEvaluationFilter {
  @Field(() => [EvaluationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: EvaluationStatus[] | null;
  @IdField('FundingAgreement', { nullable: true, description: 'Only evaluations of targets of this funding agreement.' })
  agreementId?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only achieved (true) or only missed (false) targets.' })
  achieved?: boolean | null;
}

@InputType({ description: 'Which performance target to evaluate now (R9).' })
export class EvaluatePerformanceTargetInput {
  @IdField('PerformanceTarget', { description: 'The performance target whose verified activities are counted.' }) targetId!: string;
}

@InputType({ description: 'Which draft evaluation the funder finalizes (R10).' })
export class FinalizeTargetEvaluationInput {
  @IdField('TargetEvaluation', { description: 'A DRAFT target evaluation of one of the funder\'s agreements.' }) id!: string;
}

/** The arguments of Query.targetEvaluations: a page and the filter. */
@ArgsType()
export class TargetEvaluationListArgs extends filteredPageArgs(TargetEvaluationFilter) {}
