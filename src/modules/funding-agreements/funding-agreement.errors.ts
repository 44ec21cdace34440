import { LIST_LIMITS } from '../../common/list-limits';
import { message } from '../../common/messages';
import type { AgreementWorkName } from '../../common/messages/en';
import { invalidInput, invalidState } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of agreements and their targets (R5, R6) beyond field validation and NOT_FOUND; the words are in common/messages. */
export const agreementErrors = {
  endsOnNotAfterStartsOn: () => invalidInput(['input', 'endsOn'], message('agreement.endsOnNotAfterStartsOn')),
  recommendationNotAccepted: (status: string) => invalidState(['input', 'recommendationId'], message('agreement.recommendationNotAccepted', status)),
  terminationWithoutReason: () => invalidInput(['input', 'reason'], message('agreement.terminationWithoutReason')),
  activationWithoutTarget: () => invalidState(['input', 'id'], message('agreement.activationWithoutTarget')),
  tooManyTargets: () => invalidState(['input', 'agreementId'], message('agreement.tooManyTargets', LIST_LIMITS.targetsPerAgreement)),
  /** R6: a transition the lifecycle does not have. */
  notInStatusFor: (action: 'activate' | 'complete' | 'terminate', current: string, from: string[], field: string[]) =>
    invalidState(field, message('agreement.notInStatusFor', action, current, from)),
  /** R5, R6, R7, R9, R10: work the agreement's status does not allow. */
  workNotAllowed: (work: AgreementWorkName, current: string, allowed: string[], field: string[]) =>
    invalidState(field, message('agreement.workNotAllowed', work, current, allowed)),
};

/** R5: both are unique in the database, so concurrent creations cannot both pass. */
export const AGREEMENT_DUPLICATES: DuplicateErrors = {
  funding_agreement_agreement_number_key: { field: ['input', 'agreementNumber'], message: message('agreement.duplicateNumber') },
  funding_agreement_recommendation_id_key: { field: ['input', 'recommendationId'], message: message('agreement.duplicateRecommendation') },
};
