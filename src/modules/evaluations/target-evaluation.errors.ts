import { forbidden } from '../../common/errors';
import { LIST_LIMITS } from '../../common/list-limits';
import { invalidState, userError, UserErrorCode } from '../../common/user-error';
import type { DuplicateErrors } from '../../db/mutation';

const TARGET_FINALIZED = 'This target already has a finalized evaluation';

/** Every refusal of evaluations (R9, R10) beyond NOT_FOUND. */
export const evaluationErrors = {
  targetSettled: () => invalidState(['input', 'targetId'], `${TARGET_FINALIZED}; it cannot be evaluated again`),
  tooManyEvaluations: () =>
    invalidState(['input', 'targetId'], `A target is evaluated at most ${LIST_LIMITS.evaluationsPerTarget} times (drafts and voided ones included)`),
  targetAlreadyFinalized: () => invalidState(['input', 'id'], TARGET_FINALIZED),
  /** R10, four eyes: a top-level FORBIDDEN, not a userError, since the caller's role is allowed but this caller is not. */
  preparerFinalizing: () => forbidden('Four eyes (R10): the agency that prepared an evaluation may not finalize it'),
  /** R10, four eyes between people: one identity holding both roles (an identity provider can issue them) prepared it. */
  preparerSubjectFinalizing: () =>
    invalidState(['input', 'id'], 'Four eyes (R10): you prepared this evaluation, so someone else must finalize it'),
  periodRunningNotAchieved: (periodEnd: string, today: string) =>
    invalidState(
      ['input', 'id'],
      `The target's period runs until ${periodEnd} (today is ${today} in Seoul); ` +
        'before its end an evaluation can be finalized only when the target is achieved',
    ),
  /** R23: the improved worksites of the period changed after the draft (a follow-up recorded or replaced, a match cancelled). */
  staleMatches: (countedThen: number, countedNow: number) =>
    userError(
      UserErrorCode.STALE_EVALUATION,
      ['input', 'id'],
      `The improved worksites of the target's period changed after this evaluation was prepared ` +
        `(${countedThen} counted then, ${countedNow} now); prepare a new evaluation`,
    ),
  stale: (countedThen: number, countedNow: number) =>
    userError(
      UserErrorCode.STALE_EVALUATION,
      ['input', 'id'],
      `The verified activities of the target's period changed after this evaluation was prepared ` +
        `(${countedThen} counted then, ${countedNow} would count now); prepare a new evaluation`,
    ),
};

/** R10, also enforced by the database: a race lost on this index is a state error, not a duplicate. */
export const FINALIZE_DUPLICATES: DuplicateErrors = {
  target_evaluation_one_finalized_idx: { field: ['input', 'id'], message: TARGET_FINALIZED, code: UserErrorCode.INVALID_STATE },
};
