import { message } from '../../common/messages';
import { invalidInput, invalidState } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of recommendations (R4) beyond input validation and NOT_FOUND; the words are in common/messages. */
export const recommendationErrors = {
  technologyOfAnotherEnterprise: () => invalidInput(['input', 'technologyId'], message('recommendation.technologyOfAnotherEnterprise')),
  notPending: (status: string) => invalidState(['input', 'id'], message('recommendation.notPending', status)),
};

/** R4: the database, not a prior SELECT, keeps one PENDING recommendation per pair, so concurrent calls cannot both pass. */
export const RECOMMENDATION_DUPLICATES: DuplicateErrors = {
  recommendation_one_pending_idx: { field: ['input', 'enterpriseId'], message: message('recommendation.duplicatePending') },
};
