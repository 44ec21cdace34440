import { DisbursementStatus } from '../../common/enums';
import { invalidInput, invalidState, userError, UserErrorCode } from '../../common/user-error';

/** Every refusal of payment recording (R12) beyond NOT_FOUND. */
export const disbursementErrors = {
  invalidBankReference: (maxLength: number) =>
    invalidInput(
      ['input', 'bankReference'],
      `bankReference must be 1 to ${maxLength} characters, not counting surrounding whitespace, without control characters`,
    ),
  paidAtInFuture: (skewMinutes: number) =>
    invalidInput(['input', 'paidAt'], `paidAt must not be in the future (${skewMinutes} minutes of clock skew are allowed)`),
  paidBeforeScheduled: (scheduledAt: Date, skewMinutes: number) =>
    invalidInput(
      ['input', 'paidAt'],
      `paidAt must not be before the disbursement was scheduled (${scheduledAt.toISOString()}; ${skewMinutes} minutes of clock skew are allowed)`,
    ),
  idempotencyKeyReused: (firstOperation: string, operation: string) =>
    userError(
      UserErrorCode.IDEMPOTENCY_CONFLICT,
      ['input', 'idempotencyKey'],
      firstOperation === operation
        ? 'This idempotencyKey was already used with other arguments; use a new key for a different payment'
        : `This idempotencyKey was already used for ${firstOperation}; use a new key`,
    ),
  notScheduled: (status: DisbursementStatus) =>
    invalidState(
      ['input', 'id'],
      status === DisbursementStatus.PAID
        ? 'This disbursement is already PAID'
        : 'This disbursement was CANCELLED (its agreement was terminated) and can no longer be paid',
    ),
};
