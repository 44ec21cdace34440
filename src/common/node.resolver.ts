import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../context';
import { badUserInput } from './errors';
import { decodeGlobalId, encodeGlobalId, NodeType } from './global-id';
import type { NodeDefinition } from './module';
import { Node, nodeTypeOf } from './node';

/** node(id:), nodes(ids:) and every Node's id, over the node definitions of all modules. */
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

    /** Every Node type's id: its rows are entities, whose class names the type. */
    @FieldResolver()
    id(@Root() row: { id: string }): string {
      return encodeGlobalId(nodeTypeOf(row), row.id);
    }
  }
  return NodeResolver;
}
