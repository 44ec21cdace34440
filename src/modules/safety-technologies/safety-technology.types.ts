import { Field, Int, ObjectType } from 'type-graphql';
import { connectionTypes } from '../../common/connection';
import { HazardType, SafetyTechCategory } from '../../common/enums';
import { Node } from '../../common/node';
import { payloadType } from '../../common/payload';

@ObjectType({
  implements: Node,
  description: 'A commercialised safety product or service of a provider enterprise, used in on-site improvement activities (R3).',
})
export class SafetyTechnology extends Node {
  @Field({ description: 'Product name.' }) name!: string;
  @Field(() => SafetyTechCategory, { description: 'Category of the technology.' }) category!: SafetyTechCategory;
  @Field(() => [HazardType], { description: 'Kinds of accident the technology prevents; at least one.' }) hazards!: HazardType[];
  @Field(() => String, { nullable: true, description: 'What the technology does and how it is deployed.' })
  description!: string | null;
  @Field(() => Int, { description: 'Technology readiness level, 1 to 9.' }) readinessLevel!: number;
  @Field(() => String, { nullable: true, description: 'Certification held, e.g. a KCs or KOSHA mark.' })
  certification!: string | null;
  @Field({ description: 'When the technology was registered in the program.' }) createdAt!: Date;
}

export const SafetyTechnologyConnection = connectionTypes(SafetyTechnology, 'SafetyTechnology');

export const SafetyTechnologyPayload = payloadType(SafetyTechnology, 'safetyTechnology', {
  payload: 'Result of registerSafetyTechnology.',
  value: 'The technology as saved',
});
