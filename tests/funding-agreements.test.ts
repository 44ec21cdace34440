import { TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, startWithActors } from './support/actors';
import { expectEmptyPage, expectNullNode, expectSameStatements } from './support/assertions';
import { secondFunderAgreement } from './support/operations';
import { listQuery } from './support/paging';
import { sqlIds as sqlRowIds } from './support/sql';

let app: TestApp;
let actors: Actors;

beforeAll(async () => ({ app, actors } = await startWithActors({ seed: true })));
afterAll(() => app?.close());

const LIST = listQuery('fundingAgreements', 'FundingAgreementFilter', { node: 'id agreementNumber' });

const AGREEMENT_FIELDS = `
  id agreementNumber status startsOn endsOn baseAmount outcomeBudgetCap createdAt
  funder { id code } recipient { id name } recommendation { id }
  targets { id } outcomePaymentsEarned outcomeBudgetRemaining`;

const NODE = `
  query Node($id: ID!) {
    node(id: $id) {
      __typename
      ... on FundingAgreement { ${AGREEMENT_FIELDS} }
      ... on PerformanceTarget {
        id metric description periodStart periodEnd baseline targetValue maxPayout
        agreement { id }
        payoutRule { kind threshold tiers { minAchievement share } }
      }
    }
  }`;

/** Walks every page of the list; returns the ids in order and the reported totalCount. */
async function listIds(
  filter: Record<string, unknown> | null,
  token = actors.admin,
  first = 100,
): Promise<{ total: number; ids: string[]; pages: any[] }> {
  const ids: string[] = [];
  const pages: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await app.gql(LIST, { first, after, filter }, token);
    expect(res.errors).toBeUndefined();
    const page: any = res.data.fundingAgreements;
    pages.push(page);
    ids.push(...page.edges.map((edge: any) => edge.node.id));
    if (!page.pageInfo.hasNextPage) return { total: page.totalCount, ids, pages };
    after = page.pageInfo.endCursor;
  }
}

/** The global ids of the agreements matching a condition on funding_agreement a, in id order. */
async function sqlIds(where: string, params: unknown[] = []): Promise<string[]> {
  return (await sqlRowIds(app, `SELECT a.id FROM funding_agreement a WHERE ${where} ORDER BY a.id`, params)).map((id) => gid('FundingAgreement', id));
}

async function agencyId(code: string): Promise<string> {
  const rows = await app.db.query('SELECT id FROM agency WHERE code = $1', [code]);
  return String(rows[0].id);
}

async function errorCode(query: string, variables: Record<string, unknown>, token = actors.admin) {
  const res = await app.gql(query, variables, token);
  expect(res.errors).toBeDefined();
  return { code: res.errors![0].extensions.code, argument: res.errors![0].extensions.argument };
}

async function insertEvaluation(targetId: string, status: 'DRAFT' | 'FINALIZED' | 'VOID', computed: bigint, payout: bigint) {
  await app.db.query(
    `INSERT INTO target_evaluation (target_id, status, actual_value, achieved, computed_payout, payout, capped, explanation,
       prepared_by_id, prepared_by_subject, finalized_by_id, finalized_by_subject, finalized_at, voided_at)
     VALUES ($1, $2, 10, true, $3, $4, $5, 'inserted by the funding-agreements test',
       (SELECT id FROM agency WHERE code = 'KOSME'), 'test-agency-officer',
       CASE WHEN $2 = 'FINALIZED' THEN (SELECT id FROM agency WHERE code = 'KB') END,
       CASE WHEN $2 = 'FINALIZED' THEN 'test-funder-officer' END,
       CASE WHEN $2 = 'FINALIZED' THEN now() END,
       CASE WHEN $2 = 'VOID' THEN now() END)`,
    [targetId, status, String(computed), String(payout), payout < computed],
  );
}

