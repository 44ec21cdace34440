import { AgreementStatus } from '../../common/enums';
import { refuse } from '../../common/user-error';
import { agreementErrors } from './funding-agreement.errors';

/**
 * R6, the agreement lifecycle, in one place:
 *   DRAFT -> ACTIVE -> COMPLETED, and DRAFT or ACTIVE -> TERMINATED.
 * Nothing else. On a COMPLETED or TERMINATED agreement nothing new is
 * reported, prepared or finalized; targets are added only in DRAFT.
 */
export type AgreementAction = 'activate' | 'complete' | 'terminate';

const { DRAFT, ACTIVE, COMPLETED, TERMINATED } = AgreementStatus;

const TRANSITIONS: Record<AgreementAction, { from: AgreementStatus[]; to: AgreementStatus }> = {
  activate: { from: [DRAFT], to: ACTIVE },
  complete: { from: [ACTIVE], to: COMPLETED },
  terminate: { from: [DRAFT, ACTIVE], to: TERMINATED },
};

/** The status an action leads to, or an INVALID_STATE refusal naming the current state. */
export function nextStatus(current: AgreementStatus, action: AgreementAction, field: string[] = ['input', 'id']): AgreementStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(current)) refuse(agreementErrors.notInStatusFor(action, current, transition.from, field));
  return transition.to;
}

/** What may happen under an agreement in each status (R5, R6, R7, R9, R10). */
export type AgreementWork = 'addTarget' | 'reportActivity' | 'prepareEvaluation' | 'finalizeEvaluation';

const ALLOWED_IN: Record<AgreementWork, AgreementStatus[]> = {
  addTarget: [DRAFT],
  reportActivity: [ACTIVE],
  prepareEvaluation: [ACTIVE],
  finalizeEvaluation: [ACTIVE],
};

/** Refuses with INVALID_STATE when the agreement's status does not allow the work. */
export function assertAgreementAllows(status: AgreementStatus, work: AgreementWork, field: string[]): void {
  if (!ALLOWED_IN[work].includes(status)) refuse(agreementErrors.workNotAllowed(work, status, ALLOWED_IN[work], field));
}
