import { Principal, Role } from '../src/auth/roles';
import { decodeGlobalId, encodeGlobalId } from '../src/common/global-id';
import { countSqlStatements, SqlCount } from '../src/db/sql-counter';
import { RequestLoaders } from '../src/common/loaders';
import { activityLoaders } from '../src/modules/improvement-activities/improvement-activity.loaders';
import { startTestApp, TestApp } from './support/test-app';
import { expectNullNode, expectSameStatements } from './support/assertions';
import { Actors, actorsOf } from './support/actors';
import { listQuery } from './support/paging';

let app: TestApp;
let actors: Actors;

/** Seed facts the cases use, read from the database (never hard-coded). */
const seed = {} as {
  total: number;
  agreementId: string;
  providerId: string;
  beneficiaryId: string;
  beneficiaryBrn: string;
  providerBrn: string;
  medianDay: string;
  laterDay: string;
};

const LIST = listQuery('improvementActivities', 'ImprovementActivityFilter', { orderType: 'ImprovementActivityOrder' });

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function list(variables: Record<string, unknown>, token = actors.admin): Promise<Page> {
  const res = await app.gql(LIST, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data.improvementActivities;
}

async function listError(variables: Record<string, unknown>, token = actors.admin) {
  const res = await app.gql(LIST, variables, token);
  expect(res.errors?.length).toBeGreaterThan(0);
  return res.errors![0];
}

const rowIds = (page: Page): string[] => page.edges.map((edge) => decodeGlobalId(edge.node.id)!.id);

async function sqlIds(where: string, params: unknown[], orderBy = 'a.id', limit = 100, offset = 0): Promise<string[]> {
  const rows: { id: string }[] = await app.db.query(
    `SELECT a.id FROM improvement_activity a WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit} OFFSET ${offset}`,
    params,
  );
  return rows.map((row) => String(row.id));
}

async function sqlCount(where: string, params: unknown[]): Promise<number> {
  const [row] = await app.db.query(`SELECT count(*)::int AS n FROM improvement_activity a WHERE ${where}`, params);
  return row.n;
}

/** The most frequent value of a column, with ties broken by the value. */
async function busiest(column: string): Promise<string> {
  const [row] = await app.db.query(
    `SELECT ${column} AS v FROM improvement_activity GROUP BY ${column} ORDER BY count(*) DESC, ${column} LIMIT 1`,
  );
  return String(row.v);
}

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  actors = await actorsOf(app);
  seed.total = await sqlCount('true', []);
  seed.agreementId = await busiest('agreement_id');
  seed.providerId = await busiest('provider_id');
  seed.beneficiaryId = await busiest('beneficiary_id');
  const brn = async (id: string) =>
    (await app.db.query('SELECT business_registration_number AS brn FROM enterprise WHERE id = $1', [id]))[0].brn as string;
  seed.beneficiaryBrn = await brn(seed.beneficiaryId);
  seed.providerBrn = await brn(seed.providerId);
  const [days] = await app.db.query(
    `SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY completed_on)::text AS median,
            percentile_disc(0.75) WITHIN GROUP (ORDER BY completed_on)::text AS later
       FROM improvement_activity`,
  );
  seed.medianDay = days.median;
  seed.laterDay = days.later;
});

afterAll(() => app?.close());

// ---------------------------------------------------------------- filters

interface FilterCase {
  filter: () => Record<string, unknown>;
  where: string;
  params: () => unknown[];
}

const enterprise = (id: string) => encodeGlobalId('Enterprise', id);
const agreement = (id: string) => encodeGlobalId('FundingAgreement', id);