describe('fundingAgreements query', () => {
  it('lists every agreement exactly once, in id order, with its totalCount', async () => {
    const expected = await sqlIds('TRUE');
    const { total, ids } = await listIds(null);
    expect(expected.length).toBeGreaterThan(40);
    expect(total).toBe(expected.length);
    expect(ids).toEqual(expected);
  });

  it('filter.status: any of the given statuses', async () => {
    const expected = await sqlIds("a.status IN ('ACTIVE', 'COMPLETED')");
    const { total, ids } = await listIds({ status: ['ACTIVE', 'COMPLETED'] });
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
    expect(await listIds({ status: ['DRAFT'] }).then((r) => r.ids)).toEqual(await sqlIds("a.status = 'DRAFT'"));
  });

  it('filter.funderId: agreements of that funder', async () => {
    const kb = await agencyId('KB');
    const expected = await sqlIds('a.funder_id = $1', [kb]);
    expect(expected.length).toBeGreaterThan(0);
    const { total, ids } = await listIds({ funderId: gid('Agency', kb) });
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('filter.recipientId: agreements funding that enterprise', async () => {
    const [{ recipient_id: recipient }] = await app.db.query('SELECT recipient_id FROM funding_agreement ORDER BY id DESC LIMIT 1');
    const expected = await sqlIds('a.recipient_id = $1', [recipient]);
    const { total, ids } = await listIds({ recipientId: gid('Enterprise', recipient) });
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
  });

  it('filter.activeOn: agreements whose term includes the day, both ends inclusive', async () => {
    // The latest start and the earliest end of the seed's terms: each includes some agreements and excludes others.
    const [{ latest_start: latestStart, earliest_end: earliestEnd }] = await app.db.query(
      'SELECT max(starts_on)::text AS latest_start, min(ends_on)::text AS earliest_end FROM funding_agreement',
    );
    for (const day of [latestStart, earliestEnd]) {
      const expected = await sqlIds('a.starts_on <= $1 AND a.ends_on >= $1', [day]);
      const { total, ids } = await listIds({ activeOn: day });
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(await sqlIds('TRUE').then((all) => all.length));
      expect(ids).toEqual(expected);
      expect(total).toBe(expected.length);
    }
  });

  it('combines filters: all given conditions must hold', async () => {
    const kb = await agencyId('KB');
    const [{ day }] = await app.db.query("SELECT min(ends_on)::text AS day FROM funding_agreement WHERE status = 'ACTIVE'");
    const expected = await sqlIds("a.status = 'ACTIVE' AND a.funder_id = $1 AND a.starts_on <= $2 AND a.ends_on >= $2", [kb, day]);
    const { ids } = await listIds({ status: ['ACTIVE'], funderId: gid('Agency', kb), activeOn: day });
    expect(ids).toEqual(expected);
  });

  it('an empty result has an empty page, totalCount 0 and no cursors', async () => {
    const kosme = await agencyId('KOSME');
    const res = await app.gql(LIST, { filter: { funderId: gid('Agency', kosme) } }, actors.admin);
    expect(res.errors).toBeUndefined();
    expectEmptyPage(res.data.fundingAgreements);
  });

  it('pages with first/after: every agreement exactly once, with consistent pageInfo', async () => {
    const expected = await sqlIds('TRUE');
    const { total, ids, pages } = await listIds(null, actors.admin, 7);
    expect(ids).toEqual(expected);
    expect(new Set(ids).size).toBe(ids.length);
    expect(total).toBe(expected.length);
    expect(pages).toHaveLength(Math.ceil(expected.length / 7));
    pages.forEach((page, index) => {
      expect(page.pageInfo.hasPreviousPage).toBe(index > 0);
      expect(page.pageInfo.hasNextPage).toBe(index < pages.length - 1);
      expect(page.pageInfo.startCursor).toBe(page.edges[0].cursor);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
    });
  });

  it('first defaults to 20', async () => {
    const res = await app.gql(LIST, {}, actors.admin);
    expect(res.data.fundingAgreements.edges).toHaveLength(20);
    expect(res.data.fundingAgreements.pageInfo.hasNextPage).toBe(true);
  });

  it('an invalid cursor is BAD_USER_INPUT naming after', async () => {
    expect(await errorCode(LIST, { after: 'not-a-cursor' })).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    const forged = Buffer.from(JSON.stringify(['id:ASC', 'DROP TABLE'])).toString('base64url');
    expect(await errorCode(LIST, { after: forged })).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('a cursor of another list ordering is BAD_USER_INPUT', async () => {
    const res = await app.gql('{ enterprises(first: 1) { pageInfo { endCursor } } }', {}, actors.admin);
    const cursor = res.data.enterprises.pageInfo.endCursor;
    expect(await errorCode(LIST, { after: cursor })).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it.each([101, -1])('first: %d is BAD_USER_INPUT (at most 100)', async (first) => {
    expect(await errorCode(LIST, { first })).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('malformed or wrongly typed filter ids are BAD_USER_INPUT naming the argument', async () => {
    const enterpriseId = gid('Enterprise', 1);
    const agencyGlobalId = gid('Agency', await agencyId('KB'));
    expect(await errorCode(LIST, { filter: { funderId: 'nope' } })).toEqual({ code: 'BAD_USER_INPUT', argument: 'filter.funderId' });
    expect(await errorCode(LIST, { filter: { funderId: enterpriseId } })).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'filter.funderId',
    });
    expect(await errorCode(LIST, { filter: { recipientId: '!!' } })).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'filter.recipientId',
    });
    expect(await errorCode(LIST, { filter: { recipientId: agencyGlobalId } })).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'filter.recipientId',
    });
  });

  it('a malformed activeOn date is rejected as bad user input', async () => {
    const res = await app.gql(LIST, { filter: { activeOn: '2026-02-30' } }, actors.admin);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('needs a token: UNAUTHENTICATED without one', async () => {
    const res = await app.gql(LIST, {}, null);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('node(id)', () => {
  it('resolves a FundingAgreement with its scalars and relations', async () => {
    const [row] = await app.db.query(
      `SELECT a.*, a.starts_on::text AS starts, a.ends_on::text AS ends, f.code AS funder_code, e.name AS recipient_name
         FROM funding_agreement a JOIN agency f ON f.id = a.funder_id JOIN enterprise e ON e.id = a.recipient_id
        WHERE a.recommendation_id IS NOT NULL ORDER BY a.id LIMIT 1`,
    );
    const targets = await app.db.query('SELECT id FROM performance_target WHERE agreement_id = $1 ORDER BY id', [row.id]);
    const res = await app.gql(NODE, { id: gid('FundingAgreement', row.id) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      __typename: 'FundingAgreement',
      id: gid('FundingAgreement', row.id),
      agreementNumber: row.agreement_number,
      status: row.status,
      startsOn: row.starts,
      endsOn: row.ends,
      baseAmount: String(row.base_amount),
      outcomeBudgetCap: String(row.outcome_budget_cap),
      createdAt: new Date(row.created_at).toISOString(),
      funder: { id: gid('Agency', row.funder_id), code: row.funder_code },
      recipient: { id: gid('Enterprise', row.recipient_id), name: row.recipient_name },
      recommendation: { id: gid('Recommendation', row.recommendation_id) },
      targets: targets.map((t: { id: string }) => ({ id: gid('PerformanceTarget', t.id) })),
      outcomePaymentsEarned: expect.any(String),
      outcomeBudgetRemaining: expect.any(String),
    });
    expect(targets.length).toBeGreaterThan(0);
  });

  it('resolves a PerformanceTarget with its agreement', async () => {
    const [row] = await app.db.query(
      `SELECT t.*, t.period_start::text AS starts, t.period_end::text AS ends
         FROM performance_target t WHERE t.description IS NOT NULL ORDER BY t.id DESC LIMIT 1`,
    );
    const res = await app.gql(NODE, { id: gid('PerformanceTarget', row.id) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toMatchObject({
      __typename: 'PerformanceTarget',
      id: gid('PerformanceTarget', row.id),
      metric: row.metric,
      description: row.description,
      periodStart: row.starts,
      periodEnd: row.ends,
      baseline: row.baseline,
      targetValue: row.target_value,
      maxPayout: String(row.max_payout),
      agreement: { id: gid('FundingAgreement', row.agreement_id) },
      payoutRule: { kind: row.payout_rule_kind },
    });
  });

  it('is null for an agreement or target that does not exist', async () => {
    for (const type of ['FundingAgreement', 'PerformanceTarget'] as const) {
      expectNullNode(await app.gql(NODE, { id: gid(type, '999999999') }, actors.admin));
    }
  });
});

describe('PerformanceTarget.payoutRule (R11)', () => {
  it('shows every stored rule with basis points as ratios: threshold = bp / 10000, tiers likewise', async () => {
    const rows = await app.db.query('SELECT id, payout_rule_kind, payout_threshold_bp, payout_tiers FROM performance_target');
    const res = await app.gql(
      `{ fundingAgreements(first: 100) { nodes { targets { id payoutRule { kind threshold tiers { minAchievement share } } } } } }`,
      {},
      actors.admin,
    );
    expect(res.errors).toBeUndefined();
    const shown = new Map<string, any>();
    for (const agreement of res.data.fundingAgreements.nodes) {
      for (const target of agreement.targets) shown.set(target.id, target.payoutRule);
    }
    expect(shown.size).toBe(rows.length);
    for (const row of rows) {
      const kind = row.payout_rule_kind;
      expect(shown.get(gid('PerformanceTarget', row.id))).toEqual({
        kind,
        // A PRO_RATA rule stored without a threshold pays from the first unit of progress: threshold 0.
        threshold: kind === 'PRO_RATA' ? (row.payout_threshold_bp ?? 0) / 10000 : null,
        tiers:
          kind === 'TIERED'
            ? row.payout_tiers.map((tier: any) => ({ minAchievement: tier.minAchievementBp / 10000, share: tier.shareBp / 10000 }))
            : null,
      });
    }
    // The seed holds every shape: all three kinds, PRO_RATA with and without a threshold.
    const shapes = new Set(rows.map((row: any) => `${row.payout_rule_kind}:${row.payout_threshold_bp === null}`));
    expect(shapes).toEqual(new Set(['ALL_OR_NOTHING:true', 'PRO_RATA:true', 'PRO_RATA:false', 'TIERED:true']));
  });

  it('shows a 4-decimal ratio exactly', async () => {
    const [target] = await app.db.query("SELECT id FROM performance_target WHERE payout_rule_kind = 'PRO_RATA' LIMIT 1");
    await app.db.query('UPDATE performance_target SET payout_threshold_bp = 5701 WHERE id = $1', [target.id]);
    const res = await app.gql(NODE, { id: gid('PerformanceTarget', target.id) }, actors.admin);
    expect(res.data.node.payoutRule.threshold).toBe(0.5701);
  });
});

describe('outcome payments (R10, R14)', () => {
  let agreement: { id: string; cap: bigint; targets: string[] };
  /** Odd amounts within the cap, so that a float anywhere on the way would show. */
  let finalized: [bigint, bigint];

  beforeAll(async () => {
    const [row] = await app.db.query(
      `SELECT a.id, a.outcome_budget_cap::text AS cap, array_agg(t.id::text ORDER BY t.id) AS targets
         FROM funding_agreement a JOIN performance_target t ON t.agreement_id = a.id
        GROUP BY a.id HAVING count(*) >= 2 ORDER BY a.outcome_budget_cap DESC, a.id LIMIT 1`,
    );
    agreement = { id: String(row.id), cap: BigInt(row.cap), targets: row.targets };
    finalized = [agreement.cap / 3n + 1n, agreement.cap / 7n + 3n];
  });

  const EARNED = `query Earned($id: ID!) { node(id: $id) { ... on FundingAgreement { outcomePaymentsEarned outcomeBudgetRemaining } } }`;

  it('earns 0 and keeps the whole cap while nothing is finalized', async () => {
    const res = await app.gql(EARNED, { id: gid('FundingAgreement', agreement.id) }, actors.admin);
    expect(res.data.node).toEqual({ outcomePaymentsEarned: '0', outcomeBudgetRemaining: agreement.cap.toString() });
  });

  it('sums the payouts of FINALIZED evaluations only, exactly; drafts and voided ones do not count', async () => {
    const [first, second] = agreement.targets;
    await insertEvaluation(first, 'FINALIZED', finalized[0], finalized[0]);
    await insertEvaluation(second, 'VOID', 5_000_000n, 5_000_000n);
    // A capped finalization: what counts is the payout, not the computed amount.
    await insertEvaluation(second, 'FINALIZED', finalized[1] + 1_000n, finalized[1]);
    await insertEvaluation(first, 'DRAFT', 7_000_000n, 7_000_000n);

    const earned = finalized[0] + finalized[1];
    for (const token of [actors.admin, actors.kb, actors.analyst]) {
      const res = await app.gql(EARNED, { id: gid('FundingAgreement', agreement.id) }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data.node).toEqual({
        outcomePaymentsEarned: earned.toString(),
        outcomeBudgetRemaining: (agreement.cap - earned).toString(),
      });
    }
  });

  it('matches an independent SQL sum for every agreement on a page', async () => {
    const other = await app.db.query(
      `SELECT t.id FROM performance_target t WHERE t.agreement_id <> $1 ORDER BY t.id DESC LIMIT 1`,
      [agreement.id],
    );
    await insertEvaluation(other[0].id, 'FINALIZED', 3_000_000n, 2_999_999n);
    const expected = await app.db.query(
      `SELECT a.id, a.outcome_budget_cap::text AS cap,
              COALESCE((SELECT sum(e.payout) FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id
                         WHERE t.agreement_id = a.id AND e.status = 'FINALIZED'), 0)::text AS earned
         FROM funding_agreement a ORDER BY a.id`,
    );
    const res = await app.gql(
      '{ fundingAgreements(first: 100) { nodes { id outcomePaymentsEarned outcomeBudgetRemaining } } }',
      {},
      actors.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.fundingAgreements.nodes).toEqual(
      expected.map((row: any) => ({
        id: gid('FundingAgreement', row.id),
        outcomePaymentsEarned: row.earned,
        outcomeBudgetRemaining: (BigInt(row.cap) - BigInt(row.earned)).toString(),
      })),
    );
    expect(expected.filter((row: any) => row.earned !== '0')).toHaveLength(2);
  });
});

describe('visibility (role table)', () => {
  let otherFunder: { agencyId: string; agreementId: string; targetId: string };
  let supplier: { brn: string; id: string; token: string };

  beforeAll(async () => {
    // A second financial institution with one DRAFT agreement of its own, made through the API, to show funders are kept apart.
    const [recipient] = await app.db.query('SELECT recipient_id FROM funding_agreement ORDER BY id LIMIT 1');
    const agreement = await secondFunderAgreement(app, actors, {
      recipient: { id: gid('Enterprise', recipient.recipient_id) },
      agreementNumber: 'SH-RBF-2026-001',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      baseAmount: '10000000',
      outcomeBudgetCap: '20000000',
      targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2027-01-01', periodEnd: '2027-12-31', baseline: 0, targetValue: 10, maxPayout: '20000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
      status: 'DRAFT',
    });
    const [{ id: agencyId }] = await app.db.query('SELECT funder_id AS id FROM funding_agreement WHERE id = $1', [dbId(agreement.id)]);
    otherFunder = { agencyId: String(agencyId), agreementId: dbId(agreement.id), targetId: dbId(agreement.targetIds[0]) };

    // A supplier of the seed that is not the recipient of the first agreement.
    const [row] = await app.db.query(
      `SELECT e.id, e.business_registration_number AS brn FROM enterprise e
        WHERE e.id IN (SELECT recipient_id FROM funding_agreement) AND e.id <> $1 ORDER BY e.id LIMIT 1`,
      [recipient.recipient_id],
    );
    supplier = { brn: row.brn, id: String(row.id), token: await actors.enterprise(row.brn) };
  });

  it('FUNDER_OFFICER of KB sees exactly the agreements KB funds', async () => {
    const kb = await agencyId('KB');
    const expected = await sqlIds('a.funder_id = $1', [kb]);
    const { total, ids } = await listIds(null, actors.kb);
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
    // Every seeded agreement is KB's; only the one inserted above is not.
    expect(expected).toEqual(await sqlIds('a.id <> $1', [otherFunder.agreementId]));
  });

  it("FUNDER_OFFICER cannot read another funder's agreement or target: null in node, absent from lists", async () => {
    for (const id of [gid('FundingAgreement', otherFunder.agreementId), gid('PerformanceTarget', otherFunder.targetId)]) {
      expectNullNode(await app.gql(NODE, { id }, actors.kb));
    }
    const filtered = await listIds({ funderId: gid('Agency', otherFunder.agencyId) }, actors.kb);
    expect(filtered).toMatchObject({ total: 0, ids: [] });

    const shinhan = actors.shinhan;
    expect((await listIds(null, shinhan)).ids).toEqual([gid('FundingAgreement', otherFunder.agreementId)]);
    const res = await app.gql(NODE, { id: gid('PerformanceTarget', otherFunder.targetId) }, shinhan);
    expect(res.data.node).toMatchObject({ agreement: { id: gid('FundingAgreement', otherFunder.agreementId) } });
  });

  it('ENTERPRISE sees only its own agreements in the list', async () => {
    const expected = await sqlIds('a.recipient_id = $1', [supplier.id]);
    expect(expected.length).toBeGreaterThan(0);
    const { total, ids } = await listIds(null, supplier.token);
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
    // Filtering by another recipient cannot widen what it sees.
    const [other] = await app.db.query('SELECT recipient_id FROM funding_agreement WHERE recipient_id <> $1 LIMIT 1', [supplier.id]);
    expect(await listIds({ recipientId: gid('Enterprise', other.recipient_id) }, supplier.token)).toMatchObject({ total: 0, ids: [] });
  });

  it("ENTERPRISE reads its own agreement and targets, and null for another enterprise's", async () => {
    const [own] = await app.db.query(
      'SELECT a.id, min(t.id) AS target_id FROM funding_agreement a JOIN performance_target t ON t.agreement_id = a.id WHERE a.recipient_id = $1 GROUP BY a.id LIMIT 1',
      [supplier.id],
    );
    const [foreign] = await app.db.query(
      'SELECT a.id, min(t.id) AS target_id FROM funding_agreement a JOIN performance_target t ON t.agreement_id = a.id WHERE a.recipient_id <> $1 GROUP BY a.id LIMIT 1',
      [supplier.id],
    );
    const ownAgreement = await app.gql(NODE, { id: gid('FundingAgreement', own.id) }, supplier.token);
    expect(ownAgreement.errors).toBeUndefined();
    expect(ownAgreement.data.node).toMatchObject({ id: gid('FundingAgreement', own.id), recipient: { id: gid('Enterprise', supplier.id) } });
    // Recommendations are between the agency and the funder: an enterprise sees the agreement, not the recommendation.
    expect(ownAgreement.data.node.recommendation).toBeNull();
    const ownTarget = await app.gql(NODE, { id: gid('PerformanceTarget', own.target_id) }, supplier.token);
    expect(ownTarget.data.node).toMatchObject({ id: gid('PerformanceTarget', own.target_id) });

    for (const id of [gid('FundingAgreement', foreign.id), gid('PerformanceTarget', foreign.target_id)]) {
      expectNullNode(await app.gql(NODE, { id }, supplier.token));
    }
  });

  it.each([
    ['ANALYST', () => actors.analyst],
    ['AGENCY_OFFICER', () => actors.kosme],
  ])('%s sees every agreement', async (_role, token) => {
    const expected = await sqlIds('TRUE');
    const { total, ids } = await listIds(null, token());
    expect(ids).toEqual(expected);
    expect(total).toBe(expected.length);
    const res = await app.gql(NODE, { id: gid('PerformanceTarget', otherFunder.targetId) }, token());
    expect(res.data.node).toMatchObject({ id: gid('PerformanceTarget', otherFunder.targetId) });
  });
});

describe('DataLoaders: SQL statements do not grow with the page', () => {
  const NESTED = `
    query Nested($first: Int) {
      fundingAgreements(first: $first) {
        totalCount
        nodes {
          id recipient { name } funder { code } recommendation { id }
          targets { id agreement { id } payoutRule { kind threshold } }
          outcomePaymentsEarned outcomeBudgetRemaining
        }
      }
    }`;

  it.each([
    ['ADMIN', () => actors.admin],
    ['FUNDER_OFFICER', () => actors.kb],
  ])('a page of 10 and a page of 40 issue the same number of statements (%s)', async (_role, token) => {
    const { small, large } = await expectSameStatements(app, NESTED, token(), { first: 10 }, { first: 40 });
    expect(small.data.fundingAgreements.nodes).toHaveLength(10);
    expect(large.data.fundingAgreements.nodes).toHaveLength(40);
    expect(small.extensions?.sqlStatements).toBeGreaterThan(0);
  });
});

/**
 * Relations served by the activities, disbursements and evaluations modules'
 * loaders, and Agency.fundedAgreements / Enterprise.fundingAgreements (fields the
 * lead engineer adds over this module's byFunder and byRecipient loaders).
 */
describe('relations through other modules', () => {
  it('activities: the first page of the agreement\'s activities by id, with totalCount and a filter', async () => {
    const [{ agreement_id: agreementId }] = await app.db.query(
      `SELECT agreement_id FROM improvement_activity GROUP BY agreement_id HAVING count(*) > 12 ORDER BY agreement_id LIMIT 1`,
    );
    const all = await app.db.query('SELECT id, status FROM improvement_activity WHERE agreement_id = $1 ORDER BY id', [agreementId]);
    const query = `
      query Activities($id: ID!, $after: String, $filter: ImprovementActivityFilter) {
        node(id: $id) { ... on FundingAgreement {
          activities(first: 5, after: $after, filter: $filter) { totalCount nodes { id } pageInfo { hasNextPage endCursor } }
        } }
      }`;
    const id = gid('FundingAgreement', agreementId);
    const first = await app.gql(query, { id }, actors.admin);
    expect(first.errors).toBeUndefined();
    const page = first.data.node.activities;
    expect(page.totalCount).toBe(all.length);
    expect(page.nodes).toEqual(all.slice(0, 5).map((row: any) => ({ id: gid('ImprovementActivity', row.id) })));
    expect(page.pageInfo.hasNextPage).toBe(true);

    const second = await app.gql(query, { id, after: page.pageInfo.endCursor }, actors.admin);
    expect(second.data.node.activities.nodes).toEqual(all.slice(5, 10).map((row: any) => ({ id: gid('ImprovementActivity', row.id) })));

    const verified = all.filter((row: any) => row.status === 'VERIFIED');
    const filtered = await app.gql(query, { id, filter: { status: ['VERIFIED'] } }, actors.admin);
    expect(filtered.data.node.activities.totalCount).toBe(verified.length);
    expect(filtered.data.node.activities.nodes).toEqual(
      verified.slice(0, 5).map((row: any) => ({ id: gid('ImprovementActivity', row.id) })),
    );
  });

  it('disbursements: every disbursement of the agreement', async () => {
    const [{ agreement_id: agreementId }] = await app.db.query('SELECT agreement_id FROM disbursement ORDER BY id LIMIT 1');
    const rows = await app.db.query('SELECT id, amount::text FROM disbursement WHERE agreement_id = $1 ORDER BY id', [agreementId]);
    const res = await app.gql(
      `query D($id: ID!) { node(id: $id) { ... on FundingAgreement { disbursements { id amount } } } }`,
      { id: gid('FundingAgreement', agreementId) },
      actors.admin,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node.disbursements).toEqual(rows.map((row: any) => ({ id: gid('Disbursement', row.id), amount: row.amount })));
  });

  it('latestEvaluation is the finalized evaluation, else the newest draft; evaluations lists them all', async () => {
    const [target] = await app.db.query(
      `SELECT t.id FROM performance_target t
        WHERE NOT EXISTS (SELECT 1 FROM target_evaluation e WHERE e.target_id = t.id) ORDER BY t.id LIMIT 1`,
    );
    const query = `
      query T($id: ID!) { node(id: $id) { ... on PerformanceTarget {
        latestEvaluation { id status } evaluations { id status }
      } } }`;
    const id = gid('PerformanceTarget', target.id);
    const evaluationsOf = async () =>
      (await app.db.query('SELECT id, status FROM target_evaluation WHERE target_id = $1 ORDER BY id', [target.id])).map(
        (row: any) => ({ id: gid('TargetEvaluation', row.id), status: row.status }),
      );

    expect((await app.gql(query, { id }, actors.admin)).data.node).toEqual({ latestEvaluation: null, evaluations: [] });

    await insertEvaluation(target.id, 'VOID', 1_000n, 1_000n);
    await insertEvaluation(target.id, 'DRAFT', 2_000n, 2_000n);
    let evaluations = await evaluationsOf();
    expect((await app.gql(query, { id }, actors.admin)).data.node).toEqual({ latestEvaluation: evaluations[1], evaluations });

    await insertEvaluation(target.id, 'FINALIZED', 2_000n, 2_000n);
    await insertEvaluation(target.id, 'DRAFT', 3_000n, 3_000n);
    evaluations = await evaluationsOf();
    expect((await app.gql(query, { id }, actors.admin)).data.node).toEqual({ latestEvaluation: evaluations[2], evaluations });
  });

  it('a page of 10 and a page of 40 issue the same number of statements with every relation selected', async () => {
    const query = `
      query Nested($first: Int) {
        fundingAgreements(first: $first) {
          nodes {
            id activities(first: 3) { totalCount nodes { id } } disbursements { id amount }
            targets { id latestEvaluation { id } evaluations { id } }
          }
        }
      }`;
    const { large } = await expectSameStatements(app, query, actors.admin, { first: 10 }, { first: 40 });
    expect(large.data.fundingAgreements.nodes).toHaveLength(40);
  });

  it("Agency.fundedAgreements and Enterprise.fundingAgreements: the parent's visible agreements by id", async () => {
    const kb = await agencyId('KB');
    const kbIds = await sqlIds('a.funder_id = $1', [kb]);
    const agencies = await app.gql(
      `{ agencies(first: 100) { nodes { id code fundedAgreements(first: 5) { totalCount nodes { id } pageInfo { hasNextPage } } } } }`,
      {},
      actors.admin,
    );
    expect(agencies.errors).toBeUndefined();
    const kbNode = agencies.data.agencies.nodes.find((node: any) => node.id === gid('Agency', kb));
    expect(kbNode.fundedAgreements).toEqual({
      totalCount: kbIds.length,
      nodes: kbIds.slice(0, 5).map((id) => ({ id })),
      pageInfo: { hasNextPage: true },
    });
    const kosme = agencies.data.agencies.nodes.find((node: any) => node.code === 'KOSME');
    expect(kosme.fundedAgreements).toEqual({ totalCount: 0, nodes: [], pageInfo: { hasNextPage: false } });

    const [{ recipient_id: recipient }] = await app.db.query(
      'SELECT recipient_id FROM funding_agreement GROUP BY recipient_id ORDER BY count(*) DESC, recipient_id LIMIT 1',
    );
    const recipientIds = await sqlIds('a.recipient_id = $1', [recipient]);
    const enterprise = await app.gql(
      `query E($id: ID!) { node(id: $id) { ... on Enterprise { fundingAgreements(first: 100) { totalCount nodes { id } } } } }`,
      { id: gid('Enterprise', recipient) },
      actors.admin,
    );
    expect(enterprise.errors).toBeUndefined();
    expect(enterprise.data.node.fundingAgreements).toEqual({ totalCount: recipientIds.length, nodes: recipientIds.map((id) => ({ id })) });
  });

  it('Agency.fundedAgreements keeps to what the caller may see', async () => {
    const kb = await agencyId('KB');
    const [{ id: supplierId, brn }] = await app.db.query(
      `SELECT e.id, e.business_registration_number AS brn FROM enterprise e
        WHERE e.id IN (SELECT recipient_id FROM funding_agreement WHERE funder_id = $1) ORDER BY e.id DESC LIMIT 1`,
      [kb],
    );
    const token = await actors.enterprise(brn);
    const expected = await sqlIds('a.funder_id = $1 AND a.recipient_id = $2', [kb, supplierId]);
    const res = await app.gql(
      `query A($id: ID!) { node(id: $id) { ... on Agency { fundedAgreements(first: 100) { totalCount nodes { id } } } } }`,
      { id: gid('Agency', kb) },
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node.fundedAgreements).toEqual({ totalCount: expected.length, nodes: expected.map((id) => ({ id })) });
  });

  it('nested agreement connections issue the same number of statements for 10 and 40 enterprises', async () => {
    const query = `
      query E($first: Int) {
        enterprises(first: $first, filter: { isTechnologyProvider: true }) {
          nodes { id fundingAgreements(first: 2) { totalCount nodes { id targets { id } } } }
        }
      }`;
    await expectSameStatements(app, query, actors.admin, { first: 10 }, { first: 40 });
  });
});
