import { GraphQLSchema, isObjectType } from 'graphql';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { badUserInput } from './errors';
import { decodeGlobalId, encodeGlobalId, NODE_TYPES, NodeType } from './global-id';
import type { NodeDefinition } from './module';
import { Node } from './node';

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
