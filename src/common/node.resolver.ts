import { GraphQLSchema, isObjectType } from 'graphql';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { badUserInput, unauthenticated } from './errors';
import { decodeGlobalId, encodeGlobalId, NODE_TYPES, NodeType } from './global-id';
import type { NodeDefinition } from './module';
import { Node, nodeTypeOf } from './node';

/** node(id:) and nodes(ids:), over the node definitions of all modules; every Node's id is resolveNodeIds'. */
export function createNodeResolver(nodes: Record<NodeType, NodeDefinition>) {
  const load = (ctx: Context, type: NodeType, id: string) => nodes[type].load(ctx, id);

  @Resolver(() => Node)
  class NodeResolver {
    @Authorized()
    @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist or is not visible to the caller.' })
    node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
      const decoded = decodeGlobalId(id);
      if (!decoded) throw badUserInput('id', 'is not a valid id');
      return load(ctx, decoded.type, decoded.id);
    }

    @Authorized()
    @Query(() => [Node], { nullable: 'items', description: 'Objects by global id, in the order asked; null for each one not found or not visible.' })
    nodes(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: Context): Promise<(object | null)[]> {
      if (ids.length > ctx.config.maxPageSize) throw badUserInput('ids', `at most ${ctx.config.maxPageSize} ids at a time`);
      const decoded = ids.map((id, index) => {
        const value = decodeGlobalId(id);
        if (!value) throw badUserInput(`ids[${index}]`, 'is not a valid id');
        return value;
      });
      return Promise.all(decoded.map(({ type, id }) => load(ctx, type, id)));
    }
  }
  return NodeResolver;
}

/** A gateway's reference to one of our entities, `{ __typename: "FundingAgreement", id: "<global id>" }`, checked. */
function entityReference(representation: unknown, path: string): { type: NodeType; id: string } {
  if (!representation || typeof representation !== 'object' || Array.isArray(representation)) {
    throw badUserInput(path, 'must be an object { __typename, id }');
  }
  const { __typename: typename, id } = representation as { __typename?: unknown; id?: unknown };
  if (typeof typename !== 'string' || !(NODE_TYPES as readonly string[]).includes(typename)) {
    throw badUserInput(`${path}.__typename`, `must name an entity of this subgraph, one of the Node types (${NODE_TYPES.join(', ')})`);
  }
  const decoded = typeof id === 'string' ? decodeGlobalId(id) : null;
  if (!decoded || decoded.type !== typename) throw badUserInput(`${path}.id`, `is not a valid ${typename} id`);
  return decoded;
}

/**
 * Query._entities of the federation subgraph (src/subgraph.ts). Every entity
 * is a Node keyed by its global id, so a gateway's references load as
 * nodes(ids:) loads ids: through the request's loaders, one statement per
 * type and batch, null where the caller may not see the row, at most
 * MAX_PAGE_SIZE at a time.
 */
export function createEntitiesResolvers(nodes: Record<NodeType, NodeDefinition>) {
  return {
    Query: {
      _entities(_source: unknown, { representations }: { representations: unknown[] }, ctx: Context): Promise<(object | null)[]> {
        // As @Authorized() on node(id:): the server refuses a request without a token before any field runs.
        if (!ctx.principal) throw unauthenticated();
        if (representations.length > ctx.config.maxPageSize) {
          throw badUserInput('representations', `at most ${ctx.config.maxPageSize} entities at a time`);
        }
        const references = representations.map((representation, index) => entityReference(representation, `representations[${index}]`));
        return Promise.all(references.map(({ type, id }) => nodes[type].load(ctx, id)));
      },
    },
    _Entity: {
      __resolveType: (row: object) => nodeTypeOf(row),
    },
  };
}

/**
 * Every Node type's id: the global id of its row (an entity, whose id is the
 * database id) under the type's own name. Set as a plain graphql-js resolver
 * once the schema is built: a type-graphql field resolver costs a wrapper, its
 * parameter list and an entity-class lookup per object, and a page of
 * agreements with their targets and activities holds about 800 ids.
 */
export function resolveNodeIds(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || !type.getInterfaces().some((iface) => iface.name === 'Node')) continue;
    if (!(NODE_TYPES as readonly string[]).includes(type.name)) throw new Error(`${type.name} implements Node but is not in NODE_TYPES`);
    const typeName = type.name as NodeType;
    type.getFields().id.resolve = (row: { id: string }) => encodeGlobalId(typeName, row.id);
  }
}