const FILTER_CASES: Record<string, FilterCase> = {
  'status (one)': { filter: () => ({ status: ['VERIFIED'] }), where: 'a.status = ANY($1)', params: () => [['VERIFIED']] },
  'status (any of two)': {
    filter: () => ({ status: ['REPORTED', 'REJECTED'] }),
    where: 'a.status = ANY($1)',
    params: () => [['REPORTED', 'REJECTED']],
  },
  agreementId: {
    filter: () => ({ agreementId: agreement(seed.agreementId) }),
    where: 'a.agreement_id = $1',
    params: () => [seed.agreementId],
  },
  providerId: { filter: () => ({ providerId: enterprise(seed.providerId) }), where: 'a.provider_id = $1', params: () => [seed.providerId] },
  beneficiaryId: {
    filter: () => ({ beneficiaryId: enterprise(seed.beneficiaryId) }),
    where: 'a.beneficiary_id = $1',
    params: () => [seed.beneficiaryId],
  },
  beneficiaryRegion: {
    filter: () => ({ beneficiaryRegion: ['GYEONGGI', 'BUSAN'] }),
    where: 'EXISTS (SELECT 1 FROM enterprise e WHERE e.id = a.beneficiary_id AND e.region = ANY($1))',
    params: () => [['GYEONGGI', 'BUSAN']],
  },
  'hazard (any of)': {
    filter: () => ({ hazard: ['CONFINED_SPACE', 'HEAT_STRESS'] }),
    where: 'EXISTS (SELECT 1 FROM unnest(a.hazards_addressed) h WHERE h = ANY($1))',
    params: () => [['CONFINED_SPACE', 'HEAT_STRESS']],
  },
  'kind (any of)': {
    filter: () => ({ kind: ['TRAINING', 'CONSULTING'] }),
    where: 'a.kind = ANY($1)',
    params: () => [['TRAINING', 'CONSULTING']],
  },
  'completedFrom (inclusive)': {
    filter: () => ({ completedFrom: seed.medianDay }),
    where: 'a.completed_on >= $1::date',
    params: () => [seed.medianDay],
  },
  'completedTo (inclusive)': {
    filter: () => ({ completedTo: seed.medianDay }),
    where: 'a.completed_on <= $1::date',
    params: () => [seed.medianDay],
  },
  'completedFrom = completedTo: that one day': {
    filter: () => ({ completedFrom: seed.medianDay, completedTo: seed.medianDay }),
    where: 'a.completed_on = $1::date',
    params: () => [seed.medianDay],
  },
  'status + hazard + beneficiaryRegion + completedFrom': {
    filter: () => ({
      status: ['VERIFIED'],
      hazard: ['FALL'],
      beneficiaryRegion: ['GYEONGGI', 'SEOUL', 'INCHEON'],
      completedFrom: seed.medianDay,
    }),
    where:
      "a.status = 'VERIFIED' AND 'FALL' = ANY(a.hazards_addressed) AND a.completed_on >= $1::date AND " +
      "EXISTS (SELECT 1 FROM enterprise e WHERE e.id = a.beneficiary_id AND e.region IN ('GYEONGGI', 'SEOUL', 'INCHEON'))",
    params: () => [seed.medianDay],
  },
  'providerId + kind + completed range': {
    filter: () => ({
      providerId: enterprise(seed.providerId),
      kind: ['PRODUCT_SUPPLY', 'ON_SITE_INSPECTION'],
      completedFrom: seed.medianDay,
      completedTo: seed.laterDay,
    }),
    where: "a.provider_id = $1 AND a.kind IN ('PRODUCT_SUPPLY', 'ON_SITE_INSPECTION') AND a.completed_on BETWEEN $2::date AND $3::date",
    params: () => [seed.providerId, seed.medianDay, seed.laterDay],
  },
  'agreementId + status + completedTo': {
    filter: () => ({ agreementId: agreement(seed.agreementId), status: ['VERIFIED', 'REJECTED'], completedTo: seed.laterDay }),
    where: "a.agreement_id = $1 AND a.status IN ('VERIFIED', 'REJECTED') AND a.completed_on <= $2::date",
    params: () => [seed.agreementId, seed.laterDay],
  },
};

