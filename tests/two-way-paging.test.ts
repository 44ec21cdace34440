import { Actors, startWithActors } from './support/actors';
import { expectErrorCode, expectSameStatements } from './support/assertions';
import { dbId, gid } from './support/ids';
import { evaluate } from './support/operations';
import { PagedConnection, walkBothWays } from './support/paging';
import { agencyIds, sqlFor, sqlIds, sqlValue } from './support/sql';
import { TestApp } from './support/test-app';

/**
 * Every connection pages both ways (Relay): last/before walks a list from its
 * end back to its start through exactly the items and cursors first/after
 * met, in reverse, with the same page sizes and refusals. Nested connections
 * page backward in one statement per batch, as they page forward.
 *
 * The seed has one agreement per recipient and no evaluations: beforeAll gives
 * one recipient more agreements (in SQL) and evaluates thirty targets through
 * the API, which also writes thirty audit events.
 */

let app: TestApp;
let actors: Actors;

const fixture = {
  kbId: '',
  /** An enterprise funded under seven agreements. */
  recipientId: '',
  /** The provider and the beneficiary with the most activities, and the evaluation that counted the most. */
  providerId: '',
  beneficiaryId: '',
  evaluationId: '',
};

const sql = sqlFor(() => app);

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  fixture.kbId = (await agencyIds(app)).KB;
  fixture.recipientId = await sqlValue(app, `SELECT recipient_id FROM funding_agreement WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
  await sql(
    `INSERT INTO funding_agreement (agreement_number, program_id, funder_id, recipient_id, status, starts_on, ends_on,
                                    base_amount, outcome_budget_cap, activated_at)
     SELECT a.agreement_number || '-P' || copy, a.program_id, a.funder_id, a.recipient_id, a.status, a.starts_on, a.ends_on,
            a.base_amount, a.outcome_budget_cap, a.activated_at
     FROM funding_agreement a CROSS JOIN generate_series(1, 6) AS copy
     WHERE a.recipient_id = $1 AND a.status = 'ACTIVE'`,
    [fixture.recipientId],
  );
  const targets = await sqlIds(
    app,
    `SELECT t.id FROM performance_target t JOIN funding_agreement a ON a.id = t.agreement_id
     WHERE a.status = 'ACTIVE' ORDER BY t.id LIMIT 30`,
  );
  for (const targetId of targets) await evaluate(app, actors.kosme, gid('PerformanceTarget', targetId));
  fixture.providerId = await sqlValue(app, `SELECT provider_id FROM improvement_activity GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  fixture.beneficiaryId = await sqlValue(app, `SELECT beneficiary_id FROM improvement_activity GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
  fixture.evaluationId = await sqlValue(app, `SELECT evaluation_id FROM evaluation_activity GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
});

afterAll(async () => {
  await app.close();
});

const SELECTION = 'totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }';
const PAGE_VARIABLES = '$first: Int, $after: String, $last: Int, $before: String';
const PAGE_ARGUMENTS = 'first: $first, after: $after, last: $last, before: $before';

/** A page of a top-level list, as `list`. */
function topLevel(field: string): string {
  return `query Page(${PAGE_VARIABLES}) { list: ${field}(${PAGE_ARGUMENTS}) { ${SELECTION} } }`;
}

/** A page of a nested connection of the node $parent, as `parent.list`. */
function nested(type: string, field: string, filterType?: string): string {
  const filterVariable = filterType ? `, $filter: ${filterType}` : '';
  const filterArgument = filterType ? ', filter: $filter' : '';
  return `query Page($parent: ID!, ${PAGE_VARIABLES}${filterVariable}) {
  parent: node(id: $parent) { ... on ${type} { list: ${field}(${PAGE_ARGUMENTS}${filterArgument}) { ${SELECTION} } } }
}`;
}

