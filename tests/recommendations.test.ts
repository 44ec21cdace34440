import { encodeGlobalId } from '../src/common/global-id';
import { GqlResponse, TestApp } from './support/test-app';
import { Actors, SECOND_FUNDER, startWithActors } from './support/actors';
import { expectEachOnceInOrder, expectEmptyPage, expectErrorCode, expectNullNode, expectSameStatements } from './support/assertions';
import { listQuery } from './support/paging';
import { recommendation } from './support/operations';
import { agencyIds, sqlIds } from './support/sql';

let app: TestApp;
let actors: Actors;
let kbId: string;
let kosmeId: string;
/** A recommendation of the fixture to a second funder, without a technology. */
let otherFunderRecommendationId: string;

const LIST = listQuery('recommendations', 'RecommendationFilter');

const NODE = `query ($id: ID!) { node(id: $id) { __typename ... on Recommendation {
  id rationale status recommendedAt decidedAt
  recommender { id code } funder { id code } enterprise { id name } technology { id name provider { id } }
} } }`;

const recommendationId = (id: string) => encodeGlobalId('Recommendation', id);

/** Recommendation ids from SQL in the list's order: newest first, id as tie-breaker. */
async function ids(where = 'true', params: unknown[] = []): Promise<string[]> {
  return (await sqlIds(app, `SELECT id FROM recommendation WHERE ${where} ORDER BY recommended_at DESC, id DESC`, params)).map(recommendationId);
}

async function firstPage(filter: Record<string, unknown> | null, token = actors.admin) {
  const res = await app.gql(LIST, { first: 100, filter }, token);
  expect(res.errors).toBeUndefined();
  return res.data.recommendations;
}

interface Page {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const nodeIds = (page: Page) => page.edges.map((edge) => edge.node.id);

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  ({ KB: kbId, KOSME: kosmeId } = await agencyIds(app));
  // A second funder, so that funder visibility has something to hide: KOSME recommends the first enterprise as a whole to it.
  const [first] = await app.db.query('SELECT min(id) AS id FROM enterprise');
  const pending = await recommendation(app, actors, encodeGlobalId('Enterprise', String(first.id)), { funder: SECOND_FUNDER.code, status: 'PENDING' });
  otherFunderRecommendationId = pending.id;
});
afterAll(() => app?.close());

