import { brnCheckDigit } from '../../src/modules/enterprises/brn';
import { ActorName, Actors, addSecondFunder, ensureTestProgram, funderOfficer, SECOND_FUNDER, startWithActors } from './actors';
import { dbId, gid } from './ids';
import { agencyIds, sqlIds } from './sql';
import type { GqlResponse, TestApp } from './test-app';

/**
 * The program's steps through the GraphQL API, so that fixtures pass the same
 * rules (R1-R14) as real data and each test file need not write the documents
 * again. Ids in and out are the API's global ids.
 */

const TARGET_FIELDS = `id metric description periodStart periodEnd baseline targetValue maxPayout
  payoutRule { kind threshold tiers { minAchievement share } } agreement { id }`;

/** What each payload object is read back with: every field some test asserts. */
export const FIELDS = {
  enterprise: 'id businessRegistrationNumber name size industryCode region employeeCount',
  safetyTechnology: 'id name category hazards description readinessLevel certification createdAt provider { id }',
  recommendation: 'id status rationale recommendedAt decidedAt recommender { code } funder { code } enterprise { id } technology { id }',
  fundingAgreement: `id agreementNumber status startsOn endsOn baseAmount outcomeBudgetCap
    funder { code } recipient { id } recommendation { id } targets { ${TARGET_FIELDS} } disbursements { id kind amount status }`,
  performanceTarget: TARGET_FIELDS,
  improvementActivity: `id status kind title description hazardsAddressed workersCovered hazardsRemediated riskLevelBefore riskLevelAfter
    startedOn completedOn evidence { kind uri sha256 } verifiedAt verifiedBy { code } rejectionReason createdAt
    agreement { id } provider { id } beneficiary { id } technology { id }`,
  targetEvaluation: `id status actualValue achievementRatio achieved computedPayout payout capped preparedAt finalizedAt
    preparedBy { code } target { id } disbursement { id kind amount status evaluation { id } agreement { id } }
    countedActivities(first: 100) { totalCount nodes { id } pageInfo { hasNextPage } }`,
  disbursement: 'id kind amount status scheduledAt paidAt bankReference agreement { id }',
  program: 'id code name budget budgetCommitted budgetRemaining startsOn endsOn createdAt operator { id code } funder { id code }',
  supplierCall: `id title opensAt closesAt places eligibleHazards minReadinessLevel maxBaseAmount criteria { key description maxPoints }
    reviewsRequired passingScore status decidedAt createdAt program { id }`,
  supplierApplication: `id status planSummary requestedBaseAmount plannedBeneficiaries serviceRegions submittedAt score rank
    proposedTargets { metric description periodStart periodEnd baseline targetValue } call { id } applicant { id } technologies { id }
    recommendation { id status }`,
  applicationReview: 'id reviewerSubject scores { key points } total comment submittedAt reviewer { id code } application { id }',
  supportRequest: 'id status worksiteName worksiteRegion workersAtWorksite hazards needs submittedAt program { id } beneficiary { id }',
  supplierMatch: `id status proposedAt supplierAcceptedAt beneficiaryAcceptedAt reason improved
    baseline { phase riskLevel assessedOn note assessedBy { code } } followUp { phase riskLevel assessedOn note assessedBy { code } }
    request { id status } agreement { id } supplier { id } beneficiary { id }`,
};

