import { Role } from '../src/auth/roles';
import { LIST_LIMITS } from '../src/common/list-limits';
import { startTestApp, TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, actorsOf, addSecondFunder } from './support/actors';
import { expectUnchanged, expectUserError } from './support/assertions';
import { addDays, seoulDay } from './support/dates';
import * as api from './support/operations';
import { agencyIds, sqlFor } from './support/sql';
import type { GqlResponse } from './support/test-app';

/**
 * R9 (evaluatePerformanceTarget), R10 (finalizeTargetEvaluation), projectedPayouts
 * and their audit events (R13), end to end. Each test gets ACTIVE KB agreements
 * of its own, made through the API with the targets it needs and the activities
 * of PLAN (reported and verified through the API too), so budgets and activities
 * one test changes never reach another.
 */

let app: TestApp;
/** KOSME's and KB's officers have the subjects the assertions below name. */
let actors: Actors;
/** An ENTERPRISE user of the first enterprise. */
let enterpriseUser: string;
let kosmeId: string;
let kbId: string;
/** Seeded enterprises the agreements' activities are carried out at. */
let beneficiaries: string[];
const today = seoulDay();

const sql = sqlFor(() => app);

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  await addSecondFunder(app);
  ({ KOSME: kosmeId, KB: kbId } = await agencyIds(app));
  const [enterprise] = await sql(`SELECT business_registration_number FROM enterprise ORDER BY id LIMIT 1`);
  actors = await actorsOf(app, { kosme: 'officer-kim', kb: 'banker-lee' });
  enterpriseUser = await actors.enterprise(enterprise.business_registration_number);
  beneficiaries = (await sql('SELECT id FROM enterprise ORDER BY id LIMIT 3')).map((row) => gid('Enterprise', row.id));
});
afterAll(() => app?.close());

/** The callers the role cases name: an ADMIN here acts for KB. */
const caller = (who: 'kosme' | 'kb' | 'admin' | 'analyst' | 'enterprise') =>
  who === 'enterprise' ? enterpriseUser : who === 'admin' ? actors.adminKb : actors[who];

/** Every agreement's term runs from 150 days ago to 60 days ahead; its ended period lies inside it and ended 30 days ago. */
const TERM = { start: seoulDay(-150), end: seoulDay(60) };
const ENDED = { start: seoulDay(-120), end: seoulDay(-30) };

/** Every agreement's activities, all in the ended period at the three beneficiaries: six verified, one left REPORTED. */
const PLAN: { beneficiary: number; workers: number; hazards: number; risk: [number, number] | null; verified: boolean }[] = [
  { beneficiary: 0, workers: 12, hazards: 2, risk: [16, 6], verified: true },
  { beneficiary: 1, workers: 8, hazards: 1, risk: [12, 4], verified: true },
  { beneficiary: 2, workers: 20, hazards: 3, risk: null, verified: true },
  { beneficiary: 0, workers: 5, hazards: 0, risk: [6, 9], verified: true },
  { beneficiary: 1, workers: 15, hazards: 2, risk: [20, 5], verified: true },
  { beneficiary: 2, workers: 9, hazards: 1, risk: [10, 10], verified: true },
  { beneficiary: 0, workers: 30, hazards: 4, risk: [25, 1], verified: false },
];

type Metric = 'VERIFIED_ACTIVITIES' | 'DISTINCT_BENEFICIARIES' | 'WORKERS_COVERED' | 'HAZARDS_REMEDIATED' | 'RISK_POINTS_REDUCED';

/** What PLAN's verified activities add up to per metric: the value a target must reach to be met exactly. */
const PLANNED: Record<Metric, number> = (() => {
  const verified = PLAN.filter((a) => a.verified);
  const sum = (value: (a: (typeof PLAN)[number]) => number) => verified.reduce((total, a) => total + value(a), 0);
  return {
    VERIFIED_ACTIVITIES: verified.length,
    DISTINCT_BENEFICIARIES: new Set(verified.map((a) => a.beneficiary)).size,
    WORKERS_COVERED: sum((a) => a.workers),
    HAZARDS_REMEDIATED: sum((a) => a.hazards),
    RISK_POINTS_REDUCED: sum((a) => (a.risk ? Math.max(0, a.risk[0] - a.risk[1]) : 0)),
  };
})();

interface AgreementFixture {
  id: string;
  /** The period all of PLAN's activities were completed in (ended before today). */
  endedStart: string;
  endedEnd: string;
  /** The agreement's term, still running (ends after today). */
  termStart: string;
  termEnd: string;
  /** The database id of each target, by the name the test gave its spec. */
  targets: Record<string, string>;
}

/** R9, computed independently in SQL. */
const METRIC_SQL: Record<Metric, string> = {
  VERIFIED_ACTIVITIES: 'count(*)',
  DISTINCT_BENEFICIARIES: 'count(DISTINCT beneficiary_id)',
  WORKERS_COVERED: 'COALESCE(sum(workers_covered), 0)',
  HAZARDS_REMEDIATED: 'COALESCE(sum(hazards_remediated), 0)',
  RISK_POINTS_REDUCED:
    'COALESCE(sum(GREATEST(0, risk_level_before - risk_level_after)) FILTER (WHERE risk_level_before IS NOT NULL AND risk_level_after IS NOT NULL), 0)',
};

