import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { GqlResponse, startTestApp, TestApp } from './support/test-app';
import { dbId } from './support/ids';

/**
 * R9 (evaluatePerformanceTarget), R10 (finalizeTargetEvaluation), projectedPayouts
 * and their audit events (R13), end to end over the seeded program. Each test
 * takes ACTIVE KB agreements of its own (the seed has about 40), so budgets and
 * activities one test changes never reach another; targets are added by SQL
 * with the periods the test needs.
 */

let app: TestApp;
let tokens: Record<'kosme' | 'kb' | 'shb' | 'admin' | 'analyst' | 'enterprise', string>;
let kosmeId: string;
let kbId: string;
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());

interface AgreementFixture {
  id: string;
  /** An existing target's period that has ended (period_end < today). */
  endedStart: string;
  endedEnd: string;
  /** The agreement's term, still running (ends_on >= today). */
  termStart: string;
  termEnd: string;
}
let unusedAgreements: AgreementFixture[] = [];

async function sql<T = any>(text: string, params: unknown[] = []): Promise<T[]> {
  return app.db.query(text, params);
}

const gid = (type: 'TargetEvaluation' | 'PerformanceTarget' | 'FundingAgreement' | 'Disbursement' | 'ImprovementActivity', id: string) =>
  encodeGlobalId(type, id);

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  await sql(`INSERT INTO agency (code, name, kind) VALUES ('SHB', 'Shinhan Bank', 'FINANCIAL_INSTITUTION')`);
  const agencies = await sql<{ id: string; code: string }>(`SELECT id, code FROM agency`);
  kosmeId = String(agencies.find((a) => a.code === 'KOSME')!.id);
  kbId = String(agencies.find((a) => a.code === 'KB')!.id);
  const [enterprise] = await sql(`SELECT business_registration_number FROM enterprise ORDER BY id LIMIT 1`);
  tokens = {
    kosme: await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME', subject: 'officer-kim' }),
    kb: await app.token(Role.FUNDER_OFFICER, { agency: 'KB', subject: 'banker-lee' }),
    shb: await app.token(Role.FUNDER_OFFICER, { agency: 'SHB' }),
    admin: await app.token(Role.ADMIN, { agency: 'KB' }),
    analyst: await app.token(Role.ANALYST),
    enterprise: await app.token(Role.ENTERPRISE, { enterprise: enterprise.business_registration_number }),
  };
  // ACTIVE KB agreements with an ended target period holding both VERIFIED and REPORTED activities.
  unusedAgreements = (
    await sql(
      `SELECT DISTINCT ON (a.id) a.id, t.period_start::text AS ended_start, t.period_end::text AS ended_end,
         a.starts_on::text AS term_start, a.ends_on::text AS term_end
       FROM funding_agreement a JOIN performance_target t ON t.agreement_id = a.id
       WHERE a.status = 'ACTIVE' AND a.funder_id = $1 AND t.period_end < $2 AND a.ends_on >= $2
         AND EXISTS (SELECT 1 FROM improvement_activity i WHERE i.agreement_id = a.id AND i.status = 'REPORTED'
                     AND i.completed_on BETWEEN t.period_start AND t.period_end)
         AND (SELECT count(*) FROM improvement_activity i WHERE i.agreement_id = a.id AND i.status = 'VERIFIED'
              AND i.completed_on BETWEEN t.period_start AND t.period_end) BETWEEN 5 AND 100
       ORDER BY a.id, t.period_end`,
      [kbId, today],
    )
  ).map((row: any) => ({
    id: String(row.id),
    endedStart: row.ended_start,
    endedEnd: row.ended_end,
    termStart: row.term_start,
    termEnd: row.term_end,
  }));
  expect(unusedAgreements.length).toBeGreaterThanOrEqual(20);
});
afterAll(() => app?.close());

function takeAgreement(): AgreementFixture {
  const agreement = unusedAgreements.shift();
  if (!agreement) throw new Error('the seed ran out of ACTIVE agreements for these tests');
  return agreement;
}

