import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { visibleAgreementChildren } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind } from '../../common/enums';
import { decodeId, decodeOptionalId } from '../../common/ids';
import { UserError, userError, UserErrorCode, UserErrors } from '../../common/user-error';
import type { Context } from '../../context';
import { agencyScope, checkIdempotencyKey, claimIdempotencyKey } from '../../db/idempotency';
import { MutationOutcome, runMutation } from '../../db/mutation';
import { DisbursementEntity } from './disbursement.entity';
import { DisbursementFilter, RecordDisbursementPaymentInput } from './disbursement.inputs';

/** The bank back office's work queue: oldest scheduled first. */
export function listDisbursements(
  ctx: Context,
  args: PageArgs & { filter?: DisbursementFilter | null },
): Promise<ConnectionResult<DisbursementEntity>> {
  const filter = args.filter ?? {};
  const agreementId = decodeOptionalId(filter.agreementId, 'FundingAgreement', 'filter.agreementId');
  const funderId = decodeOptionalId(filter.funderId, 'Agency', 'filter.funderId');
  const qb = visibleAgreementChildren(ctx.db.getRepository(DisbursementEntity).createQueryBuilder('d'), 'd', ctx.principal);
  if (filter.status?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: filter.status });
  if (filter.kind?.length) qb.andWhere('d.kind IN (:...kinds)', { kinds: filter.kind });
  if (agreementId) qb.andWhere('d.agreement_id = :agreementId', { agreementId });
  if (funderId) qb.andWhere('d.agreement_id IN (SELECT id FROM funding_agreement WHERE funder_id = :funderId)', { funderId });
  if (filter.scheduledFrom) qb.andWhere('d.scheduled_at >= :scheduledFrom', { scheduledFrom: filter.scheduledFrom });
  if (filter.scheduledTo) qb.andWhere('d.scheduled_at <= :scheduledTo', { scheduledTo: filter.scheduledTo });
  return paginate(
    qb,
    args,
    { name: 'scheduledAt', column: 'd.scheduled_at', value: (d) => d.scheduledAt, direction: SortDirection.ASC },
    ctx.config.maxPageSize,
  );
}

const RECORD_PAYMENT = 'recordDisbursementPayment';
const BANK_REFERENCE_MAX_LENGTH = 100;
/** paidAt may run this far ahead of our clock: the bank's clock is not ours. Further ahead is a typo, not skew. */
const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** What an idempotency record of recordDisbursementPayment stores: enough to answer a replay. */
interface RecordedPayment {
  disbursementId: string;
}

/**
 * R12: a FUNDER_OFFICER of the disbursement's funder records a SCHEDULED
 * disbursement as PAID, idempotently per (agency, idempotencyKey): the same key
 * with the same arguments answers with the disbursement again and writes
 * nothing (no audit event), also under concurrency; with other arguments it is
 * IDEMPOTENCY_CONFLICT. Only successes are remembered, so a call that failed
 * with userErrors may be retried under the same key.
 */
export async function recordDisbursementPayment(
  ctx: Context,
  input: RecordDisbursementPaymentInput,
): Promise<MutationOutcome<DisbursementEntity>> {
  const id = decodeId(input.id, 'Disbursement', 'input.id');
  const funder = actingAgency(ctx.principal!, AgencyKind.FINANCIAL_INSTITUTION);
  const bankReference = input.bankReference.trim();
  const errors = [
    ...checkBankReference(bankReference),
    ...checkPaidAt(input.paidAt),
    ...checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']),
  ];
  if (errors.length) return { value: null, userErrors: errors };

  return runMutation(ctx, RECORD_PAYMENT, async (em) => {
    const claim = await claimIdempotencyKey<RecordedPayment>(em, {
      scope: agencyScope(funder.id),
      key: input.idempotencyKey,
      operation: RECORD_PAYMENT,
      request: { id, bankReference, paidAt: input.paidAt.toISOString() },
    });
    if (claim.status === 'conflict') {
      throw new UserErrors([
        userError(
          UserErrorCode.IDEMPOTENCY_CONFLICT,
          ['input', 'idempotencyKey'],
          claim.operation === RECORD_PAYMENT
            ? 'This idempotencyKey was already used with other arguments; use a new key for a different payment'
            : `This idempotencyKey was already used for ${claim.operation}; use a new key`,
        ),
      ]);
    }
    if (claim.status === 'replay') {
      // PAID is final, so the row is as the first call left it.
      return { value: await em.findOneByOrFail(DisbursementEntity, { id: claim.response.disbursementId }), audit: null };
    }

    const disbursement = await lockVisibleDisbursement(em, ctx, id);
    if (disbursement.status !== 'SCHEDULED') {
      const why =
        disbursement.status === 'PAID'
          ? 'This disbursement is already PAID'
          : 'This disbursement was CANCELLED (its agreement was terminated) and can no longer be paid';
      throw new UserErrors([userError(UserErrorCode.INVALID_STATE, ['input', 'id'], why)]);
    }
    const paid = { status: 'PAID' as const, paidAt: input.paidAt, bankReference };
    await em.update(DisbursementEntity, { id }, paid);
    await claim.complete({ disbursementId: id });
    const changes = {
      status: { from: disbursement.status, to: paid.status },
      paidAt: { from: null, to: paid.paidAt.toISOString() },
      bankReference: { from: null, to: bankReference },
    };
    Object.assign(disbursement, paid);
    return { value: disbursement, audit: { entityType: 'Disbursement', entityId: input.id, changes } };
  });
}

/** The disbursement, row-locked so concurrent payments serialize; NOT_FOUND when the caller may not see it. */
async function lockVisibleDisbursement(em: EntityManager, ctx: Context, id: string): Promise<DisbursementEntity> {
  const qb = em.getRepository(DisbursementEntity).createQueryBuilder('d').where('d.id = :id', { id }).setLock('pessimistic_write');
  const disbursement = await visibleAgreementChildren(qb, 'd', ctx.principal).getOne();
  if (!disbursement) throw new UserErrors([userError(UserErrorCode.NOT_FOUND, ['input', 'id'], 'No disbursement has this id')]);
  return disbursement;
}

function checkBankReference(trimmed: string): UserError[] {
  const length = Array.from(trimmed).length;
  if (length >= 1 && length <= BANK_REFERENCE_MAX_LENGTH && !/\p{Cc}/u.test(trimmed)) return [];
  return [
    userError(
      UserErrorCode.INVALID_INPUT,
      ['input', 'bankReference'],
      `bankReference must be 1 to ${BANK_REFERENCE_MAX_LENGTH} characters, not counting surrounding whitespace, ` +
        'without control characters',
    ),
  ];
}

function checkPaidAt(paidAt: Date): UserError[] {
  if (paidAt.getTime() <= Date.now() + MAX_CLOCK_SKEW_MS) return [];
  const message = `paidAt must not be in the future (${MAX_CLOCK_SKEW_MS / 60_000} minutes of clock skew are allowed)`;
  return [userError(UserErrorCode.INVALID_INPUT, ['input', 'paidAt'], message)];
}
