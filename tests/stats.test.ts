import { encodeGlobalId } from '../src/common/global-id';
import { dbId } from './support/ids';
import { TestApp } from './support/test-app';
import { Actors, addSecondFunder, startWithActors } from './support/actors';
import * as api from './support/operations';

/**
 * programSummary and activityStats against independent SQL over the demo
 * program (finalized evaluations, capped payouts, paid outcome payments), plus
 * a second funder (SHINHAN) funding one agreement here, through the API, so
 * that visibility has something to hide.
 */

const SUMMARY = `query ($from: Date, $to: Date, $funderId: ID) {
  programSummary(from: $from, to: $to, funderId: $funderId) {
    agreementsByStatus { status count }
    baseAmountCommitted outcomeBudgetCommitted outcomePaymentsEarned disbursedPaid
    activitiesVerified beneficiariesReached workersCovered targetAchievementRate
  }
}`;

const STATS = `query ($by: ActivityDimension!, $filter: ImprovementActivityFilter) {
  activityStats(by: $by, filter: $filter) { key activities beneficiaries workersCovered hazardsRemediated riskPointsReduced }
}`;

const DIMENSIONS = [
  'BENEFICIARY_REGION',
  'HAZARD',
  'KIND',
  'TECHNOLOGY_CATEGORY',
  'BENEFICIARY_INDUSTRY',
  'COMPLETED_MONTH',
  'PROVIDER',
] as const;
type Dimension = (typeof DIMENSIONS)[number];

type Range = { from?: string; to?: string };

/** Which agreements a summary covers: all, one funder's, one recipient's, or both conditions. */
interface AgreementScope {
  funderId?: string;
  recipientId?: string;
}

let app: TestApp;
let actors: Actors;
let kbId: string;
let shinhanId: string;
let seoulToday: string;

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: 'program' }));
  [{ id: kbId }] = await app.db.query(`SELECT id FROM agency WHERE code = 'KB'`);
  [{ today: seoulToday }] = await app.db.query(`SELECT to_char(timezone('Asia/Seoul', now()), 'YYYY-MM-DD') AS today`);
  // A second bank with one ACTIVE agreement, a paid base grant (paid on 2026-04-03 in Korea) and one verified activity.
  shinhanId = await addSecondFunder(app);
  // Its activity is carried out at another supplier, so that enterprise both provided and received activities.
  const [template] = await app.db.query(
    `SELECT a.recipient_id, other.recipient_id AS beneficiary_id, ia.technology_id FROM funding_agreement a
       JOIN improvement_activity ia ON ia.agreement_id = a.id
       JOIN funding_agreement other ON other.recipient_id <> a.recipient_id
       JOIN improvement_activity provided ON provided.agreement_id = other.id
      ORDER BY a.id, ia.id, other.id LIMIT 1`,
  );
  const agreement = await api.secondFunderAgreement(app, actors, {
    recipient: { id: encodeGlobalId('Enterprise', String(template.recipient_id)) },
    agreementNumber: 'SH-2026-001',
    startsOn: '2026-04-01',
    endsOn: '2027-03-31',
    baseAmount: '120000000',
    outcomeBudgetCap: '80000000',
    targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-04-01', periodEnd: '2026-09-30', targetValue: 10, maxPayout: '20000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
  });
  const [baseGrant] = agreement.agreement.disbursements;
  // As if the agreement had been activated on its first day: a grant is never paid before it was scheduled.
  await app.db.query(`UPDATE disbursement SET scheduled_at = '2026-04-01T00:00:00Z' WHERE id = $1`, [dbId(baseGrant.id)]);
  await api.recordPayment(app, actors.shinhan, { id: baseGrant.id, bankReference: 'SH-TRX-1', paidAt: '2026-04-02T15:30:00Z', idempotencyKey: 'stats-base-grant' });
  await api.ensureMatch(app, actors, agreement.id, encodeGlobalId('Enterprise', String(template.beneficiary_id)));
  const activity = await api.reportActivity(app, actors.kosme, {
    agreementId: agreement.id,
    beneficiaryId: encodeGlobalId('Enterprise', String(template.beneficiary_id)),
    technologyId: encodeGlobalId('SafetyTechnology', String(template.technology_id)),
    kind: 'ON_SITE_INSPECTION',
    title: 'SHINHAN-funded inspection',
    hazardsAddressed: ['FALL', 'ELECTRICAL'],
    workersCovered: 17,
    hazardsRemediated: 3,
    riskLevelBefore: 12,
    riskLevelAfter: 4,
    startedOn: '2026-05-10',
    completedOn: '2026-05-12',
  });
  await api.verify(app, actors.kosme, activity.id);
});

