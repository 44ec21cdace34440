import { execute, GraphQLSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';
import { buildSchema, NonEmptyArray } from 'type-graphql';
import { authChecker } from './auth/auth-checker';
import { ViewerResolver } from './auth/viewer.resolver';
import type { NodeType } from './common/global-id';
import { setNodeTypeNames } from './common/node';
import { createNodeResolver, resolveNodeIds } from './common/node.resolver';
import { DateTimeScalar } from './common/scalars';
import { UserErrorResolver } from './common/user-error.resolver';
import { moduleResolvers, nodeDefinitions } from './modules';
import { apiSchema, subgraphSchema } from './subgraph';
import { SubscriptionResolver } from './subscriptions/subscription.resolver';

/** Built once at start, a federation subgraph (src/subgraph.ts); the committed schema.graphql and subgraph.graphql are its printouts. */
export async function createSchema(): Promise<GraphQLSchema> {
  setNodeTypeNames(Object.entries(nodeDefinitions).map(([typeName, node]) => [node.entity, typeName as NodeType]));
  const resolvers = [createNodeResolver(nodeDefinitions), ViewerResolver, ...moduleResolvers, UserErrorResolver, SubscriptionResolver] as NonEmptyArray<Function>;
  const schema = await buildSchema({
    resolvers,
    authChecker,
    // Inputs are validated by the services, which answer with userErrors naming each field.
    validate: false,
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // type-graphql insists on a PubSub even though each subscription brings its own subscribe
    // function reading the PostgreSQL-backed bus (src/subscriptions); this one is never used.
    pubSub: {
      publish() {
        throw new Error('Program events are published with pg_notify by runMutation');
      },
      subscribe() {
        throw new Error('Subscriptions read the program event bus');
      },
    },
  });
  resolveNodeIds(schema);
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description = 'Reads. Every field needs a bearer token; rows the caller may not see are absent.';
  schema.getMutationType()!.description =
    'Writes, one business action each. Rule violations come back as userErrors in the payload; ' +
    'authorization failures as errors with extensions.code FORBIDDEN or UNAUTHENTICATED.';
  schema.getSubscriptionType()!.description =
    'Live events over WebSocket (graphql-ws protocol) at /graphql, sent after the change commits, with the visibility of queries. ' +
    'A subscription ended with SUBSCRIPTION_INTERRUPTED may have missed events: query the current state and subscribe again, ' +
    'or resubscribe to events(after:) with the last cursor received, which misses nothing.';
  return subgraphSchema(schema, nodeDefinitions);
}

/** The SDL of schema.graphql, the API schema (apiSchema): sorted, so that the file changes only when the API does. */
export function printSchemaFile(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(apiSchema(schema))) + '\n';
}

/** The SDL of subgraph.graphql: what Query._service answers, the subgraph a gateway composes. */
export async function printSubgraphFile(schema: GraphQLSchema): Promise<string> {
  const result = await execute({ schema, document: parse('{ _service { sdl } }') });
  const sdl = (result.data as { _service?: { sdl?: string } } | null | undefined)?._service?.sdl;
  if (!sdl) throw new Error(`The schema answers no _service.sdl: ${JSON.stringify(result.errors)}`);
  return sdl + '\n';
}
