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
 * Lets the reads of `request` go to a replica from now on. Only for a request
 * whose operation is known to be a query; src/plugins/read-routing.ts marks
 * each one once Apollo has resolved the operation.
 */
export function markQueryRequest(request: SqlCount): void {
  queryRequests.add(request);
}
