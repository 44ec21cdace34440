import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { GqlResponse, startTestApp, TestApp } from './support/test-app';
import { dbId } from './support/ids';

/**
 * R10's exactly-once guarantees under concurrency, over real HTTP requests
 * racing on one PostgreSQL: one finalization per target, and never more than
 * the agreement's outcome budget cap in total.
 */

let app: TestApp;
let kosme: string;
let kb: string;
let agreements: { id: string; periodStart: string; periodEnd: string }[];
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
const RACERS = 25;

async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  return app.db.query(text, params);
}

const EVALUATE = `mutation($input: EvaluatePerformanceTargetInput!) {
  evaluatePerformanceTarget(input: $input) { targetEvaluation { id status } userErrors { field message code } }
}`;
const FINALIZE = `mutation($input: FinalizeTargetEvaluationInput!) {
  finalizeTargetEvaluation(input: $input) {
    targetEvaluation { id status computedPayout payout capped disbursement { amount } }
    userErrors { field message code }
  }
}`;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  kosme = await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME' });
  kb = await app.token(Role.FUNDER_OFFICER, { agency: 'KB' });
  // ACTIVE agreements with an ended period that holds verified activities.
  agreements = (
    await sql(
      `SELECT DISTINCT ON (a.id) a.id, t.period_start::text AS period_start, t.period_end::text AS period_end
       FROM funding_agreement a JOIN performance_target t ON t.agreement_id = a.id
       WHERE a.status = 'ACTIVE' AND t.period_end < $1
         AND EXISTS (SELECT 1 FROM improvement_activity i WHERE i.agreement_id = a.id AND i.status = 'VERIFIED'
                     AND i.completed_on BETWEEN t.period_start AND t.period_end)
       ORDER BY a.id, t.period_end`,
      [today],
    )
  ).map((row: any) => ({ id: String(row.id), periodStart: row.period_start, periodEnd: row.period_end }));
  expect(agreements.length).toBeGreaterThanOrEqual(3);
});
afterAll(() => app?.close());

/** Achieved ALL_OR_NOTHING targets (targetValue 1 over a period with verified activities). */
async function addAchievedTargets(agreement: (typeof agreements)[number], count: number, maxPayout: bigint): Promise<string[]> {
  const rows = await sql(
    `INSERT INTO performance_target (agreement_id, metric, period_start, period_end, baseline, target_value, max_payout, payout_rule_kind)
     SELECT $1, 'VERIFIED_ACTIVITIES', $2, $3, 0, 1, $4, 'ALL_OR_NOTHING' FROM generate_series(1, $5) RETURNING id`,
    [agreement.id, agreement.periodStart, agreement.periodEnd, String(maxPayout), count],
  );
  return rows.map((row: any) => String(row.id));
}

async function prepareDraft(targetId: string): Promise<string> {
  const res = await app.gql(EVALUATE, { input: { targetId: encodeGlobalId('PerformanceTarget', targetId) } }, kosme);
  expect(res.data.evaluatePerformanceTarget.userErrors).toEqual([]);
  return dbId(res.data.evaluatePerformanceTarget.targetEvaluation.id);
}

function finalize(evaluationId: string): Promise<GqlResponse> {
  return app.gql(FINALIZE, { input: { id: encodeGlobalId('TargetEvaluation', evaluationId) } }, kb);
}

/** Every response is a payload (no errors array, no HTTP 500): either the evaluation or userErrors. */
function expectPayloads(responses: GqlResponse[]): any[] {
  for (const res of responses) {
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  }
  return responses.map((res) => res.data.finalizeTargetEvaluation);
}

it(`R10: ${RACERS} concurrent finalizations of one draft: exactly one wins, the rest are INVALID_STATE, one payment, one audit event`, async () => {
  const [targetId] = await addAchievedTargets(agreements[0], 1, 5_000_000n);
  const evaluationId = await prepareDraft(targetId);

  const payloads = expectPayloads(await Promise.all(Array.from({ length: RACERS }, () => finalize(evaluationId))));
  const winners = payloads.filter((p) => p.userErrors.length === 0);
  const losers = payloads.filter((p) => p.userErrors.length > 0);
  expect(winners).toHaveLength(1);
  expect(winners[0].targetEvaluation).toMatchObject({ status: 'FINALIZED', payout: '5000000', disbursement: { amount: '5000000' } });
  expect(losers).toHaveLength(RACERS - 1);
  for (const loser of losers) {
    expect(loser.targetEvaluation).toBeNull();
    expect(loser.userErrors).toEqual([{ code: 'INVALID_STATE', field: ['input', 'id'], message: expect.stringContaining('FINALIZED') }]);
  }

  const finalized = await sql(`SELECT id FROM target_evaluation WHERE target_id = $1 AND status = 'FINALIZED'`, [targetId]);
  expect(finalized.map((row: any) => String(row.id))).toEqual([evaluationId]);
  const payments = await sql(`SELECT amount FROM disbursement WHERE evaluation_id = $1 AND kind = 'OUTCOME_PAYMENT'`, [evaluationId]);
  expect(payments).toEqual([{ amount: '5000000' }]);
  const events = await sql(`SELECT 1 FROM audit_event WHERE action = 'finalizeTargetEvaluation' AND entity_id = $1`, [
    encodeGlobalId('TargetEvaluation', evaluationId),
  ]);
  expect(events).toHaveLength(1);
});

