import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { RecommendationStatus } from '../../common/enums';
import { Node } from '../../common/node';
import { UserError } from '../../common/user-error';
import { RecommendationEntity } from './recommendation.entity';

@ObjectType({
  implements: Node,
  description: 'A public agency recommends an enterprise, optionally one of its technologies, to a funder for financing (R4).',
})
export class Recommendation extends Node {
  @Field({ description: 'Why the agency recommends the enterprise.' }) rationale!: string;
  @Field(() => RecommendationStatus, { description: "Where the funder's decision stands." }) status!: RecommendationStatus;
  @Field({ description: 'When the recommendation was made.' }) recommendedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the funder accepted or declined it; null while PENDING.' })
  decidedAt!: Date | null;
}

export const RecommendationConnection = connectionTypes(Recommendation, 'Recommendation');

@ObjectType({ description: 'Result of recommendEnterprise and decideRecommendation.' })
export class RecommendationPayload {
  @Field(() => Recommendation, { nullable: true, description: 'The recommendation as saved; null when userErrors is not empty.' })
  recommendation!: RecommendationEntity | null;
  @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' }) userErrors!: UserError[];
}
