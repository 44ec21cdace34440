import { forbidden } from '../../common/errors';
import { message, Message } from '../../common/messages';
import { invalidInput, invalidState, userError, UserErrorCode } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

const notEligible = (field: string[], wording: Message) => userError(UserErrorCode.NOT_ELIGIBLE, field, wording);

type ProgramTerm = { code: string; startsOn: string; endsOn: string };

/** Every refusal of calls, applications, reviews and decisions (R16-R19) beyond input validation and NOT_FOUND; the words are in common/messages. */
export const callErrors = {
  // ---- publishing a call (R16)
  closesAtNotAfterOpensAt: () => invalidInput(['input', 'closesAt'], message('call.closesAtNotAfterOpensAt')),
  closesAfterProgram: (program: { code: string; endsOn: string }) =>
    invalidInput(['input', 'closesAt'], message('call.closesAfterProgram', program.code, program.endsOn)),
  maxBaseAmountNotPositive: () => invalidInput(['input', 'maxBaseAmount'], message('call.maxBaseAmountNotPositive')),
  duplicateCriterionKey: (index: number, key: string) =>
    invalidInput(['input', 'criteria', String(index), 'key'], message('call.duplicateCriterionKey', key)),
  passingScoreDecimals: () => invalidInput(['input', 'passingScore'], message('call.passingScoreDecimals')),
  passingScoreOutOfRange: (maximum: number) => invalidInput(['input', 'passingScore'], message('call.passingScoreOutOfRange', maximum)),

  // ---- applications (R16)
  callNotOpen: (status: string) => invalidState(['input', 'callId'], message('call.notOpen', status)),
  withdrawNotOpen: (status: string) => invalidState(['input', 'id'], message('call.withdrawNotOpen', status)),
  notSubmitted: (field: string[], status: string) => invalidState(field, message('call.notSubmitted', status)),
  technologyOfAnotherEnterprise: (index: number, name: string) =>
    notEligible(['input', 'technologyIds', String(index)], message('call.technologyOfAnotherEnterprise', name)),
  technologyNotReady: (index: number, name: string, level: number, minimum: number) =>
    notEligible(['input', 'technologyIds', String(index)], message('call.technologyNotReady', name, level, minimum)),
  noEligibleHazard: (eligible: string[]) => notEligible(['input', 'technologyIds'], message('call.noEligibleHazard', eligible)),
  requestAboveMaximum: (maximum: bigint) => invalidInput(['input', 'requestedBaseAmount'], message('call.requestAboveMaximum', String(maximum))),
  targetPeriodOutsideProgram: (index: number, program: ProgramTerm) =>
    invalidInput(['input', 'proposedTargets', String(index), 'periodEnd'], message('call.targetPeriodOutsideProgram', program)),
  targetValueNotAboveBaseline: (index: number) =>
    invalidInput(['input', 'proposedTargets', String(index), 'targetValue'], message('call.targetValueNotAboveBaseline')),
  applicantNotYours: () => forbidden('An enterprise user applies, and withdraws, for its own enterprise only'),

  // ---- reviews (R17)
  reviewNotClosed: (status: string) => invalidState(['input', 'applicationId'], message('call.reviewNotClosed', status)),
  unknownCriterion: (index: number, key: string) => invalidInput(['input', 'scores', String(index), 'key'], message('call.unknownCriterion', key)),
  criterionScoredTwice: (index: number, key: string) =>
    invalidInput(['input', 'scores', String(index), 'key'], message('call.criterionScoredTwice', key)),
  criterionNotScored: (keys: string[]) => invalidInput(['input', 'scores'], message('call.criterionNotScored', keys)),
  pointsOutOfRange: (index: number, key: string, maxPoints: number) =>
    invalidInput(['input', 'scores', String(index), 'points'], message('call.pointsOutOfRange', key, maxPoints)),
  tooManyReviewers: (limit: number) => invalidState(['input', 'applicationId'], message('call.tooManyReviewers', limit)),

  // ---- the decision (R19)
  decisionNotClosed: (status: string) => invalidState(['input', 'id'], message('call.decisionNotClosed', status)),
  reviewsMissing: (lacking: number, required: number) => invalidState(['input', 'id'], message('call.reviewsMissing', lacking, required)),
  pendingRecommendationExists: (names: string[]) =>
    userError(UserErrorCode.DUPLICATE, ['input', 'id'], message('call.pendingRecommendationExists', names)),
};

/** R19: a direct recommendation made while the decision ran still meets the database's one-PENDING rule (R4). */
export const DECISION_DUPLICATES: DuplicateErrors = {
  recommendation_one_pending_idx: { field: ['input', 'id'], message: message('call.duplicateDecisionRecommendation') },
};

/** R16: the database keeps one live application per (call, applicant), so concurrent submissions cannot both pass. */
export const APPLICATION_DUPLICATES: DuplicateErrors = {
  supplier_application_one_live_idx: { field: ['input', 'applicantId'], message: message('call.duplicateApplication') },
};
