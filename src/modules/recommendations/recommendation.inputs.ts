import { ArgsType, Field, InputType } from 'type-graphql';
import { RecommendationStatus } from '../../common/enums';
import { filteredPageArgs } from '../../common/page-args';
import { IdField, TextField } from '../../common/input-fields';

@InputType({ description: 'Narrows a recommendation list; all given conditions must hold.' })
export class RecommendationFilter {
  @Field(() => [RecommendationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: RecommendationStatus[] | null;
  @IdField('Agency', { nullable: true, description: 'Only recommendations to this funder (an Agency id).' })
  funderId?: string | null;
  @IdField('Enterprise', { nullable: true, description: 'Only recommendations of this enterprise.' })
  enterpriseId?: string | null;
}

/** R4: the rationale must say something, in at most 2000 characters. Ids and the funder's kind are checked in the service. */
@InputType({ description: 'A public agency recommends an enterprise, optionally one of its technologies, to a funder (R4).' })
export class RecommendEnterpriseInput {
  @IdField('Enterprise', { description: 'The recommended enterprise.' }) enterpriseId!: string;
  @IdField('Agency', {
    nullable: true,
    description:
      "The funder; optional once programId is given (the program names it). Without programId, the funder's one program " +
      "run by the caller's agency that is running today.",
  })
  funderId?: string | null;
  @IdField('Program', { nullable: true, description: 'The program whose budget the resulting agreement draws on (R15).' })
  programId?: string | null;
  @IdField('SafetyTechnology', { nullable: true, description: "One of the enterprise's technologies the recommendation is about." })
  technologyId?: string | null;
  @TextField({ max: 2000, notBlank: true, description: 'Why the agency recommends the enterprise' }) rationale!: string;
}

@InputType({ description: "The funder's decision on a PENDING recommendation (R4)." })
export class DecideRecommendationInput {
  @IdField('Recommendation', { description: 'The recommendation.' }) id!: string;
  @Field({ description: 'true accepts, false declines.' }) accept!: boolean;
  @TextField({ max: 2000, nullable: true, description: 'Why' }) note?: string | null;
}

/** The arguments of Query.recommendations: a page and the filter. */
@ArgsType()
export class RecommendationListArgs extends filteredPageArgs(RecommendationFilter, 'Narrows the list; omitted: all the caller may see.') {}