afterAll(async () => {
  await app.close();
});

// ---------------------------------------------------------------- independent SQL

/** $1 from, $2 to (dates or null), $3 funder, $4 recipient: the agreement condition on `a`. */
const AGREEMENT_SCOPE = `($3::bigint IS NULL OR a.funder_id = $3) AND ($4::bigint IS NULL OR a.recipient_id = $4)`;
const SEOUL_DAY_IN_RANGE = (timestamp: string) =>
  `timezone('Asia/Seoul', ${timestamp})::date BETWEEN COALESCE($1::date, '-infinity') AND COALESCE($2::date, 'infinity')`;

async function expectedSummary(range: Range, scope: AgreementScope) {
  const params = [range.from ?? null, range.to ?? null, scope.funderId ?? null, scope.recipientId ?? null];
  const q = async (sql: string) => (await app.db.query(sql, params))[0];
  const byStatus: { status: string; count: number }[] = await app.db.query(
    `SELECT s.status, COUNT(a.id)::int AS count
       FROM (VALUES (1, 'DRAFT'), (2, 'ACTIVE'), (3, 'COMPLETED'), (4, 'TERMINATED')) s(ord, status)
       LEFT JOIN funding_agreement a ON a.status = s.status AND ${AGREEMENT_SCOPE}
        AND ($1::date IS NULL OR a.ends_on >= $1) AND ($2::date IS NULL OR a.starts_on <= $2)
      GROUP BY s.ord, s.status ORDER BY s.ord`,
    params,
  );
  const committed = await q(
    `SELECT COALESCE(SUM(base_amount), 0)::text AS base, COALESCE(SUM(outcome_budget_cap), 0)::text AS outcome
       FROM funding_agreement a
      WHERE a.status IN ('ACTIVE', 'COMPLETED') AND ${AGREEMENT_SCOPE}
        AND ($1::date IS NULL OR a.ends_on >= $1) AND ($2::date IS NULL OR a.starts_on <= $2)`,
  );
  const evaluations = await q(
    `SELECT COALESCE(SUM(e.payout), 0)::text AS earned, COUNT(*)::int AS finalized,
            COUNT(*) FILTER (WHERE e.achieved)::int AS achieved
       FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id JOIN funding_agreement a ON a.id = t.agreement_id
      WHERE e.status = 'FINALIZED' AND ${AGREEMENT_SCOPE} AND ${SEOUL_DAY_IN_RANGE('e.finalized_at')}`,
  );
  const paid = await q(
    `SELECT COALESCE(SUM(d.amount), 0)::text AS paid
       FROM disbursement d JOIN funding_agreement a ON a.id = d.agreement_id
      WHERE d.status = 'PAID' AND ${AGREEMENT_SCOPE} AND ${SEOUL_DAY_IN_RANGE('d.paid_at')}`,
  );
  const activities = await q(
    `SELECT COUNT(*)::int AS verified, COUNT(DISTINCT i.beneficiary_id)::int AS beneficiaries,
            COALESCE(SUM(i.workers_covered), 0)::int AS workers
       FROM improvement_activity i JOIN funding_agreement a ON a.id = i.agreement_id
      WHERE i.status = 'VERIFIED' AND ${AGREEMENT_SCOPE}
        AND i.completed_on BETWEEN COALESCE($1::date, '-infinity') AND COALESCE($2::date, 'infinity')`,
  );
  return {
    agreementsByStatus: byStatus,
    baseAmountCommitted: committed.base,
    outcomeBudgetCommitted: committed.outcome,
    outcomePaymentsEarned: evaluations.earned,
    disbursedPaid: paid.paid,
    activitiesVerified: activities.verified,
    beneficiariesReached: activities.beneficiaries,
    workersCovered: activities.workers,
    targetAchievementRate: evaluations.finalized === 0 ? null : evaluations.achieved / evaluations.finalized,
  };
}

