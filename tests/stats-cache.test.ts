/**
 * The statistics cache (src/modules/stats/stats-cache.ts): repeated BI
 * questions are answered without SQL, per visibility scope, and never after
 * the data under them changed: through this server, through another replica,
 * or with plain SQL. While changes cannot be heard it does not cache at all.
 */
import { Role } from '../src/auth/roles';
import { createLogger } from '../src/logger';
import { createSchema } from '../src/schema';
import { RunningServer, startServer } from '../src/server';
import { gid } from './support/ids';
import { GqlResponse, startTestApp, TestApp } from './support/test-app';
import { actorsOf, startWithActors } from './support/actors';
import { verify } from './support/operations';

const SUMMARY = `query ($from: Date) { programSummary(from: $from) { activitiesVerified workersCovered agreementsByStatus { status count } } }`;
const BY_REGION = `{ activityStats(by: BENEFICIARY_REGION) { key activities workersCovered } }`;

let app: TestApp;
let admin: string;
let kb: string;
let kosme: string;

beforeAll(async () => ({ app, actors: { admin, kb, kosme } } = await startWithActors({ seed: true })));
afterAll(() => app?.close());

/** Runs a query and returns its data and how many SQL statements it sent. */
async function ask(query: string, token: string, variables: Record<string, unknown> = {}, url?: string): Promise<{ data: any; sql: number }> {
  const res: GqlResponse = url
    ? await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then(async (r) => ({ status: r.status, headers: r.headers, ...((await r.json()) as object) }) as GqlResponse)
    : await app.gql(query, variables, token);
  expect(res.errors).toBeUndefined();
  return { data: res.data, sql: res.extensions!.sqlStatements };
}

/** Polls until the answer changes from `before` (a notification is delivered asynchronously), at most 5 s. */
async function untilChanged(query: string, token: string, before: unknown, url?: string): Promise<{ data: any; sql: number }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const answer = await ask(query, token, {}, url);
    if (JSON.stringify(answer.data) !== JSON.stringify(before)) return answer;
    if (Date.now() > deadline) throw new Error('the cached figures never changed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const authStatements = 1; // an officer's token names an agency, looked up per request

it('answers a repeated question from the cache, separately for each visibility scope', async () => {
  const first = await ask(BY_REGION, admin);
  expect(first.sql).toBe(1);
  expect(await ask(BY_REGION, admin)).toEqual({ data: first.data, sql: 0 });
  // Another ADMIN is the same scope: the same figures, no SQL.
  expect(await ask(BY_REGION, await app.token(Role.ADMIN, { subject: 'someone-else' }))).toEqual({ data: first.data, sql: 0 });
  // A funder officer is another scope: computed once for it, then cached for it too.
  expect((await ask(SUMMARY, kb)).sql).toBe(authStatements + 1);
  expect((await ask(SUMMARY, kb)).sql).toBe(authStatements);
  expect((await ask(SUMMARY, admin)).sql).toBe(1);
});

it('forgets the figures when a mutation commits, so the caller at once counts its own write', async () => {
  const before = await ask(SUMMARY, admin);
  expect((await ask(SUMMARY, admin)).sql).toBe(0);
  const [reported] = await app.db.query(`SELECT id, workers_covered FROM improvement_activity WHERE status = 'REPORTED' ORDER BY id LIMIT 1`);
  await verify(app, kosme, gid('ImprovementActivity', reported.id));

  const after = await ask(SUMMARY, admin);
  expect(after.sql).toBe(1);
  expect(after.data.programSummary.activitiesVerified).toBe(before.data.programSummary.activitiesVerified + 1);
  expect(after.data.programSummary.workersCovered).toBe(before.data.programSummary.workersCovered + reported.workers_covered);
});

it('forgets the figures when plain SQL changes the data (the DATA_CHANGED trigger)', async () => {
  const before = await ask(BY_REGION, admin);
  await app.db.query(`UPDATE improvement_activity SET workers_covered = workers_covered + 1000 WHERE id = (SELECT min(id) FROM improvement_activity)`);
  const after = await untilChanged(BY_REGION, admin, before.data);
  expect(after.sql).toBe(1);
  const total = (data: any) => data.activityStats.reduce((sum: number, row: any) => sum + row.workersCovered, 0);
  expect(total(after.data)).toBe(total(before.data) + 1000);
});

it('forgets the figures of every replica when one of them commits a change', async () => {
  const second: RunningServer = await startServer({ schema: await createSchema(), db: app.db, config: app.config, logger: createLogger(app.config) }, 0);
  try {
    const before = await ask(SUMMARY, admin, {}, second.url);
    expect((await ask(SUMMARY, admin, {}, second.url)).sql).toBe(0);
    const [reported] = await app.db.query(`SELECT id FROM improvement_activity WHERE status = 'REPORTED' ORDER BY id LIMIT 1`);
    await verify(app, kosme, gid('ImprovementActivity', reported.id)); // through the first server
    const after = await untilChanged(SUMMARY, admin, before.data, second.url);
    expect(after.data.programSummary.activitiesVerified).toBe(before.data.programSummary.activitiesVerified + 1);
  } finally {
    await second.stop();
  }
});

it('does not cache while changes cannot be heard, and caches again once they can', async () => {
  await ask(BY_REGION, admin);
  await app.db.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'safety-rbf-api-events' AND datname = current_database()`,
  );
  // Until the listener is back (0.5 s), every request computes; afterwards the second of two identical ones is cached.
  const deadline = Date.now() + 10_000;
  let sawUncached = false;
  for (;;) {
    const first = await ask(BY_REGION, admin);
    const second = await ask(BY_REGION, admin);
    if (first.sql === 1 && second.sql === 1) sawUncached = true;
    if (sawUncached && second.sql === 0) break;
    if (Date.now() > deadline) throw new Error(`expected uncached answers, then cached ones (uncached seen: ${sawUncached})`);
  }
});

it('STATS_CACHE_ENTRIES=0 turns the cache off', async () => {
  const off = await startTestApp({ env: { STATS_CACHE_ENTRIES: '0' } });
  try {
    const { admin: token } = await actorsOf(off);
    for (let i = 0; i < 2; i++) expect((await off.gql(BY_REGION, {}, token)).extensions!.sqlStatements).toBe(1);
  } finally {
    await off.close();
  }
});