describe('improvementActivities filter', () => {
  it.each(Object.keys(FILTER_CASES))('%s: totalCount and first page match SQL', async (name) => {
    const { filter, where, params } = FILTER_CASES[name];
    const expectedCount = await sqlCount(where, params());
    expect(expectedCount).toBeGreaterThan(0);
    expect(expectedCount).toBeLessThan(seed.total);
    const page = await list({ first: 50, filter: filter() });
    expect(page.totalCount).toBe(expectedCount);
    expect(rowIds(page)).toEqual(await sqlIds(where, params(), 'a.id', 50));
  });

  it('a filter that matches nothing: empty page, totalCount 0, no next page, null cursors', async () => {
    const page = await list({ filter: { completedFrom: '2100-01-01' } });
    expect(page).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it.each([
    ['agreementId', 'not-an-id'],
    ['providerId', encodeGlobalId('FundingAgreement', '1')],
    ['beneficiaryId', encodeGlobalId('Agency', '1')],
    ['agreementId', encodeGlobalId('Enterprise', '1')],
  ])('a malformed or mistyped filter.%s is BAD_USER_INPUT naming it', async (field, id) => {
    const error = await listError({ filter: { [field]: id } });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.argument).toBe(`filter.${field}`);
  });

  it('a filter date that is not a calendar day is refused', async () => {
    const error = await listError({ filter: { completedFrom: '2026-02-30' } });
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });
});

// ---------------------------------------------------------------- ordering and pagination

const ORDER_COLUMNS = { COMPLETED_ON: 'a.completed_on', CREATED_AT: 'a.created_at', WORKERS_COVERED: 'a.workers_covered' } as const;
type OrderField = keyof typeof ORDER_COLUMNS;
type Direction = 'ASC' | 'DESC';
const ORDER_CASES = (Object.keys(ORDER_COLUMNS) as OrderField[]).flatMap((field) =>
  (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const),
);

/** The independent SQL for an orderBy: the column, then the id, both in the given direction. */
const sqlOrderBy = (field: OrderField, direction: Direction) => `${ORDER_COLUMNS[field]} ${direction}, a.id ${direction}`;

/** Every id of the list, walking forward with first/after (or backward with last/before). */
async function walk(variables: Record<string, unknown>, backward: boolean, pageSize = 37): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: Page = await list({
      ...variables,
      ...(backward ? { last: pageSize, before: cursor } : { first: pageSize, after: cursor }),
    });
    expect(page.edges.length).toBeLessThanOrEqual(pageSize);
    if (backward) ids.unshift(...rowIds(page));
    else ids.push(...rowIds(page));
    const more = backward ? page.pageInfo.hasPreviousPage : page.pageInfo.hasNextPage;
    if (!more) return ids;
    cursor = backward ? page.pageInfo.startCursor : page.pageInfo.endCursor;
  }
}

