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

describe('the matching side: beneficiary worksites, their matches and assessments', () => {
  it('R20: support requests in every state, from worksites of mostly 5-49 workers, each with a name, hazards and needs in words', async () => {
    const byStatus = Object.fromEntries(
      (await sql(`SELECT status, count(*)::int AS n FROM support_request GROUP BY status`)).map((r: any) => [r.status, r.n]),
    );
    expect(byStatus.MATCHED).toBeGreaterThan(250);
    expect(byStatus.OPEN).toBeGreaterThanOrEqual(10);
    expect(byStatus.WITHDRAWN).toBeGreaterThanOrEqual(1);

    const [shape] = await sql(`
      SELECT count(*)::int AS n,
             count(*) FILTER (WHERE r.workers_at_worksite BETWEEN 5 AND 49)::int AS small,
             count(*) FILTER (WHERE r.workers_at_worksite > e.employee_count)::int AS more_than_staff,
             count(*) FILTER (WHERE length(r.needs) < 60 OR r.needs !~ ('^' || r.workers_at_worksite || ' workers'))::int AS thin_needs,
             count(DISTINCT (r.beneficiary_id, r.worksite_name))::int AS distinct_worksites,
             count(*) FILTER (WHERE r.submitted_at < p.starts_on OR r.submitted_at < e.created_at OR r.submitted_at >= date '2026-11-16')::int AS outside_calendar
        FROM support_request r JOIN enterprise e ON e.id = r.beneficiary_id JOIN program p ON p.id = r.program_id`);
    expect(shape.small / shape.n).toBeGreaterThan(0.8);
    expect(shape).toMatchObject({ more_than_staff: 0, thin_needs: 0, distinct_worksites: shape.n, outside_calendar: 0 });

    // Some OPEN requests have no match yet; a withdrawn one carries its reason.
    const [open] = await sql(`
      SELECT count(*)::int AS unmatched FROM support_request r WHERE r.status = 'OPEN' AND NOT EXISTS (SELECT 1 FROM supplier_match m WHERE m.request_id = r.id)`);
    expect(open.unmatched).toBeGreaterThanOrEqual(3);
    const withdrawn = await sql(`SELECT withdrawal_reason, withdrawn_at > submitted_at AS later FROM support_request WHERE status = 'WITHDRAWN'`);
    expect(withdrawn.every((r: any) => r.withdrawal_reason && r.later)).toBe(true);

    // A MATCHED request asked for what its matches' activities addressed.
    const [uncovered] = await sql(`
      SELECT count(*)::int AS n FROM improvement_activity i JOIN supplier_match m ON m.id = i.match_id JOIN support_request r ON r.id = m.request_id
       WHERE NOT (i.hazards_addressed <@ r.hazards)`);
    expect(uncovered.n).toBe(0);
  });

  it('R21: matches in every state; proposed after the agreement was activated and the request made, answered after the proposal; declines and cancellations say why', async () => {
    const byStatus = Object.fromEntries((await sql(`SELECT status, count(*)::int AS n FROM supplier_match GROUP BY status`)).map((r: any) => [r.status, r.n]));
    expect(byStatus.ACCEPTED).toBeGreaterThan(1000);
    for (const status of ['PROPOSED', 'DECLINED', 'CANCELLED']) expect(byStatus[status]).toBeGreaterThanOrEqual(2);

    const [timeline] = await sql(`
      SELECT count(*) FILTER (WHERE m.proposed_at < a.activated_at OR m.proposed_at < r.submitted_at)::int AS early_proposals,
             count(*) FILTER (WHERE m.supplier_answered_at < m.proposed_at OR m.beneficiary_answered_at < m.proposed_at)::int AS early_answers,
             count(*) FILTER (WHERE m.status = 'ACCEPTED' AND m.accepted_on IS DISTINCT FROM GREATEST(m.supplier_answered_on, m.beneficiary_answered_on))::int AS wrong_day,
             count(*) FILTER (WHERE m.status = 'PROPOSED' AND m.supplier_answer IS NOT NULL AND m.beneficiary_answer IS NOT NULL)::int AS answered_proposals,
             count(*) FILTER (WHERE m.status = 'DECLINED' AND (m.reason IS NULL OR 'DECLINED' NOT IN (coalesce(m.supplier_answer, ''), coalesce(m.beneficiary_answer, ''))))::int AS bad_declines,
             count(*) FILTER (WHERE m.status = 'CANCELLED' AND (m.reason IS NULL OR m.cancelled_at IS NULL))::int AS bad_cancellations,
             count(*) FILTER (WHERE greatest(m.proposed_at, m.supplier_answered_at, m.beneficiary_answered_at, m.cancelled_at) >= date '2026-11-16')::int AS future
        FROM supplier_match m JOIN funding_agreement a ON a.id = m.agreement_id JOIN support_request r ON r.id = m.request_id`);
    expect(timeline).toEqual({ early_proposals: 0, early_answers: 0, wrong_day: 0, answered_proposals: 0, bad_declines: 0, bad_cancellations: 0, future: 0 });

    // Some proposals wait for both sides, some for the beneficiary after the supplier said yes.
    const [waiting] = await sql(`
      SELECT count(*) FILTER (WHERE supplier_answer IS NULL AND beneficiary_answer IS NULL)::int AS none,
             count(*) FILTER (WHERE supplier_answer = 'ACCEPTED' AND beneficiary_answer IS NULL)::int AS supplier_only
        FROM supplier_match WHERE status = 'PROPOSED'`);
    expect(waiting.none).toBeGreaterThan(0);
    expect(waiting.supplier_only).toBeGreaterThan(0);
    // A match with activities is never cancelled (R21); a MATCHED request has an ACCEPTED match, an OPEN one none.
    const [states] = await sql(`
      SELECT count(*) FILTER (WHERE m.status = 'CANCELLED' AND EXISTS (SELECT 1 FROM improvement_activity i WHERE i.match_id = m.id))::int AS cancelled_with_work,
             (SELECT count(*) FROM support_request r WHERE (r.status = 'MATCHED') <> EXISTS (SELECT 1 FROM supplier_match x WHERE x.request_id = r.id AND x.status = 'ACCEPTED'))::int AS wrong_request_status
        FROM supplier_match m`);
    expect(states).toEqual({ cancelled_with_work: 0, wrong_request_status: 0 });
  });

  it('R7: every activity was done under an ACCEPTED match of its agreement and beneficiary, accepted on or before its completion (and its start)', async () => {
    const [row] = await sql(`
      SELECT count(*)::int AS activities,
             count(*) FILTER (WHERE m.status = 'ACCEPTED' AND m.agreement_id = i.agreement_id AND m.beneficiary_id = i.beneficiary_id
                                AND m.accepted_on <= i.completed_on)::int AS matched,
             count(*) FILTER (WHERE m.accepted_on <= i.started_on)::int AS accepted_before_start
        FROM improvement_activity i LEFT JOIN supplier_match m ON m.id = i.match_id`);
    expect(row.activities).toBeGreaterThan(2000);
    expect(row.matched).toBe(row.activities);
    expect(row.accepted_before_start).toBe(row.activities);
  });

  it('R22: BASELINE and FOLLOW_UP assessments of many accepted matches: the baseline before the work, the follow-up after some of it; most worksites improved, some not', async () => {
    const [counts] = await sql(`
      SELECT (SELECT count(*) FROM supplier_match WHERE status = 'ACCEPTED')::int AS accepted,
             count(*) FILTER (WHERE b.phase = 'BASELINE')::int AS baselines,
             count(*) FILTER (WHERE b.phase = 'FOLLOW_UP')::int AS follow_ups,
             count(*) FILTER (WHERE m.status NOT IN ('ACCEPTED', 'CANCELLED'))::int AS of_unaccepted,
             count(*) FILTER (WHERE b.assessed_on < m.accepted_on OR b.assessed_on >= date '2026-11-15')::int AS out_of_time,
             count(*) FILTER (WHERE b.phase = 'BASELINE' AND b.assessed_on > (SELECT min(i.started_on) FROM improvement_activity i WHERE i.match_id = m.id))::int AS late_baselines,
             count(*) FILTER (WHERE b.phase = 'FOLLOW_UP' AND b.assessed_on <= (SELECT min(i.completed_on) FROM improvement_activity i WHERE i.match_id = m.id))::int AS early_follow_ups,
             count(*) FILTER (WHERE b.note IS NULL OR b.assessed_by_id <> p.operator_id)::int AS unexplained
        FROM worksite_assessment b JOIN supplier_match m ON m.id = b.match_id JOIN support_request r ON r.id = m.request_id JOIN program p ON p.id = r.program_id`);
    expect(counts.baselines).toBeGreaterThan(counts.accepted / 2);
    expect(counts.follow_ups).toBeGreaterThan(counts.accepted / 3);
    expect(counts).toMatchObject({ of_unaccepted: 0, out_of_time: 0, late_baselines: 0, early_follow_ups: 0, unexplained: 0 });

    const [outcome] = await sql(`
      SELECT count(*) FILTER (WHERE f.risk_level < b.risk_level)::int AS improved, count(*) FILTER (WHERE f.risk_level >= b.risk_level)::int AS not_improved,
             count(*) FILTER (WHERE f.assessed_on < b.assessed_on)::int AS before_baseline
        FROM worksite_assessment b JOIN worksite_assessment f ON f.match_id = b.match_id AND f.phase = 'FOLLOW_UP' WHERE b.phase = 'BASELINE'`);
    expect(outcome.improved / (outcome.improved + outcome.not_improved)).toBeGreaterThan(0.75);
    expect(outcome.not_improved).toBeGreaterThan(0);
    expect(outcome.before_baseline).toBe(0);

    // Through the API: a match shows both phases and whether the worksite improved.
    const [sample] = await sql(`
      SELECT m.id, b.risk_level AS before, f.risk_level AS after FROM supplier_match m
        JOIN worksite_assessment b ON b.match_id = m.id AND b.phase = 'BASELINE' JOIN worksite_assessment f ON f.match_id = m.id AND f.phase = 'FOLLOW_UP'
       ORDER BY m.id LIMIT 1`);
    const res = await app.gql(
      `query ($id: ID!) { node(id: $id) { ... on SupplierMatch { status improved baseline { phase riskLevel assessedBy { code } } followUp { phase riskLevel } } } }`,
      { id: gid('SupplierMatch', sample.id) },
      await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME' }),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      status: 'ACCEPTED',
      improved: sample.after < sample.before,
      baseline: { phase: 'BASELINE', riskLevel: sample.before, assessedBy: { code: 'KOSME' } },
      followUp: { phase: 'FOLLOW_UP', riskLevel: sample.after },
    });
  });

  it('R23, R5: WORKSITES_IMPROVED targets proposed in the call, evaluated by KOSME and finalized by KB over exactly the improved worksites of their period', async () => {
    const targets = await sql(`
      SELECT t.id, t.agreement_id, t.period_start, t.period_end, t.target_value,
             (SELECT count(*) FROM performance_target o WHERE o.agreement_id = t.agreement_id AND o.metric <> 'WORKSITES_IMPROVED')::int AS other_kpis,
             (SELECT e.id FROM target_evaluation e WHERE e.target_id = t.id AND e.status = 'FINALIZED') AS evaluation_id
        FROM performance_target t WHERE t.metric = 'WORKSITES_IMPROVED' ORDER BY t.id`);
    expect(targets.length).toBeGreaterThanOrEqual(1);
    const kb = await app.token(Role.FUNDER_OFFICER, { agency: 'KB' });
    const outcomes: boolean[] = [];
    for (const target of targets) {
      expect(target.other_kpis).toBeGreaterThan(0);
      expect(target.period_end < '2026-11-15').toBe(true);
      expect(target.evaluation_id).not.toBeNull();
      const expected = await sql(
        `SELECT m.id FROM supplier_match m
           JOIN worksite_assessment b ON b.match_id = m.id AND b.phase = 'BASELINE' JOIN worksite_assessment f ON f.match_id = m.id AND f.phase = 'FOLLOW_UP'
          WHERE m.agreement_id = $1 AND m.status = 'ACCEPTED' AND f.risk_level < b.risk_level AND f.assessed_on BETWEEN $2 AND $3 ORDER BY m.id`,
        [target.agreement_id, target.period_start, target.period_end],
      );
      expect(expected.length).toBeGreaterThan(3);
      const res = await app.gql(
        `query ($id: ID!) { node(id: $id) { ... on TargetEvaluation { status actualValue achieved payout preparedBy { code } target { metric }
           countedMatches { id status agreement { id } improved } } } }`,
        { id: gid('TargetEvaluation', target.evaluation_id) },
        kb,
      );
      expect(res.errors).toBeUndefined();
      const evaluation = res.data.node;
      expect(evaluation).toMatchObject({ status: 'FINALIZED', actualValue: expected.length, preparedBy: { code: 'KOSME' }, target: { metric: 'WORKSITES_IMPROVED' } });
      expect(evaluation.countedMatches.map((m: any) => m.id)).toEqual(expected.map((m: any) => gid('SupplierMatch', m.id)));
      expect(evaluation.countedMatches.every((m: any) => m.status === 'ACCEPTED' && m.improved && m.agreement.id === gid('FundingAgreement', target.agreement_id))).toBe(true);
      expect(BigInt(evaluation.payout)).toBeGreaterThan(0n);
      outcomes.push(evaluation.achieved);
      // Its supplier proposed it in the call.
      const [proposed] = await sql(
        `SELECT EXISTS (SELECT 1 FROM jsonb_array_elements(app.proposed_targets) pt WHERE pt->>'metric' = 'WORKSITES_IMPROVED') AS proposed
           FROM funding_agreement a JOIN recommendation r ON r.id = a.recommendation_id JOIN supplier_application app ON app.id = r.application_id WHERE a.id = $1`,
        [target.agreement_id],
      );
      expect(proposed.proposed).toBe(true);
    }
    // One is met in full; another falls short and pays pro rata.
    expect(outcomes).toContain(true);
    expect(outcomes).toContain(false);
    // Their worksites' assessments were recorded through the service, each with its audit event.
    const assessed = await sql(`
      SELECT w.match_id, w.phase FROM worksite_assessment w JOIN supplier_match m ON m.id = w.match_id
       WHERE m.agreement_id IN (SELECT agreement_id FROM performance_target WHERE metric = 'WORKSITES_IMPROVED') ORDER BY w.recorded_at`);
    const recorded = await sql(`SELECT entity_id, changes->'assessment'->>'phase' AS phase FROM audit_event WHERE action = 'recordWorksiteAssessment'`);
    const audited = new Set(recorded.map((e: any) => `${e.entity_id} ${e.phase}`));
    expect(assessed.length).toBeGreaterThan(20);
    expect(assessed.filter((a: any) => !audited.has(`${gid('SupplierMatch', a.match_id)} ${a.phase}`))).toEqual([]);
  });

  it('R13: the matching story is in the audit log on its calendar: each played request, proposal, answer, cancellation, withdrawal and assessment, in time order', async () => {
    const audit = await auditCounts();
    // Each played write left its event, stamped with the instant the row records.
    const instants = new Map<string, string | null>();
    for (const r of await sql(`SELECT id, submitted_at, withdrawn_at FROM support_request`)) {
      instants.set(`submitSupportRequest ${gid('SupportRequest', r.id)}`, r.submitted_at.toISOString());
      instants.set(`withdrawSupportRequest ${gid('SupportRequest', r.id)}`, r.withdrawn_at?.toISOString() ?? null);
    }
    for (const m of await sql(`SELECT id, proposed_at, cancelled_at FROM supplier_match`)) {
      instants.set(`proposeSupplierMatch ${gid('SupplierMatch', m.id)}`, m.proposed_at.toISOString());
      instants.set(`cancelSupplierMatch ${gid('SupplierMatch', m.id)}`, m.cancelled_at?.toISOString() ?? null);
    }
    const stamped = await sql(`
      SELECT action, entity_id, at FROM audit_event WHERE action IN ('submitSupportRequest', 'withdrawSupportRequest', 'proposeSupplierMatch', 'cancelSupplierMatch')`);
    expect(stamped.length).toBe(audit.submitSupportRequest + audit.withdrawSupportRequest + audit.proposeSupplierMatch + audit.cancelSupplierMatch);
    expect(stamped.filter((e: any) => instants.get(`${e.action} ${e.entity_id}`) !== e.at.toISOString())).toEqual([]);
    const [unplayed] = await sql(`
      SELECT (SELECT count(*) FROM supplier_match WHERE status <> 'ACCEPTED')::int AS matches, (SELECT count(*) FROM support_request WHERE status <> 'MATCHED')::int AS requests`);
    expect(audit.proposeSupplierMatch).toBeGreaterThan(unplayed.matches);
    expect(audit.submitSupportRequest).toBeGreaterThan(unplayed.requests);
    expect(audit.withdrawSupportRequest).toBeGreaterThanOrEqual(1);
    expect(audit.respondToSupplierMatch).toBeGreaterThan(audit.proposeSupplierMatch / 2);
    expect(audit.cancelSupplierMatch).toBeGreaterThanOrEqual(1);
    expect(audit.recordWorksiteAssessment).toBeGreaterThan(20);

    const events = await sql(`
      SELECT e.action, e.at, e.actor_subject, e.entity_id FROM audit_event e
       WHERE e.action IN ('submitSupportRequest', 'withdrawSupportRequest', 'proposeSupplierMatch', 'respondToSupplierMatch', 'cancelSupplierMatch', 'recordWorksiteAssessment')
       ORDER BY e.id`);
    const times = events.map((e: any) => e.at.toISOString());
    expect(times).toEqual([...times].sort());
    expect(times[0] >= '2026-04-01').toBe(true);
    expect(times[times.length - 1] < '2026-11-15').toBe(true);
    // Enterprises answered and asked for themselves too, and KOSME's inspectors assessed.
    const actors = new Set(events.map((e: any) => e.actor_subject.split(':')[0]));
    expect([...actors].sort()).toEqual(expect.arrayContaining(['beneficiary', 'kosme-inspector-1', 'kosme-officer-1', 'supplier']));
  });
});
