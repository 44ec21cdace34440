import { startTestApp, TestApp } from './support/test-app';

/** The demo program as `npm start` loads it: finalized evaluations, capped payouts and paid outcome payments made through the services. */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seed: 'program' });
}, 120_000);
afterAll(() => app?.close());

it('holds finalized evaluations, capped payouts and paid outcome payments, made through the audited code paths', async () => {
  const [evaluations] = await app.db.query(`
    SELECT count(*) FILTER (WHERE status = 'FINALIZED')::int AS finalized,
           count(*) FILTER (WHERE status = 'FINALIZED' AND capped)::int AS capped,
           count(*) FILTER (WHERE status = 'FINALIZED' AND achieved)::int AS achieved
      FROM target_evaluation`);
  expect(evaluations.finalized).toBeGreaterThan(10);
  expect(evaluations.capped).toBeGreaterThan(0);
  expect(evaluations.achieved).toBeGreaterThan(0);

  const [payments] = await app.db.query(`
    SELECT count(*) FILTER (WHERE status = 'PAID')::int AS paid, count(*) FILTER (WHERE status = 'SCHEDULED')::int AS scheduled
      FROM disbursement WHERE kind = 'OUTCOME_PAYMENT'`);
  expect(payments.paid).toBeGreaterThan(0);
  expect(payments.scheduled).toBe(2);

  // Every finalization and payment left its audit event (R13).
  const audit = Object.fromEntries(
    (await app.db.query('SELECT action, count(*)::int AS n FROM audit_event GROUP BY action')).map((r: any) => [r.action, r.n]),
  );
  expect(audit.finalizeTargetEvaluation).toBe(evaluations.finalized);
  expect(audit.recordDisbursementPayment).toBe(payments.paid);

  // R10 held for every agreement: outcome payments never exceed the cap.
  const over = await app.db.query(`
    SELECT a.id FROM funding_agreement a
      JOIN performance_target t ON t.agreement_id = a.id
      JOIN target_evaluation e ON e.target_id = t.id AND e.status = 'FINALIZED'
     GROUP BY a.id, a.outcome_budget_cap HAVING sum(e.payout) > a.outcome_budget_cap`);
  expect(over).toEqual([]);
});
