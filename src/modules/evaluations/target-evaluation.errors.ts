import { forbidden } from '../../common/errors';
import { LIST_LIMITS } from '../../common/list-limits';
import { message } from '../../common/messages';
import { invalidState, userError, UserErrorCode } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

/** Every refusal of evaluations (R9, R10) beyond NOT_FOUND; the words are in common/messages. */
export const evaluationErrors = {
  targetSettled: () => invalidState(['input', 'targetId'], message('evaluation.targetSettled')),
  tooManyEvaluations: () => invalidState(['input', 'targetId'], message('evaluation.tooMany', LIST_LIMITS.evaluationsPerTarget)),
  targetAlreadyFinalized: () => invalidState(['input', 'id'], message('evaluation.targetFinalized')),
  /** R10, four eyes: a top-level FORBIDDEN, not a userError, since the caller's role is allowed but this caller is not. */
  preparerFinalizing: () => forbidden('Four eyes (R10): the agency that prepared an evaluation may not finalize it'),
  /** R10, four eyes between people: one identity holding both roles (an identity provider can issue them) prepared it. */
  preparerSubjectFinalizing: () => invalidState(['input', 'id'], message('evaluation.preparerSubjectFinalizing')),
  periodRunningNotAchieved: (periodEnd: string, today: string) =>
    invalidState(['input', 'id'], message('evaluation.periodRunningNotAchieved', periodEnd, today)),
  /** R23: the improved worksites of the period changed after the draft (a follow-up recorded or replaced, a match cancelled). */
  staleMatches: (countedThen: number, countedNow: number) =>
    userError(UserErrorCode.STALE_EVALUATION, ['input', 'id'], message('evaluation.staleMatches', countedThen, countedNow)),
  stale: (countedThen: number, countedNow: number) =>
    userError(UserErrorCode.STALE_EVALUATION, ['input', 'id'], message('evaluation.stale', countedThen, countedNow)),
};

/** R10, also enforced by the database: a race lost on this index is a state error, not a duplicate. */
export const FINALIZE_DUPLICATES: DuplicateErrors = {
  target_evaluation_one_finalized_idx: { field: ['input', 'id'], message: message('evaluation.targetFinalized'), code: UserErrorCode.INVALID_STATE },
};
