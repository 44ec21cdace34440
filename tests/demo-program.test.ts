import { Role } from '../src/auth/roles';
import { expectUserError } from './support/assertions';
import { gid } from './support/ids';
import { mutate, perform } from './support/operations';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The demo program as `npm start` loads it: the 2026 call played through the
 * services on its real calendar, the agreements made from its recommendations,
 * and finalized evaluations, capped payouts and paid outcome payments.
 */
let app: TestApp;

const OPENS_AT = '2026-02-25T00:00:00.000Z';
const CLOSES_AT = '2026-03-11T09:00:00.000Z';

beforeAll(async () => {
  app = await startTestApp({ seed: 'program' });
}, 120_000);
afterAll(() => app?.close());

const sql = (text: string, params: unknown[] = []) => app.db.query(text, params);

async function auditCounts(): Promise<Record<string, number>> {
  return Object.fromEntries((await sql('SELECT action, count(*)::int AS n FROM audit_event GROUP BY action')).map((r: any) => [r.action, r.n]));
}

it('holds finalized evaluations, capped payouts and paid outcome payments, made through the audited code paths', async () => {
  const [evaluations] = await sql(`
    SELECT count(*) FILTER (WHERE status = 'FINALIZED')::int AS finalized,
           count(*) FILTER (WHERE status = 'FINALIZED' AND capped)::int AS capped,
           count(*) FILTER (WHERE status = 'FINALIZED' AND achieved)::int AS achieved
      FROM target_evaluation`);
  expect(evaluations.finalized).toBeGreaterThan(10);
  expect(evaluations.capped).toBeGreaterThan(0);
  expect(evaluations.achieved).toBeGreaterThan(0);

  const [payments] = await sql(`
    SELECT count(*) FILTER (WHERE status = 'PAID')::int AS paid, count(*) FILTER (WHERE status = 'SCHEDULED')::int AS scheduled
      FROM disbursement WHERE kind = 'OUTCOME_PAYMENT'`);
  expect(payments.paid).toBeGreaterThan(0);
  expect(payments.scheduled).toBe(2);

  // Every finalization and payment left its audit event (R13).
  const audit = await auditCounts();
  expect(audit.finalizeTargetEvaluation).toBe(evaluations.finalized);
  expect(audit.recordDisbursementPayment).toBe(payments.paid);

  // R10 held for every agreement: outcome payments never exceed the cap.
  const over = await sql(`
    SELECT a.id FROM funding_agreement a
      JOIN performance_target t ON t.agreement_id = a.id
      JOIN target_evaluation e ON e.target_id = t.id AND e.status = 'FINALIZED'
     GROUP BY a.id, a.outcome_budget_cap HAVING sum(e.payout) > a.outcome_budget_cap`);
  expect(over).toEqual([]);
});

