import { Field, ID, InterfaceType } from 'type-graphql';
import { NodeType } from './global-id';

/** Entity class -> GraphQL type name, registered by each module's types file. */
const typeNames = new Map<Function, NodeType>();

export function registerNodeType(entity: Function, typeName: NodeType): void {
  typeNames.set(entity, typeName);
}

@InterfaceType('Node', {
  description: 'An object with an opaque global id; node(id:) resolves any of them.',
  resolveType: (value: object) => typeNames.get(value.constructor),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' }) id!: string;
}