/** Each mutation's input type and the object its payload carries. */
const MUTATIONS = {
  registerEnterprise: ['RegisterEnterpriseInput', 'enterprise'],
  registerSafetyTechnology: ['RegisterSafetyTechnologyInput', 'safetyTechnology'],
  recommendEnterprise: ['RecommendEnterpriseInput', 'recommendation'],
  decideRecommendation: ['DecideRecommendationInput', 'recommendation'],
  createFundingAgreement: ['CreateFundingAgreementInput', 'fundingAgreement'],
  addPerformanceTarget: ['AddPerformanceTargetInput', 'performanceTarget'],
  activateFundingAgreement: ['ChangeAgreementStatusInput', 'fundingAgreement'],
  completeFundingAgreement: ['ChangeAgreementStatusInput', 'fundingAgreement'],
  terminateFundingAgreement: ['ChangeAgreementStatusInput', 'fundingAgreement'],
  reportImprovementActivity: ['ReportImprovementActivityInput', 'improvementActivity'],
  verifyImprovementActivity: ['VerifyImprovementActivityInput', 'improvementActivity'],
  rejectImprovementActivity: ['RejectImprovementActivityInput', 'improvementActivity'],
  evaluatePerformanceTarget: ['EvaluatePerformanceTargetInput', 'targetEvaluation'],
  finalizeTargetEvaluation: ['FinalizeTargetEvaluationInput', 'targetEvaluation'],
  recordDisbursementPayment: ['RecordDisbursementPaymentInput', 'disbursement'],
  createProgram: ['CreateProgramInput', 'program'],
  publishSupplierCall: ['PublishSupplierCallInput', 'supplierCall'],
  submitSupplierApplication: ['SubmitSupplierApplicationInput', 'supplierApplication'],
  withdrawSupplierApplication: ['WithdrawSupplierApplicationInput', 'supplierApplication'],
  reviewSupplierApplication: ['ReviewSupplierApplicationInput', 'applicationReview'],
  decideSupplierCall: ['DecideSupplierCallInput', 'supplierCall'],
  submitSupportRequest: ['SubmitSupportRequestInput', 'supportRequest'],
  withdrawSupportRequest: ['WithdrawSupportRequestInput', 'supportRequest'],
  proposeSupplierMatch: ['ProposeSupplierMatchInput', 'supplierMatch'],
  respondToSupplierMatch: ['RespondToSupplierMatchInput', 'supplierMatch'],
  cancelSupplierMatch: ['CancelSupplierMatchInput', 'supplierMatch'],
  recordWorksiteAssessment: ['RecordWorksiteAssessmentInput', 'supplierMatch'],
} as const satisfies Record<string, readonly [string, keyof typeof FIELDS]>;

export type MutationName = keyof typeof MUTATIONS;
type Input = Record<string, unknown>;

/** The document of a mutation: `$input` in; its payload's object (with FIELDS) and userErrors out. */
export function mutation(name: MutationName): string {
  const [inputType, object] = MUTATIONS[name];
  return `mutation ${name[0].toUpperCase()}${name.slice(1)}($input: ${inputType}!) {
  ${name}(input: $input) { ${object} { ${FIELDS[object]} } userErrors { field message code } }
}`;
}

/** Runs a mutation as `token` and returns the whole response, for tests that expect it refused. */
export function mutate(app: TestApp, name: MutationName, input: Input, token: string | null): Promise<GqlResponse> {
  return app.gql(mutation(name), { input }, token);
}

/** Runs a mutation that must succeed and returns the object of its payload. */
export async function perform(app: TestApp, name: MutationName, input: Input, token: string): Promise<any> {
  const res = await mutate(app, name, input, token);
  expect(res.errors).toBeUndefined();
  expect(res.data[name].userErrors).toEqual([]);
  return res.data[name][MUTATIONS[name][1]];
}

// ---------------------------------------------------------------- single steps

let serial = 0;

/** A check-digit-valid business registration number of its own (tax office 8xx, which the demo data never uses). */
export function freshBrn(): string {
  serial += 1;
  const nine = `8${String(serial).padStart(8, '0')}`;
  return `${nine}${brnCheckDigit(nine)}`;
}

/** Registers an enterprise (R1, R2) with valid details where none are given. */
export function registerEnterprise(app: TestApp, token: string, overrides: Input = {}): Promise<any> {
  const input = { businessRegistrationNumber: freshBrn(), name: 'Hanul Safety Works Co., Ltd.', size: 'SMALL', industryCode: 'C25', region: 'GYEONGGI', employeeCount: 24 };
  return perform(app, 'registerEnterprise', { ...input, ...overrides }, token);
}

/** Registers a technology of the provider (R3). */
export function registerTechnology(app: TestApp, token: string, providerId: string, overrides: Input = {}): Promise<any> {
  const input = { providerId, name: 'AI-vision forklift detection', category: 'AI_VISION', hazards: ['STRUCK_BY', 'VEHICLE'], readinessLevel: 8 };
  return perform(app, 'registerSafetyTechnology', { ...input, ...overrides }, token);
}

/** An agency officer's program (R15) through the API, running from 2020 to 2099 with a large budget unless the input says otherwise. */
export function createProgram(app: TestApp, token: string, input: Input & { code: string; name: string; funderId: string }): Promise<any> {
  return perform(app, 'createProgram', { budget: '90000000000', startsOn: '2020-01-01', endsOn: '2099-12-31', ...input }, token);
}

