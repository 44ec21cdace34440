import { invalidInput, invalidState } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of recommendations (R4) beyond input validation and NOT_FOUND. */
export const recommendationErrors = {
  technologyOfAnotherEnterprise: () => invalidInput(['input', 'technologyId'], 'The technology must belong to the recommended enterprise'),
  notPending: (status: string) => invalidState(['input', 'id'], `Only a PENDING recommendation can be decided; this one is ${status}`),
};

/** R4: the database, not a prior SELECT, keeps one PENDING recommendation per pair, so concurrent calls cannot both pass. */
export const RECOMMENDATION_DUPLICATES: DuplicateErrors = {
  recommendation_one_pending_idx: {
    field: ['input', 'enterpriseId'],
    message: 'A PENDING recommendation of this enterprise to this funder already exists; wait for its decision',
  },
};