/** Every connection whose last/before the conventions part adds, with the variables that pick its list. */
const CONNECTIONS: Record<string, { query: string; variables?: () => Record<string, unknown> }> = {
  'Query.agencies': { query: topLevel('agencies') },
  'Query.safetyTechnologies': { query: topLevel('safetyTechnologies') },
  'Query.recommendations': { query: topLevel('recommendations') },
  'Query.fundingAgreements': { query: topLevel('fundingAgreements') },
  'Query.targetEvaluations': { query: topLevel('targetEvaluations') },
  'Query.disbursements': { query: topLevel('disbursements') },
  'Query.auditEvents': { query: topLevel('auditEvents') },
  'Agency.fundedAgreements': {
    query: nested('Agency', 'fundedAgreements'),
    variables: () => ({ parent: gid('Agency', fixture.kbId) }),
  },
  'Enterprise.fundingAgreements': {
    query: nested('Enterprise', 'fundingAgreements'),
    variables: () => ({ parent: gid('Enterprise', fixture.recipientId) }),
  },
  'Enterprise.activitiesProvided': {
    query: nested('Enterprise', 'activitiesProvided', 'ImprovementActivityFilter'),
    variables: () => ({ parent: gid('Enterprise', fixture.providerId), filter: { status: ['VERIFIED'] } }),
  },
  'Enterprise.activitiesReceived': {
    query: nested('Enterprise', 'activitiesReceived', 'ImprovementActivityFilter'),
    variables: () => ({ parent: gid('Enterprise', fixture.beneficiaryId) }),
  },
  'TargetEvaluation.countedActivities': {
    query: nested('TargetEvaluation', 'countedActivities'),
    variables: () => ({ parent: gid('TargetEvaluation', fixture.evaluationId) }),
  },
};

type Page = Partial<{ first: number; after: string | null; last: number; before: string | null }>;

function request(name: string, page: Page) {
  const { query, variables } = CONNECTIONS[name];
  return app.gql(query, { ...variables?.(), ...page }, actors.admin);
}

async function fetchPage(name: string, page: Page): Promise<PagedConnection> {
  const res = await request(name, page);
  expect(res.errors).toBeUndefined();
  return res.data.list ?? res.data.parent.list;
}

/**
 * Page sizes to walk a list of `total` items with: several pages (the last one
 * short or full), two pages of which the second holds one item, and one page
 * holding the whole list, where only the row beyond the limit tells that no
 * more follow.
 */
/** Page sizes that split the list unevenly, end exactly at its end, or hold it whole; at most the largest page allowed. */
function pageSizes(total: number): number[] {
  return [...new Set([Math.ceil(total / 3), total - 1, total].map((size) => Math.min(size, app.config.maxPageSize)))];
}