/** The funder's test program (R15), made on first use: see ensureTestProgram. Returns its global id. */
export async function testProgram(app: TestApp, funderGid: string): Promise<string> {
  return gid('Program', await ensureTestProgram(app, dbId(funderGid)));
}

/** A public agency recommends an enterprise, optionally one of its technologies, to a funder (R4), in the funder's test program unless one is named. */
export async function recommend(
  app: TestApp,
  token: string,
  input: { enterpriseId: string; funderId: string; programId?: string; technologyId?: string; rationale?: string },
): Promise<any> {
  const programId = input.programId ?? (await testProgram(app, input.funderId));
  return perform(app, 'recommendEnterprise', { rationale: 'Field-proven at small worksites.', ...input, programId }, token);
}

/** The funder accepts or declines a PENDING recommendation (R4). */
export function decide(app: TestApp, token: string, id: string, accept: boolean, note?: string): Promise<any> {
  return perform(app, 'decideRecommendation', { id, accept, note }, token);
}

/** The funder adds a target to its DRAFT agreement (R5). */
export function addTarget(app: TestApp, token: string, agreementId: string, target: TargetInput): Promise<any> {
  return perform(app, 'addPerformanceTarget', { agreementId, target }, token);
}

type Step<A extends unknown[]> = (app: TestApp, token: string, ...args: A) => Promise<any>;
const withInput = (name: MutationName): Step<[Input]> => (app, token, input) => perform(app, name, input, token);
const withId = (name: MutationName): Step<[string]> => (app, token, id) => perform(app, name, { id }, token);
const withReason = (name: MutationName, fallback: string): Step<[string, string?]> => (app, token, id, reason = fallback) =>
  perform(app, name, { id, reason }, token);

/** The funder drafts an agreement from an ACCEPTED recommendation, with its targets (R5). */
export const createAgreement = withInput('createFundingAgreement');
/** DRAFT -> ACTIVE, scheduling the base grant (R6). */
export const activate = withId('activateFundingAgreement');
/** ACTIVE -> COMPLETED (R6). */
export const complete = withId('completeFundingAgreement');
/** DRAFT or ACTIVE -> TERMINATED with a reason (R6). */
export const terminate = withReason('terminateFundingAgreement', 'The supplier withdrew.');
/** Reports an activity under an ACTIVE agreement (R7). */
export const reportActivity = withInput('reportImprovementActivity');
/** A public agency verifies a REPORTED activity (R8). */
export const verify = withId('verifyImprovementActivity');
/** A public agency rejects a REPORTED activity with a reason (R8). */
export const reject = withReason('rejectImprovementActivity', 'The evidence does not show the work.');
/** The funder finalizes a DRAFT evaluation (R10). */
export const finalize = withId('finalizeTargetEvaluation');
/** The funder's back office records a SCHEDULED disbursement as PAID: id, bankReference, paidAt, idempotencyKey (R12). */
export const recordPayment = withInput('recordDisbursementPayment');

/** An agency officer prepares a DRAFT evaluation of a target (R9). */
export function evaluate(app: TestApp, token: string, targetId: string): Promise<any> {
  return perform(app, 'evaluatePerformanceTarget', { targetId }, token);
}

// ---------------------------------------------------------------- the program's usual paths

export type Funder = 'KB' | typeof SECOND_FUNDER.code;

/** A performance target as createFundingAgreement and addPerformanceTarget take it. */
export interface TargetInput {
  metric: string;
  periodStart: string;
  periodEnd: string;
  baseline?: number | null;
  targetValue: number;
  maxPayout: string;
  payoutRule: { kind: string; threshold?: number; tiers?: { minAchievement: number; share: number }[] };
  description?: string;
}

/** The global id of an agency; the second funder is added to the database first when it is the one asked for. */
export async function agencyGid(app: TestApp, code: string): Promise<string> {
  if (code === SECOND_FUNDER.code) await addSecondFunder(app);
  const [row] = await app.db.query('SELECT id FROM agency WHERE code = $1', [code]);
  return gid('Agency', row.id);
}

