import { Field, ID, InterfaceType } from 'type-graphql';
import { NodeType } from './global-id';

/** Entity class -> GraphQL type name, from the modules' node definitions (src/modules/index.ts). */
const typeNames = new Map<Function, NodeType>();

export function setNodeTypeNames(entries: Iterable<[entity: Function, typeName: NodeType]>): void {
  for (const [entity, typeName] of entries) typeNames.set(entity, typeName);
}

/** The GraphQL type of a row that a Node field returns (a TypeORM entity instance). */
export function nodeTypeOf(row: object): NodeType {
  const typeName = typeNames.get(row.constructor);
  if (!typeName) throw new Error(`${row.constructor.name} is no module's node entity`);
  return typeName;
}

@InterfaceType('Node', {
  description: 'An object with an opaque global id; node(id:) resolves any of them.',
  resolveType: (value: object) => nodeTypeOf(value),
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' }) id!: string;
}