const EXPECTED_KEYS: Record<Dimension, { key: string; from: string }> = {
  BENEFICIARY_REGION: { key: 'b.region', from: 'improvement_activity i JOIN enterprise b ON b.id = i.beneficiary_id' },
  HAZARD: { key: 'h.hazard', from: 'improvement_activity i CROSS JOIN LATERAL unnest(i.hazards_addressed) AS h(hazard)' },
  KIND: { key: 'i.kind', from: 'improvement_activity i' },
  TECHNOLOGY_CATEGORY: { key: 't.category', from: 'improvement_activity i JOIN safety_technology t ON t.id = i.technology_id' },
  BENEFICIARY_INDUSTRY: { key: 'b.industry_code', from: 'improvement_activity i JOIN enterprise b ON b.id = i.beneficiary_id' },
  COMPLETED_MONTH: { key: 'left(i.completed_on::text, 7)', from: 'improvement_activity i' },
  PROVIDER: { key: 'i.provider_id::text', from: 'improvement_activity i' },
};

/** The rows activityStats should return for activities `i` matching `where`, sorted by key as JavaScript compares strings. */
async function expectedStats(by: Dimension, where: string, params: unknown[] = []) {
  const { key, from } = EXPECTED_KEYS[by];
  const rows: any[] = await app.db.query(
    `SELECT ${key} AS key, COUNT(*)::int AS activities, COUNT(DISTINCT i.beneficiary_id)::int AS beneficiaries,
            SUM(i.workers_covered)::int AS "workersCovered", SUM(i.hazards_remediated)::int AS "hazardsRemediated",
            COALESCE(SUM(i.risk_level_before - i.risk_level_after) FILTER (WHERE i.risk_level_before > i.risk_level_after), 0)::int
              AS "riskPointsReduced"
       FROM ${from} WHERE ${where} GROUP BY ${key}`,
    params,
  );
  if (by === 'PROVIDER') for (const row of rows) row.key = encodeGlobalId('Enterprise', row.key);
  return rows.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
}

