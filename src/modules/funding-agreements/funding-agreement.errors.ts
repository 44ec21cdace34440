import { LIST_LIMITS } from '../../common/list-limits';
import { invalidInput, invalidState } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of agreements and their targets (R5, R6) beyond field validation and NOT_FOUND. */
export const agreementErrors = {
  endsOnNotAfterStartsOn: () => invalidInput(['input', 'endsOn'], 'endsOn must be after startsOn'),
  recommendationNotAccepted: (status: string) =>
    invalidState(['input', 'recommendationId'], `An agreement can be drawn up only from an ACCEPTED recommendation; this one is ${status}`),
  terminationWithoutReason: () => invalidInput(['input', 'reason'], 'A termination needs a reason'),
  activationWithoutTarget: () => invalidState(['input', 'id'], 'An agreement needs at least one performance target before it can be activated'),
  tooManyTargets: () =>
    invalidState(['input', 'agreementId'], `An agreement has at most ${LIST_LIMITS.targetsPerAgreement} performance targets`),
  /** R6: a transition the lifecycle does not have. */
  notInStatusFor: (action: string, current: string, from: string[], field: string[]) =>
    invalidState(field, `Cannot ${action} an agreement that is ${current}; only one that is ${from.join(' or ')}`),
  /** R5, R6, R7, R9, R10: work the agreement's status does not allow. */
  workNotAllowed: (work: string, current: string, allowed: string[], field: string[]) =>
    invalidState(field, `Cannot ${work} an agreement that is ${current}; it must be ${allowed.join(' or ')}`),
};

/** R5: both are unique in the database, so concurrent creations cannot both pass. */
export const AGREEMENT_DUPLICATES: DuplicateErrors = {
  funding_agreement_agreement_number_key: {
    field: ['input', 'agreementNumber'],
    message: 'An agreement with this agreementNumber already exists',
  },
  funding_agreement_recommendation_id_key: {
    field: ['input', 'recommendationId'],
    message: 'An agreement has already been drawn up from this recommendation',
  },
};
