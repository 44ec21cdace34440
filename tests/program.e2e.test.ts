import { Role } from '../src/auth/roles';
import { brnCheckDigit } from '../src/modules/enterprises/brn';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The whole program as its users play it, through the API only: the agency
 * registers and recommends, the bank funds with targets of all three payout
 * kinds, the supplier reports, the agency verifies and evaluates, the bank
 * finalizes (capped by the budget) and pays, and the audit log and the
 * agreement's totals tell the same story.
 */
let app: TestApp;
let kosme: string;
let kb: string;

beforeAll(async () => {
  app = await startTestApp();
  await app.db.query(`INSERT INTO agency (code, name, kind) VALUES
    ('MSS', 'Ministry of SMEs and Startups', 'MINISTRY'),
    ('KOSME', 'Korea SMEs and Startups Agency', 'PUBLIC_AGENCY'),
    ('KB', 'KB Kookmin Bank', 'FINANCIAL_INSTITUTION')`);
  kosme = await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME', subject: 'kosme-park' });
  kb = await app.token(Role.FUNDER_OFFICER, { agency: 'KB', subject: 'kb-lee' });
});
afterAll(() => app?.close());

/** Calendar arithmetic on 'YYYY-MM-DD' in the program's time zone. */
function seoulDate(offsetDays: number): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offsetDays);
  return date.toISOString().slice(0, 10);
}

function brn(serial: number): string {
  const nine = `2208${String(serial).padStart(5, '0')}`;
  return `${nine}${brnCheckDigit(nine)}`;
}