async function summaryAs(token: string, variables: Record<string, unknown>) {
  const res = await app.gql(SUMMARY, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data.programSummary;
}

async function statsAs(token: string, by: Dimension, filter?: Record<string, unknown>) {
  const res = await app.gql(STATS, { by, filter }, token);
  expect(res.errors).toBeUndefined();
  return res.data.activityStats;
}

function expectSummary(actual: any, expected: Awaited<ReturnType<typeof expectedSummary>>) {
  const { targetAchievementRate, ...exact } = expected;
  expect({ ...actual, targetAchievementRate: undefined }).toEqual({ ...exact, targetAchievementRate: undefined });
  if (targetAchievementRate === null) expect(actual.targetAchievementRate).toBeNull();
  else expect(actual.targetAchievementRate).toBeCloseTo(targetAchievementRate, 12);
}

// ---------------------------------------------------------------- programSummary

describe('programSummary', () => {
  it('the demo program has every kind of figure, so the comparisons below compare something', async () => {
    const all = await expectedSummary({}, {});
    expect(BigInt(all.outcomePaymentsEarned)).toBeGreaterThan(0n);
    expect(BigInt(all.disbursedPaid)).toBeGreaterThan(0n);
    expect(all.activitiesVerified).toBeGreaterThan(0);
    expect(all.targetAchievementRate).toBeGreaterThan(0);
    expect(all.targetAchievementRate).toBeLessThan(1);
    const [{ capped }] = await app.db.query(`SELECT COUNT(*)::int AS capped FROM target_evaluation WHERE capped`);
    expect(capped).toBeGreaterThan(0);
  });

  const ranges: [string, Range][] = [
    ['no range', {}],
    ['a closed range in the middle of the program', { from: '2026-05-01', to: '2026-08-31' }],
    ['only from', { from: '2026-09-01' }],
    ['only to', { to: '2026-04-02' }],
    ['one day: from = to', { from: '2026-04-02', to: '2026-04-02' }],
  ];
  it.each(ranges)('every figure equals SQL over all agreements for ADMIN and ANALYST: %s', async (_name, range) => {
    const expected = await expectedSummary(range, {});
    expectSummary(await summaryAs(actors.admin, range), expected);
    expectSummary(await summaryAs(actors.analyst, range), expected);
  });

  it('a range ending today counts the outcome payments earned and paid today (Asia/Seoul days)', async () => {
    const range = { from: '2026-09-01', to: seoulToday };
    const expected = await expectedSummary(range, {});
    expect(BigInt(expected.outcomePaymentsEarned)).toBeGreaterThan(0n);
    expectSummary(await summaryAs(actors.admin, range), expected);
  });

  it.each(ranges)('funderId narrows every figure to that funder: %s', async (_name, range) => {
    for (const funderId of [kbId, shinhanId]) {
      const expected = await expectedSummary(range, { funderId });
      expectSummary(await summaryAs(actors.admin, { ...range, funderId: encodeGlobalId('Agency', funderId) }), expected);
    }
  });

  it('a payment counts on its day in Korea: 2026-04-02T15:30Z is 2026-04-03 in Asia/Seoul', async () => {
    const funderId = encodeGlobalId('Agency', shinhanId);
    expect((await summaryAs(actors.admin, { funderId, to: '2026-04-02' })).disbursedPaid).toBe('0');
    expect((await summaryAs(actors.admin, { funderId, from: '2026-04-03', to: '2026-04-03' })).disbursedPaid).toBe('120000000');
  });

  it('every status is listed, with 0 when no agreement has it', async () => {
    const summary = await summaryAs(actors.admin, { funderId: encodeGlobalId('Agency', shinhanId) });
    expect(summary.agreementsByStatus).toEqual([
      { status: 'DRAFT', count: 0 },
      { status: 'ACTIVE', count: 1 },
      { status: 'COMPLETED', count: 0 },
      { status: 'TERMINATED', count: 0 },
    ]);
  });

  it("a funder officer's summary covers only its own agreements; KB does not see SHINHAN's", async () => {
    expectSummary(await summaryAs(actors.kb, {}), await expectedSummary({}, { funderId: kbId }));
    expectSummary(await summaryAs(actors.shinhan, {}), await expectedSummary({}, { funderId: shinhanId }));
    const range = { from: '2026-04-01', to: '2026-06-30' };
    expectSummary(await summaryAs(actors.shinhan, range), await expectedSummary(range, { funderId: shinhanId }));
  });

  it("a funder officer asking for another funder's figures gets zeros", async () => {
    const summary = await summaryAs(actors.kb, { funderId: encodeGlobalId('Agency', shinhanId) });
    expect(summary).toEqual({
      agreementsByStatus: ['DRAFT', 'ACTIVE', 'COMPLETED', 'TERMINATED'].map((status) => ({ status, count: 0 })),
      baseAmountCommitted: '0',
      outcomeBudgetCommitted: '0',
      outcomePaymentsEarned: '0',
      disbursedPaid: '0',
      activitiesVerified: 0,
      beneficiariesReached: 0,
      workersCovered: 0,
      targetAchievementRate: null,
    });
  });

  it("an enterprise's summary covers the agreements it received", async () => {
    const [{ id, brn }] = await app.db.query(
      `SELECT e.id, e.business_registration_number AS brn FROM enterprise e
        WHERE EXISTS (SELECT 1 FROM target_evaluation te JOIN performance_target t ON t.id = te.target_id
                        JOIN funding_agreement a ON a.id = t.agreement_id
                       WHERE a.recipient_id = e.id AND te.status = 'FINALIZED')
        ORDER BY e.id LIMIT 1`,
    );
    const token = await actors.enterprise(brn);
    const expected = await expectedSummary({}, { recipientId: id });
    expect(expected.activitiesVerified).toBeGreaterThan(0);
    expectSummary(await summaryAs(token, {}), expected);
  });

  it('rejects a malformed funderId, or the id of another type, with BAD_USER_INPUT', async () => {
    for (const funderId of ['not-an-id', encodeGlobalId('Enterprise', '1')]) {
      const res = await app.gql(SUMMARY, { funderId }, actors.admin);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].message).toMatch(/^funderId/);
    }
  });

  it('rejects from after to with BAD_USER_INPUT', async () => {
    const res = await app.gql(SUMMARY, { from: '2026-06-02', to: '2026-06-01' }, actors.admin);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/^to: must not be before from/);
  });

  it('rejects a caller without a token', async () => {
    const res = await app.gql(SUMMARY, {}, null);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('is computed by one SQL statement, then answered from the statistics cache', async () => {
    const first = await app.gql(SUMMARY, { from: '2026-05-01', to: '2026-08-29' }, actors.admin);
    expect(first.extensions?.sqlStatements).toBe(1);
    const again = await app.gql(SUMMARY, { from: '2026-05-01', to: '2026-08-29' }, actors.admin);
    expect(again.extensions?.sqlStatements).toBe(0);
    expect(again.data).toEqual(first.data);
  });
});

