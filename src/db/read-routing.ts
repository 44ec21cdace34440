import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { currentSqlCount, SqlCount } from './sql-counter';

/**
 * Which server a read goes to when DATABASE_REPLICA_URLS is set. Replicas lag
 * behind the primary, so only a GraphQL query operation may read from them:
 * a mutation must see its own writes, in its transaction (TypeORM runs
 * transactions on the primary) and in its payload, which loaders resolve after
 * the commit. Everything else (scripts, seeding, the demo workflow, work
 * outside an HTTP request) reads the primary too.
 *
 * The request is identified by the store that countSqlStatements keeps for
 * each /graphql request; a WeakSet lets it go with the request.
 */
const queryRequests = new WeakSet<SqlCount>();

/** Whether the current read may go to a replica: only inside a request whose operation is a query. */
export function readsMayUseReplica(): boolean {
  const request = currentSqlCount();
  return request !== undefined && queryRequests.has(request);
}

/**
 * Marks a request for replica reads once its operation is known. Reads before
 * that (authentication, the rate limit) are raw queries, which TypeORM always
 * sends to the primary.
 */
export const readRoutingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'query') queryRequests.add(contextValue.sql);
      },
    };
  },
};