describe('the 2026 call for suppliers, played on its real calendar', () => {
  it('R16, R19: the program has one call, DECIDED, with the real dates, 50 places and the accidents the program targets', async () => {
    const res = await app.gql(
      `{ programs(first: 10) { nodes { code calls(first: 10) { nodes { id title status opensAt closesAt decidedAt createdAt places eligibleHazards
          minReadinessLevel reviewsRequired passingScore criteria { key maxPoints } } } } } }`,
      {},
      await app.token(Role.ANALYST),
    );
    expect(res.errors).toBeUndefined();
    const program = res.data.programs.nodes.find((p: any) => p.code === 'SAFETY-RBF-2026');
    expect(program.calls.nodes).toHaveLength(1);
    expect(program.calls.nodes[0]).toMatchObject({
      title: '2026 safety-technology supplier call',
      status: 'DECIDED',
      opensAt: OPENS_AT, // 2026-02-25 09:00 KST
      closesAt: CLOSES_AT, // 2026-03-11 18:00 KST
      decidedAt: '2026-03-18T01:00:00.000Z',
      createdAt: '2026-02-20T01:30:00.000Z',
      places: 50,
      eligibleHazards: ['FIRE_EXPLOSION', 'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'FALL'],
      minReadinessLevel: 9,
      reviewsRequired: 2,
      passingScore: 60,
      criteria: [
        { key: 'technology', maxPoints: 40 },
        { key: 'field_applicability', maxPoints: 30 },
        { key: 'plan_feasibility', maxPoints: 30 },
      ],
    });
  });

  it('R16, R17: about 65 applications submitted while OPEN, each with two reviews after the deadline and before the decision', async () => {
    const [applications] = await sql(`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE a.submitted_at >= c.opens_at AND a.submitted_at < c.closes_at)::int AS in_time,
             count(*) FILTER (WHERE (SELECT count(*) FROM application_review r WHERE r.application_id = a.id) = 2)::int AS reviewed_twice
        FROM supplier_application a JOIN supplier_call c ON c.id = a.call_id`);
    expect(applications.n).toBeGreaterThanOrEqual(60);
    expect(applications.n).toBeLessThanOrEqual(70);
    expect(applications.in_time).toBe(applications.n);
    expect(applications.reviewed_twice).toBe(applications.n);

    const reviews = await sql(`
      SELECT r.reviewer_subject, count(*)::int AS n, bool_and(r.submitted_at >= c.closes_at AND r.submitted_at < c.decided_at) AS in_time
        FROM application_review r JOIN supplier_application a ON a.id = r.application_id JOIN supplier_call c ON c.id = a.call_id
       GROUP BY r.reviewer_subject ORDER BY r.reviewer_subject`);
    expect(reviews).toEqual([
      { reviewer_subject: 'kosme-reviewer-1', n: applications.n, in_time: true },
      { reviewer_subject: 'kosme-reviewer-2', n: applications.n, in_time: true },
    ]);

    // Every technology an application names is the applicant's, commercialised, and together they address an eligible hazard.
    const ineligible = await sql(`
      SELECT a.id FROM supplier_application a JOIN supplier_call c ON c.id = a.call_id
       WHERE EXISTS (SELECT 1 FROM safety_technology t WHERE t.id = ANY(a.technology_ids) AND (t.provider_id <> a.applicant_id OR t.readiness_level < c.min_readiness_level))
          OR NOT EXISTS (SELECT 1 FROM safety_technology t WHERE t.id = ANY(a.technology_ids) AND t.hazards && c.eligible_hazards)`);
    expect(ineligible).toEqual([]);
  });

  it('R18, R19: the 50 best-scoring applications are SELECTED; the others rank below them, some above and some below the passing score', async () => {
    const ranked = await sql(`
      SELECT a.status, a.rank, (SELECT avg(r.total) FROM application_review r WHERE r.application_id = a.id)::float8 AS score
        FROM supplier_application a ORDER BY a.rank`);
    expect(ranked.map((a: any) => a.rank)).toEqual(ranked.map((_: unknown, i: number) => i + 1));
    const selected = ranked.filter((a: any) => a.status === 'SELECTED');
    const others = ranked.filter((a: any) => a.status === 'NOT_SELECTED');
    expect(selected).toHaveLength(50);
    expect(selected.map((a: any) => a.rank)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(others).toHaveLength(ranked.length - 50);
    expect(Math.min(...selected.map((a: any) => a.score))).toBeGreaterThan(Math.max(...others.map((a: any) => a.score)));
    expect(others.some((a: any) => a.score >= 60)).toBe(true);
    expect(others.some((a: any) => a.score < 60)).toBe(true);
  });

  it('R19, R4: each selected application became a recommendation to KB at the decision; KB accepted most, declined one, and has not answered a few', async () => {
    const rows = await sql(`
      SELECT r.status, r.recommended_at = c.decided_at AS at_decision, r.enterprise_id = a.applicant_id AS same_enterprise,
             r.decided_at > c.decided_at AS answered_after, r.decided_by, r.rationale
        FROM recommendation r JOIN supplier_application a ON a.id = r.application_id JOIN supplier_call c ON c.id = a.call_id`);
    expect(rows).toHaveLength(50);
    expect(rows.every((r: any) => r.at_decision && r.same_enterprise)).toBe(true);
    expect(rows[0].rationale).toMatch(/^Selected in the call "2026 safety-technology supplier call" with a score of \d+\.\d\d, rank \d+ of \d+\.$/);
    const byStatus = (status: string) => rows.filter((r: any) => r.status === status);
    const [{ agreements }] = await sql('SELECT count(*)::int AS agreements FROM funding_agreement');
    expect(byStatus('ACCEPTED')).toHaveLength(agreements);
    expect(byStatus('DECLINED').length).toBeGreaterThanOrEqual(1);
    expect(byStatus('PENDING').length).toBeGreaterThanOrEqual(1);
    expect([...byStatus('ACCEPTED'), ...byStatus('DECLINED')].every((r: any) => r.answered_after && r.decided_by === 'kb-officer-1')).toBe(true);

    // Before the call, one supplier was recommended directly for another product and declined.
    const direct = await sql(`SELECT status, decision_note FROM recommendation WHERE application_id IS NULL`);
    expect(direct).toEqual([{ status: 'DECLINED', decision_note: expect.stringMatching(/^Declined: /) }]);
  });

  it("R5, R15: every agreement comes from the call's accepted recommendation, holds the plan's base amount and KPIs, and starts after the decision", async () => {
    const agreements = await sql(`
      SELECT a.agreement_number, r.status AS recommendation_status, app.status AS application_status,
             a.recipient_id = app.applicant_id AS same_recipient, a.base_amount = app.requested_base_amount AS planned_base,
             a.created_at > r.decided_at AS made_after_answer, a.starts_on > c.decided_at::date AS starts_after_decision,
             a.starts_on >= p.starts_on AND a.ends_on <= p.ends_on AS within_program,
             (SELECT jsonb_agg(jsonb_build_object('metric', t.metric, 'periodStart', t.period_start, 'periodEnd', t.period_end,
                       'baseline', t.baseline, 'targetValue', t.target_value) ORDER BY t.id) FROM performance_target t WHERE t.agreement_id = a.id) AS targets,
             (SELECT jsonb_agg(jsonb_build_object('metric', pt->'metric', 'periodStart', pt->'periodStart', 'periodEnd', pt->'periodEnd',
                       'baseline', pt->'baseline', 'targetValue', pt->'targetValue') ORDER BY n) FROM jsonb_array_elements(app.proposed_targets) WITH ORDINALITY AS e(pt, n)) AS proposed
        FROM funding_agreement a
        JOIN program p ON p.id = a.program_id
        JOIN recommendation r ON r.id = a.recommendation_id
        JOIN supplier_application app ON app.id = r.application_id
        JOIN supplier_call c ON c.id = app.call_id`);
    const [{ n }] = await sql('SELECT count(*)::int AS n FROM funding_agreement');
    expect(agreements).toHaveLength(n);
    expect(n).toBeGreaterThan(40);
    for (const agreement of agreements) {
      expect(agreement).toMatchObject({
        recommendation_status: 'ACCEPTED',
        application_status: 'SELECTED',
        same_recipient: true,
        planned_base: true,
        made_after_answer: true,
        starts_after_decision: true,
        within_program: true,
      });
      expect(agreement.targets).toEqual(agreement.proposed);
    }

    const [budget] = await sql(`
      SELECT p.budget::text, (SELECT sum(a.base_amount + a.outcome_budget_cap) FROM funding_agreement a WHERE a.program_id = p.id)::text AS planned
        FROM program p WHERE p.code = 'SAFETY-RBF-2026'`);
    expect(budget).toEqual({ budget: '7000000000', planned: '7000000000' });

    // Nothing happens on an agreement before it exists, nor after the demo's today.
    const [early] = await sql(`
      SELECT count(*)::int AS n FROM improvement_activity i JOIN funding_agreement a ON a.id = i.agreement_id
       WHERE i.started_on < a.starts_on OR i.completed_on > a.ends_on OR i.completed_on > date '2026-11-15' OR i.created_at < a.created_at`);
    expect(early.n).toBe(0);
  });

  it('R13: the audit log tells the story of the call on its calendar, and the chain verifies', async () => {
    const audit = await auditCounts();
    const [counts] = await sql(`
      SELECT (SELECT count(*) FROM supplier_application)::int AS applications, (SELECT count(*) FROM application_review)::int AS reviews,
             (SELECT count(*) FROM recommendation WHERE decided_at IS NOT NULL)::int AS decided,
             (SELECT count(*) FROM recommendation WHERE application_id IS NULL)::int AS direct`);
    expect(audit).toMatchObject({
      publishSupplierCall: 1,
      submitSupplierApplication: counts.applications,
      reviewSupplierApplication: counts.reviews,
      decideSupplierCall: 1,
      decideRecommendation: counts.decided,
      recommendEnterprise: counts.direct,
    });

    // Each event carries the instant it replays: the call in 2026-02/03, the direct recommendation before it, KB's answers after.
    const events = await sql(`
      SELECT e.action, e.at, e.actor_subject FROM audit_event e
       WHERE e.action IN ('recommendEnterprise', 'publishSupplierCall', 'submitSupplierApplication', 'reviewSupplierApplication',
                          'decideSupplierCall', 'decideRecommendation') ORDER BY e.id`);
    const iso = (at: Date) => at.toISOString();
    for (const event of events.filter((e: any) => ['publishSupplierCall', 'submitSupplierApplication', 'reviewSupplierApplication', 'decideSupplierCall'].includes(e.action))) {
      expect(iso(event.at) >= '2026-02-01' && iso(event.at) < '2026-04-01').toBe(true);
    }
    expect(events.every((e: any) => iso(e.at) >= '2026-01-01' && iso(e.at) < '2026-11-16')).toBe(true);
    // In id order, the story runs forward in time.
    expect(events.map((e: any) => iso(e.at))).toEqual(events.map((e: any) => iso(e.at)).sort());
    // Submissions were stamped as the applications were: the event's time is the application's submittedAt.
    const submissions = await sql(`SELECT at, actor_subject, entity_id FROM audit_event WHERE action = 'submitSupplierApplication' ORDER BY id`);
    const applications = await sql(`SELECT id, submitted_at, submitted_by FROM supplier_application ORDER BY id`);
    expect(submissions.map((e: any) => [e.entity_id, iso(e.at), e.actor_subject])).toEqual(
      applications.map((a: any) => [gid('SupplierApplication', a.id), iso(a.submitted_at), a.submitted_by]),
    );

    const res = await app.gql('{ verifyAuditChain { eventsChecked intact firstBrokenEventId } }', {}, await app.token(Role.ADMIN));
    expect(res.errors).toBeUndefined();
    const [{ total }] = await sql('SELECT count(*)::int AS total FROM audit_event');
    expect(res.data.verifyAuditChain).toEqual({ eventsChecked: total, intact: true, firstBrokenEventId: null });
  });

  it('R16: the replayed clock never reaches a request: a call published over HTTP with the demo dates is CLOSED by the real clock', async () => {
    // Pooled connections carry no replayed clock after the load.
    const settings = await Promise.all(Array.from({ length: 5 }, () => sql(`SELECT NULLIF(current_setting('rbf.clock', true), '') AS clock`)));
    expect(settings.map(([row]) => row.clock)).toEqual([null, null, null, null, null]);

    const [program] = await sql(`SELECT id FROM program WHERE code = 'SAFETY-RBF-2026'`);
    const kosme = await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME', subject: 'kosme-officer-7' });
    const before = Date.now();
    const call = await perform(
      app,
      'publishSupplierCall',
      {
        programId: gid('Program', program.id),
        title: 'A call with the dates of the 2026 call',
        opensAt: OPENS_AT,
        closesAt: CLOSES_AT,
        places: 5,
        eligibleHazards: ['FALL'],
        minReadinessLevel: 9,
        maxBaseAmount: '100000000',
        criteria: [{ key: 'technology', description: 'Technology', maxPoints: 100 }],
        reviewsRequired: 1,
        passingScore: 50,
      },
      kosme,
    );
    expect(call.status).toBe('CLOSED');
    expect(new Date(call.createdAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const [event] = await sql(`SELECT at FROM audit_event WHERE action = 'publishSupplierCall' AND entity_id = $1`, [call.id]);
    expect(event.at.getTime()).toBeGreaterThanOrEqual(before - 1000);

    // A submission to it is too late, as it is to the demo call.
    const [applicant] = await sql(`
      SELECT a.applicant_id, a.technology_ids[1] AS technology_id FROM supplier_application a WHERE a.status = 'NOT_SELECTED' ORDER BY a.id LIMIT 1`);
    const res = await mutate(
      app,
      'submitSupplierApplication',
      {
        callId: call.id,
        applicantId: gid('Enterprise', applicant.applicant_id),
        technologyIds: [gid('SafetyTechnology', applicant.technology_id)],
        planSummary: 'A late plan.',
        requestedBaseAmount: '50000000',
        plannedBeneficiaries: 5,
        serviceRegions: ['GYEONGGI'],
        proposedTargets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-04-01', periodEnd: '2027-03-31', targetValue: 10 }],
      },
      kosme,
    );
    expectUserError(res, 'INVALID_STATE', ['input', 'callId'], /it is CLOSED/);
  });
});