// ---------------------------------------------------------------- activityStats

describe('activityStats', () => {
  it.each(DIMENSIONS)('%s without a filter equals SQL over every activity', async (by) => {
    const expected = await expectedStats(by, 'true');
    expect(expected.length).toBeGreaterThan(1);
    expect(await statsAs(actors.analyst, by)).toEqual(expected);
  });

  it.each(DIMENSIONS)('%s with status, completed days and hazard filters equals SQL over those activities', async (by) => {
    const filter = { status: ['VERIFIED'], completedFrom: '2026-05-01', completedTo: '2026-08-31', hazard: ['FALL', 'CAUGHT_IN_MACHINERY'] };
    const expected = await expectedStats(
      by,
      `i.status = 'VERIFIED' AND i.completed_on BETWEEN '2026-05-01' AND '2026-08-31'
       AND (i.hazards_addressed @> '{FALL}' OR i.hazards_addressed @> '{CAUGHT_IN_MACHINERY}')`,
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await statsAs(actors.admin, by, filter)).toEqual(expected);
  });

  it.each(DIMENSIONS)('%s with provider, region and kind filters equals SQL over those activities', async (by) => {
    const [{ provider }] = await app.db.query(
      `SELECT provider_id AS provider FROM improvement_activity GROUP BY provider_id ORDER BY COUNT(*) DESC, provider_id LIMIT 1`,
    );
    const filter = {
      providerId: encodeGlobalId('Enterprise', provider),
      beneficiaryRegion: ['SEOUL', 'GYEONGGI', 'INCHEON'],
      kind: ['ON_SITE_INSPECTION', 'PRODUCT_SUPPLY'],
    };
    const expected = await expectedStats(
      by,
      `i.provider_id = $1 AND i.kind IN ('ON_SITE_INSPECTION', 'PRODUCT_SUPPLY')
       AND (SELECT region FROM enterprise WHERE id = i.beneficiary_id) IN ('SEOUL', 'GYEONGGI', 'INCHEON')`,
      [provider],
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(await statsAs(actors.kb, by, filter)).toEqual(expected);
  });

  it('HAZARD counts an activity once for each hazard it addressed', async () => {
    const rows = await statsAs(actors.admin, 'HAZARD');
    const [{ pairs }] = await app.db.query(`SELECT SUM(cardinality(hazards_addressed))::int AS pairs FROM improvement_activity`);
    expect(rows.reduce((sum: number, row: any) => sum + row.activities, 0)).toBe(pairs);
  });

  it('COMPLETED_MONTH keys are YYYY-MM', async () => {
    for (const row of await statsAs(actors.admin, 'COMPLETED_MONTH')) expect(row.key).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
  });

  it("an enterprise's statistics cover only the activities it provided or received", async () => {
    // A supplier that also received activities from other suppliers, so both halves of the rule matter.
    const [{ id, brn, received }] = await app.db.query(
      `SELECT e.id, e.business_registration_number AS brn,
              (SELECT COUNT(*)::int FROM improvement_activity WHERE beneficiary_id = e.id) AS received
         FROM enterprise e WHERE EXISTS (SELECT 1 FROM improvement_activity WHERE provider_id = e.id)
        ORDER BY received DESC, e.id LIMIT 1`,
    );
    expect(received).toBeGreaterThan(0);
    const token = await actors.enterprise(brn);
    for (const by of DIMENSIONS) {
      const expected = await expectedStats(by, '(i.provider_id = $1 OR i.beneficiary_id = $1)', [id]);
      expect(await statsAs(token, by)).toEqual(expected);
    }
    const filtered = await expectedStats('KIND', `(i.provider_id = $1 OR i.beneficiary_id = $1) AND i.status = 'VERIFIED'`, [id]);
    expect(await statsAs(token, 'KIND', { status: ['VERIFIED'] })).toEqual(filtered);
  });

  it('an empty selection gives no rows', async () => {
    expect(await statsAs(actors.admin, 'KIND', { completedFrom: '2030-01-01' })).toEqual([]);
  });

  it('rejects a malformed filter id with BAD_USER_INPUT naming it', async () => {
    const res = await app.gql(STATS, { by: 'KIND', filter: { providerId: 'nope' } }, actors.admin);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].message).toMatch(/^filter\.providerId/);
  });

  it('is computed by one SQL statement', async () => {
    const res = await app.gql(STATS, { by: 'HAZARD', filter: { status: ['VERIFIED'] } }, actors.admin);
    expect(res.extensions?.sqlStatements).toBe(1);
  });
});

// ---------------------------------------------------------------- timings (printed, not asserted)

it('prints how long each query takes on the demo data', async () => {
  const time = async (label: string, query: string, variables: Record<string, unknown>) => {
    await app.gql(query, variables, actors.admin);
    const runs: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const started = Date.now();
      const res = await app.gql(query, variables, actors.admin);
      runs.push(Date.now() - started);
      expect(res.errors).toBeUndefined();
    }
    return `${label}: median ${runs.sort((a, b) => a - b)[2]} ms (runs ${runs.join(', ')} ms)`;
  };
  const lines = [await time('programSummary()', SUMMARY, {})];
  lines.push(await time('programSummary(from, to, funderId)', SUMMARY, { from: '2026-05-01', to: '2026-08-31', funderId: encodeGlobalId('Agency', kbId) }));
  for (const by of DIMENSIONS) lines.push(await time(`activityStats(${by})`, STATS, { by }));
  const [{ activities }] = await app.db.query(`SELECT COUNT(*)::int AS activities FROM improvement_activity`);
  console.log(`BI query timings over ${activities} activities, HTTP round trip:\n${lines.join('\n')}`);
});