describe.each(Object.keys(CONNECTIONS))('%s', (name) => {
  it('last/before walks from the end to the start through exactly the items and cursors of first/after, reversed', async () => {
    const { totalCount } = await fetchPage(name, { first: 0 });
    expect(totalCount).toBeGreaterThan(2);
    const sizes = pageSizes(totalCount);
    expect(sizes.length).toBeGreaterThan(0);
    for (const pageSize of sizes) {
      const { forward, backward } = await walkBothWays((page) => fetchPage(name, page), pageSize);
      expect(backward).toEqual([...forward].reverse());
    }
  });

  it('a forward cursor pages backward from its edge, 20 items when last is left out', async () => {
    const { forward } = await walkBothWays((page) => fetchPage(name, page), app.config.maxPageSize);
    const lastEdge = forward[forward.length - 1];
    const preceding = await fetchPage(name, { before: lastEdge.cursor });
    expect(preceding.edges.map((edge) => ({ id: dbId(edge.node.id), cursor: edge.cursor }))).toEqual(forward.slice(-21, -1));
    expect(preceding.pageInfo).toMatchObject({ hasPreviousPage: forward.length > 21, hasNextPage: true });

    const third = forward[2].cursor;
    const beforeThird = await fetchPage(name, { last: 5, before: third });
    expect(beforeThird.edges.map((edge) => edge.cursor)).toEqual([forward[0].cursor, forward[1].cursor]);
    expect(beforeThird.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
  });

  it.each([
    [{ last: 101 }, 'last'],
    [{ last: -1 }, 'last'],
    [{ before: 'not-a-cursor' }, 'before'],
    [{ first: 2, before: 'cursor' }, 'first'],
    [{ last: 2, after: 'cursor' }, 'first'],
  ])('refuses %j with BAD_USER_INPUT naming %s', async (page, argument) => {
    const cursor = (await fetchPage(name, { first: 1 })).edges[0].cursor;
    const args = Object.fromEntries(Object.entries(page).map(([key, value]) => [key, value === 'cursor' ? cursor : value]));
    const res = await request(name, args);
    expectErrorCode(res, 'BAD_USER_INPUT');
    expect(res.errors?.[0].extensions.argument).toBe(argument);
    expect(res.errors?.[0].message).toMatch(new RegExp(`^${argument}: `));
    if (argument === 'first') expect(res.errors?.[0].message).toMatch(/first\/after or last\/before, not both/);
  });
});

it('a refused page request fails only the field that sent it, not the others of its batch', async () => {
  const query = `query ($good: ID!, $bad: ID!) {
    good: node(id: $good) { ... on Enterprise { activitiesProvided(last: 2) { nodes { id } } } }
    bad: node(id: $bad) { ... on Enterprise { activitiesProvided(last: 1000) { nodes { id } } } }
  }`;
  const res: any = await app.gql(
    query,
    { good: gid('Enterprise', fixture.providerId), bad: gid('Enterprise', fixture.beneficiaryId) },
    actors.admin,
  );
  expect(res.errors).toHaveLength(1);
  expect(res.errors[0]).toMatchObject({ path: ['bad', 'activitiesProvided'], extensions: { code: 'BAD_USER_INPUT', argument: 'last' } });
  expect(res.data.good.activitiesProvided.nodes).toHaveLength(2);
  expect(res.data.bad).toBeNull();
});

it('the query cost counts last as it counts first', async () => {
  const query = (size: string) => `{
    enterprises(${size}: 100) { nodes {
      activitiesProvided(${size}: 100) { nodes { technology { id } beneficiary { id } } }
      activitiesReceived(${size}: 100) { nodes { technology { id } provider { id } } }
    } }
  }`;
  // 100 enterprises, each with 2 x 100 activities of two related objects.
  const cost = 100 * (1 + 2 * 100 * 3);
  expect(cost).toBeGreaterThan(app.config.queryLimits.maxCost);
  for (const size of ['first', 'last']) {
    const res = await app.gql(query(size), {}, actors.admin);
    expectErrorCode(res, 'QUERY_TOO_COMPLEX');
    expect(res.errors?.[0].extensions.cost).toBe(cost);
  }
});

describe('nested backward pages in one statement per batch', () => {
  const NESTED = `query Nested($parents: Int!, $first: Int, $last: Int) {
    enterprises(first: $parents) { nodes {
      id
      fundingAgreements(first: $first, last: $last) { totalCount nodes { id } }
      activitiesProvided(first: $first, last: $last) { totalCount nodes { id } pageInfo { hasPreviousPage hasNextPage } }
      activitiesReceived(first: $first, last: $last) { totalCount nodes { id } }
    } }
    agencies { nodes { fundedAgreements(first: $first, last: $last) { totalCount nodes { id } } } }
    targetEvaluations(first: $parents) { nodes { countedActivities(first: $first, last: $last) { totalCount nodes { id } } } }
  }`;

  it('a backward page over 10 and over 100 parents sends as many SQL statements as a forward page over 100', async () => {
    const { small, large } = await expectSameStatements(app, NESTED, actors.admin, { parents: 10, last: 3 }, { parents: 100, last: 3 });
    const forward = await app.gql(NESTED, { parents: 100, first: 3 }, actors.admin);
    expect(forward.errors).toBeUndefined();
    expect(large.extensions?.sqlStatements).toBe(forward.extensions?.sqlStatements);
    expect(small.data.enterprises.nodes).toHaveLength(10);
    expect(large.data.enterprises.nodes).toHaveLength(100);
    expect(large.data.targetEvaluations.nodes).toHaveLength(30);
  });

  it('each parent of a batch gets its own last children, in id order', async () => {
    const res: any = await app.gql(NESTED, { parents: 100, last: 3 }, actors.admin);
    expect(res.errors).toBeUndefined();
    const rows: { provider_id: string; id: string }[] = await sql(
      `SELECT provider_id::text, id::text FROM (
         SELECT provider_id, id, row_number() OVER (PARTITION BY provider_id ORDER BY id DESC) AS rank FROM improvement_activity
       ) ranked WHERE rank <= 3 ORDER BY provider_id, id`,
    );
    const providers = res.data.enterprises.nodes.filter((enterprise: any) => enterprise.activitiesProvided.totalCount > 0);
    expect(providers.length).toBeGreaterThan(1);
    for (const enterprise of providers) {
      const expected = rows.filter((row) => row.provider_id === dbId(enterprise.id)).map((row) => row.id);
      expect(enterprise.activitiesProvided.nodes.map((node: { id: string }) => dbId(node.id))).toEqual(expected);
      expect(enterprise.activitiesProvided.pageInfo).toEqual({
        hasPreviousPage: enterprise.activitiesProvided.totalCount > 3,
        hasNextPage: false,
      });
    }
  });
});
