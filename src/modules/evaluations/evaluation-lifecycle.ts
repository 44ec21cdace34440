import { EvaluationStatus } from '../../common/enums';
import { message } from '../../common/messages';
import { invalidState, refuse } from '../../common/user-error';

/**
 * R9, R10, the evaluation lifecycle, in one place:
 *   DRAFT -> FINALIZED (the funder finalizes it), DRAFT -> VOID (a newer draft replaces it).
 * Nothing else: FINALIZED and VOID are final.
 */
export type EvaluationAction = 'finalize' | 'void';

export const EVALUATION_TRANSITIONS: Record<EvaluationAction, { from: EvaluationStatus[]; to: EvaluationStatus }> = {
  finalize: { from: [EvaluationStatus.DRAFT], to: EvaluationStatus.FINALIZED },
  void: { from: [EvaluationStatus.DRAFT], to: EvaluationStatus.VOID },
};

/** The status an action leads to, or an INVALID_STATE refusal naming the current state. */
export function nextEvaluationStatus(current: EvaluationStatus, action: EvaluationAction, field: string[] = ['input', 'id']): EvaluationStatus {
  const transition = EVALUATION_TRANSITIONS[action];
  if (!transition.from.includes(current)) {
    refuse(invalidState(field, message('evaluation.notInStatusFor', action, transition.from, current)));
  }
  return transition.to;
}