describe('recommendations', () => {
  it('lists every recommendation newest first (recommendedAt DESC, id DESC) with the total count', async () => {
    const page = await firstPage(null);
    const expected = await ids();
    expect(expected.length).toBeGreaterThan(40);
    expect(page.totalCount).toBe(expected.length);
    expect(nodeIds(page)).toEqual(expected.slice(0, 100));
  });

  it('filters by any of the given statuses', async () => {
    for (const status of [['PENDING'], ['ACCEPTED', 'DECLINED']]) {
      const page = await firstPage({ status });
      const expected = await ids('status = ANY($1)', [status]);
      expect(expected.length).toBeGreaterThan(0);
      expect(nodeIds(page)).toEqual(expected);
      expect(page.totalCount).toBe(expected.length);
    }
  });

  it('filters by funder', async () => {
    const page = await firstPage({ funderId: encodeGlobalId('Agency', kbId) });
    const expected = await ids('funder_id = $1', [kbId]);
    expect(expected).not.toContain(otherFunderRecommendationId);
    expect(nodeIds(page)).toEqual(expected);
  });

  it('filters by enterprise', async () => {
    const [{ enterprise_id }] = await app.db.query(
      'SELECT enterprise_id FROM recommendation GROUP BY enterprise_id HAVING count(*) > 1 ORDER BY enterprise_id LIMIT 1',
    );
    const page = await firstPage({ enterpriseId: encodeGlobalId('Enterprise', String(enterprise_id)) });
    const expected = await ids('enterprise_id = $1', [enterprise_id]);
    expect(expected.length).toBeGreaterThan(1);
    expect(nodeIds(page)).toEqual(expected);
  });

  it('combines filters with AND', async () => {
    const page = await firstPage({ status: ['PENDING'], funderId: encodeGlobalId('Agency', kbId) });
    expect(nodeIds(page)).toEqual(await ids(`status = 'PENDING' AND funder_id = $1`, [kbId]));
  });

  it('answers an empty page when nothing matches', async () => {
    expectEmptyPage(await firstPage({ funderId: encodeGlobalId('Agency', kosmeId) }));
  });

  it('walks all pages with after and returns every row exactly once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GqlResponse = await app.gql(LIST, { first: 6, after }, actors.admin);
      expect(res.errors).toBeUndefined();
      const page: Page = res.data.recommendations;
      seen.push(...nodeIds(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expectEachOnceInOrder(seen, await ids());
  });

  it('refuses an invalid cursor and a page size over 100 with BAD_USER_INPUT', async () => {
    expectErrorCode(await app.gql(LIST, { first: 5, after: 'bm9wZQ' }, actors.admin), 'BAD_USER_INPUT');
    expectErrorCode(await app.gql(LIST, { first: 101 }, actors.admin), 'BAD_USER_INPUT');
  });

  it('refuses a malformed funderId or enterpriseId, or an id of another type, with BAD_USER_INPUT', async () => {
    const cases = [
      { filter: { funderId: 'garbage' }, argument: 'filter.funderId' },
      { filter: { funderId: encodeGlobalId('Enterprise', '1') }, argument: 'filter.funderId' },
      { filter: { enterpriseId: 'garbage' }, argument: 'filter.enterpriseId' },
      { filter: { enterpriseId: encodeGlobalId('Agency', kbId) }, argument: 'filter.enterpriseId' },
    ];
    for (const { filter, argument } of cases) {
      const res = await app.gql(LIST, { filter }, actors.admin);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('loads relations through DataLoaders: a small and a large page issue the same number of SQL statements', async () => {
    const query = `query ($first: Int) { recommendations(first: $first) { nodes {
      id recommender { code } funder { code } enterprise { name } technology { name provider { name } } } } }`;
    const { large } = await expectSameStatements(app, query, actors.admin, { first: 2 }, { first: 50 });
    expect(large.data.recommendations.nodes.length).toBe(50);
  });

  it('resolves a recommendation through node(id) with its relations', async () => {
    const [row] = await app.db.query(
      `SELECT r.*, e.name AS enterprise_name, t.name AS technology_name, t.provider_id
       FROM recommendation r JOIN enterprise e ON e.id = r.enterprise_id JOIN safety_technology t ON t.id = r.technology_id
       WHERE r.status = 'ACCEPTED' ORDER BY r.id LIMIT 1`,
    );
    const res = await app.gql(NODE, { id: recommendationId(String(row.id)) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      __typename: 'Recommendation',
      id: recommendationId(String(row.id)),
      rationale: row.rationale,
      status: 'ACCEPTED',
      recommendedAt: new Date(row.recommended_at).toISOString(),
      decidedAt: new Date(row.decided_at).toISOString(),
      recommender: { id: encodeGlobalId('Agency', String(row.recommender_id)), code: 'KOSME' },
      funder: { id: encodeGlobalId('Agency', String(row.funder_id)), code: 'KB' },
      enterprise: { id: encodeGlobalId('Enterprise', String(row.enterprise_id)), name: row.enterprise_name },
      technology: {
        id: encodeGlobalId('SafetyTechnology', String(row.technology_id)),
        name: row.technology_name,
        provider: { id: encodeGlobalId('Enterprise', String(row.provider_id)) },
      },
    });
  });

  it('a recommendation of the enterprise as a whole has no technology and a PENDING one no decidedAt', async () => {
    const res = await app.gql(NODE, { id: otherFunderRecommendationId }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toMatchObject({ status: 'PENDING', decidedAt: null, technology: null, funder: { code: 'SHINHAN' } });
  });

  it('lets AGENCY_OFFICER and ANALYST see every recommendation', async () => {
    const all = await ids();
    for (const token of [actors.kosme, actors.analyst]) {
      expect(nodeIds(await firstPage(null, token))).toEqual(all.slice(0, 100));
    }
  });

  it("a FUNDER_OFFICER of KB sees KB's recommendations only", async () => {
    const token = actors.kb;
    const page = await firstPage(null, token);
    const expected = await ids('funder_id = $1', [kbId]);
    expect(nodeIds(page)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
    expectNullNode(await app.gql(NODE, { id: otherFunderRecommendationId }, token));
    const visible = await app.gql(NODE, { id: expected[0] }, token);
    expect(visible.data.node.id).toBe(expected[0]);
  });

  it('a FUNDER_OFFICER filtering by another funder gets an empty list, not an error', async () => {
    const [{ id: otherFunderId }] = await app.db.query(`SELECT id FROM agency WHERE code = 'SHINHAN'`);
    const page = await firstPage({ funderId: encodeGlobalId('Agency', String(otherFunderId)) }, actors.kb);
    expect(page.totalCount).toBe(0);
  });

  it('an ENTERPRISE sees no recommendations, not even its own, but reads the technology directory', async () => {
    const [{ id, business_registration_number: brn }] = await app.db.query(
      `SELECT r.id, e.business_registration_number FROM recommendation r JOIN enterprise e ON e.id = r.enterprise_id
       WHERE r.funder_id = $1 ORDER BY r.id LIMIT 1`,
      [kbId],
    );
    const token = await actors.enterprise(brn);
    const page = await firstPage(null, token);
    expect(page.totalCount).toBe(0);
    expect(page.edges).toEqual([]);
    expectNullNode(await app.gql(NODE, { id: recommendationId(String(id)) }, token));

    const directory = await app.gql('{ safetyTechnologies(first: 1) { totalCount } }', {}, token);
    const [{ count }] = await app.db.query('SELECT count(*) FROM safety_technology');
    expect(directory.data.safetyTechnologies.totalCount).toBe(Number(count));
  });

  it('refuses a caller without a token with UNAUTHENTICATED', async () => {
    expectErrorCode(await app.gql(LIST, { first: 1 }), 'UNAUTHENTICATED');
  });
});