it(`R9: ${RACERS} concurrent evaluations of one target leave exactly one DRAFT, all older ones VOID`, async () => {
  const [targetId] = await addAchievedTargets(agreements[1], 1, 1_000_000n);
  const responses = await Promise.all(
    Array.from({ length: RACERS }, () => app.gql(EVALUATE, { input: { targetId: encodeGlobalId('PerformanceTarget', targetId) } }, kosme)),
  );
  for (const res of responses) expect(res.data.evaluatePerformanceTarget.userErrors).toEqual([]);
  const rows = await sql(`SELECT id, status FROM target_evaluation WHERE target_id = $1 ORDER BY id`, [targetId]);
  expect(rows).toHaveLength(RACERS);
  // The agreement lock serializes preparations, so the last one prepared is the one draft left.
  expect(rows.map((row: any) => row.status)).toEqual([...Array(RACERS - 1).fill('VOID'), 'DRAFT']);
});

it(`R10: ${RACERS} targets finalized concurrently never spend more than the outcome budget cap`, async () => {
  const maxPayout = 4_000_000n;
  const cap = (maxPayout * 5n) / 2n; // room for two full payouts and half of a third
  const agreement = agreements[2];
  await sql(`UPDATE funding_agreement SET outcome_budget_cap = $2 WHERE id = $1`, [agreement.id, String(cap)]);
  const [{ n: finalizedBefore }] = await sql(
    `SELECT count(*)::int AS n FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id
     WHERE t.agreement_id = $1 AND e.status = 'FINALIZED'`,
    [agreement.id],
  );
  expect(finalizedBefore).toBe(0);
  const targetIds = await addAchievedTargets(agreement, RACERS, maxPayout);
  const drafts = await Promise.all(targetIds.map(prepareDraft));

  const payloads = expectPayloads(await Promise.all(drafts.map(finalize)));
  for (const payload of payloads) expect(payload.userErrors).toEqual([]);
  const results = payloads.map((p) => p.targetEvaluation);
  const paid = results.map((r) => BigInt(r.payout));
  expect(paid.reduce((a, b) => a + b, 0n)).toBe(cap);
  for (const r of results) {
    expect(r.status).toBe('FINALIZED');
    expect(BigInt(r.payout)).toBeLessThanOrEqual(BigInt(r.computedPayout));
    expect(r.capped).toBe(BigInt(r.payout) < BigInt(r.computedPayout));
  }
  // Whoever came first: two full payouts, one of the half left, and nothing for the rest.
  expect([...paid].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual([
    maxPayout,
    maxPayout,
    maxPayout / 2n,
    ...Array(RACERS - 3).fill(0n),
  ]);
  expect(results.filter((r) => r.capped)).toHaveLength(RACERS - 2);

  const [stored] = await sql(
    `SELECT COALESCE(sum(e.payout), 0)::text AS payouts, count(*)::int AS finalized,
            count(*) FILTER (WHERE e.capped)::int AS capped
     FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id
     WHERE t.agreement_id = $1 AND e.status = 'FINALIZED'`,
    [agreement.id],
  );
  expect(stored).toEqual({ payouts: String(cap), finalized: RACERS, capped: RACERS - 2 });
  const [disbursed] = await sql(
    `SELECT COALESCE(sum(amount), 0)::text AS total, count(*)::int AS n FROM disbursement WHERE agreement_id = $1 AND kind = 'OUTCOME_PAYMENT'`,
    [agreement.id],
  );
  expect(disbursed).toEqual({ total: String(cap), n: 3 });
  const [audit] = await sql(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'finalizeTargetEvaluation' AND entity_id = ANY($1)`, [
    drafts.map((id) => encodeGlobalId('TargetEvaluation', id)),
  ]);
  expect(audit.n).toBe(RACERS);
});
