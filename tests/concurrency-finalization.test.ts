import { encodeGlobalId } from '../src/common/global-id';
import { LIST_LIMITS } from '../src/common/list-limits';
import { GqlResponse, TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, startWithActors } from './support/actors';
import { seoulDay } from './support/dates';
import * as api from './support/operations';
import { sqlFor } from './support/sql';

/**
 * R10's exactly-once guarantees under concurrency, over real HTTP requests
 * racing on one PostgreSQL: one finalization per target, and never more than
 * the agreement's outcome budget cap in total.
 */

let app: TestApp;
let actors: Actors;
const RACERS = 25;

const sql = sqlFor(() => app);

const EVALUATE = api.mutation('evaluatePerformanceTarget');
const FINALIZE = api.mutation('finalizeTargetEvaluation');

beforeAll(async () => ({ app, actors } = await startWithActors({ seed: true })));
afterAll(() => app?.close());

/**
 * An ACTIVE agreement made through the API with `count` achieved ALL_OR_NOTHING
 * targets: targetValue 1 over an ended period that holds one verified activity.
 */
async function agreementWithAchievedTargets(count: number, maxPayout: bigint, outcomeBudgetCap = 100_000_000n): Promise<{ id: string; targetIds: string[] }> {
  const target = { metric: 'VERIFIED_ACTIVITIES', periodStart: seoulDay(-100), periodEnd: seoulDay(-20), targetValue: 1, maxPayout: String(maxPayout), payoutRule: { kind: 'ALL_OR_NOTHING' } };
  const agreement = await api.fundAgreement(app, actors, {
    startsOn: seoulDay(-120),
    endsOn: seoulDay(30),
    outcomeBudgetCap: String(outcomeBudgetCap),
    targets: Array.from({ length: count }, () => target),
  });
  const [beneficiary] = await sql('SELECT id FROM enterprise WHERE id <> $1 ORDER BY id LIMIT 1', [dbId(agreement.recipientId)]);
  await api.activity(app, actors, agreement, { beneficiaryId: gid('Enterprise', beneficiary.id), completedOn: seoulDay(-50) });
  return { id: dbId(agreement.id), targetIds: agreement.targetIds.map(dbId) };
}

async function prepareDraft(targetId: string): Promise<string> {
  const res = await app.gql(EVALUATE, { input: { targetId: encodeGlobalId('PerformanceTarget', targetId) } }, actors.kosme);
  expect(res.data.evaluatePerformanceTarget.userErrors).toEqual([]);
  return dbId(res.data.evaluatePerformanceTarget.targetEvaluation.id);
}

function finalize(evaluationId: string): Promise<GqlResponse> {
  return app.gql(FINALIZE, { input: { id: encodeGlobalId('TargetEvaluation', evaluationId) } }, actors.kb);
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
  const { targetIds: [targetId] } = await agreementWithAchievedTargets(1, 5_000_000n);
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

it(`R9: ${RACERS} concurrent evaluations of one target leave exactly one DRAFT, all older ones VOID, and never more than the bound`, async () => {
  const { targetIds: [targetId] } = await agreementWithAchievedTargets(1, 1_000_000n);
  const responses = await Promise.all(
    Array.from({ length: RACERS }, () => app.gql(EVALUATE, { input: { targetId: encodeGlobalId('PerformanceTarget', targetId) } }, actors.kosme)),
  );
  const kept = LIST_LIMITS.evaluationsPerTarget;
  const refused = responses.filter((res) => res.data.evaluatePerformanceTarget.userErrors.length > 0);
  expect(refused).toHaveLength(RACERS - kept);
  for (const res of refused) expect(res.data.evaluatePerformanceTarget.userErrors[0]).toMatchObject({ code: 'INVALID_STATE', field: ['input', 'targetId'] });
  const rows = await sql(`SELECT id, status FROM target_evaluation WHERE target_id = $1 ORDER BY id`, [targetId]);
  expect(rows).toHaveLength(kept);
  // The agreement lock serializes preparations, so the last one prepared is the one draft left.
  expect(rows.map((row: any) => row.status)).toEqual([...Array(kept - 1).fill('VOID'), 'DRAFT']);
});

it(`R10: ${RACERS} targets finalized concurrently never spend more than the outcome budget cap`, async () => {
  const maxPayout = 4_000_000n;
  const cap = (maxPayout * 5n) / 2n; // room for two full payouts and half of a third
  const agreement = await agreementWithAchievedTargets(RACERS, maxPayout, cap);
  const [{ n: finalizedBefore }] = await sql(
    `SELECT count(*)::int AS n FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id
     WHERE t.agreement_id = $1 AND e.status = 'FINALIZED'`,
    [agreement.id],
  );
  expect(finalizedBefore).toBe(0);
  const drafts = await Promise.all(agreement.targetIds.map(prepareDraft));

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
