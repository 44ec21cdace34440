import { message } from '../../common/messages';
import { invalidInput, invalidState, userError, UserErrorCode } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

const input = (field: string) => ['input', field];

/** Every refusal of activity reports (R7) and their verification (R8) beyond field validation and NOT_FOUND; the words are in common/messages. */
export const activityErrors = {
  beneficiaryNotMatched: (completedOn: string, acceptedLaterOn: string | null) =>
    userError(
      UserErrorCode.NOT_ELIGIBLE,
      input('beneficiaryId'),
      acceptedLaterOn ? message('activity.beneficiaryMatchedLater', completedOn, acceptedLaterOn) : message('activity.beneficiaryNotMatched'),
    ),
  riskLevelAlone: (given: 'riskLevelBefore' | 'riskLevelAfter') => {
    const missing = given === 'riskLevelBefore' ? 'riskLevelAfter' : 'riskLevelBefore';
    return invalidInput(input(missing), message('activity.riskLevelAlone', missing, given));
  },
  completedBeforeStarted: () => invalidInput(input('completedOn'), message('activity.completedBeforeStarted')),
  completedInFuture: (today: string) => invalidInput(input('completedOn'), message('activity.completedInFuture', today)),
  completedOutsideTerm: (term: { startsOn: string; endsOn: string }) =>
    invalidInput(input('completedOn'), message('activity.completedOutsideTerm', term.startsOn, term.endsOn)),
  beneficiaryIsProvider: () => invalidInput(input('beneficiaryId'), message('activity.beneficiaryIsProvider')),
  technologyOfAnotherProvider: () => invalidInput(input('technologyId'), message('activity.technologyOfAnotherProvider')),
  alreadyDecided: (verb: 'verify' | 'reject', status: string) => invalidState(input('id'), message('activity.alreadyDecided', verb, status)),
};

/** R7: also when two identical reports race, the unique index decides and the loser reads DUPLICATE. */
export const ACTIVITY_DUPLICATES: DuplicateErrors = {
  improvement_activity_natural_key_idx: { field: input('completedOn'), message: message('activity.duplicate') },
};