/** KOSME recommends the enterprise to the funder, which accepts or declines it unless it is to stay PENDING (R4). */
export async function recommendation(
  app: TestApp,
  actors: Actors,
  enterpriseId: string,
  options: { funder?: Funder; status?: 'PENDING' | 'ACCEPTED' | 'DECLINED'; technologyId?: string; programId?: string } = {},
): Promise<any> {
  const { funder = 'KB', status = 'ACCEPTED', technologyId, programId } = options;
  const made = await recommend(app, actors.kosme, { enterpriseId, funderId: await agencyGid(app, funder), technologyId, programId });
  return status === 'PENDING' ? made : decide(app, funderOfficer(actors, funder), made.id, status === 'ACCEPTED');
}

/** A supplier of its own: an enterprise registered with one technology. */
export async function supplier(app: TestApp, actors: Actors, overrides: Input = {}): Promise<{ id: string; brn: string; technologyId: string }> {
  const enterprise = await registerEnterprise(app, actors.kosme, overrides);
  const technology = await registerTechnology(app, actors.kosme, enterprise.id);
  return { id: enterprise.id, brn: enterprise.businessRegistrationNumber.replace(/-/g, ''), technologyId: technology.id };
}

export interface AgreementSpec {
  funder?: Funder;
  /** The program (a global id); by default the funder's test program. */
  programId?: string;
  /** The recipient and the technology its activities use; by default a new supplier. */
  recipient?: { id: string; technologyId?: string };
  agreementNumber?: string;
  startsOn: string;
  endsOn: string;
  baseAmount?: string;
  outcomeBudgetCap?: string;
  targets: TargetInput[];
  /** Left DRAFT, or activated (the default). */
  status?: 'DRAFT' | 'ACTIVE';
}

/** An agreement as the API answered it, with the parties its activities need. */
export interface FundedAgreement {
  id: string;
  recipientId: string;
  technologyId?: string;
  targetIds: string[];
  agreement: any;
}

let agreementSerial = 0;

/**
 * An agreement played through the API: KOSME recommends the recipient (and its
 * technology, when known), the funder accepts, drafts the agreement with its
 * targets and activates it.
 */
export async function fundAgreement(app: TestApp, actors: Actors, spec: AgreementSpec): Promise<FundedAgreement> {
  const { funder = 'KB', status = 'ACTIVE' } = spec;
  const recipient = spec.recipient ?? (await supplier(app, actors));
  const accepted = await recommendation(app, actors, recipient.id, { funder, technologyId: recipient.technologyId, programId: spec.programId });
  agreementSerial += 1;
  const token = funderOfficer(actors, funder);
  const drafted = await createAgreement(app, token, {
    recommendationId: accepted.id,
    agreementNumber: spec.agreementNumber ?? `TEST-${funder}-${agreementSerial}`,
    startsOn: spec.startsOn,
    endsOn: spec.endsOn,
    baseAmount: spec.baseAmount ?? '50000000',
    outcomeBudgetCap: spec.outcomeBudgetCap ?? '100000000',
    targets: spec.targets,
  });
  const agreement = status === 'ACTIVE' ? await activate(app, token, drafted.id) : drafted;
  const targetIds = agreement.targets.map((target: { id: string }) => target.id);
  return { id: agreement.id, recipientId: recipient.id, technologyId: recipient.technologyId, targetIds, agreement };
}

/** What an activity report varies by; the rest is an ordinary product supply. */
export interface ActivitySpec {
  beneficiaryId: string;
  completedOn: string;
  workersCovered?: number;
  hazardsRemediated?: number;
  /** riskLevelBefore and riskLevelAfter, or null for neither. */
  risk?: [number, number] | null;
  /** Verified by KOSME (the default), or left REPORTED. */
  verified?: boolean;
}

/**
 * R7 amended: the beneficiary's ACCEPTED match with the agreement, made through
 * the API when there is none: KOSME submits the worksite's support request,
 * proposes the match and records both sides' acceptance on the agreement's
 * first day (so that any activity in its term counts). Returns the match's global id.
 */