describe('improvementActivities order and pages', () => {
  it('without orderBy the list is in id order (stable for appending BI loads)', async () => {
    const page = await list({ first: 100 });
    expect(page.totalCount).toBe(seed.total);
    expect(rowIds(page)).toEqual(await sqlIds('true', []));
  });

  it.each(ORDER_CASES)('orderBy %s %s: pages follow SQL ORDER BY the column, then id', async (field, direction) => {
    const sqlOrder = sqlOrderBy(field, direction);
    const orderBy = { field, direction };
    const first = await list({ first: 100, orderBy });
    expect(rowIds(first)).toEqual(await sqlIds('true', [], sqlOrder));
    const second = await list({ first: 100, after: first.pageInfo.endCursor, orderBy });
    expect(rowIds(second)).toEqual(await sqlIds('true', [], sqlOrder, 100, 100));
    expect(second.pageInfo.hasPreviousPage).toBe(true);

    const last = await list({ last: 100, orderBy });
    const reversed = sqlOrderBy(field, direction === 'ASC' ? 'DESC' : 'ASC');
    expect(rowIds(last)).toEqual((await sqlIds('true', [], reversed)).reverse());
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  const WALKS: [string, { field: OrderField; direction: Direction } | undefined][] = [
    ['id order', undefined],
    ['COMPLETED_ON DESC', { field: 'COMPLETED_ON', direction: 'DESC' }],
    ['WORKERS_COVERED ASC', { field: 'WORKERS_COVERED', direction: 'ASC' }],
  ];
  it.each(WALKS)('walking the whole list (%s) forward and backward gives every row exactly once, in the same order', async (_, orderBy) => {
    const filter = { agreementId: agreement(seed.agreementId) };
    const where = 'a.agreement_id = $1';
    const sqlOrder = orderBy ? sqlOrderBy(orderBy.field, orderBy.direction) : 'a.id';
    const expected = await sqlIds(where, [seed.agreementId], sqlOrder, 100_000);
    expect(expected.length).toBeGreaterThan(2 * 37);
    const forward = await walk({ filter, orderBy }, false);
    const backward = await walk({ filter, orderBy }, true);
    expect(new Set(forward).size).toBe(forward.length);
    expect(forward).toEqual(expected);
    expect(backward).toEqual(expected);
  });

  it('first: 0 returns no edges but the totalCount', async () => {
    const page = await list({ first: 0 });
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(seed.total);
  });

  it.each([
    ['first: 101', { first: 101 }],
    ['last: 101', { last: 101 }],
    ['first: -1', { first: -1 }],
    ['first together with last', { first: 5, last: 5 }],
    ['after together with before', { after: 'x', before: 'y' }],
    ['an invalid after cursor', { after: 'not-a-cursor' }],
    ['an invalid before cursor', { before: 'bm90IGEgY3Vyc29y' }],
  ])('%s is BAD_USER_INPUT', async (_, variables) => {
    expect((await listError(variables)).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('a cursor from another ordering is BAD_USER_INPUT', async () => {
    const byCompletedOn = await list({ first: 2, orderBy: { field: 'COMPLETED_ON', direction: 'ASC' } });
    const cursor = byCompletedOn.pageInfo.endCursor;
    for (const variables of [
      { first: 2, after: cursor },
      { first: 2, after: cursor, orderBy: { field: 'COMPLETED_ON', direction: 'DESC' } },
      { last: 2, before: cursor, orderBy: { field: 'CREATED_AT', direction: 'ASC' } },
    ]) {
      const error = await listError(variables);
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toMatch(variables.after ? /^after: / : /^before: /);
    }
  });
});

// ---------------------------------------------------------------- objects

const NODE = `query Node($id: ID!) {
  node(id: $id) {
    id
    ... on ImprovementActivity {
      agreement { id } provider { id } beneficiary { id } technology { id }
      kind title description hazardsAddressed workersCovered hazardsRemediated riskLevelBefore riskLevelAfter
      startedOn completedOn status evidence { kind uri sha256 } verifiedBy { code } verifiedAt rejectionReason createdAt
    }
  }
}`;

async function activityRow(where: string) {
  const [row] = await app.db.query(
    `SELECT a.*, ag.code AS verified_by_code FROM improvement_activity a LEFT JOIN agency ag ON ag.id = a.verified_by_id
      WHERE ${where} ORDER BY a.id LIMIT 1`,
  );
  return row;
}

describe('ImprovementActivity through node(id)', () => {
  it.each([
    [
      'a verified activity with risk levels and a description',
      "a.status = 'VERIFIED' AND a.risk_level_before IS NOT NULL AND a.description IS NOT NULL",
    ],
    ['a rejected activity', "a.status = 'REJECTED'"],
    ['a reported activity without risk levels', "a.status = 'REPORTED' AND a.risk_level_before IS NULL"],
  ])('%s reads as stored', async (_, where) => {
    const row = await activityRow(where);
    const id = encodeGlobalId('ImprovementActivity', String(row.id));
    const res = await app.gql(NODE, { id }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      id,
      agreement: { id: agreement(String(row.agreement_id)) },
      provider: { id: enterprise(String(row.provider_id)) },
      beneficiary: { id: enterprise(String(row.beneficiary_id)) },
      technology: { id: encodeGlobalId('SafetyTechnology', String(row.technology_id)) },
      kind: row.kind,
      title: row.title,
      description: row.description,
      hazardsAddressed: row.hazards_addressed,
      workersCovered: row.workers_covered,
      hazardsRemediated: row.hazards_remediated,
      riskLevelBefore: row.risk_level_before,
      riskLevelAfter: row.risk_level_after,
      startedOn: row.started_on,
      completedOn: row.completed_on,
      status: row.status,
      evidence: row.evidence,
      verifiedBy: row.verified_by_code ? { code: row.verified_by_code } : null,
      verifiedAt: row.verified_at ? row.verified_at.toISOString() : null,
      rejectionReason: row.rejection_reason,
      createdAt: row.created_at.toISOString(),
    });
  });

  it('evidence is returned as stored, a missing sha256 as null', async () => {
    const row = await activityRow('true');
    const stored = [
      { kind: 'INSPECTION_REPORT', uri: 'https://evidence.example/report-1.pdf' },
      { kind: 'PHOTO', uri: 's3://rbf-evidence/x.jpg', sha256: 'ab'.repeat(32) },
    ];
    await app.db.query('UPDATE improvement_activity SET evidence = $1 WHERE id = $2', [JSON.stringify(stored), row.id]);
    const res = await app.gql(NODE, { id: encodeGlobalId('ImprovementActivity', String(row.id)) }, actors.admin);
    expect(res.data.node.evidence).toEqual([{ ...stored[0], sha256: null }, stored[1]]);
  });
});

// ---------------------------------------------------------------- visibility

describe('visibility', () => {
  const visibleTo = 'a.provider_id = $1 OR a.beneficiary_id = $1';

  it.each([
    ['a beneficiary', () => [seed.beneficiaryBrn, seed.beneficiaryId]],
    ['a provider', () => [seed.providerBrn, seed.providerId]],
  ])('ENTERPRISE (%s) sees only activities it provided or received', async (_, who) => {
    const [brn, id] = who();
    const token = await actors.enterprise(brn);
    const page = await list({ first: 100 }, token);
    expect(page.totalCount).toBe(await sqlCount(visibleTo, [id]));
    expect(rowIds(page)).toEqual(await sqlIds(visibleTo, [id]));
    const verified = await list({ first: 100, filter: { status: ['VERIFIED'] } }, token);
    expect(verified.totalCount).toBe(await sqlCount(`(${visibleTo}) AND a.status = 'VERIFIED'`, [id]));
  });

  it("ENTERPRISE: another enterprise's activity reads as null through node(), and filters cannot reach it", async () => {
    const token = await actors.enterprise(seed.beneficiaryBrn);
    const foreign = await activityRow(`a.provider_id <> ${seed.beneficiaryId} AND a.beneficiary_id <> ${seed.beneficiaryId}`);
    expectNullNode(await app.gql(NODE, { id: encodeGlobalId('ImprovementActivity', String(foreign.id)) }, token));
    const foreignFilter = {
      agreementId: agreement(String(foreign.agreement_id)),
      beneficiaryId: enterprise(String(foreign.beneficiary_id)),
    };
    const page = await list({ filter: foreignFilter }, token);
    expect(page.totalCount).toBe(0);

    const own = await activityRow(`a.beneficiary_id = ${seed.beneficiaryId}`);
    const ownId = encodeGlobalId('ImprovementActivity', String(own.id));
    const ownRes = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: ownId }, token);
    expect(ownRes.data.node).toEqual({ id: ownId });
  });

  it.each([
    ['FUNDER_OFFICER', 'kb'],
    ['AGENCY_OFFICER', 'kosme'],
    ['ANALYST', 'analyst'],
  ] as const)('%s sees all activities', async (_role, actor) => {
    const token = actors[actor];
    const page = await list({ first: 100 }, token);
    expect(page.totalCount).toBe(seed.total);
    expect(rowIds(page)).toEqual(await sqlIds('true', []));
  });

  it('without a token the list is UNAUTHENTICATED', async () => {
    expect((await listError({}, null as unknown as string)).extensions.code).toBe('UNAUTHENTICATED');
  });
});

// ---------------------------------------------------------------- SQL statements

describe('loading relations', () => {
  it('a page of 100 activities with their relations issues as many SQL statements as a page of 10', async () => {
    const query = `query($first: Int) { improvementActivities(first: $first) { edges { node {
      id agreement { id } provider { name } beneficiary { name region } technology { name } verifiedBy { code }
    } } } }`;
    const { large } = await expectSameStatements(app, query, actors.admin, { first: 10 }, { first: 100 });
    expect(large.data.improvementActivities.edges).toHaveLength(100);
  });
});

// ---------------------------------------------------------------- nested connection loaders

function loadersFor(principal: Principal | null) {
  return activityLoaders({ loaders: new RequestLoaders({ db: app.db, principal, maxPageSize: 100 }) });
}

const ADMIN_PRINCIPAL: Principal = { subject: 'test-admin', role: Role.ADMIN, agency: null, enterprise: null };

async function counted<T>(run: () => Promise<T>): Promise<{ value: T; statements: number }> {
  const counter: SqlCount = { statements: 0 };
  const value = await countSqlStatements(counter, run);
  return { value, statements: counter.statements };
}

const ids = (nodes: { id: string }[]) => nodes.map((node) => String(node.id));

describe('nested activity connections (loaders)', () => {
  it('byAgreement: first N per agreement and totalCount for many agreements in one statement each', async () => {
    const agreements: string[] = (
      await app.db.query('SELECT DISTINCT agreement_id AS id FROM improvement_activity ORDER BY 1 LIMIT 8')
    ).map((r: { id: string }) => String(r.id));
    const loaders = loadersFor(ADMIN_PRINCIPAL);
    const filter = JSON.parse('{"status": ["VERIFIED"]}');
    const { value: pages, statements } = await counted(async () => {
      const loaded = await Promise.all(agreements.map((parentId) => loaders.byAgreement({ parentId, first: 3, filter })));
      const totals = await Promise.all(loaded.map((page) => page.totalCount));
      return loaded.map((page, i) => ({ page, total: totals[i] }));
    });
    expect(statements).toBe(2);
    for (const [i, parentId] of agreements.entries()) {
      const where = "a.agreement_id = $1 AND a.status = 'VERIFIED'";
      expect(ids(pages[i].page.nodes)).toEqual(await sqlIds(where, [parentId], 'a.id', 3));
      expect(pages[i].total).toBe(await sqlCount(where, [parentId]));
    }
  });

  it('byAgreement: after pages on, hasNextPage ends the walk, each row once', async () => {
    const loaders = loadersFor(ADMIN_PRINCIPAL);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page = await loaders.byAgreement({ parentId: seed.agreementId, first: 40, after });
      seen.push(...ids(page.nodes));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(await sqlIds('a.agreement_id = $1', [seed.agreementId], 'a.id', 100_000));
  });

  it.each([
    ['byProvider', 'a.provider_id', () => seed.providerId],
    ['byBeneficiary', 'a.beneficiary_id', () => seed.beneficiaryId],
  ] as const)('%s applies the filter to pages and counts (a plain-object filter)', async (loader, column, parent) => {
    const filter = JSON.parse(JSON.stringify({ hazard: ['FALL', 'FIRE_EXPLOSION', 'CAUGHT_IN_MACHINERY'], completedTo: seed.laterDay }));
    const where =
      `${column} = $1 AND a.completed_on <= $2::date AND ` +
      "a.hazards_addressed && ARRAY['FALL', 'FIRE_EXPLOSION', 'CAUGHT_IN_MACHINERY']";
    const page = await loadersFor(ADMIN_PRINCIPAL)[loader]({ parentId: parent(), first: 5, filter });
    expect(ids(page.nodes)).toEqual(await sqlIds(where, [parent(), seed.laterDay], 'a.id', 5));
    expect(await page.totalCount).toBe(await sqlCount(where, [parent(), seed.laterDay]));
    expect(await page.totalCount).toBeGreaterThan(0);
  });

  it('the nested loaders keep the visibility scope: an enterprise sees only its own activities under an agreement', async () => {
    const [row] = await app.db.query('SELECT id, business_registration_number AS brn FROM enterprise WHERE id = $1', [seed.beneficiaryId]);
    const principal: Principal = {
      subject: 'test-enterprise',
      role: Role.ENTERPRISE,
      agency: null,
      enterprise: { id: String(row.id), businessRegistrationNumber: row.brn },
    };
    const [{ agreement_id: agreementId }] = await app.db.query(
      'SELECT agreement_id FROM improvement_activity WHERE beneficiary_id = $1 ORDER BY id LIMIT 1',
      [seed.beneficiaryId],
    );
    const page = await loadersFor(principal).byAgreement({ parentId: String(agreementId), first: 100 });
    const where = 'a.agreement_id = $1 AND (a.provider_id = $2 OR a.beneficiary_id = $2)';
    expect(ids(page.nodes)).toEqual(await sqlIds(where, [agreementId, seed.beneficiaryId]));
    expect(await page.totalCount).toBe(await sqlCount(where, [agreementId, seed.beneficiaryId]));
  });

  it('a malformed id in a nested filter is BAD_USER_INPUT naming it, before any batch', async () => {
    const loaders = loadersFor(ADMIN_PRINCIPAL);
    expect(() => loaders.byProvider({ parentId: seed.providerId, filter: { beneficiaryId: 'nope' } })).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', argument: 'filter.beneficiaryId' }) }),
    );
  });

  it('R9: countedByEvaluation lists exactly the activities an evaluation counted', async () => {
    const [target] = await app.db.query(
      `SELECT t.id, t.agreement_id FROM performance_target t
        WHERE EXISTS (SELECT 1 FROM improvement_activity a WHERE a.agreement_id = t.agreement_id AND a.status = 'VERIFIED')
        ORDER BY t.id LIMIT 1`,
    );
    const [kosme] = await app.db.query("SELECT id FROM agency WHERE code = 'KOSME'");
    const evaluation = async (activityCount: number) => {
      const [row] = await app.db.query(
        `INSERT INTO target_evaluation (target_id, actual_value, achieved, computed_payout, payout, explanation,
                                        prepared_by_id, prepared_by_subject, status, voided_at)
         VALUES ($1, $2, false, 0, 0, 'test', $3, 'test', 'VOID', now()) RETURNING id`,
        [target.id, activityCount, kosme.id],
      );
      await app.db.query(
        `INSERT INTO evaluation_activity (evaluation_id, activity_id)
         SELECT $1, id FROM improvement_activity WHERE agreement_id = $2 AND status = 'VERIFIED' ORDER BY id LIMIT $3`,
        [row.id, target.agreement_id, activityCount],
      );
      return String(row.id);
    };
    const few = await evaluation(3);
    const more = await evaluation(7);
    const loaders = loadersFor(ADMIN_PRINCIPAL);
    const { value, statements } = await counted(() =>
      Promise.all([few, more].map((parentId) => loaders.countedByEvaluation({ parentId, first: 5 }))),
    );
    expect(statements).toBe(1);
    const expected = async (evaluationId: string) =>
      (await app.db.query('SELECT activity_id FROM evaluation_activity WHERE evaluation_id = $1 ORDER BY activity_id', [evaluationId])).map(
        (r: { activity_id: string }) => String(r.activity_id),
      );
    expect(ids(value[0].nodes)).toEqual(await expected(few));
    expect(value[0].pageInfo.hasNextPage).toBe(false);
    expect(ids(value[1].nodes)).toEqual((await expected(more)).slice(0, 5));
    expect(value[1].pageInfo.hasNextPage).toBe(true);
    expect(await value[1].totalCount).toBe(7);
  });
});

describe('nested activity connections over HTTP', () => {
  const NESTED = `query($id: ID!, $filter: ImprovementActivityFilter) { node(id: $id) { ... on Enterprise {
    activitiesProvided(first: 5, filter: $filter) { totalCount nodes { id } }
    activitiesReceived(first: 5, filter: $filter) { totalCount nodes { id } }
  } } }`;

  it('Enterprise.activitiesProvided/activitiesReceived apply the filter', async () => {
    const filter = { status: ['VERIFIED'], completedTo: seed.laterDay };
    const where = (column: string) => `a.${column} = $1 AND a.status = 'VERIFIED' AND a.completed_on <= $2::date`;
    for (const [field, column, id] of [
      ['activitiesProvided', 'provider_id', seed.providerId],
      ['activitiesReceived', 'beneficiary_id', seed.beneficiaryId],
    ] as const) {
      const res = await app.gql(NESTED, { id: enterprise(id), filter }, actors.admin);
      expect(res.errors).toBeUndefined();
      const connection = res.data.node[field];
      expect(connection.totalCount).toBe(await sqlCount(where(column), [id, seed.laterDay]));
      const nodeIds = connection.nodes.map((node: { id: string }) => decodeGlobalId(node.id)!.id);
      expect(nodeIds).toEqual(await sqlIds(where(column), [id, seed.laterDay], 'a.id', 5));
    }
  });

  it('a malformed id in a nested filter is BAD_USER_INPUT on that field', async () => {
    const res = await app.gql(NESTED, { id: enterprise(seed.providerId), filter: { agreementId: 'nope' } }, actors.admin);
    expect(res.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.agreementId' });
    expect(res.errors![0].path).toEqual(['node', 'activitiesProvided']);
  });

  it('activities of 40 agreements cost as many SQL statements as of 10', async () => {
    const query = `query($first: Int) { fundingAgreements(first: $first) { nodes {
      activities(first: 3, filter: { hazard: [FALL, CAUGHT_IN_MACHINERY] }) {
        totalCount nodes { id beneficiary { region } technology { name } }
      }
    } } }`;
    const { large } = await expectSameStatements(app, query, actors.admin, { first: 10 }, { first: 40 });
    expect(large.data.fundingAgreements.nodes.length).toBeGreaterThan(10);
  });
});