async function mutate(mutation: string, input: unknown, token: string): Promise<any> {
  const name = mutation.match(/^\s*mutation\s*\(\$input: \w+!\)\s*\{\s*(\w+)/)![1];
  const res = await app.gql(mutation, { input }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data[name].userErrors).toEqual([]);
  return res.data[name];
}

const REGISTER_ENTERPRISE = `mutation($input: RegisterEnterpriseInput!) {
  registerEnterprise(input: $input) { enterprise { id businessRegistrationNumber } userErrors { field message code } } }`;
const REGISTER_TECHNOLOGY = `mutation($input: RegisterSafetyTechnologyInput!) {
  registerSafetyTechnology(input: $input) { safetyTechnology { id } userErrors { field message code } } }`;
const RECOMMEND = `mutation($input: RecommendEnterpriseInput!) {
  recommendEnterprise(input: $input) { recommendation { id status } userErrors { field message code } } }`;
const DECIDE = `mutation($input: DecideRecommendationInput!) {
  decideRecommendation(input: $input) { recommendation { id status decidedAt } userErrors { field message code } } }`;
const CREATE_AGREEMENT = `mutation($input: CreateFundingAgreementInput!) {
  createFundingAgreement(input: $input) {
    fundingAgreement { id status targets { id metric payoutRule { kind threshold tiers { minAchievement share } } } }
    userErrors { field message code } } }`;
const ACTIVATE = `mutation($input: ChangeAgreementStatusInput!) {
  activateFundingAgreement(input: $input) { fundingAgreement { id status disbursements { id kind amount status } } userErrors { field message code } } }`;
const REPORT = `mutation($input: ReportImprovementActivityInput!) {
  reportImprovementActivity(input: $input) { improvementActivity { id status } userErrors { field message code } } }`;
const VERIFY = `mutation($input: VerifyImprovementActivityInput!) {
  verifyImprovementActivity(input: $input) { improvementActivity { id status } userErrors { field message code } } }`;
const REJECT = `mutation($input: RejectImprovementActivityInput!) {
  rejectImprovementActivity(input: $input) { improvementActivity { id status rejectionReason } userErrors { field message code } } }`;
const EVALUATE = `mutation($input: EvaluatePerformanceTargetInput!) {
  evaluatePerformanceTarget(input: $input) {
    targetEvaluation { id status actualValue achieved computedPayout payout capped countedActivities { totalCount } }
    userErrors { field message code } } }`;
const FINALIZE = `mutation($input: FinalizeTargetEvaluationInput!) {
  finalizeTargetEvaluation(input: $input) {
    targetEvaluation { id status payout capped computedPayout disbursement { id kind amount status } }
    userErrors { field message code } } }`;
const PAY = `mutation($input: RecordDisbursementPaymentInput!) {
  recordDisbursementPayment(input: $input) { disbursement { id status paidAt bankReference amount } userErrors { field message code } } }`;

it('plays the program from registration to paid, capped outcome payments', async () => {
  // 1. The agency registers a supplier, its technology and three beneficiary worksites.
  const supplier = (
    await mutate(REGISTER_ENTERPRISE, {
      businessRegistrationNumber: brn(1), name: 'Daehan SafeVision Co., Ltd.', size: 'SMALL',
      industryCode: 'C26', region: 'GYEONGGI', employeeCount: 42,
    }, kosme)
  ).enterprise;
  const technology = (
    await mutate(REGISTER_TECHNOLOGY, {
      providerId: supplier.id, name: 'AI-vision pedestrian detection for forklifts', category: 'AI_VISION',
      hazards: ['STRUCK_BY', 'VEHICLE'], readinessLevel: 8, certification: 'KCs',
    }, kosme)
  ).safetyTechnology;
  const beneficiaries: string[] = [];
  for (const [serial, region] of [[2, 'GYEONGNAM'], [3, 'ULSAN'], [4, 'INCHEON']] as const) {
    const created = await mutate(REGISTER_ENTERPRISE, {
      businessRegistrationNumber: brn(serial), name: `Worksite ${serial} Metal Co.`, size: 'MICRO',
      industryCode: 'C25', region, employeeCount: 9,
    }, kosme);
    beneficiaries.push(created.enterprise.id);
  }

  // 2-3. The agency recommends the supplier to the bank, which accepts.
  const kbAgency = (await app.gql('{ agencies { nodes { id code } } }', {}, kb)).data.agencies.nodes.find((a: any) => a.code === 'KB');
  const recommendation = (
    await mutate(RECOMMEND, { enterpriseId: supplier.id, funderId: kbAgency.id, technologyId: technology.id, rationale: 'Proven on 12 press lines' }, kosme)
  ).recommendation;
  expect((await mutate(DECIDE, { id: recommendation.id, accept: true, note: 'Approved by credit committee' }, kb)).recommendation.status).toBe('ACCEPTED');

  // 4. The bank drafts an agreement with targets of all three payout kinds.
  const startsOn = seoulDate(-200);
  const periodEnd = seoulDate(-10);
  const agreement = (
    await mutate(CREATE_AGREEMENT, {
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
    }, kb)
  ).fundingAgreement;
  expect(agreement.status).toBe('DRAFT');
  expect(agreement.targets.map((t: any) => t.payoutRule.kind)).toEqual(['ALL_OR_NOTHING', 'PRO_RATA', 'TIERED']);

  // 5. Activation schedules the base grant.
  const activated = (await mutate(ACTIVATE, { id: agreement.id }, kb)).fundingAgreement;
  expect(activated.status).toBe('ACTIVE');
  expect(activated.disbursements).toEqual([{ id: expect.any(String), kind: 'BASE_GRANT', amount: '90000000', status: 'SCHEDULED' }]);

  // 6. The supplier reports five activities at three worksites (risk 16 -> 6 each: 10 points).
  const supplierToken = await app.token(Role.ENTERPRISE, { enterprise: supplier.businessRegistrationNumber.replace(/-/g, '') });
  const activityIds: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    const completedOn = seoulDate(-100 + i * 10);
    const reported = await mutate(REPORT, {
      agreementId: agreement.id, beneficiaryId: beneficiaries[i % 3], technologyId: technology.id, kind: 'PRODUCT_SUPPLY',
      title: `Forklift detection installed, visit ${i + 1}`, hazardsAddressed: ['STRUCK_BY'], workersCovered: 8,
      hazardsRemediated: 1, riskLevelBefore: 16, riskLevelAfter: 6, startedOn: completedOn, completedOn,
      evidence: [{ kind: 'PHOTO', uri: `s3://rbf-evidence/e2e/${i}.jpg` }],
    }, supplierToken);
    activityIds.push(reported.improvementActivity.id);
  }

  // 7. The agency verifies four and rejects one (visit 4, at the second worksite).
  for (const id of [0, 1, 2, 4].map((i) => activityIds[i])) {
    expect((await mutate(VERIFY, { id }, kosme)).improvementActivity.status).toBe('VERIFIED');
  }
  expect((await mutate(REJECT, { id: activityIds[3], reason: 'Photo shows another site' }, kosme)).improvementActivity.status).toBe('REJECTED');

  // 8. The agency prepares an evaluation of each target.
  const drafts = [];
  for (const target of agreement.targets) drafts.push((await mutate(EVALUATE, { targetId: target.id }, kosme)).targetEvaluation);
  // 4 verified activities; 3 distinct worksites (3/4 = 75% ≥ 50%); 4 × 10 = 40 risk points (200% ≥ 100%).
  expect(drafts.map((d) => [d.actualValue, d.achieved, d.computedPayout, d.countedActivities.totalCount])).toEqual([
    [4, true, '30000000', 4],
    [3, false, '22500000', 4],
    [40, true, '30000000', 4],
  ]);

  // 9. The bank finalizes; the budget of ₩60m caps the third payout.
  const finals = [];
  for (const draft of drafts) finals.push((await mutate(FINALIZE, { id: draft.id }, kb)).targetEvaluation);
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
    payments.push(await mutate(PAY, { id: d.id, bankReference: `KB-TRX-E2E-${i}`, paidAt, idempotencyKey: `e2e-payment-${i}` }, kb));
  }
  const retry = await mutate(PAY, { id: disbursements[0].id, bankReference: 'KB-TRX-E2E-0', paidAt, idempotencyKey: 'e2e-payment-0' }, kb);
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
