import type { NodeType } from './global-id';
import type { RequestLoaders } from './loaders';

/** How node(id:) finds a row of one Node type: its entity, and the visible row by database id (or null). */
export interface NodeDefinition {
  entity: Function;
  load(scope: { loaders: RequestLoaders }, id: string): Promise<object | null>;
}

/**
 * Everything the rest of the server needs to know of a module, in one place:
 * src/modules/index.ts builds the data source's entities, the schema's
 * resolvers and node(id:) from the list of these. Loaders need no entry:
 * each module's defineLoaders() set is made on first use in a request.
 */
export interface ModuleDefinition {
  /** TypeORM entities of the module's tables. */
  entities: Function[];
  /** type-graphql resolver classes: the module's queries, mutations and field resolvers. */
  resolvers: Function[];
  /** The module's Node types by GraphQL name (each name is also in NODE_TYPES). */
  nodes: Partial<Record<NodeType, NodeDefinition>>;
}

/** Keeps the definition's literal node names in its type, so that the registry can check every NodeType has a module. */
export function defineModule<const M extends ModuleDefinition>(definition: M): M {
  return definition;
}
