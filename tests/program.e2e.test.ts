import { startTestApp, TestApp } from './support/test-app';
import { Actors, actorsOf } from './support/actors';
import { seoulDay as seoulDate } from './support/dates';
import * as api from './support/operations';

/**
 * The whole program as its users play it, through the API only: the agency
 * registers and recommends, the bank funds with targets of all three payout
 * kinds, the supplier reports, the agency verifies and evaluates, the bank
 * finalizes (capped by the budget) and pays, and the audit log and the
 * agreement's totals tell the same story.
 */
let app: TestApp;
let actors: Actors;
let kosme: string;
let kb: string;

beforeAll(async () => {
  app = await startTestApp();
  await app.db.query(`INSERT INTO agency (code, name, kind) VALUES
    ('MSS', 'Ministry of SMEs and Startups', 'MINISTRY'),
    ('KOSME', 'Korea SMEs and Startups Agency', 'PUBLIC_AGENCY'),
    ('KB', 'KB Kookmin Bank', 'FINANCIAL_INSTITUTION')`);
  actors = await actorsOf(app, { kosme: 'kosme-park', kb: 'kb-lee' });
  ({ kosme, kb } = actors);
});
afterAll(() => app?.close());

it('plays the program from registration to paid, capped outcome payments', async () => {
  // 1. The agency registers a supplier, its technology and three beneficiary worksites.
  const supplier = await api.registerEnterprise(app, kosme, {
    name: 'Daehan SafeVision Co., Ltd.', size: 'SMALL', industryCode: 'C26', region: 'GYEONGGI', employeeCount: 42,
  });
  const technology = await api.registerTechnology(app, kosme, supplier.id, {
    name: 'AI-vision pedestrian detection for forklifts', category: 'AI_VISION', hazards: ['STRUCK_BY', 'VEHICLE'], readinessLevel: 8, certification: 'KCs',
  });
  const beneficiaries: string[] = [];
  for (const [serial, region] of [[2, 'GYEONGNAM'], [3, 'ULSAN'], [4, 'INCHEON']] as const) {
    const created = await api.registerEnterprise(app, kosme, { name: `Worksite ${serial} Metal Co.`, size: 'MICRO', industryCode: 'C25', region, employeeCount: 9 });
    beneficiaries.push(created.id);
  }

  // 2-3. The agency recommends the supplier to the bank, which accepts.
  const kbAgency = (await app.gql('{ agencies { nodes { id code } } }', {}, kb)).data.agencies.nodes.find((a: any) => a.code === 'KB');
  const recommendation = await api.recommend(app, kosme, {
    enterpriseId: supplier.id, funderId: kbAgency.id, technologyId: technology.id, rationale: 'Proven on 12 press lines',
  });
  expect((await api.decide(app, kb, recommendation.id, true, 'Approved by credit committee')).status).toBe('ACCEPTED');

  // 4. The bank drafts an agreement with targets of all three payout kinds.
  const startsOn = seoulDate(-200);
  const periodEnd = seoulDate(-10);
  const agreement = await api.createAgreement(app, kb, {
      recommendationId: recommendation.id, agreementNumber: 'KB-RBF-E2E-001', startsOn, endsOn: seoulDate(160),
      baseAmount: '90000000', outcomeBudgetCap: '60000000',
      targets: [
        { metric: 'VERIFIED_ACTIVITIES', periodStart: startsOn, periodEnd, targetValue: 3, maxPayout: '30000000', payoutRule: { kind: 'ALL_OR_NOTHING' } },
        { metric: 'DISTINCT_BENEFICIARIES', periodStart: startsOn, periodEnd, targetValue: 4, maxPayout: '30000000', payoutRule: { kind: 'PRO_RATA', threshold: 0.5 } },
        {
          metric: 'RISK_POINTS_REDUCED', periodStart: startsOn, periodEnd, targetValue: 20, maxPayout: '30000000',
          payoutRule: { kind: 'TIERED', tiers: [{ minAchievement: 0.5, share: 0.4 }, { minAchievement: 1, share: 1 }] },
        },
      ],
  });
  expect(agreement.status).toBe('DRAFT');
  expect(agreement.targets.map((t: any) => t.payoutRule.kind)).toEqual(['ALL_OR_NOTHING', 'PRO_RATA', 'TIERED']);

  // 5. Activation schedules the base grant.
  const activated = await api.activate(app, kb, agreement.id);
  expect(activated.status).toBe('ACTIVE');
  expect(activated.disbursements).toEqual([{ id: expect.any(String), kind: 'BASE_GRANT', amount: '90000000', status: 'SCHEDULED' }]);

  // 5a. Each worksite is matched with the supplier: a support request, a proposal, both sides accept (R20, R21).
  for (const beneficiaryId of beneficiaries.slice(0, 3)) await api.ensureMatch(app, actors, agreement.id, beneficiaryId);

  // 6. The supplier reports five activities at three worksites (risk 16 -> 6 each: 10 points).
  const supplierToken = await actors.enterprise(supplier.businessRegistrationNumber.replace(/-/g, ''));
  const activityIds: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const completedOn = seoulDate(-100 + i * 10);
    const reported = await api.reportActivity(app, supplierToken, {
      agreementId: agreement.id, beneficiaryId: beneficiaries[i % 3], technologyId: technology.id, kind: 'PRODUCT_SUPPLY',
      title: `Forklift detection installed, visit ${i + 1}`, hazardsAddressed: ['STRUCK_BY'], workersCovered: 8,
      hazardsRemediated: 1, riskLevelBefore: 16, riskLevelAfter: 6, startedOn: completedOn, completedOn,
      evidence: [{ kind: 'PHOTO', uri: `s3://rbf-evidence/e2e/${i}.jpg` }],
    });
    activityIds.push(reported.id);
  }

  // 7. The agency verifies four and rejects one (visit 4, at the second worksite).
  for (const id of [0, 1, 2, 4].map((i) => activityIds[i])) {
    expect((await api.verify(app, kosme, id)).status).toBe('VERIFIED');
  }
  expect((await api.reject(app, kosme, activityIds[3], 'Photo shows another site')).status).toBe('REJECTED');

  // 8. The agency prepares an evaluation of each target.
  const drafts = [];
  for (const target of agreement.targets) drafts.push(await api.evaluate(app, kosme, target.id));
  // 4 verified activities; 3 distinct worksites (3/4 = 75% ≥ 50%); 4 × 10 = 40 risk points (200% ≥ 100%).
  expect(drafts.map((d) => [d.actualValue, d.achieved, d.computedPayout, d.countedActivities.totalCount])).toEqual([
    [4, true, '30000000', 4],
    [3, false, '22500000', 4],
    [40, true, '30000000', 4],
  ]);

  // 9. The bank finalizes; the budget of ₩60m caps the third payout.
  const finals = [];
  for (const draft of drafts) finals.push(await api.finalize(app, kb, draft.id));
  expect(finals.map((f) => [f.status, f.payout, f.capped])).toEqual([
    ['FINALIZED', '30000000', false],
    ['FINALIZED', '22500000', false],
    ['FINALIZED', '7500000', true],
  ]);

  // 10. The back office pays everything, and retries one call with the same key.
  const totals = await app.gql(`query($id: ID!) { node(id: $id) { ... on FundingAgreement {
    outcomeBudgetCap outcomePaymentsEarned outcomeBudgetRemaining disbursements { id kind amount status } } } }`, { id: agreement.id }, kb);
  const disbursements = totals.data.node.disbursements;
  expect(disbursements.map((d: any) => [d.kind, d.amount])).toEqual([
    ['BASE_GRANT', '90000000'],
    ['OUTCOME_PAYMENT', '30000000'],
    ['OUTCOME_PAYMENT', '22500000'],
    ['OUTCOME_PAYMENT', '7500000'],
  ]);
  const paidAt = new Date(Date.now() - 60_000).toISOString();
  const payments = [];
  for (const [i, d] of disbursements.entries()) {
    payments.push(await api.recordPayment(app, kb, { id: d.id, bankReference: `KB-TRX-E2E-${i}`, paidAt, idempotencyKey: `e2e-payment-${i}` }));
  }
  const retry = await api.recordPayment(app, kb, { id: disbursements[0].id, bankReference: 'KB-TRX-E2E-0', paidAt, idempotencyKey: 'e2e-payment-0' });
  expect(retry).toEqual(payments[0]);

  // 11. The totals and the audit log tell the same story.
  expect(totals.data.node).toMatchObject({ outcomeBudgetCap: '60000000', outcomePaymentsEarned: '60000000', outcomeBudgetRemaining: '0' });
  const paid = await app.db.query("SELECT sum(amount)::text AS total, count(*)::int AS n FROM disbursement WHERE status = 'PAID'");
  expect(paid[0]).toEqual({ total: '150000000', n: 4 });

  const audit = await app.db.query('SELECT action, count(*)::int AS n FROM audit_event GROUP BY action ORDER BY action');
  expect(Object.fromEntries(audit.map((r: any) => [r.action, r.n]))).toEqual({
    registerEnterprise: 4,
    registerSafetyTechnology: 1,
    recommendEnterprise: 1,
    decideRecommendation: 1,
    createFundingAgreement: 1,
    activateFundingAgreement: 1,
    submitSupportRequest: 3,
    proposeSupplierMatch: 3,
    respondToSupplierMatch: 6,
    reportImprovementActivity: 5,
    verifyImprovementActivity: 4,
    rejectImprovementActivity: 1,
    evaluatePerformanceTarget: 3,
    finalizeTargetEvaluation: 3,
    recordDisbursementPayment: 4,
  });
  const auditRead = await app.gql(
    `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action actorRole actorSubject } } }`,
    { id: agreement.id },
    kosme,
  );
  expect(auditRead.data.auditEvents.nodes.map((e: any) => e.action).sort()).toEqual(['activateFundingAgreement', 'createFundingAgreement']);
});
