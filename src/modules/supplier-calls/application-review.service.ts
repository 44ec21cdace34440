import { actingAgency } from '../../auth/acting-agency';
import { assertActsForOperator, findVisibleForUpdate, lockRow } from '../../auth/write-access';
import { AgencyKind, SupplierApplicationStatus, SupplierCallStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { LIST_LIMITS } from '../../common/list-limits';
import { refuse, refuseAny, UserError } from '../../common/user-error';
import { validateInput } from '../../common/validation';
import { now } from '../../context';
import { type MutationService, runMutation } from '../../db/mutation';
import { ProgramEntity } from '../programs/program.entity';
import { ApplicationReviewEntity } from './application-review.entity';
import { SupplierCallEntity } from './supplier-call.entity';
import { callErrors } from './supplier-call.errors';
import { ReviewSupplierApplicationInput } from './supplier-call.inputs';
import { APPLICATIONS } from './supplier-call.loaders';

/** R17: every criterion of the call scored exactly once, 0 ≤ points ≤ maxPoints. */
function scoreErrors(call: SupplierCallEntity, scores: ReviewSupplierApplicationInput['scores']): UserError[] {
  const errors: UserError[] = [];
  const criteria = new Map(call.criteria.map((criterion) => [criterion.key, criterion]));
  const seen = new Set<string>();
  scores.forEach((score, index) => {
    const criterion = criteria.get(score.key);
    if (!criterion) errors.push(callErrors.unknownCriterion(index, score.key));
    else if (seen.has(score.key)) errors.push(callErrors.criterionScoredTwice(index, score.key));
    else if (score.points < 0 || score.points > criterion.maxPoints) errors.push(callErrors.pointsOutOfRange(index, score.key, criterion.maxPoints));
    seen.add(score.key);
  });
  const missing = call.criteria.filter((criterion) => !seen.has(criterion.key)).map((criterion) => criterion.key);
  if (missing.length > 0) errors.push(callErrors.criterionNotScored(missing));
  return errors;
}

/**
 * R17: by an officer of the program's operator, while the call is CLOSED, of
 * a SUBMITTED application. One review per (application, reviewer subject):
 * reviewing again replaces it. The application is locked, so one reviewer's
 * two concurrent reviews end as one.
 */
export const reviewSupplierApplication: MutationService<ReviewSupplierApplicationInput, ApplicationReviewEntity> = (ctx, principal, input) => {
  const agency = actingAgency(principal, AgencyKind.PUBLIC_AGENCY);
  return runMutation(ctx, principal, 'reviewSupplierApplication', async (em) => {
    refuseAny(await validateInput(input));
    const application = await findVisibleForUpdate(em, principal, APPLICATIONS, input.applicationId, ['input', 'applicationId']);
    const call = await lockRow(em, SupplierCallEntity, application.callId, 'pessimistic_read');
    const program = await lockRow(em, ProgramEntity, call.programId, 'pessimistic_read');
    assertActsForOperator(agency, program.operatorId);
    if (call.status !== SupplierCallStatus.CLOSED) refuse(callErrors.reviewNotClosed(call.status));
    if (application.status !== SupplierApplicationStatus.SUBMITTED) refuse(callErrors.notSubmitted(['input', 'applicationId'], application.status));
    refuseAny(scoreErrors(call, input.scores));

    const order = new Map(call.criteria.map((criterion, index) => [criterion.key, index]));
    const scores = [...input.scores].sort((a, b) => order.get(a.key)! - order.get(b.key)!).map(({ key, points }) => ({ key, points }));
    const total = scores.reduce((sum, score) => sum + score.points, 0);
    const previous = await em.findOneBy(ApplicationReviewEntity, { applicationId: application.id, reviewerSubject: principal.subject });
    if (!previous && application.reviewCount >= LIST_LIMITS.reviewsPerApplication) refuse(callErrors.tooManyReviewers(LIST_LIMITS.reviewsPerApplication));
    const saved = await em.save(
      Object.assign(previous ?? em.create(ApplicationReviewEntity, { applicationId: application.id, reviewerSubject: principal.subject }), {
        reviewerId: agency.id,
        scores,
        total,
        comment: input.comment ?? null,
        submittedAt: now(ctx),
      }),
    );
    const changes = {
      applicationId: encodeGlobalId('SupplierApplication', application.id),
      scores,
      total,
      comment: saved.comment,
      ...(previous ? { replaces: { total: previous.total, submittedAt: previous.submittedAt.toISOString() } } : {}),
    };
    return { value: saved, audit: { entityType: 'ApplicationReview', entityId: encodeGlobalId('ApplicationReview', saved.id), changes } };
  });
};
