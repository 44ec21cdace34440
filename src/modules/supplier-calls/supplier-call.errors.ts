import { forbidden } from '../../common/errors';
import { invalidInput, invalidState, userError, UserErrorCode } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

const notEligible = (field: string[], message: string) => userError(UserErrorCode.NOT_ELIGIBLE, field, message);

/** Every refusal of calls, applications, reviews and decisions (R16-R19) beyond input validation and NOT_FOUND. */
export const callErrors = {
  // ---- publishing a call (R16)
  closesAtNotAfterOpensAt: () => invalidInput(['input', 'closesAt'], 'closesAt must be after opensAt'),
  closesAfterProgram: (program: { code: string; endsOn: string }) =>
    invalidInput(['input', 'closesAt'], `closesAt must not be after the program ${program.code} ends (${program.endsOn}, Asia/Seoul)`),
  maxBaseAmountNotPositive: () => invalidInput(['input', 'maxBaseAmount'], 'maxBaseAmount must be more than 0'),
  duplicateCriterionKey: (index: number, key: string) =>
    invalidInput(['input', 'criteria', String(index), 'key'], `The criterion key "${key}" is used twice; keys must be unique`),
  passingScoreDecimals: () => invalidInput(['input', 'passingScore'], 'passingScore must have at most 2 decimals'),
  passingScoreOutOfRange: (maximum: number) =>
    invalidInput(['input', 'passingScore'], `passingScore must be between 0 and the criteria's total maxPoints (${maximum})`),

  // ---- applications (R16)
  callNotOpen: (status: string) => invalidState(['input', 'callId'], `Applications are taken only while the call is OPEN; it is ${status}`),
  withdrawNotOpen: (status: string) => invalidState(['input', 'id'], `An application can be withdrawn only while the call is OPEN; it is ${status}`),
  notSubmitted: (field: string[], status: string) => invalidState(field, `Only a SUBMITTED application can be changed; this one is ${status}`),
  technologyOfAnotherEnterprise: (index: number, name: string) =>
    notEligible(['input', 'technologyIds', String(index)], `The technology "${name}" belongs to another enterprise, not the applicant`),
  technologyNotReady: (index: number, name: string, level: number, minimum: number) =>
    notEligible(
      ['input', 'technologyIds', String(index)],
      `The technology "${name}" has readiness level ${level}; the call asks for at least ${minimum}`,
    ),
  noEligibleHazard: (eligible: string[]) =>
    notEligible(['input', 'technologyIds'], `Together the technologies must address one of the call's eligible hazards: ${eligible.join(', ')}`),
  requestAboveMaximum: (maximum: bigint) =>
    invalidInput(['input', 'requestedBaseAmount'], `requestedBaseAmount must be more than 0 and at most the call's maxBaseAmount (₩${maximum})`),
  targetPeriodOutsideProgram: (index: number, program: { code: string; startsOn: string; endsOn: string }) =>
    invalidInput(
      ['input', 'proposedTargets', String(index), 'periodEnd'],
      `The period must lie within the program ${program.code} (${program.startsOn} to ${program.endsOn}), periodStart not after periodEnd`,
    ),
  targetValueNotAboveBaseline: (index: number) =>
    invalidInput(['input', 'proposedTargets', String(index), 'targetValue'], 'targetValue must be greater than baseline'),
  applicantNotYours: () => forbidden('An enterprise user applies, and withdraws, for its own enterprise only'),

  // ---- reviews (R17)
  reviewNotClosed: (status: string) => invalidState(['input', 'applicationId'], `Reviews are made only while the call is CLOSED; it is ${status}`),
  unknownCriterion: (index: number, key: string) => invalidInput(['input', 'scores', String(index), 'key'], `The call has no criterion "${key}"`),
  criterionScoredTwice: (index: number, key: string) =>
    invalidInput(['input', 'scores', String(index), 'key'], `The criterion "${key}" is scored twice; score each criterion once`),
  criterionNotScored: (keys: string[]) => invalidInput(['input', 'scores'], `Every criterion must be scored; missing: ${keys.join(', ')}`),
  pointsOutOfRange: (index: number, key: string, maxPoints: number) =>
    invalidInput(['input', 'scores', String(index), 'points'], `points for "${key}" must be between 0 and ${maxPoints}`),
  tooManyReviewers: (limit: number) => invalidState(['input', 'applicationId'], `An application takes at most ${limit} reviewers`),

  // ---- the decision (R19)
  decisionNotClosed: (status: string) => invalidState(['input', 'id'], `A call is decided once, while CLOSED; it is ${status}`),
  reviewsMissing: (lacking: number, required: number) =>
    invalidState(['input', 'id'], `${lacking} SUBMITTED application(s) lack the ${required} review(s) each needs before the decision`),
  pendingRecommendationExists: (names: string[]) =>
    userError(
      UserErrorCode.DUPLICATE,
      ['input', 'id'],
      `Already recommended to the program's funder and waiting for its decision: ${names.join(', ')}; the funder decides those first`,
    ),
};

/** R19: a direct recommendation made while the decision ran still meets the database's one-PENDING rule (R4). */
export const DECISION_DUPLICATES: DuplicateErrors = {
  recommendation_one_pending_idx: {
    field: ['input', 'id'],
    message: "A selected applicant was just recommended to the program's funder directly; the funder decides that first",
  },
};

/** R16: the database keeps one live application per (call, applicant), so concurrent submissions cannot both pass. */
export const APPLICATION_DUPLICATES: DuplicateErrors = {
  supplier_application_one_live_idx: {
    field: ['input', 'applicantId'],
    message: 'The applicant already has an application to this call; withdraw it before applying again',
  },
};
