import { TestApp } from './support/test-app';
import { startWithActors } from './support/actors';
import { dbId } from './support/ids';

/**
 * A BI connector pages through improvementActivities with first: 100 and
 * after while the program keeps writing. Pagination is keyset (the cursor
 * holds the last row's sort values), so in any order the rows that exist
 * throughout the walk come exactly once. The default order, by id, also
 * appends every new report after all existing rows, so a walk that goes on
 * to the end picks up new rows too; with another order a row inserted before
 * the cursor is skipped (shown below). One limit of the id order: ids are
 * handed out at INSERT, not at COMMIT, so a row whose transaction commits
 * after a later id was already read is skipped by the walk (shown last).
 */

const PAGE = `query ($after: String, $orderBy: ImprovementActivityOrder) {
  improvementActivities(first: 100, after: $after, orderBy: $orderBy) {
    edges { node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let app: TestApp;
let analyst: string;
let template: { id: string };
let insertedCount = 0;

beforeAll(async () => {
  ({ app, actors: { analyst } } = await startWithActors({ seed: true }));
  [template] = await app.db.query(`SELECT id FROM improvement_activity ORDER BY id LIMIT 1`);
});

afterAll(async () => {
  await app.close();
});


/** Today's data lies in 2026-03..2026-11; 'before' rows sort ahead of all of it by completedOn, 'after' rows behind. */
function newActivitySql(where: 'before' | 'after'): { sql: string; params: unknown[] } {
  insertedCount += 1;
  const base = where === 'before' ? '2025-01-01' : '2027-06-01';
  return {
    sql: `INSERT INTO improvement_activity (agreement_id, provider_id, beneficiary_id, technology_id, kind, title,
            hazards_addressed, workers_covered, hazards_remediated, started_on, completed_on, reported_by)
          SELECT agreement_id, provider_id, beneficiary_id, technology_id, kind, 'Inserted during a BI walk',
                 hazards_addressed, workers_covered, hazards_remediated, $2::date + $3::int, $2::date + $3::int, 'bi-paging-test'
            FROM improvement_activity WHERE id = $1
          RETURNING id`,
    params: [template.id, base, insertedCount],
  };
}

async function insertActivity(where: 'before' | 'after', runner: { query: (sql: string, params: unknown[]) => Promise<any> } = app.db) {
  const { sql, params } = newActivitySql(where);
  const [{ id }] = await runner.query(sql, params);
  return String(id);
}

interface Page {
  ids: string[];
  hasNextPage: boolean;
  endCursor: string | null;
}

async function fetchPage(after: string | null, orderBy?: Record<string, string>): Promise<Page> {
  const res = await app.gql(PAGE, { after, orderBy }, analyst);
  expect(res.errors).toBeUndefined();
  const connection = res.data.improvementActivities;
  return { ids: connection.edges.map((edge: any) => dbId(edge.node.id)) as string[], ...connection.pageInfo };
}

const allIds = async (): Promise<string[]> =>
  (await app.db.query(`SELECT id::text FROM improvement_activity ORDER BY id`)).map((row: { id: string }) => row.id);

function expectEachOnce(seen: string[], expected: string[]) {
  const counts = new Map<string, number>();
  for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
  expect([...counts.values()].filter((count) => count > 1)).toEqual([]);
  expect(expected.filter((id) => counts.get(id) !== 1)).toEqual([]);
}

it('default order: every row present at the start comes exactly once while rows are inserted and verified between and during page fetches', async () => {
  const initial = await allIds();
  expect(initial.length).toBeGreaterThan(1000);
  const reported: string[] = (
    await app.db.query(`SELECT id::text FROM improvement_activity WHERE status = 'REPORTED' ORDER BY random() LIMIT 40`)
  ).map((row: { id: string }) => row.id);
  const insertedBetween: string[] = [];
  const insertedDuring: string[] = [];
  const seen: string[] = [];
  let after: string | null = null;
  for (let pageNumber = 1; ; pageNumber += 1) {
    // Every third page, a report arrives while the page is being read.
    const [page, during]: [Page, string | null] = await Promise.all([fetchPage(after), pageNumber % 3 === 0 ? insertActivity('after') : null]);
    if (during) insertedDuring.push(during);
    seen.push(...page.ids);
    if (!page.hasNextPage) break;
    after = page.endCursor;
    if (pageNumber <= 40) {
      insertedBetween.push(await insertActivity('before'), await insertActivity('after'));
      // Status changes do not move a row in id order.
      await app.db.query(
        `UPDATE improvement_activity SET status = 'VERIFIED', verified_at = now(),
           verified_by_id = (SELECT id FROM agency WHERE code = 'KOSME') WHERE id = ANY($1::bigint[])`,
        [reported.splice(0, 1)],
      );
    }
  }

  expectEachOnce(seen, [...initial, ...insertedBetween]);
  // New rows committed before the walk passed their place came too; one written during the last fetch may not have.
  for (const id of insertedDuring) expect(seen.filter((s) => s === id).length).toBeLessThanOrEqual(1);
  expect(seen).toEqual([...seen].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1)));
  expect(insertedBetween.length).toBeGreaterThan(0);
});

it('another order (completedOn): rows present at the start still come exactly once, but a row inserted before the cursor is skipped', async () => {
  const initial = await allIds();
  const orderBy = { field: 'COMPLETED_ON', direction: 'ASC' };
  const insertedBefore: string[] = [];
  const insertedAfter: string[] = [];
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after, orderBy);
    seen.push(...page.ids);
    if (!page.hasNextPage) break;
    after = page.endCursor;
    if (insertedBefore.length < 10) {
      insertedBefore.push(await insertActivity('before'));
      insertedAfter.push(await insertActivity('after'));
    }
  }

  expectEachOnce(seen, [...initial, ...insertedAfter]);
  expect(insertedBefore.filter((id) => seen.includes(id))).toEqual([]);
});

it('default order, the limit: a row whose transaction commits after a later id was read is skipped by the walk', async () => {
  const slow = app.db.createQueryRunner();
  await slow.connect();
  try {
    await slow.startTransaction();
    const lateCommitted = await insertActivity('after', slow);
    const committedFirst = await insertActivity('after');
    expect(BigInt(committedFirst)).toBeGreaterThan(BigInt(lateCommitted));

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await fetchPage(after);
      seen.push(...page.ids);
      after = page.endCursor ?? after;
      if (!page.hasNextPage) break;
    }
    expect(seen).toContain(committedFirst);
    await slow.commitTransaction();

    // Resuming from the last cursor, as an incremental sync would, does not bring it either.
    const resumed = await fetchPage(after);
    expect([...seen, ...resumed.ids]).not.toContain(lateCommitted);
    expect((await allIds()).includes(lateCommitted)).toBe(true);
  } finally {
    if (slow.isTransactionActive) await slow.rollbackTransaction();
    await slow.release();
  }
});
