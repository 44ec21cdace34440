import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../context';
import { loadNode } from '../loaders';
import { badUserInput } from './errors';
import { decodeGlobalId } from './global-id';
import { Node } from './node';

@Resolver()
export class NodeResolver {
  @Authorized()
  @Query(() => Node, { nullable: true, description: 'Any object by its global id; null when it does not exist or is not visible to the caller.' })
  node(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<object | null> {
    const decoded = decodeGlobalId(id);
    if (!decoded) throw badUserInput('id', 'is not a valid id');
    return loadNode(ctx.loaders, decoded.type, decoded.id);
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
    return Promise.all(decoded.map(({ type, id }) => loadNode(ctx.loaders, type, id)));
  }
}
