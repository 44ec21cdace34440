import { forbidden } from '../../common/errors';
import { LIST_LIMITS } from '../../common/list-limits';
import { invalidInput, invalidState } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of support requests, matches and assessments (R20-R22) beyond input validation and NOT_FOUND. */
export const matchingErrors = {
  // ---- support requests (R20)
  notOwnEnterprise: () => forbidden('An enterprise user acts for its own enterprise only'),
  programNotRunning: (program: { code: string; startsOn: string; endsOn: string }, today: string) =>
    invalidState(['input', 'programId'], `The program ${program.code} runs from ${program.startsOn} to ${program.endsOn}; today is ${today}`),
  requestNotOpen: (status: string) => invalidState(['input', 'id'], `Only an OPEN request can be withdrawn; this one is ${status}`),

  // ---- matches (R21)
  requestWithdrawn: () => invalidState(['input', 'requestId'], 'The request was WITHDRAWN; it takes no matches'),
  agreementNotActive: (status: string) => invalidState(['input', 'agreementId'], `Only an ACTIVE agreement's supplier can be matched; this one is ${status}`),
  agreementOfAnotherProgram: () => invalidInput(['input', 'agreementId'], "The agreement belongs to another program than the request's"),
  supplierIsBeneficiary: () => invalidInput(['input', 'agreementId'], "The agreement's supplier is the requesting beneficiary itself"),
  tooManyMatchesOfAgreement: () =>
    invalidState(['input', 'agreementId'], `An agreement carries at most ${LIST_LIMITS.matchesPerAgreement} PROPOSED or ACCEPTED matches`),
  tooManyMatchesOfRequest: () => invalidState(['input', 'requestId'], `A request takes at most ${LIST_LIMITS.matchesPerRequest} matches`),
  matchNotProposed: (status: string) => invalidState(['input', 'id'], `Only a PROPOSED match is answered; this one is ${status}`),
  alreadyAnswered: (side: string, answer: string, on: string) => invalidState(['input', 'id'], `The ${side} has already answered: ${answer} on ${on}`),
  declineWithoutReason: () => invalidInput(['input', 'reason'], 'A decline needs a reason'),
  onBehalfOfRequired: () => invalidInput(['input', 'onBehalfOf'], 'An agency officer records a side\'s answer: say which side (onBehalfOf)'),
  onBehalfOfForEnterprise: (field: 'onBehalfOf' | 'answeredOn') =>
    invalidInput(['input', field], `An enterprise answers for itself, today; ${field} is for an agency officer recording an answer`),
  dayInFuture: (field: string, today: string) => invalidInput(['input', field], `The day must not be after today (${today})`),
  dayOutsideProgram: (field: string, program: { code: string; startsOn: string; endsOn: string }) =>
    invalidInput(['input', field], `The day must lie within the program ${program.code} (${program.startsOn} to ${program.endsOn})`),
  cancelNotLive: (status: string) => invalidState(['input', 'id'], `Only a PROPOSED or ACCEPTED match can be cancelled; this one is ${status}`),
  cancelWithoutReason: () => invalidInput(['input', 'reason'], 'A cancellation needs a reason'),
  cancelWithActivities: (count: number) => invalidState(['input', 'id'], `The match has ${count} reported activities; it cannot be cancelled`),

  // ---- worksite assessments (R22)
  assessmentOfUnacceptedMatch: (status: string) => invalidState(['input', 'matchId'], `Assessments are recorded for an ACCEPTED match; this one is ${status}`),
  followUpWithoutBaseline: () => invalidState(['input', 'phase'], 'A FOLLOW_UP needs the BASELINE first'),
  followUpBeforeBaseline: (baselineOn: string) => invalidInput(['input', 'assessedOn'], `The FOLLOW_UP must not be dated before the BASELINE (${baselineOn})`),
  baselineAfterFollowUp: (followUpOn: string) => invalidInput(['input', 'assessedOn'], `The BASELINE must not be dated after the FOLLOW_UP (${followUpOn})`),
  assessmentCounted: () => invalidState(['input', 'matchId'], 'A FINALIZED evaluation counted this match; its assessments are final'),
};

export const REQUEST_DUPLICATES: DuplicateErrors = {
  support_request_one_open_idx: {
    field: ['input', 'worksiteName'],
    message: 'The beneficiary already has an OPEN request for this worksite in this program',
  },
};

export const MATCH_DUPLICATES: DuplicateErrors = {
  supplier_match_one_live_idx: {
    field: ['input', 'agreementId'],
    message: "The request already has a PROPOSED or ACCEPTED match with this agreement's supplier",
  },
};