export async function ensureMatch(app: TestApp, actors: Actors, agreementId: string, beneficiaryId: string): Promise<string> {
  const [existing] = await app.db.query(
    `SELECT id FROM supplier_match WHERE agreement_id = $1 AND beneficiary_id = $2 AND status = 'ACCEPTED' ORDER BY accepted_on, id LIMIT 1`,
    [dbId(agreementId), dbId(beneficiaryId)],
  );
  if (existing) return gid('SupplierMatch', existing.id);
  const [agreement] = await app.db.query('SELECT program_id, starts_on FROM funding_agreement WHERE id = $1', [dbId(agreementId)]);
  const [beneficiary] = await app.db.query('SELECT name, region FROM enterprise WHERE id = $1', [dbId(beneficiaryId)]);
  const request = await perform(app, 'submitSupportRequest', {
    programId: gid('Program', agreement.program_id),
    beneficiaryId,
    worksiteName: `${beneficiary.name} worksite for agreement ${dbId(agreementId)}`.slice(0, 200),
    worksiteRegion: beneficiary.region,
    workersAtWorksite: 20,
    hazards: ['STRUCK_BY'],
    needs: 'On-site safety improvement.',
  }, actors.kosme);
  const match = await perform(app, 'proposeSupplierMatch', { requestId: request.id, agreementId }, actors.kosme);
  for (const side of ['SUPPLIER', 'BENEFICIARY']) {
    await perform(app, 'respondToSupplierMatch', { id: match.id, accept: true, onBehalfOf: side, answeredOn: agreement.starts_on }, actors.kosme);
  }
  return match.id;
}

/** An activity of the agreement's recipient at a matched beneficiary, reported and (unless `verified: false`) verified by KOSME (R7, R8); returns its global id. */
export async function activity(app: TestApp, actors: Actors, agreement: { id: string; technologyId?: string }, spec: ActivitySpec): Promise<string> {
  await ensureMatch(app, actors, agreement.id, spec.beneficiaryId);
  const [before, after] = spec.risk === undefined ? [16, 6] : (spec.risk ?? [null, null]);
  const reported = await reportActivity(app, actors.kosme, {
    agreementId: agreement.id,
    beneficiaryId: spec.beneficiaryId,
    technologyId: agreement.technologyId,
    kind: 'PRODUCT_SUPPLY',
    title: `Safety equipment installed on ${spec.completedOn}`,
    hazardsAddressed: ['STRUCK_BY'],
    workersCovered: spec.workersCovered ?? 10,
    hazardsRemediated: spec.hazardsRemediated ?? 1,
    riskLevelBefore: before,
    riskLevelAfter: after,
    startedOn: spec.completedOn,
    completedOn: spec.completedOn,
  });
  if (spec.verified !== false) await verify(app, actors.kosme, reported.id);
  return reported.id;
}

/**
 * The second funder's one agreement, kept apart from KB's by the visibility
 * rules: ACTIVE over 2026 (overrides change that), funding the first enterprise
 * that has no agreement yet, with one target so that it can be activated.
 */
export async function secondFunderAgreement(app: TestApp, actors: Actors, overrides: Partial<AgreementSpec> = {}): Promise<FundedAgreement> {
  const [row] = await app.db.query('SELECT id FROM enterprise WHERE id NOT IN (SELECT recipient_id FROM funding_agreement) ORDER BY id LIMIT 1');
  return fundAgreement(app, actors, {
    funder: SECOND_FUNDER.code,
    recipient: { id: gid('Enterprise', row.id) },
    startsOn: '2026-03-01',
    endsOn: '2026-12-31',
    baseAmount: '100000000',
    outcomeBudgetCap: '50000000',
    targets: [
      { metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-03-01', periodEnd: '2026-08-31', baseline: 0, targetValue: 10, maxPayout: '20000000', payoutRule: { kind: 'ALL_OR_NOTHING' } },
    ],
    ...overrides,
  });
}

/**
 * Where the recommendation and agreement workflow files start: the seeded app
 * with the second funder, its actors, every agency's id by code, the
 * enterprises no recommendation names yet (fresh parties for R4's one PENDING
 * recommendation per funder) and a user of the first enterprise.
 */
export async function startWorkflow(subjects: Partial<Record<ActorName, string>>) {
  const { app, actors } = await startWithActors({ seed: true }, subjects);
  await addSecondFunder(app);
  return {
    app,
    actors,
    ids: (await agencyIds(app)) as Record<'KOSME' | 'KB' | 'MSS' | typeof SECOND_FUNDER.code, string>,
    unrecommended: await sqlIds(app, 'SELECT id FROM enterprise e WHERE NOT EXISTS (SELECT 1 FROM recommendation r WHERE r.enterprise_id = e.id) ORDER BY id'),
    enterpriseUser: await actors.someEnterprise(),
  };
}
