import { DisbursementStatus } from '../../common/enums';
import { message } from '../../common/messages';
import { invalidInput, invalidState, userError, UserErrorCode } from '../../common/user-error';

/** Every refusal of payment recording (R12) beyond NOT_FOUND; the words are in common/messages. */
export const disbursementErrors = {
  invalidBankReference: (maxLength: number) => invalidInput(['input', 'bankReference'], message('disbursement.invalidBankReference', maxLength)),
  paidAtInFuture: (skewMinutes: number) => invalidInput(['input', 'paidAt'], message('disbursement.paidAtInFuture', skewMinutes)),
  paidBeforeScheduled: (scheduledAt: Date, skewMinutes: number) =>
    invalidInput(['input', 'paidAt'], message('disbursement.paidBeforeScheduled', scheduledAt.toISOString(), skewMinutes)),
  idempotencyKeyReused: (firstOperation: string, operation: string) =>
    userError(
      UserErrorCode.IDEMPOTENCY_CONFLICT,
      ['input', 'idempotencyKey'],
      firstOperation === operation
        ? message('disbursement.idempotencyKeyReusedSameOperation')
        : message('disbursement.idempotencyKeyReused', firstOperation),
    ),
  notScheduled: (status: DisbursementStatus) =>
    invalidState(['input', 'id'], status === DisbursementStatus.PAID ? message('disbursement.alreadyPaid') : message('disbursement.cancelled')),
};
