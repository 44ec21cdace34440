import { startTestApp, TestApp } from './support/test-app';
import { actorsOf } from './support/actors';

/**
 * Nested relations go through per-request DataLoaders: the number of SQL
 * statements a query sends does not grow with the number of rows it returns.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  // The demo program has 46 agreements; clone the active ones (with their
  // targets and activities) until there are more than 100.
  await app.db.query(`
    INSERT INTO funding_agreement (agreement_number, program_id, funder_id, recipient_id, status, starts_on, ends_on,
                                   base_amount, outcome_budget_cap, activated_at)
    SELECT a.agreement_number || '-C' || copy, a.program_id, a.funder_id, a.recipient_id, a.status, a.starts_on, a.ends_on,
           a.base_amount, a.outcome_budget_cap, a.activated_at
    FROM funding_agreement a CROSS JOIN generate_series(1, 2) AS copy
    WHERE a.status = 'ACTIVE'`);
  await app.db.query(`
    INSERT INTO performance_target (agreement_id, metric, period_start, period_end, baseline, target_value,
                                    max_payout, payout_rule_kind, payout_threshold_bp, payout_tiers)
    SELECT c.id, t.metric, t.period_start, t.period_end, t.baseline, t.target_value, t.max_payout,
           t.payout_rule_kind, t.payout_threshold_bp, t.payout_tiers
    FROM funding_agreement c
    JOIN funding_agreement a ON c.agreement_number LIKE a.agreement_number || '-C_'
    JOIN performance_target t ON t.agreement_id = a.id`);
  await app.db.query(`
    INSERT INTO improvement_activity (agreement_id, provider_id, beneficiary_id, technology_id, kind, title,
      hazards_addressed, workers_covered, hazards_remediated, risk_level_before, risk_level_after, started_on,
      completed_on, status, evidence, reported_by, verified_by_id, verified_at, rejection_reason)
    SELECT c.id, i.provider_id, i.beneficiary_id, i.technology_id, i.kind, i.title, i.hazards_addressed,
      i.workers_covered, i.hazards_remediated, i.risk_level_before, i.risk_level_after, i.started_on,
      i.completed_on, i.status, i.evidence, i.reported_by, i.verified_by_id, i.verified_at, i.rejection_reason
    FROM funding_agreement c
    JOIN funding_agreement a ON c.agreement_number LIKE a.agreement_number || '-C_'
    JOIN improvement_activity i ON i.agreement_id = a.id`);
  // A draft evaluation per target, so latestEvaluation has something to load.
  await app.db.query(`
    INSERT INTO target_evaluation (target_id, status, actual_value, achieved, computed_payout, payout, capped,
                                   explanation, prepared_by_id, prepared_by_subject)
    SELECT t.id, 'DRAFT', 0, false, 0, 0, false, 'seeded for the statement count', ag.id, 'test'
    FROM performance_target t CROSS JOIN agency ag WHERE ag.code = 'KOSME'`);
});
afterAll(() => app?.close());

const NESTED = `
  query Nested($first: Int) {
    fundingAgreements(first: $first) {
      totalCount
      nodes {
        agreementNumber
        outcomePaymentsEarned
        recipient { name region }
        funder { code }
        targets { metric latestEvaluation { status payout } }
        activities(first: 5) { totalCount nodes { title beneficiary { name region } technology { name } } }
        disbursements { kind amount }
      }
    }
  }`;

async function statementsFor(first: number, token: string): Promise<{ statements: number; agreements: number; activities: number }> {
  const res: any = await app.gql(NESTED, { first }, token);
  expect(res.errors).toBeUndefined();
  const nodes = res.data.fundingAgreements.nodes;
  return {
    statements: res.extensions.sqlStatements,
    agreements: nodes.length,
    activities: nodes.reduce((sum: number, a: any) => sum + a.activities.nodes.length, 0),
  };
}

it('a nested query over 10 and over 100 agreements sends the same number of SQL statements', async () => {
  const total = (await app.db.query('SELECT count(*)::int AS n FROM funding_agreement'))[0].n;
  expect(total).toBeGreaterThan(100);
  const { admin, kb } = await actorsOf(app);
  for (const token of [admin, kb]) {
    const small = await statementsFor(10, token);
    const large = await statementsFor(100, token);
    expect(small.agreements).toBe(10);
    expect(large.agreements).toBe(100);
    expect(large.activities).toBeGreaterThan(small.activities * 5);
    expect(large.statements).toBe(small.statements);
    console.log(`SQL statements: ${small.statements} for 10 agreements, ${large.statements} for 100 (${large.activities} activities)`);
  }
});
