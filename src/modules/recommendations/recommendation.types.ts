import { Field, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { RecommendationStatus } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';

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

export const RecommendationPayload = payloadType(Recommendation, 'recommendation', {
  payload: 'Result of recommendEnterprise and decideRecommendation.',
  value: 'The recommendation as saved',
});
