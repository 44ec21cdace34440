import { ClassType, Extensions, Field, ObjectType } from 'type-graphql';
import { LIST_LIMITS } from './list-limits';
import { MutationOutcome, UserError } from './user-error';

/**
 * The payload type of a node type's mutations, named `<Type>Payload`: the
 * changed object under `field` and the userErrors. Resolvers return the
 * service's MutationOutcome as it is (its `value` is the object).
 */
export function payloadType<T extends object>(
  nodeType: ClassType<T>,
  field: string,
  descriptions: { payload: string; value: string },
): ClassType<MutationOutcome<unknown>> {
  @ObjectType(`${nodeType.name}Payload`, { description: descriptions.payload })
  class Payload {
    @Field(() => nodeType, { name: field, nullable: true, description: `${descriptions.value}; null when userErrors is not empty.` })
    value!: unknown;
    @Field(() => [UserError], { description: 'Why the input was refused; empty on success.' })
    @Extensions({ maxItems: LIST_LIMITS.userErrors })
    userErrors!: UserError[];
  }
  return Payload as ClassType<MutationOutcome<unknown>>;
}
