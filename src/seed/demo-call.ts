import { DataSource } from 'typeorm';
import { Principal, Role } from '../auth/roles';
import { HazardType, Region, TargetMetric } from '../common/enums';
import { ContextDeps, createInternalContext } from '../context';
import { DecideRecommendationInput, RecommendEnterpriseInput } from '../modules/recommendations/recommendation.inputs';
import { decideRecommendation, recommendEnterprise } from '../modules/recommendations/recommendation.service';
import { reviewSupplierApplication } from '../modules/supplier-calls/application-review.service';
import { submitSupplierApplication } from '../modules/supplier-calls/supplier-application.service';
import {
  CriterionScoreInput,
  DecideSupplierCallInput,
  ProposedTargetInput,
  PublishSupplierCallInput,
  ReviewCriterionInput,
  ReviewSupplierApplicationInput,
  SubmitSupplierApplicationInput,
} from '../modules/supplier-calls/supplier-call.inputs';
import { decideSupplierCall, publishSupplierCall } from '../modules/supplier-calls/supplier-call.service';

/**
 * The front half of the demo program, played through the services the API
 * uses (their rules and audit events) on the program's own calendar: each step
 * runs in an internal context that replays its instant (createInternalContext
 * with `at`), so the call is OPEN for the submissions and CLOSED for the
 * reviews by the database's clock, and the audit log tells the story in order.
 *
 * KOSME publishes the 2026 call for suppliers, the applicants submit their
 * plans while it is OPEN, two KOSME reviewers score every application after
 * the deadline, KOSME decides the call (R19: the 50 best-scoring become PENDING
 * recommendations to KB), and KB accepts or declines them over the following
 * months; a direct recommendation made before the call comes first.
 */

/** The real program's call (DESIGN.md, facts for realistic demo data). */
export const DEMO_CALL = {
  title: '2026 safety-technology supplier call',
  officer: 'kosme-officer-1',
  publishedAt: '2026-02-20T10:30:00+09:00',
  opensAt: '2026-02-25T09:00:00+09:00',
  closesAt: '2026-03-11T18:00:00+09:00',
  decidedAt: '2026-03-18T10:00:00+09:00',
  places: 50,
  /** Fire, caught-in, collision (struck-by) and fall accidents. */
  eligibleHazards: ['FIRE_EXPLOSION', 'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'FALL'] as readonly HazardType[],
  /** Commercialised products only. */
  minReadinessLevel: 9,
  maxBaseAmount: 120_000_000n,
  criteria: [
    { key: 'technology', description: 'Technology: commercialised and certified, with a field record against fire, caught-in, collision or fall accidents', maxPoints: 40 },
    { key: 'field_applicability', description: 'Field applicability: fits small worksites (5-49 workers); installation, inspection and training capacity in the regions served', maxPoints: 30 },
    { key: 'plan_feasibility', description: 'Plan feasibility: base amount, beneficiaries, schedule and KPIs realistic and verifiable', maxPoints: 30 },
  ],
  reviewsRequired: 2,
  passingScore: 60,
  reviewers: ['kosme-reviewer-1', 'kosme-reviewer-2'],
  funderOfficer: 'kb-officer-1',
} as const;

/** KB's answer to a recommendation, at an instant of the calendar. */
export interface DemoDecision {
  accept: boolean;
  note: string;
  at: Date;
}

export interface DemoApplicationPlan {
  applicant: { id: string; businessRegistrationNumber: string };
  technologyIds: string[];
  planSummary: string;
  requestedBaseAmount: bigint;
  plannedBeneficiaries: number;
  serviceRegions: string[];
  proposedTargets: { metric: string; description: string; periodStart: string; periodEnd: string; baseline: number; targetValue: number }[];
  submittedAt: Date;
  /** One per reviewer of DEMO_CALL.reviewers, points in the order of DEMO_CALL.criteria. */
  reviews: { reviewer: string; points: number[]; comment: string; at: Date }[];
  /** KB's decision on the recommendation a selected application becomes; null leaves it PENDING. */
  decision: DemoDecision | null;
}

export interface DemoCallPlan {
  programId: string;
  /** Recommendations KOSME made directly, before the call, each with KB's decision. */
  direct: { enterpriseId: string; technologyId: string; rationale: string; at: Date; decision: DemoDecision }[];
  applications: DemoApplicationPlan[];
}

export interface DemoCallSummary {
  supplierCallId: string;
  supplierApplications: number;
  applicationReviews: number;
  selectedApplications: number;
  recommendationsAccepted: number;
  recommendationsDeclined: number;
  recommendationsPending: number;
}

export async function officer(db: DataSource, role: Role, code: string, subject: string): Promise<Principal> {
  const [agency] = await db.query('SELECT id, code, kind FROM agency WHERE code = $1', [code]);
  return { subject, role, agency, enterprise: null };
}

export function expectSuccess<T>(what: string, outcome: { value: T | null; userErrors: { message: string }[] }): T {
  if (!outcome.value) throw new Error(`demo workflow: ${what} failed: ${outcome.userErrors.map((e) => e.message).join('; ')}`);
  return outcome.value;
}

const input = <T extends object>(type: new () => T, fields: Partial<T>): T => Object.assign(new type(), fields);

/** The steps of one stage in calendar order; a plan whose stages overlap is a bug in the plan. */
function inOrder<T extends { at: Date }>(stage: string, steps: T[], after: Date, before: Date | null): T[] {
  const sorted = [...steps].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of sorted) {
    if (step.at.getTime() <= after.getTime() || (before && step.at.getTime() >= before.getTime())) {
      throw new Error(`demo call: a ${stage} at ${step.at.toISOString()} lies outside its stage of the calendar`);
    }
  }
  return sorted;
}