type Metric = 'VERIFIED_ACTIVITIES' | 'DISTINCT_BENEFICIARIES' | 'WORKERS_COVERED' | 'HAZARDS_REMEDIATED' | 'RISK_POINTS_REDUCED';

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
  thresholdBp?: number | null;
  tiers?: { minAchievementBp: number; shareBp: number }[] | null;
}

async function addTarget(agreementId: string, spec: TargetSpec): Promise<string> {
  const [row] = await sql(
    `INSERT INTO performance_target (agreement_id, metric, period_start, period_end, baseline, target_value, max_payout,
       payout_rule_kind, payout_threshold_bp, payout_tiers)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      agreementId,
      spec.metric ?? 'VERIFIED_ACTIVITIES',
      spec.from,
      spec.to,
      spec.baseline ?? 0,
      spec.targetValue,
      spec.maxPayout ?? 10_000_000,
      spec.kind ?? 'ALL_OR_NOTHING',
      spec.thresholdBp ?? null,
      spec.tiers ? JSON.stringify(spec.tiers) : null,
    ],
  );
  return String(row.id);
}

/** A VERIFIED_ACTIVITIES target over the agreement's ended period, met exactly (or missed by `shortBy`). */
async function endedTarget(agreement: AgreementFixture, overrides: Partial<TargetSpec> & { shortBy?: number } = {}): Promise<string> {
  const actual = await expectedActual(agreement.id, 'VERIFIED_ACTIVITIES', agreement.endedStart, agreement.endedEnd);
  return addTarget(agreement.id, {
    from: agreement.endedStart,
    to: agreement.endedEnd,
    targetValue: actual + (overrides.shortBy ?? 0),
    ...overrides,
  });
}

const EVALUATION_FIELDS = `
  id status actualValue achievementRatio achieved computedPayout payout capped preparedAt finalizedAt
  preparedBy { code }
  target { id }
  disbursement { id kind amount status evaluation { id } agreement { id } }
  countedActivities(first: 100) { totalCount nodes { id } pageInfo { hasNextPage } }`;

const EVALUATE = `mutation($input: EvaluatePerformanceTargetInput!) {
  evaluatePerformanceTarget(input: $input) { targetEvaluation { ${EVALUATION_FIELDS} } userErrors { field message code } }
}`;

const FINALIZE = `mutation($input: FinalizeTargetEvaluationInput!) {
  finalizeTargetEvaluation(input: $input) { targetEvaluation { ${EVALUATION_FIELDS} } userErrors { field message code } }
}`;

const PROJECT = `query($agreementId: ID!) {
  projectedPayouts(agreementId: $agreementId) {
    target { id metric } actualValue achievementRatio achieved computedPayout payout capped
  }
}`;

const AGREEMENT_AMOUNTS = `query($id: ID!) {
  node(id: $id) { ... on FundingAgreement { outcomeBudgetCap outcomePaymentsEarned outcomeBudgetRemaining } }
}`;

async function evaluate(targetId: string, token = tokens.kosme): Promise<GqlResponse> {
  return app.gql(EVALUATE, { input: { targetId: gid('PerformanceTarget', targetId) } }, token);
}

/** Evaluates through the API and returns the new draft's database id. */
async function draftOf(targetId: string): Promise<string> {
  const res = await evaluate(targetId);
  expect(res.errors).toBeUndefined();
  expect(res.data.evaluatePerformanceTarget.userErrors).toEqual([]);
  return dbId(res.data.evaluatePerformanceTarget.targetEvaluation.id);
}

async function finalize(evaluationId: string, token = tokens.kb): Promise<GqlResponse> {
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

function expectUserError(res: GqlResponse, mutation: string, code: string, field = ['input', 'id']): string {
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  const payload = res.data[mutation];
  expect(payload.targetEvaluation).toBeNull();
  expect(payload.userErrors).toHaveLength(1);
  expect(payload.userErrors[0]).toMatchObject({ code, field });
  return payload.userErrors[0].message;
}

/** A refused call must leave every table as it was. */
async function expectNothingWritten(call: () => Promise<void>): Promise<void> {
  const before = await rowCounts();
  await call();
  expect(await rowCounts()).toEqual(before);
}

// ---------------------------------------------------------------- R9

describe('evaluatePerformanceTarget (R9)', () => {
  let agreement: AgreementFixture;
  beforeAll(() => {
    agreement = takeAgreement();
  });

  it.each<Metric>(['VERIFIED_ACTIVITIES', 'DISTINCT_BENEFICIARIES', 'WORKERS_COVERED', 'HAZARDS_REMEDIATED', 'RISK_POINTS_REDUCED'])(
    'R9, R13: the draft of a %s target counts exactly the verified activities of its period, as SQL does, and is audited',
    async (metric) => {
      const actual = await expectedActual(agreement.id, metric, agreement.endedStart, agreement.endedEnd);
      expect(actual).toBeGreaterThan(0);
      const targetId = await addTarget(agreement.id, {
        metric,
        from: agreement.endedStart,
        to: agreement.endedEnd,
        targetValue: actual,
        maxPayout: 7_000_000,
      });
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
    const proRata = await endedTarget(agreement, { kind: 'PRO_RATA', thresholdBp: 0, targetValue: 3 * n, maxPayout: 10_000_000 });
    const tiered = await endedTarget(agreement, {
      kind: 'TIERED',
      targetValue: 2 * n,
      maxPayout: 10_000_000,
      tiers: [
        { minAchievementBp: 5000, shareBp: 4000 },
        { minAchievementBp: 10000, shareBp: 10000 },
      ],
    });
    const missed = await endedTarget(agreement, { shortBy: 1 });

    const pro = (await evaluate(proRata)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(pro).toMatchObject({ actualValue: n, achieved: false, computedPayout: String(Math.floor((10_000_000 * n) / (3 * n))) });
    expect(pro.achievementRatio).toBeCloseTo(1 / 3, 12);
    const tier = (await evaluate(tiered)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(tier).toMatchObject({ achievementRatio: 0.5, achieved: false, computedPayout: '4000000', payout: '4000000' });
    const miss = (await evaluate(missed)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(miss).toMatchObject({ actualValue: n, achieved: false, computedPayout: '0', payout: '0', capped: false });
  });

  it("R9: the draft's payout is limited by the budget remaining when it is prepared (informational until R10)", async () => {
    const own = takeAgreement();
    const targetId = await endedTarget(own, { maxPayout: 10_000_000 });
    await sql(`UPDATE funding_agreement SET outcome_budget_cap = 3000000 WHERE id = $1`, [own.id]);
    const draft = (await evaluate(targetId)).data.evaluatePerformanceTarget.targetEvaluation;
    expect(draft).toMatchObject({ status: 'DRAFT', computedPayout: '10000000', payout: '3000000', capped: true, disbursement: null });
  });

  it("R9, R13: a new draft VOIDs the target's older drafts in the same mutation", async () => {
    const targetId = await endedTarget(agreement);
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
    const targetId = await addTarget(agreement.id, { from: agreement.termEnd, to: agreement.termEnd, targetValue: 1 });
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
      const message = expectUserError(await evaluate(String(target.id)), 'evaluatePerformanceTarget', 'INVALID_STATE', ['input', 'targetId']);
      expect(message).toContain(status);
    });
  });

  it('R9: an unknown target is NOT_FOUND; a malformed id or the id of another type is BAD_USER_INPUT', async () => {
    await expectNothingWritten(async () => {
      expectUserError(await evaluate('999999999'), 'evaluatePerformanceTarget', 'NOT_FOUND', ['input', 'targetId']);
      const malformed = await app.gql(EVALUATE, { input: { targetId: 'nope!' } }, tokens.kosme);
      expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      const otherType = await app.gql(EVALUATE, { input: { targetId: gid('FundingAgreement', agreement.id) } }, tokens.kosme);
      expect(otherType.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
  });

  it.each(['kb', 'enterprise', 'analyst', 'admin'] as const)('R9: only an AGENCY_OFFICER prepares evaluations: %s is FORBIDDEN', async (who) => {
    const targetId = await endedTarget(agreement);
    await expectNothingWritten(async () => {
      const res = await evaluate(targetId, tokens[who]);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    });
  });

  it('R9: without a token the mutation is UNAUTHENTICATED', async () => {
    const targetId = await endedTarget(agreement);
    await expectNothingWritten(async () => {
      const res = await app.gql(EVALUATE, { input: { targetId: gid('PerformanceTarget', targetId) } }, null);
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });
});

// ---------------------------------------------------------------- R10

describe('finalizeTargetEvaluation (R10)', () => {
  it('R10, R13: the funder finalizes a draft, pays its computed payout, schedules exactly that OUTCOME_PAYMENT and is audited', async () => {
    const agreement = takeAgreement();
    const targetId = await endedTarget(agreement, { maxPayout: 9_000_000 });
    const evaluationId = await draftOf(targetId);
    const agreementGid = gid('FundingAgreement', agreement.id);
    const before = (await app.gql(AGREEMENT_AMOUNTS, { id: agreementGid }, tokens.kb)).data.node;
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

    const amounts = (await app.gql(AGREEMENT_AMOUNTS, { id: agreementGid }, tokens.kb)).data.node;
    expect(BigInt(amounts.outcomePaymentsEarned)).toBe(BigInt(before.outcomePaymentsEarned) + 9_000_000n);
    expect(BigInt(amounts.outcomeBudgetRemaining)).toBe(BigInt(before.outcomeBudgetRemaining) - 9_000_000n);

    // R10: finalizing it again, or preparing a new draft of the settled target, is INVALID_STATE.
    await expectNothingWritten(async () => {
      expect(expectUserError(await finalize(evaluationId), 'finalizeTargetEvaluation', 'INVALID_STATE')).toContain('FINALIZED');
    });
    await expectNothingWritten(async () => {
      const message = expectUserError(await evaluate(targetId), 'evaluatePerformanceTarget', 'INVALID_STATE', ['input', 'targetId']);
      expect(message).toContain('already has a finalized evaluation');
    });
  });

  it('R10: a VOID evaluation cannot be finalized (INVALID_STATE)', async () => {
    const agreement = takeAgreement();
    const targetId = await endedTarget(agreement);
    const voided = await draftOf(targetId);
    await draftOf(targetId);
    await expectNothingWritten(async () => {
      expect(expectUserError(await finalize(voided), 'finalizeTargetEvaluation', 'INVALID_STATE')).toContain('VOID');
    });
  });

  it('R10: a missed target finalizes after its period with payout 0 and schedules nothing', async () => {
    const agreement = takeAgreement();
    const evaluationId = await draftOf(await endedTarget(agreement, { shortBy: 1 }));
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
    const agreement = takeAgreement();
    expect(agreement.termEnd > today).toBe(true);
    const actual = await expectedActual(agreement.id, 'VERIFIED_ACTIVITIES', agreement.termStart, agreement.termEnd);
    const running = { from: agreement.termStart, to: agreement.termEnd };
    const missed = await draftOf(await addTarget(agreement.id, { ...running, targetValue: actual + 1 }));
    const met = await draftOf(await addTarget(agreement.id, { ...running, targetValue: actual, maxPayout: 1_000_000 }));

    await expectNothingWritten(async () => {
      const message = expectUserError(await finalize(missed), 'finalizeTargetEvaluation', 'INVALID_STATE');
      expect(message).toContain(agreement.termEnd);
      expect(message).toContain('only when the target is achieved');
    });
    expect((await evaluationRow(missed)).status).toBe('DRAFT');

    const res = await finalize(met);
    expect(res.data.finalizeTargetEvaluation.userErrors).toEqual([]);
    expect(res.data.finalizeTargetEvaluation.targetEvaluation).toMatchObject({ status: 'FINALIZED', achieved: true, payout: '1000000' });
  });

  it('R10: STALE_EVALUATION when another activity of the period was verified after the draft; nothing is written', async () => {
    const agreement = takeAgreement();
    const targetId = await endedTarget(agreement);
    const evaluationId = await draftOf(targetId);
    const [reported] = await sql(
      `SELECT id FROM improvement_activity WHERE agreement_id = $1 AND status = 'REPORTED' AND completed_on BETWEEN $2 AND $3 ORDER BY id LIMIT 1`,
      [agreement.id, agreement.endedStart, agreement.endedEnd],
    );
    await sql(`UPDATE improvement_activity SET status = 'VERIFIED', verified_at = now(), verified_by_id = $2 WHERE id = $1`, [
      reported.id,
      kosmeId,
    ]);

    await expectNothingWritten(async () => {
      const message = expectUserError(await finalize(evaluationId), 'finalizeTargetEvaluation', 'STALE_EVALUATION');
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
    const agreement = takeAgreement();
    const first = await draftOf(await endedTarget(agreement, { maxPayout: 10_000_000 }));
    const second = await draftOf(await endedTarget(agreement, { maxPayout: 10_000_000 }));
    await sql(`UPDATE funding_agreement SET outcome_budget_cap = 4000000 WHERE id = $1`, [agreement.id]);

    const capped = (await finalize(first)).data.finalizeTargetEvaluation.targetEvaluation;
    expect(capped).toMatchObject({ status: 'FINALIZED', computedPayout: '10000000', payout: '4000000', capped: true });
    expect(capped.disbursement).toMatchObject({ kind: 'OUTCOME_PAYMENT', amount: '4000000', status: 'SCHEDULED' });

    const before = await rowCounts();
    const nothingLeft = (await finalize(second)).data.finalizeTargetEvaluation.targetEvaluation;
    expect(nothingLeft).toMatchObject({ status: 'FINALIZED', computedPayout: '10000000', payout: '0', capped: true, disbursement: null });
    expect(await rowCounts()).toEqual({ ...before, finalized: before.finalized + 1, audit: before.audit + 1 });
    expect(await sql(`SELECT 1 FROM disbursement WHERE evaluation_id = $1`, [second])).toHaveLength(0);

    const amounts = (await app.gql(AGREEMENT_AMOUNTS, { id: gid('FundingAgreement', agreement.id) }, tokens.kb)).data.node;
    expect(amounts).toEqual({ outcomeBudgetCap: '4000000', outcomePaymentsEarned: '4000000', outcomeBudgetRemaining: '0' });
  });

  it('R6, R10: an evaluation under an agreement that is no longer ACTIVE cannot be finalized', async () => {
    const agreement = takeAgreement();
    const evaluationId = await draftOf(await endedTarget(agreement));
    await sql(`UPDATE funding_agreement SET status = 'COMPLETED', completed_at = now() WHERE id = $1`, [agreement.id]);
    await expectNothingWritten(async () => {
      expect(expectUserError(await finalize(evaluationId), 'finalizeTargetEvaluation', 'INVALID_STATE')).toContain('COMPLETED');
    });
  });

  it("R10: another funder's officer cannot see the evaluation (NOT_FOUND); an unknown id is NOT_FOUND too", async () => {
    const agreement = takeAgreement();
    const evaluationId = await draftOf(await endedTarget(agreement));
    await expectNothingWritten(async () => {
      expectUserError(await finalize(evaluationId, tokens.shb), 'finalizeTargetEvaluation', 'NOT_FOUND');
      expectUserError(await finalize('999999999'), 'finalizeTargetEvaluation', 'NOT_FOUND');
      const malformed = await app.gql(FINALIZE, { input: { id: 'garbage!' } }, tokens.kb);
      expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });
    expect((await evaluationRow(evaluationId)).status).toBe('DRAFT');
  });

  it('R10: four eyes — the agency that prepared an evaluation may not finalize it (FORBIDDEN)', async () => {
    const agreement = takeAgreement();
    const evaluationId = await draftOf(await endedTarget(agreement));
    // Impossible through the API (preparers are public agencies, finalizers funders), so forged in SQL.
    await sql(`UPDATE target_evaluation SET prepared_by_id = $2 WHERE id = $1`, [evaluationId, kbId]);
    await expectNothingWritten(async () => {
      const res = await finalize(evaluationId);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
      expect(res.errors?.[0].message).toContain('Four eyes');
    });
  });

  it.each(['kosme', 'admin', 'analyst', 'enterprise'] as const)('R10: only a FUNDER_OFFICER finalizes: %s is FORBIDDEN', async (who) => {
    const agreement = unusedAgreements[0];
    const evaluationId = await draftOf(await endedTarget(agreement));
    await expectNothingWritten(async () => {
      const res = await finalize(evaluationId, tokens[who]);
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
  async function project(agreementId: string, token = tokens.kb): Promise<any[]> {
    const res = await app.gql(PROJECT, { agreementId: gid('FundingAgreement', agreementId) }, token);
    expect(res.errors).toBeUndefined();
    return res.data.projectedPayouts;
  }

  it('R9-R11: each projection equals what evaluate and then finalize produce, and projecting writes nothing', async () => {
    const agreement = takeAgreement();
    const n = await expectedActual(agreement.id, 'VERIFIED_ACTIVITIES', agreement.endedStart, agreement.endedEnd);
    await endedTarget(agreement, { kind: 'PRO_RATA', thresholdBp: 2500, targetValue: 2 * n, maxPayout: 8_000_000 });
    await endedTarget(agreement, { metric: 'WORKERS_COVERED', targetValue: 1, maxPayout: 6_000_000 });
    await endedTarget(agreement, { shortBy: 1 });
    const cap = 8_000_000n;
    await sql(`UPDATE funding_agreement SET outcome_budget_cap = $2 WHERE id = $1`, [agreement.id, String(cap)]);
    const targetIds = (await sql(`SELECT id FROM performance_target WHERE agreement_id = $1 ORDER BY id`, [agreement.id])).map((r: any) =>
      String(r.id),
    );

    const before = await rowCounts();
    const projections = await project(agreement.id);
    await project(agreement.id, tokens.kosme);
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
    const amounts = (await app.gql(AGREEMENT_AMOUNTS, { id: gid('FundingAgreement', agreement.id) }, tokens.kb)).data.node;
    expect(BigInt(amounts.outcomePaymentsEarned)).toBeLessThanOrEqual(cap);
  });

  it('R10: a projection caps each target by the whole current remaining budget on its own', async () => {
    const agreement = takeAgreement();
    const a = await endedTarget(agreement, { maxPayout: 5_000_000 });
    const b = await endedTarget(agreement, { maxPayout: 7_000_000 });
    await sql(`UPDATE funding_agreement SET outcome_budget_cap = 6000000 WHERE id = $1`, [agreement.id]);
    const projections = await project(agreement.id);
    const byTarget = (id: string) => projections.find((p) => p.target.id === gid('PerformanceTarget', id));
    expect(byTarget(a)).toMatchObject({ achieved: true, computedPayout: '5000000', payout: '5000000', capped: false });
    expect(byTarget(b)).toMatchObject({ achieved: true, computedPayout: '7000000', payout: '6000000', capped: true });
  });

  it('R9: visibility: an agreement the caller may not see, or that does not exist, has no projections', async () => {
    const agreement = unusedAgreements[0];
    expect((await project(agreement.id, tokens.analyst)).length).toBeGreaterThan(0);
    expect(await project(agreement.id, tokens.shb)).toEqual([]);
    const [recipient] = await sql(
      `SELECT e.business_registration_number AS brn FROM funding_agreement a JOIN enterprise e ON e.id = a.recipient_id WHERE a.id = $1`,
      [agreement.id],
    );
    const own = await app.token(Role.ENTERPRISE, { enterprise: recipient.brn });
    expect((await project(agreement.id, own)).length).toBeGreaterThan(0);
    const [stranger] = await sql(
      `SELECT business_registration_number AS brn FROM enterprise WHERE id NOT IN (SELECT recipient_id FROM funding_agreement) LIMIT 1`,
    );
    expect(await project(agreement.id, await app.token(Role.ENTERPRISE, { enterprise: stranger.brn }))).toEqual([]);
    expect(await project('999999999')).toEqual([]);
  });

  it('a malformed agreementId is BAD_USER_INPUT; no token is UNAUTHENTICATED', async () => {
    const malformed = await app.gql(PROJECT, { agreementId: 'x' }, tokens.kb);
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'agreementId' });
    const otherType = await app.gql(PROJECT, { agreementId: gid('PerformanceTarget', '1') }, tokens.kb);
    expect(otherType.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const anonymous = await app.gql(PROJECT, { agreementId: gid('FundingAgreement', '1') }, null);
    expect(anonymous.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
