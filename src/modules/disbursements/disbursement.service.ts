import { EntityManager } from 'typeorm';
import { actingAgency } from '../../auth/acting-agency';
import { visibleRows } from '../../auth/visibility';
import { findVisibleForUpdate } from '../../auth/write-access';
import { ConnectionResult, ListArgs, paginate, SortDirection } from '../../common/connection';
import { AgencyKind, DisbursementKind, DisbursementStatus, EventType } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import { refuse, refuseAny, UserError } from '../../common/user-error';
import type { Context } from '../../context';
import { agencyScope, checkIdempotencyKey, claimIdempotencyKey } from '../../db/idempotency';
import { BusinessEvent, emitEvent, type MutationService, runMutation } from '../../db/mutation';
import { DisbursementEntity } from './disbursement.entity';
import { disbursementErrors } from './disbursement.errors';
import { DisbursementFilter, RecordDisbursementPaymentInput } from './disbursement.inputs';
import { DISBURSEMENTS } from './disbursement.loaders';

/** The bank back office's work queue: oldest scheduled first. The filter's ids are database ids. */
export function listDisbursements(ctx: Context, args: ListArgs<DisbursementFilter>): Promise<ConnectionResult<DisbursementEntity>> {
  const filter = args.filter ?? {};
  const qb = visibleRows(ctx.db, DISBURSEMENTS, 'd', ctx.principal);
  if (filter.status?.length) qb.andWhere('d.status IN (:...statuses)', { statuses: filter.status });
  if (filter.kind?.length) qb.andWhere('d.kind IN (:...kinds)', { kinds: filter.kind });
  if (filter.agreementId) qb.andWhere('d.agreement_id = :agreementId', { agreementId: filter.agreementId });
  if (filter.funderId) {
    qb.andWhere('d.agreement_id IN (SELECT id FROM funding_agreement WHERE funder_id = :funderId)', { funderId: filter.funderId });
  }
  if (filter.scheduledFrom) qb.andWhere('d.scheduled_at >= :scheduledFrom', { scheduledFrom: filter.scheduledFrom });
  if (filter.scheduledTo) qb.andWhere('d.scheduled_at <= :scheduledTo', { scheduledTo: filter.scheduledTo });
  return paginate(
    qb,
    args,
    { name: 'scheduledAt', column: 'd.scheduled_at', value: (d) => d.scheduledAt, direction: SortDirection.ASC },
    ctx.config.maxPageSize,
  );
}

/**
 * R6, R10: the one way money becomes due: a SCHEDULED disbursement, the base
 * grant on activation or the outcome payment of a finalized evaluation.
 */
export async function scheduleDisbursement(
  em: EntityManager,
  due: { agreementId: string; kind: DisbursementKind; amount: bigint; evaluationId?: string; at: Date },
): Promise<DisbursementEntity> {
  const disbursement = await em.save(
    em.create(DisbursementEntity, {
      agreementId: due.agreementId,
      evaluationId: due.evaluationId ?? null,
      kind: due.kind,
      amount: due.amount,
      status: DisbursementStatus.SCHEDULED,
      scheduledAt: due.at,
      paidAt: null,
      bankReference: null,
      cancelledAt: null,
    }),
  );
  emitEvent(em, disbursementEvent(EventType.DISBURSEMENT_SCHEDULED, disbursement));
  return disbursement;
}

/** A disbursement's event: scheduled, paid (with the bank's reference) or cancelled. */
export function disbursementEvent(type: EventType, disbursement: DisbursementEntity): BusinessEvent {
  return {
    type,
    subject: { type: 'Disbursement', id: disbursement.id },
    agreementId: disbursement.agreementId,
    data: { kind: disbursement.kind, amount: disbursement.amount.toString(), status: disbursement.status },
  };
}

const RECORD_PAYMENT = 'recordDisbursementPayment';
const BANK_REFERENCE_MAX_LENGTH = 100;
/** paidAt may run this far ahead of our clock, or behind the scheduling: the bank's clock is not ours. Further is a typo, not skew. */
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
export const recordDisbursementPayment: MutationService<RecordDisbursementPaymentInput, DisbursementEntity> = (ctx, principal, input) => {
  const funder = actingAgency(principal, AgencyKind.FINANCIAL_INSTITUTION);
  const { id } = input;
  const bankReference = input.bankReference.trim();
  return runMutation(ctx, principal, RECORD_PAYMENT, async (em) => {
    refuseAny([
      ...checkBankReference(bankReference),
      ...checkPaidAt(input.paidAt),
      ...checkIdempotencyKey(input.idempotencyKey, ['input', 'idempotencyKey']),
    ]);
    const claim = await claimIdempotencyKey<RecordedPayment>(em, {
      scope: agencyScope(funder.id),
      key: input.idempotencyKey,
      operation: RECORD_PAYMENT,
      request: { id, bankReference, paidAt: input.paidAt.toISOString() },
    });
    if (claim.status === 'conflict') refuse(disbursementErrors.idempotencyKeyReused(claim.operation, RECORD_PAYMENT));
    if (claim.status === 'replay') {
      // PAID is final, so the row is as the first call left it.
      return { value: await em.findOneByOrFail(DisbursementEntity, { id: claim.response.disbursementId }), audit: null };
    }

    // Row-locked, so that concurrent payments of one disbursement serialize.
    const disbursement = await findVisibleForUpdate(em, principal, DISBURSEMENTS, id, ['input', 'id']);
    if (disbursement.status !== DisbursementStatus.SCHEDULED) refuse(disbursementErrors.notScheduled(disbursement.status));
    // Money cannot be paid before it was due; the bank's clock may run a little behind ours.
    if (input.paidAt.getTime() < disbursement.scheduledAt.getTime() - MAX_CLOCK_SKEW_MS) {
      refuse(disbursementErrors.paidBeforeScheduled(disbursement.scheduledAt, MAX_CLOCK_SKEW_MS / 60_000));
    }
    const paid = { status: DisbursementStatus.PAID, paidAt: input.paidAt, bankReference };
    await em.update(DisbursementEntity, { id }, paid);
    await claim.complete({ disbursementId: id });
    const changes = {
      status: { from: disbursement.status, to: paid.status },
      paidAt: { from: null, to: paid.paidAt.toISOString() },
      bankReference: { from: null, to: bankReference },
    };
    Object.assign(disbursement, paid);
    emitEvent(em, disbursementEvent(EventType.DISBURSEMENT_PAID, disbursement));
    return { value: disbursement, audit: { entityType: 'Disbursement', entityId: encodeGlobalId('Disbursement', id), changes } };
  });
};

function checkBankReference(trimmed: string): UserError[] {
  const length = Array.from(trimmed).length;
  if (length >= 1 && length <= BANK_REFERENCE_MAX_LENGTH && !/\p{Cc}/u.test(trimmed)) return [];
  return [disbursementErrors.invalidBankReference(BANK_REFERENCE_MAX_LENGTH)];
}

function checkPaidAt(paidAt: Date): UserError[] {
  return paidAt.getTime() <= Date.now() + MAX_CLOCK_SKEW_MS ? [] : [disbursementErrors.paidAtInFuture(MAX_CLOCK_SKEW_MS / 60_000)];
}