async function expectedActual(agreementId: string, metric: Metric, from: string, to: string): Promise<number> {
  const [row] = await sql(
    `SELECT (${METRIC_SQL[metric]})::int AS value FROM improvement_activity
     WHERE agreement_id = $1 AND status = 'VERIFIED' AND completed_on BETWEEN $2 AND $3`,
    [agreementId, from, to],
  );
  return row.value;
}

async function expectedActivityIds(agreementId: string, from: string, to: string): Promise<string[]> {
  const rows = await sql(
    `SELECT id FROM improvement_activity WHERE agreement_id = $1 AND status = 'VERIFIED' AND completed_on BETWEEN $2 AND $3 ORDER BY id`,
    [agreementId, from, to],
  );
  return rows.map((row: any) => String(row.id));
}

interface TargetSpec {
  metric?: Metric;
  from: string;
  to: string;
  baseline?: number;
  targetValue: number;
  maxPayout?: number;
  kind?: 'ALL_OR_NOTHING' | 'PRO_RATA' | 'TIERED';
  threshold?: number;
  tiers?: { minAchievement: number; share: number }[];
}

/** A VERIFIED_ACTIVITIES target over the ended period, met exactly by PLAN (or missed by `shortBy`). */
function endedTarget(overrides: Partial<TargetSpec> & { shortBy?: number } = {}): TargetSpec {
  const { shortBy = 0, ...spec } = overrides;
  return { from: ENDED.start, to: ENDED.end, targetValue: PLANNED.VERIFIED_ACTIVITIES + shortBy, ...spec };
}

/**
 * An ACTIVE KB agreement made through the API with these targets (so that they
 * pass R5) and PLAN's activities, its outcome budget cap 100,000,000 unless given.
 */
async function agreementWith(targets: Record<string, TargetSpec>, outcomeBudgetCap = 100_000_000): Promise<AgreementFixture> {
  const funded = await api.fundAgreement(app, actors, {
    startsOn: TERM.start,
    endsOn: TERM.end,
    outcomeBudgetCap: String(outcomeBudgetCap),
    targets: Object.values(targets).map((spec) => ({
      metric: spec.metric ?? 'VERIFIED_ACTIVITIES',
      periodStart: spec.from,
      periodEnd: spec.to,
      baseline: spec.baseline ?? 0,
      targetValue: spec.targetValue,
      maxPayout: String(spec.maxPayout ?? 10_000_000),
      payoutRule: { kind: spec.kind ?? 'ALL_OR_NOTHING', threshold: spec.threshold, tiers: spec.tiers },
    })),
  });
  for (const [i, planned] of PLAN.entries()) {
    await api.activity(app, actors, funded, {
      beneficiaryId: beneficiaries[planned.beneficiary],
      completedOn: addDays(ENDED.start, 10 + 10 * i),
      workersCovered: planned.workers,
      hazardsRemediated: planned.hazards,
      risk: planned.risk,
      verified: planned.verified,
    });
  }
  const names = Object.keys(targets);
  return {
    id: dbId(funded.id),
    endedStart: ENDED.start,
    endedEnd: ENDED.end,
    termStart: TERM.start,
    termEnd: TERM.end,
    targets: Object.fromEntries(funded.targetIds.map((id, i) => [names[i], dbId(id)])),
  };
}

const EVALUATE = api.mutation('evaluatePerformanceTarget');
const FINALIZE = api.mutation('finalizeTargetEvaluation');

const PROJECT = `query($agreementId: ID!) {
  projectedPayouts(agreementId: $agreementId) {
    target { id metric } actualValue achievementRatio achieved computedPayout payout capped
  }
}`;

const AGREEMENT_AMOUNTS = `query($id: ID!) {
  node(id: $id) { ... on FundingAgreement { outcomeBudgetCap outcomePaymentsEarned outcomeBudgetRemaining } }
}`;

async function evaluate(targetId: string, token = actors.kosme): Promise<GqlResponse> {
  return app.gql(EVALUATE, { input: { targetId: gid('PerformanceTarget', targetId) } }, token);
}

/** Evaluates through the API and returns the new draft's database id. */
async function draftOf(targetId: string, token = actors.kosme): Promise<string> {
  const res = await evaluate(targetId, token);
  expect(res.errors).toBeUndefined();
  expect(res.data.evaluatePerformanceTarget.userErrors).toEqual([]);
  return dbId(res.data.evaluatePerformanceTarget.targetEvaluation.id);
}

async function finalize(evaluationId: string, token = actors.kb): Promise<GqlResponse> {
  return app.gql(FINALIZE, { input: { id: gid('TargetEvaluation', evaluationId) } }, token);
}

async function evaluationRow(id: string): Promise<any> {
  const [row] = await sql(`SELECT * FROM target_evaluation WHERE id = $1`, [id]);
  return row;
}

async function auditEvents(action: string, entityId: string): Promise<any[]> {
  return sql(`SELECT * FROM audit_event WHERE action = $1 AND entity_id = $2`, [action, entityId]);
}

