import { invalidInput, invalidState, userError, UserErrorCode } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

const input = (field: string) => ['input', field];

/** Every refusal of activity reports (R7) and their verification (R8) beyond field validation and NOT_FOUND. */
export const activityErrors = {
  beneficiaryNotMatched: (completedOn: string, acceptedLaterOn: string | null) =>
    userError(
      UserErrorCode.NOT_ELIGIBLE,
      input('beneficiaryId'),
      acceptedLaterOn
        ? `The beneficiary's match with this agreement was accepted on ${acceptedLaterOn}, after completedOn (${completedOn}); activities count from that day`
        : 'The beneficiary has no ACCEPTED match with this agreement; activities are reported only at matched worksites',
    ),
  riskLevelAlone: (given: 'riskLevelBefore' | 'riskLevelAfter') => {
    const missing = given === 'riskLevelBefore' ? 'riskLevelAfter' : 'riskLevelBefore';
    return invalidInput(input(missing), `${missing} must be given together with ${given}`);
  },
  completedBeforeStarted: () => invalidInput(input('completedOn'), 'completedOn must not be before startedOn'),
  completedInFuture: (today: string) => invalidInput(input('completedOn'), `completedOn must not be in the future (today is ${today} in Korea)`),
  completedOutsideTerm: (term: { startsOn: string; endsOn: string }) =>
    invalidInput(input('completedOn'), `completedOn must lie within the agreement term ${term.startsOn} to ${term.endsOn}`),
  beneficiaryIsProvider: () =>
    invalidInput(input('beneficiaryId'), "The beneficiary must be another enterprise than the provider (the agreement's recipient)"),
  technologyOfAnotherProvider: () =>
    invalidInput(input('technologyId'), "The technology must belong to the provider (the agreement's recipient)"),
  alreadyDecided: (verb: 'verify' | 'reject', status: string) =>
    invalidState(
      input('id'),
      `Cannot ${verb} an activity that is ${status}; only a REPORTED one can be verified or rejected, and the decision is final`,
    ),
};

/** R7: also when two identical reports race, the unique index decides and the loser reads DUPLICATE. */
export const ACTIVITY_DUPLICATES: DuplicateErrors = {
  improvement_activity_natural_key_idx: {
    field: input('completedOn'),
    message: 'This activity is already reported: same agreement, beneficiary, technology and completion day',
  },
};
