import { visibleAgreementChildren } from '../../auth/visibility';
import { ConnectionResult, PageArgs, paginate, SortDirection } from '../../common/connection';
import { decodeOptionalId } from '../../common/ids';
import type { Context } from '../../context';
import { DisbursementEntity } from './disbursement.entity';
import { DisbursementFilter } from './disbursement.inputs';

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
