import type { TestApp } from './test-app';

/** Runs one SQL statement on the test database and returns its rows. */
export type Sql = <T = any>(text: string, params?: unknown[]) => Promise<T[]>;

/**
 * SQL on the database of the app `app()` returns (a file's app is started in
 * beforeAll, after this is called): for fixtures about the database itself and
 * for expected values computed independently of the server.
 */
export function sqlFor(app: () => TestApp): Sql {
  return (text, params = []) => app().db.query(text, params);
}

/** The first column of the first row, as a string. */
export async function sqlValue(app: TestApp, text: string, params: unknown[] = []): Promise<string> {
  const [row] = await app.db.query(text, params);
  return String(Object.values(row)[0]);
}

/** The `id` column of every row, as strings (expected id lists computed in SQL). */
export async function sqlIds(app: TestApp, text: string, params: unknown[] = []): Promise<string[]> {
  const rows: { id: unknown }[] = await app.db.query(text, params);
  return rows.map((row) => String(row.id));
}

/**
 * The ids a list should answer, computed in SQL: `select(where)` is the query,
 * `where` the condition a test adds (all rows by default).
 */
export function expectedIdsOf(app: () => TestApp, select: (where: string) => string) {
  return (where = 'true', params: unknown[] = []) => sqlIds(app(), select(where), params);
}

/** The audit events of a mutation (on one entity, when given), oldest first: R13's trail, read past the API. */
export function auditEventsOf(app: TestApp, action: string, entityId?: string): Promise<any[]> {
  return app.db.query('SELECT * FROM audit_event WHERE action = $1 AND ($2::text IS NULL OR entity_id = $2) ORDER BY id', [action, entityId ?? null]);
}

/** The database id of each agency, by code. */
export async function agencyIds(app: TestApp): Promise<Record<string, string>> {
  const rows: { id: string; code: string }[] = await app.db.query('SELECT id, code FROM agency');
  return Object.fromEntries(rows.map((row) => [row.code, String(row.id)]));
}
