import type { EntityManager } from 'typeorm';

/**
 * The database's clock for rules that SQL reads (a call's status, R16): the
 * statement's time, or within a replayed mutation the instant it replays.
 *
 * Only runMutation sets `rbf.clock`, and only for an internal context created
 * with a replayed instant (createInternalContext(deps, principal, { at }):
 * the demo program played on its own calendar). The setting is local to that
 * mutation's transaction, so it never outlives it on a pooled connection;
 * requests run GraphQL, never SQL of their own, so no client can set it.
 * Outside a replay it is unset (or '' once a replay has used the connection)
 * and the clock is statement_timestamp().
 */
export const DATABASE_NOW_SQL = `COALESCE(NULLIF(current_setting('rbf.clock', true), '')::timestamptz, statement_timestamp())`;

/** Makes DATABASE_NOW_SQL read `at` for the rest of the current transaction. */
export async function replayDatabaseClock(em: EntityManager, at: Date): Promise<void> {
  await em.query(`SELECT set_config('rbf.clock', $1, true)`, [at.toISOString()]);
}
