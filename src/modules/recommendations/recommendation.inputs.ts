import { Field, ID, InputType } from 'type-graphql';
import { RecommendationStatus } from '../../common/enums';

@InputType({ description: 'Narrows a recommendation list; all given conditions must hold.' })
export class RecommendationFilter {
  @Field(() => [RecommendationStatus], { nullable: true, description: 'Any of these statuses.' })
  status?: RecommendationStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Only recommendations to this funder (an Agency id).' })
  funderId?: string | null;
  @Field(() => ID, { nullable: true, description: 'Only recommendations of this enterprise.' })
  enterpriseId?: string | null;
}
