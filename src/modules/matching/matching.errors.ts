import { forbidden } from '../../common/errors';
import { LIST_LIMITS } from '../../common/list-limits';
import { message } from '../../common/messages';
import { invalidInput, invalidState } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

type ProgramTerm = { code: string; startsOn: string; endsOn: string };

/** Every refusal of support requests, matches and assessments (R20-R22) beyond input validation and NOT_FOUND; the words are in common/messages. */
export const matchingErrors = {
  // ---- support requests (R20)
  notOwnEnterprise: () => forbidden('An enterprise user acts for its own enterprise only'),
  programNotRunning: (program: ProgramTerm, today: string) => invalidState(['input', 'programId'], message('matching.programNotRunning', program, today)),
  requestNotOpen: (status: string) => invalidState(['input', 'id'], message('matching.requestNotOpen', status)),

  // ---- matches (R21)
  requestWithdrawn: () => invalidState(['input', 'requestId'], message('matching.requestWithdrawn')),
  agreementNotActive: (status: string) => invalidState(['input', 'agreementId'], message('matching.agreementNotActive', status)),
  agreementOfAnotherProgram: () => invalidInput(['input', 'agreementId'], message('matching.agreementOfAnotherProgram')),
  supplierIsBeneficiary: () => invalidInput(['input', 'agreementId'], message('matching.supplierIsBeneficiary')),
  tooManyMatchesOfAgreement: () =>
    invalidState(['input', 'agreementId'], message('matching.tooManyMatchesOfAgreement', LIST_LIMITS.matchesPerAgreement)),
  tooManyMatchesOfRequest: () => invalidState(['input', 'requestId'], message('matching.tooManyMatchesOfRequest', LIST_LIMITS.matchesPerRequest)),
  matchNotProposed: (status: string) => invalidState(['input', 'id'], message('matching.matchNotProposed', status)),
  alreadyAnswered: (side: 'beneficiary' | 'supplier', answer: string, on: string) =>
    invalidState(['input', 'id'], message('matching.alreadyAnswered', side, answer, on)),
  declineWithoutReason: () => invalidInput(['input', 'reason'], message('matching.declineWithoutReason')),
  onBehalfOfRequired: () => invalidInput(['input', 'onBehalfOf'], message('matching.onBehalfOfRequired')),
  onBehalfOfForEnterprise: (field: 'onBehalfOf' | 'answeredOn') => invalidInput(['input', field], message('matching.onBehalfOfForEnterprise', field)),
  dayInFuture: (field: string, today: string) => invalidInput(['input', field], message('matching.dayInFuture', today)),
  dayOutsideProgram: (field: string, program: ProgramTerm) => invalidInput(['input', field], message('matching.dayOutsideProgram', program)),
  cancelNotLive: (status: string) => invalidState(['input', 'id'], message('matching.cancelNotLive', status)),
  cancelWithoutReason: () => invalidInput(['input', 'reason'], message('matching.cancelWithoutReason')),
  cancelWithActivities: (count: number) => invalidState(['input', 'id'], message('matching.cancelWithActivities', count)),

  // ---- worksite assessments (R22)
  assessmentOfUnacceptedMatch: (status: string) => invalidState(['input', 'matchId'], message('matching.assessmentOfUnacceptedMatch', status)),
  followUpWithoutBaseline: () => invalidState(['input', 'phase'], message('matching.followUpWithoutBaseline')),
  followUpBeforeBaseline: (baselineOn: string) => invalidInput(['input', 'assessedOn'], message('matching.followUpBeforeBaseline', baselineOn)),
  baselineAfterFollowUp: (followUpOn: string) => invalidInput(['input', 'assessedOn'], message('matching.baselineAfterFollowUp', followUpOn)),
  assessmentCounted: () => invalidState(['input', 'matchId'], message('matching.assessmentCounted')),
};

export const REQUEST_DUPLICATES: DuplicateErrors = {
  support_request_one_open_idx: { field: ['input', 'worksiteName'], message: message('matching.duplicateOpenRequest') },
};

export const MATCH_DUPLICATES: DuplicateErrors = {
  supplier_match_one_live_idx: { field: ['input', 'agreementId'], message: message('matching.duplicateLiveMatch') },
};