export async function playDemoCall(deps: ContextDeps, plan: DemoCallPlan): Promise<DemoCallSummary> {
  const { db } = deps;
  const kosme = await officer(db, Role.AGENCY_OFFICER, 'KOSME', DEMO_CALL.officer);
  const kb = await officer(db, Role.FUNDER_OFFICER, 'KB', DEMO_CALL.funderOfficer);
  const reviewers = await Promise.all(DEMO_CALL.reviewers.map((subject) => officer(db, Role.AGENCY_OFFICER, 'KOSME', subject)));
  const at = (iso: string) => new Date(iso);
  const publishedAt = at(DEMO_CALL.publishedAt);
  const opensAt = at(DEMO_CALL.opensAt);
  const closesAt = at(DEMO_CALL.closesAt);
  const decidedAt = at(DEMO_CALL.decidedAt);

  // Before the call: direct recommendations and KB's answers, in calendar order.
  const directSteps = [
    ...plan.direct.map((direct) => ({ at: direct.at, direct, decide: false })),
    ...plan.direct.map((direct) => ({ at: direct.decision.at, direct, decide: true })),
  ];
  const directIds = new Map<(typeof plan.direct)[number], string>();
  for (const step of inOrder('direct recommendation', directSteps, new Date(0), publishedAt)) {
    const { direct } = step;
    if (!step.decide) {
      const saved = await recommendEnterprise(
        createInternalContext(deps, kosme, { at: step.at }),
        kosme,
        input(RecommendEnterpriseInput, { enterpriseId: direct.enterpriseId, technologyId: direct.technologyId, programId: plan.programId, rationale: direct.rationale }),
      );
      directIds.set(direct, expectSuccess('recommendEnterprise', saved).id);
    } else {
      expectSuccess(
        'decideRecommendation',
        await decideRecommendation(
          createInternalContext(deps, kb, { at: step.at }),
          kb,
          input(DecideRecommendationInput, { id: directIds.get(direct)!, accept: direct.decision.accept, note: direct.decision.note }),
        ),
      );
    }
  }

  // KOSME publishes the call a few days before it opens.
  const call = expectSuccess(
    'publishSupplierCall',
    await publishSupplierCall(
      createInternalContext(deps, kosme, { at: publishedAt }),
      kosme,
      input(PublishSupplierCallInput, {
        programId: plan.programId,
        title: DEMO_CALL.title,
        opensAt,
        closesAt,
        places: DEMO_CALL.places,
        eligibleHazards: [...DEMO_CALL.eligibleHazards],
        minReadinessLevel: DEMO_CALL.minReadinessLevel,
        maxBaseAmount: DEMO_CALL.maxBaseAmount,
        criteria: DEMO_CALL.criteria.map((criterion) => input(ReviewCriterionInput, { ...criterion })),
        reviewsRequired: DEMO_CALL.reviewsRequired,
        passingScore: DEMO_CALL.passingScore,
      }),
    ),
  );

  // While it is OPEN, each applicant submits its plan.
  const applicationIds = new Map<DemoApplicationPlan, string>();
  const submissions = inOrder('submission', plan.applications.map((application) => ({ at: application.submittedAt, application })), new Date(opensAt.getTime() - 1), closesAt);
  for (const { at: submittedAt, application } of submissions) {
    const applicant: Principal = {
      subject: `supplier:${application.applicant.businessRegistrationNumber}`,
      role: Role.ENTERPRISE,
      agency: null,
      enterprise: application.applicant,
    };
    const saved = await submitSupplierApplication(
      createInternalContext(deps, applicant, { at: submittedAt }),
      applicant,
      input(SubmitSupplierApplicationInput, {
        callId: call.id,
        applicantId: application.applicant.id,
        technologyIds: application.technologyIds,
        planSummary: application.planSummary,
        requestedBaseAmount: application.requestedBaseAmount,
        plannedBeneficiaries: application.plannedBeneficiaries,
        serviceRegions: application.serviceRegions as Region[],
        proposedTargets: application.proposedTargets.map((target) => input(ProposedTargetInput, { ...target, metric: target.metric as TargetMetric })),
      }),
    );
    applicationIds.set(application, expectSuccess('submitSupplierApplication', saved).id);
  }

  // After the deadline, both reviewers score every application.
  const reviews = inOrder(
    'review',
    plan.applications.flatMap((application) => application.reviews.map((review) => ({ at: review.at, review, application }))),
    closesAt,
    decidedAt,
  );
  for (const { at: reviewedAt, review, application } of reviews) {
    const reviewer = reviewers[DEMO_CALL.reviewers.indexOf(review.reviewer as (typeof DEMO_CALL.reviewers)[number])];
    expectSuccess(
      'reviewSupplierApplication',
      await reviewSupplierApplication(
        createInternalContext(deps, reviewer, { at: reviewedAt }),
        reviewer,
        input(ReviewSupplierApplicationInput, {
          applicationId: applicationIds.get(application)!,
          scores: DEMO_CALL.criteria.map(({ key }, index) => input(CriterionScoreInput, { key, points: review.points[index] })),
          comment: review.comment,
        }),
      ),
    );
  }

  // The decision: the best-scoring applications within the places become PENDING recommendations to KB (R19).
  expectSuccess(
    'decideSupplierCall',
    await decideSupplierCall(createInternalContext(deps, kosme, { at: decidedAt }), kosme, input(DecideSupplierCallInput, { id: call.id })),
  );
  const recommended: { id: string; application_id: string }[] = await db.query(
    `SELECT r.id, r.application_id FROM recommendation r JOIN supplier_application a ON a.id = r.application_id WHERE a.call_id = $1`,
    [call.id],
  );
  const recommendationOf = new Map(recommended.map((row) => [String(row.application_id), String(row.id)]));

  // KB answers the recommendations, some soon after the decision, some when their agreements are due.
  const decided = plan.applications.filter((application) => application.decision !== null);
  for (const application of decided) {
    if (!recommendationOf.has(applicationIds.get(application)!)) {
      throw new Error('demo call: the plan decides a recommendation for an application the call did not select');
    }
  }
  const decisions = inOrder('funder decision', decided.map((application) => ({ at: application.decision!.at, application })), decidedAt, null);
  for (const { at: answeredAt, application } of decisions) {
    const { accept, note } = application.decision!;
    expectSuccess(
      'decideRecommendation',
      await decideRecommendation(
        createInternalContext(deps, kb, { at: answeredAt }),
        kb,
        input(DecideRecommendationInput, { id: recommendationOf.get(applicationIds.get(application)!)!, accept, note }),
      ),
    );
  }

  return {
    supplierCallId: call.id,
    supplierApplications: applicationIds.size,
    applicationReviews: reviews.length,
    selectedApplications: recommended.length,
    recommendationsAccepted: decided.filter((application) => application.decision!.accept).length,
    recommendationsDeclined: decided.filter((application) => !application.decision!.accept).length,
    recommendationsPending: recommended.length - decided.length,
  };
}