/** Row counts of every table a workflow mutation or a projection could write. */
async function rowCounts(): Promise<Record<string, number>> {
  const [row] = await sql(
    `SELECT (SELECT count(*) FROM target_evaluation)::int AS evaluations,
            (SELECT count(*) FROM target_evaluation WHERE status = 'VOID')::int AS void,
            (SELECT count(*) FROM target_evaluation WHERE status = 'FINALIZED')::int AS finalized,
            (SELECT count(*) FROM evaluation_activity)::int AS counted,
            (SELECT count(*) FROM disbursement)::int AS disbursements,
            (SELECT count(*) FROM audit_event)::int AS audit`,
  );
  return row;
}

/** A refused call must leave every table as it was. */
const expectNothingWritten = (call: () => Promise<void>) => expectUnchanged(rowCounts, call);

const ON_ID = ['input', 'id'];
const ON_TARGET = ['input', 'targetId'];

// ---------------------------------------------------------------- R9

describe('evaluatePerformanceTarget (R9)', () => {
  const METRICS: Metric[] = ['VERIFIED_ACTIVITIES', 'DISTINCT_BENEFICIARIES', 'WORKERS_COVERED', 'HAZARDS_REMEDIATED', 'RISK_POINTS_REDUCED'];
  /** One agreement with a target for each case below. */
  let agreement: AgreementFixture;
  beforeAll(async () => {
    const n = PLANNED.VERIFIED_ACTIVITIES;
    const tiers = [{ minAchievement: 0.5, share: 0.4 }, { minAchievement: 1, share: 1 }];
    agreement = await agreementWith({
      ...Object.fromEntries(METRICS.map((metric) => [metric, endedTarget({ metric, targetValue: PLANNED[metric], maxPayout: 7_000_000 })])),
      proRata: endedTarget({ kind: 'PRO_RATA', threshold: 0, targetValue: 3 * n, maxPayout: 10_000_000 }),
      tiered: endedTarget({ kind: 'TIERED', targetValue: 2 * n, maxPayout: 10_000_000, tiers }),
      missed: endedTarget({ shortBy: 1 }),
      redrafted: endedTarget(),
      nothing: { from: TERM.end, to: TERM.end, targetValue: 1 },
      ...Object.fromEntries(['kb', 'enterprise', 'analyst', 'admin', 'anonymous'].map((who) => [who, endedTarget()])),
    });
  });

  it.each<Metric>(['VERIFIED_ACTIVITIES', 'DISTINCT_BENEFICIARIES', 'WORKERS_COVERED', 'HAZARDS_REMEDIATED', 'RISK_POINTS_REDUCED'])(
    'R9, R13: the draft of a %s target counts exactly the verified activities of its period, as SQL does, and is audited',
    async (metric) => {
      const actual = await expectedActual(agreement.id, metric, agreement.endedStart, agreement.endedEnd);
      expect(actual).toBeGreaterThan(0);
      // Its targetValue is PLANNED[metric], which is what SQL counts: met exactly.
      const targetId = agreement.targets[metric];
      const expectedIds = await expectedActivityIds(agreement.id, agreement.endedStart, agreement.endedEnd);
      const auditBefore = await sql(`SELECT count(*)::int AS n FROM audit_event`);

      const res = await evaluate(targetId);
      expect(res.errors).toBeUndefined();
      const { targetEvaluation: evaluation, userErrors } = res.data.evaluatePerformanceTarget;
      expect(userErrors).toEqual([]);
      expect(evaluation).toMatchObject({
        status: 'DRAFT',
        actualValue: actual,
        achievementRatio: 1,
        achieved: true,
        computedPayout: '7000000',
        payout: '7000000',
        capped: false,
        finalizedAt: null,
        preparedBy: { code: 'KOSME' },
        target: { id: gid('PerformanceTarget', targetId) },
        disbursement: null,
      });
      expect(evaluation.countedActivities.totalCount).toBe(expectedIds.length);
      expect(evaluation.countedActivities.nodes.map((n: any) => dbId(n.id)).sort()).toEqual([...expectedIds].sort());

      const id = dbId(evaluation.id);
      const row = await evaluationRow(id);
      expect(row).toMatchObject({
        target_id: targetId,
        status: 'DRAFT',
        actual_value: String(actual),
        achieved: true,
        computed_payout: '7000000',
        payout: '7000000',
        capped: false,
        prepared_by_id: kosmeId,
        prepared_by_subject: 'officer-kim',
        finalized_at: null,
        voided_at: null,
      });
      expect(row.explanation).toContain('ALL_OR_NOTHING');
      const stored = await sql(`SELECT activity_id FROM evaluation_activity WHERE evaluation_id = $1 ORDER BY activity_id`, [id]);
      expect(stored.map((r: any) => String(r.activity_id))).toEqual(expectedIds);

      const events = await auditEvents('evaluatePerformanceTarget', evaluation.id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actor_subject: 'officer-kim', actor_role: 'AGENCY_OFFICER', entity_type: 'TargetEvaluation' });
      expect(events[0].changes).toMatchObject({
        target: gid('PerformanceTarget', targetId),
        status: 'DRAFT',
        actualValue: String(actual),
        computedPayout: '7000000',
        countedActivities: expectedIds.length,
        voidedEvaluations: [],
      });
      const auditAfter = await sql(`SELECT count(*)::int AS n FROM audit_event`);
      expect(auditAfter[0].n).toBe(auditBefore[0].n + 1);
    },
  );

  it('R9, R11: the draft applies the payout rule (PRO_RATA floors, TIERED pays its highest tier met, a miss pays 0)', async () => {
    const n = await expectedActual(agreement.id, 'VERIFIED_ACTIVITIES', agreement.endedStart, agreement.endedEnd);
    const { proRata, tiered, missed } = agreement.targets;

    const pro = (await evaluate(proRata)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(pro).toMatchObject({ actualValue: n, achieved: false, computedPayout: String(Math.floor((10_000_000 * n) / (3 * n))) });
    expect(pro.achievementRatio).toBeCloseTo(1 / 3, 12);
    const tier = (await evaluate(tiered)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(tier).toMatchObject({ achievementRatio: 0.5, achieved: false, computedPayout: '4000000', payout: '4000000' });
    const miss = (await evaluate(missed)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(miss).toMatchObject({ actualValue: n, achieved: false, computedPayout: '0', payout: '0', capped: false });
  });

  it("R9: the draft's payout is limited by the budget remaining when it is prepared (informational until R10)", async () => {
    const own = await agreementWith({ target: endedTarget({ maxPayout: 10_000_000 }) }, 3_000_000);
    const targetId = own.targets.target;
    const draft = (await evaluate(targetId)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(draft).toMatchObject({ status: 'DRAFT', computedPayout: '10000000', payout: '3000000', capped: true, disbursement: null });
  });

  it("R9, R13: a new draft VOIDs the target's older drafts in the same mutation", async () => {
    const targetId = agreement.targets.redrafted;
    const first = await draftOf(targetId);
    const before = await rowCounts();
    const res = await evaluate(targetId);
    const second = dbId(res.data.evaluatePerformanceTarget.targetEvaluation.id);
    expect(second).not.toBe(first);

    const rows = await sql(`SELECT id, status, voided_at FROM target_evaluation WHERE target_id = $1 ORDER BY id`, [targetId]);
    expect(rows.map((r: any) => [String(r.id), r.status])).toEqual([
      [first, 'VOID'],
      [second, 'DRAFT'],
    ]);
    expect(rows[0].voided_at).toBeInstanceOf(Date);
    expect(rows[1].voided_at).toBeNull();
    const after = await rowCounts();
    expect(after.evaluations).toBe(before.evaluations + 1);
    expect(after.void).toBe(before.void + 1);
    expect(after.audit).toBe(before.audit + 1);
    const [event] = await auditEvents('evaluatePerformanceTarget', gid('TargetEvaluation', second));
    expect(event.changes.voidedEvaluations).toEqual([gid('TargetEvaluation', first)]);
    // The voided draft keeps the activities it counted.
    const kept = await sql(`SELECT count(*)::int AS n FROM evaluation_activity WHERE evaluation_id = $1`, [first]);
    expect(kept[0].n).toBeGreaterThan(0);
  });

  it('R9: an evaluation that counts nothing stores a draft with no activities', async () => {
    const targetId = agreement.targets.nothing;
    const draft = (await evaluate(targetId)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(draft).toMatchObject({ actualValue: 0, achievementRatio: 0, achieved: false, computedPayout: '0' });
    expect(draft.countedActivities.totalCount).toBe(0);
  });

  it.each(['DRAFT', 'COMPLETED', 'TERMINATED'])('R6, R9: a target of a %s agreement cannot be evaluated (INVALID_STATE)', async (status) => {
    const [target] = await sql(
      `SELECT t.id FROM performance_target t JOIN funding_agreement a ON a.id = t.agreement_id WHERE a.status = $1 ORDER BY t.id LIMIT 1`,
      [status],
    );
    expect(target).toBeDefined();
    await expectNothingWritten(async () => {
      const message = expectUserError(await evaluate(String(target.id)), 'INVALID_STATE', ON_TARGET);
      expect(message).toContain(status);
    });
  });

  it('R9: an unknown target is NOT_FOUND; a malformed id or the id of another type is BAD_USER_INPUT', async () => {
    await expectNothingWritten(async () => {
      expectUserError(await evaluate('999999999'), 'NOT_FOUND', ON_TARGET);
      const malformed = await app.gql(EVALUATE, { input: { targetId: 'nope!' } }, actors.kosme);
      expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const otherType = await app.gql(EVALUATE, { input: { targetId: gid('FundingAgreement', agreement.id) } }, actors.kosme);
      expect(otherType.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  it.each(['kb', 'enterprise', 'analyst', 'admin'] as const)('R9: only an AGENCY_OFFICER prepares evaluations: %s is FORBIDDEN', async (who) => {
    const targetId = agreement.targets[who];
    await expectNothingWritten(async () => {
      const res = await evaluate(targetId, caller(who));
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    });
  });

  it('R9: without a token the mutation is UNAUTHENTICATED', async () => {
    const targetId = agreement.targets.anonymous;
    await expectNothingWritten(async () => {
      const res = await app.gql(EVALUATE, { input: { targetId: gid('PerformanceTarget', targetId) } }, null);
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});

// ---------------------------------------------------------------- R10

describe('finalizeTargetEvaluation (R10)', () => {
  /** One agreement for the role cases below, a target each; made when the first of them runs. */
  let roleCases: Promise<AgreementFixture> | undefined;
  const roleCaseAgreement = () =>
    (roleCases ??= agreementWith(Object.fromEntries(['kosme', 'admin', 'analyst', 'enterprise'].map((who) => [who, endedTarget()]))));

  it('R10, R13: the funder finalizes a draft, pays its computed payout, schedules exactly that OUTCOME_PAYMENT and is audited', async () => {
    const agreement = await agreementWith({ target: endedTarget({ maxPayout: 9_000_000 }) });
    const targetId = agreement.targets.target;
    const evaluationId = await draftOf(targetId);
    const agreementGid = gid('FundingAgreement', agreement.id);
    const before = (await app.gql(AGREEMENT_AMOUNTS, { id: agreementGid }, actors.kb)).data.node;
    expect(BigInt(before.outcomeBudgetRemaining)).toBeGreaterThan(9_000_000n);
    const counts = await rowCounts();

    const res = await finalize(evaluationId);
    expect(res.errors).toBeUndefined();
    const { targetEvaluation: evaluation, userErrors } = res.data.finalizeTargetEvaluation;
    expect(userErrors).toEqual([]);
    expect(evaluation).toMatchObject({
      id: gid('TargetEvaluation', evaluationId),
      status: 'FINALIZED',
      achieved: true,
      computedPayout: '9000000',
      payout: '9000000',
      capped: false,
      preparedBy: { code: 'KOSME' },
      disbursement: {
        kind: 'OUTCOME_PAYMENT',
        amount: '9000000',
        status: 'SCHEDULED',
        evaluation: { id: gid('TargetEvaluation', evaluationId) },
        agreement: { id: agreementGid },
      },
    });
    expect(new Date(evaluation.finalizedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const row = await evaluationRow(evaluationId);
    expect(row).toMatchObject({
      status: 'FINALIZED',
      payout: '9000000',
      capped: false,
      finalized_by_id: kbId,
      finalized_by_subject: 'banker-lee',
      voided_at: null,
    });
    expect(row.finalized_at.toISOString()).toBe(evaluation.finalizedAt);
    const disbursements = await sql(`SELECT * FROM disbursement WHERE evaluation_id = $1`, [evaluationId]);
    expect(disbursements).toHaveLength(1);
    expect(disbursements[0]).toMatchObject({
      agreement_id: agreement.id,
      kind: 'OUTCOME_PAYMENT',
      amount: '9000000',
      status: 'SCHEDULED',
      paid_at: null,
    });
    expect(gid('Disbursement', String(disbursements[0].id))).toBe(evaluation.disbursement.id);

    const events = await auditEvents('finalizeTargetEvaluation', evaluation.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_subject: 'banker-lee', actor_role: 'FUNDER_OFFICER', entity_type: 'TargetEvaluation' });
    expect(events[0].changes).toMatchObject({
      status: { from: 'DRAFT', to: 'FINALIZED' },
      payout: { from: '9000000', to: '9000000' },
      capped: { from: false, to: false },
      finalizedBy: 'KB',
      outcomePayment: evaluation.disbursement.id,
    });
    const after = await rowCounts();
    expect(after).toEqual({ ...counts, finalized: counts.finalized + 1, disbursements: counts.disbursements + 1, audit: counts.audit + 1 });

    const amounts = (await app.gql(AGREEMENT_AMOUNTS, { id: agreementGid }, actors.kb)).data.node;
    expect(BigInt(amounts.outcomePaymentsEarned)).toBe(BigInt(before.outcomePaymentsEarned) + 9_000_000n);
    expect(BigInt(amounts.outcomeBudgetRemaining)).toBe(BigInt(before.outcomeBudgetRemaining) - 9_000_000n);

    // R10: finalizing it again, or preparing a new draft of the settled target, is INVALID_STATE.
    await expectNothingWritten(async () => {
      expect(expectUserError(await finalize(evaluationId), 'INVALID_STATE', ON_ID)).toContain('FINALIZED');
    });
    await expectNothingWritten(async () => {
      const message = expectUserError(await evaluate(targetId), 'INVALID_STATE', ON_TARGET);
      expect(message).toContain('already has a finalized evaluation');
    });
  });

  it('R10: a VOID evaluation cannot be finalized (INVALID_STATE)', async () => {
    const targetId = (await agreementWith({ target: endedTarget() })).targets.target;
    const voided = await draftOf(targetId);
    await draftOf(targetId);
    await expectNothingWritten(async () => {
      expect(expectUserError(await finalize(voided), 'INVALID_STATE', ON_ID)).toContain('VOID');
    });
  });

  it('R10: a missed target finalizes after its period with payout 0 and schedules nothing', async () => {
    const agreement = await agreementWith({ target: endedTarget({ shortBy: 1 }) });
    const evaluationId = await draftOf(agreement.targets.target);
    const before = await rowCounts();
    const res = await finalize(evaluationId);
    expect(res.data.finalizeTargetEvaluation.targetEvaluation).toMatchObject({
      status: 'FINALIZED',
      achieved: false,
      computedPayout: '0',
      payout: '0',
      capped: false,
      disbursement: null,
    });
    expect(await rowCounts()).toEqual({ ...before, finalized: before.finalized + 1, audit: before.audit + 1 });
    const [event] = await auditEvents('finalizeTargetEvaluation', gid('TargetEvaluation', evaluationId));
    expect(event.changes.outcomePayment).toBeNull();
  });

  it('R10: before the period ends only an achieved target can be finalized', async () => {
    // Over the whole running term, which holds exactly PLAN's verified activities: missed by one, and met.
    const running = { from: TERM.start, to: TERM.end };
    const all = PLANNED.VERIFIED_ACTIVITIES;
    const agreement = await agreementWith({ missed: { ...running, targetValue: all + 1 }, met: { ...running, targetValue: all, maxPayout: 1_000_000 } });
    expect(agreement.termEnd > today).toBe(true);
    const missed = await draftOf(agreement.targets.missed);
    const met = await draftOf(agreement.targets.met);

    await expectNothingWritten(async () => {
      const message = expectUserError(await finalize(missed), 'INVALID_STATE', ON_ID);
      expect(message).toContain(agreement.termEnd);
      expect(message).toContain('only when the target is achieved');
    });
    expect((await evaluationRow(missed)).status).toBe('DRAFT');

    const res = await finalize(met);
    expect(res.data.finalizeTargetEvaluation.userErrors).toEqual([]);
    expect(res.data.finalizeTargetEvaluation.targetEvaluation).toMatchObject({ status: 'FINALIZED', achieved: true, payout: '1000000' });
  });

  it('R10: STALE_EVALUATION when another activity of the period was verified after the draft; nothing is written', async () => {
    const agreement = await agreementWith({ target: endedTarget() });
    const targetId = agreement.targets.target;
    const evaluationId = await draftOf(targetId);
    const [reported] = await sql(
      `SELECT id FROM improvement_activity WHERE agreement_id = $1 AND status = 'REPORTED' AND completed_on BETWEEN $2 AND $3 ORDER BY id LIMIT 1`,
      [agreement.id, agreement.endedStart, agreement.endedEnd],
    );
    await api.verify(app, actors.kosme, gid('ImprovementActivity', reported.id));

    await expectNothingWritten(async () => {
      const message = expectUserError(await finalize(evaluationId), 'STALE_EVALUATION', ON_ID);
      expect(message).toContain('prepare a new evaluation');
    });
    expect(await evaluationRow(evaluationId)).toMatchObject({ status: 'DRAFT', finalized_at: null });
    expect(await auditEvents('finalizeTargetEvaluation', gid('TargetEvaluation', evaluationId))).toHaveLength(0);

    // A fresh draft counts the newly verified activity and can be finalized.
    const fresh = (await evaluate(targetId)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(fresh.countedActivities.nodes.map((n: any) => dbId(n.id))).toContain(String(reported.id));
    expect((await finalize(dbId(fresh.id))).data.finalizeTargetEvaluation.userErrors).toEqual([]);
  });

  it('R10: the remaining budget caps the payout; with nothing left the payout is 0 and nothing is scheduled', async () => {
    const agreement = await agreementWith({ first: endedTarget({ maxPayout: 10_000_000 }), second: endedTarget({ maxPayout: 10_000_000 }) }, 4_000_000);
    const first = await draftOf(agreement.targets.first);
    const second = await draftOf(agreement.targets.second);

    const capped = (await finalize(first)).data.finalizeTargetEvaluation.targetEvaluation;
    expect(capped).toMatchObject({ status: 'FINALIZED', computedPayout: '10000000', payout: '4000000', capped: true });
    expect(capped.disbursement).toMatchObject({ kind: 'OUTCOME_PAYMENT', amount: '4000000', status: 'SCHEDULED' });

    const before = await rowCounts();
    const nothingLeft = (await finalize(second)).data.finalizeTargetEvaluation.targetEvaluation;
    expect(nothingLeft).toMatchObject({ status: 'FINALIZED', computedPayout: '10000000', payout: '0', capped: true, disbursement: null });
    expect(await rowCounts()).toEqual({ ...before, finalized: before.finalized + 1, audit: before.audit + 1 });
    expect(await sql(`SELECT 1 FROM disbursement WHERE evaluation_id = $1`, [second])).toHaveLength(0);

    const amounts = (await app.gql(AGREEMENT_AMOUNTS, { id: gid('FundingAgreement', agreement.id) }, actors.kb)).data.node;
    expect(amounts).toEqual({ outcomeBudgetCap: '4000000', outcomePaymentsEarned: '4000000', outcomeBudgetRemaining: '0' });
  });

  it('R6, R10: an evaluation under an agreement that is no longer ACTIVE cannot be finalized', async () => {
    const agreement = await agreementWith({ target: endedTarget() });
    const evaluationId = await draftOf(agreement.targets.target);
    await api.complete(app, actors.kb, gid('FundingAgreement', agreement.id));
    await expectNothingWritten(async () => {
      expect(expectUserError(await finalize(evaluationId), 'INVALID_STATE', ON_ID)).toContain('COMPLETED');
    });
  });

  it("R10: another funder's officer cannot see the evaluation (NOT_FOUND); an unknown id is NOT_FOUND too", async () => {
    const evaluationId = await draftOf((await agreementWith({ target: endedTarget() })).targets.target);
    await expectNothingWritten(async () => {
      expectUserError(await finalize(evaluationId, actors.shinhan), 'NOT_FOUND', ON_ID);
      expectUserError(await finalize('999999999'), 'NOT_FOUND', ON_ID);
      const malformed = await app.gql(FINALIZE, { input: { id: 'garbage!' } }, actors.kb);
      expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
    expect((await evaluationRow(evaluationId)).status).toBe('DRAFT');
  });

  it('R10: four eyes — the agency that prepared an evaluation may not finalize it (FORBIDDEN)', async () => {
    const evaluationId = await draftOf((await agreementWith({ target: endedTarget() })).targets.target);
    // Impossible through the API (preparers are public agencies, finalizers funders), so forged in SQL.
    await sql(`UPDATE target_evaluation SET prepared_by_id = $2 WHERE id = $1`, [evaluationId, kbId]);
    await expectNothingWritten(async () => {
      const res = await finalize(evaluationId);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.errors?.[0].message).toContain('Four eyes');
    });
  });

  it('Evaluations per target (the cost limit counts them at their bound): one more than LIST_LIMITS allows is INVALID_STATE on targetId', async () => {
    const targetId = (await agreementWith({ target: endedTarget() })).targets.target;
    for (let i = 0; i < LIST_LIMITS.evaluationsPerTarget; i++) await draftOf(targetId);
    await expectNothingWritten(async () => {
      expectUserError(await evaluate(targetId), 'INVALID_STATE', ['input', 'targetId']);
    });
    expect(Number((await sql('SELECT count(*) AS n FROM target_evaluation WHERE target_id = $1', [targetId]))[0].n)).toBe(LIST_LIMITS.evaluationsPerTarget);
  });

  it('TargetEvaluation.explanation: the stored step-by-step explanation is readable, and projectedPayouts gives the same one for the same state', async () => {
    const agreement = await agreementWith({ target: endedTarget() });
    const projection = (
      await app.gql(`query($agreementId: ID!) { projectedPayouts(agreementId: $agreementId) { target { id } explanation } }`, { agreementId: gid('FundingAgreement', agreement.id) }, actors.kb)
    ).data.projectedPayouts[0];
    const evaluationId = await draftOf(agreement.targets.target);
    const read = await app.gql(`query($id: ID!) { node(id: $id) { ... on TargetEvaluation { explanation } } }`, { id: gid('TargetEvaluation', evaluationId) }, actors.kb);
    const stored = (await evaluationRow(evaluationId)).explanation;
    expect(stored.length).toBeGreaterThan(0);
    expect(read.data.node.explanation).toBe(stored);
    expect(projection.explanation).toBe(stored);
  });

  it('Four eyes compares people (R10): the subject that prepared an evaluation may not finalize it, whatever roles it holds (INVALID_STATE)', async () => {
    const preparer = await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME', subject: 'dual-role-7' });
    const evaluationId = await draftOf((await agreementWith({ target: endedTarget() })).targets.target, preparer);
    const sameSubject = await app.token(Role.FUNDER_OFFICER, { agency: 'KB', subject: 'dual-role-7' });
    await expectNothingWritten(async () => {
      expectUserError(await finalize(evaluationId, sameSubject), 'INVALID_STATE', ON_ID);
    });
    expect((await evaluationRow(evaluationId)).status).toBe('DRAFT');
    const other = await finalize(evaluationId, await app.token(Role.FUNDER_OFFICER, { agency: 'KB', subject: 'kb-officer-2' }));
    expect(other.data.finalizeTargetEvaluation.userErrors).toEqual([]);
    expect((await evaluationRow(evaluationId)).status).toBe('FINALIZED');
  });

  it.each(['kosme', 'admin', 'analyst', 'enterprise'] as const)('R10: only a FUNDER_OFFICER finalizes: %s is FORBIDDEN', async (who) => {
    const evaluationId = await draftOf((await roleCaseAgreement()).targets[who]);
    await expectNothingWritten(async () => {
      const res = await finalize(evaluationId, caller(who));
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    });
  });

  it('R10: without a token the mutation is UNAUTHENTICATED', async () => {
    const res = await app.gql(FINALIZE, { input: { id: gid('TargetEvaluation', '1') } }, null);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

// ---------------------------------------------------------------- projectedPayouts

describe('projectedPayouts', () => {
  async function project(agreementId: string, token = actors.kb): Promise<any[]> {
    const res = await app.gql(PROJECT, { agreementId: gid('FundingAgreement', agreementId) }, token);
    expect(res.errors).toBeUndefined();
    return res.data.projectedPayouts;
  }

  it('R9-R11: each projection equals what evaluate and then finalize produce, and projecting writes nothing', async () => {
    const cap = 8_000_000n;
    const agreement = await agreementWith(
      {
        proRata: endedTarget({ kind: 'PRO_RATA', threshold: 0.25, targetValue: 2 * PLANNED.VERIFIED_ACTIVITIES, maxPayout: 8_000_000 }),
        workers: endedTarget({ metric: 'WORKERS_COVERED', targetValue: 1, maxPayout: 6_000_000 }),
        missed: endedTarget({ shortBy: 1 }),
      },
      Number(cap),
    );
    const targetIds = (await sql(`SELECT id FROM performance_target WHERE agreement_id = $1 ORDER BY id`, [agreement.id])).map((r: any) =>
      String(r.id),
    );

    const before = await rowCounts();
    const projections = await project(agreement.id);
    await project(agreement.id, actors.kosme);
    expect(await rowCounts()).toEqual(before);
    expect(projections.map((p) => dbId(p.target.id))).toEqual(targetIds);

    // Nothing finalized yet: every draft is capped by the same remaining budget as its projection.
    const drafts = new Map<string, any>();
    for (const projection of projections) {
      const draft = (await evaluate(dbId(projection.target.id))).data.evaluatePerformanceTarget.targetEvaluation;
      drafts.set(projection.target.id, draft);
      const { actualValue, achievementRatio, achieved, computedPayout, payout, capped } = draft;
      expect({ actualValue, achievementRatio, achieved, computedPayout, payout, capped }).toEqual({
        actualValue: projection.actualValue,
        achievementRatio: projection.achievementRatio,
        achieved: projection.achieved,
        computedPayout: projection.computedPayout,
        payout: projection.payout,
        capped: projection.capped,
      });
    }

    // Finalizing spends the budget: each projection, asked just before, foretells the finalized payout.
    let finalizedCount = 0;
    for (const targetId of targetIds) {
      const draft = drafts.get(gid('PerformanceTarget', targetId));
      const [target] = await sql(`SELECT period_end::text AS period_end FROM performance_target WHERE id = $1`, [targetId]);
      if (!(target.period_end < today || draft.achieved)) continue;
      const projection = (await project(agreement.id)).find((p) => p.target.id === gid('PerformanceTarget', targetId));
      const finalized = (await finalize(dbId(draft.id))).data.finalizeTargetEvaluation.targetEvaluation;
      expect({ payout: finalized.payout, capped: finalized.capped, computedPayout: finalized.computedPayout }).toEqual({
        payout: projection.payout,
        capped: projection.capped,
        computedPayout: projection.computedPayout,
      });
      finalizedCount += 1;
    }
    expect(finalizedCount).toBeGreaterThanOrEqual(3);
    const amounts = (await app.gql(AGREEMENT_AMOUNTS, { id: gid('FundingAgreement', agreement.id) }, actors.kb)).data.node;
    expect(BigInt(amounts.outcomePaymentsEarned)).toBeLessThanOrEqual(cap);
  });

  it('R10: a projection caps each target by the whole current remaining budget on its own', async () => {
    const agreement = await agreementWith({ a: endedTarget({ maxPayout: 5_000_000 }), b: endedTarget({ maxPayout: 7_000_000 }) }, 6_000_000);
    const { a, b } = agreement.targets;
    const projections = await project(agreement.id);
    const byTarget = (id: string) => projections.find((p) => p.target.id === gid('PerformanceTarget', id));
    expect(byTarget(a)).toMatchObject({ achieved: true, computedPayout: '5000000', payout: '5000000', capped: false });
    expect(byTarget(b)).toMatchObject({ achieved: true, computedPayout: '7000000', payout: '6000000', capped: true });
  });

  it('R9: visibility: an agreement the caller may not see, or that does not exist, has no projections', async () => {
    const agreement = await agreementWith({ target: endedTarget() });
    expect((await project(agreement.id, actors.analyst)).length).toBeGreaterThan(0);
    expect(await project(agreement.id, actors.shinhan)).toEqual([]);
    const [recipient] = await sql(
      `SELECT e.business_registration_number AS brn FROM funding_agreement a JOIN enterprise e ON e.id = a.recipient_id WHERE a.id = $1`,
      [agreement.id],
    );
    const own = await actors.enterprise(recipient.brn);
    expect((await project(agreement.id, own)).length).toBeGreaterThan(0);
    const [stranger] = await sql(
      `SELECT business_registration_number AS brn FROM enterprise WHERE id NOT IN (SELECT recipient_id FROM funding_agreement) LIMIT 1`,
    );
    expect(await project(agreement.id, await actors.enterprise(stranger.brn))).toEqual([]);
    expect(await project('999999999')).toEqual([]);
  });

  it('a malformed agreementId is BAD_USER_INPUT; no token is UNAUTHENTICATED', async () => {
    const malformed = await app.gql(PROJECT, { agreementId: 'x' }, actors.kb);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'agreementId' });
    const otherType = await app.gql(PROJECT, { agreementId: gid('PerformanceTarget', '1') }, actors.kb);
    expect(otherType.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await app.gql(PROJECT, { agreementId: gid('FundingAgreement', '1') }, null);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
