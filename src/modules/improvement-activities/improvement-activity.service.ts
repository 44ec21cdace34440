import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { visibleActivities } from '../../auth/visibility';
import { ConnectionResult, Ordering, PageArgs, paginate, SortDirection } from '../../common/connection';
import { decodeOptionalId } from '../../common/ids';
import type { Context } from '../../context';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import { ActivityOrderField, ImprovementActivityFilter, ImprovementActivityOrder } from './improvement-activity.inputs';

type ActivityOrdering = Omit<Ordering<ImprovementActivityEntity>, 'direction'>;

const ORDERINGS: Record<ActivityOrderField, ActivityOrdering> = {
  [ActivityOrderField.COMPLETED_ON]: { name: 'completedOn', column: 'a.completed_on', value: (a) => a.completedOn },
  [ActivityOrderField.CREATED_AT]: { name: 'createdAt', column: 'a.created_at', value: (a) => a.createdAt },
  [ActivityOrderField.WORKERS_COVERED]: { name: 'workersCovered', column: 'a.workers_covered', value: (a) => a.workersCovered },
};

/**
 * Without orderBy the list is in id order: new reports only ever append to it,
 * so a BI connector that pages through with `after` never misses or repeats a row.
 */
const BY_ID: Ordering<ImprovementActivityEntity> = { name: 'id', column: null, direction: SortDirection.ASC };

/**
 * The database ids behind the filter's global ids; BAD_USER_INPUT naming
 * filter.<field> when one is malformed or of another type.
 */
export function decodeActivityFilterIds(filter: ImprovementActivityFilter | null | undefined) {
  return {
    agreementId: decodeOptionalId(filter?.agreementId, 'FundingAgreement', 'filter.agreementId'),
    providerId: decodeOptionalId(filter?.providerId, 'Enterprise', 'filter.providerId'),
    beneficiaryId: decodeOptionalId(filter?.beneficiaryId, 'Enterprise', 'filter.beneficiaryId'),
  };
}

/**
 * Adds an ImprovementActivityFilter's conditions to a query over improvement_activity
 * under `alias`. Reads the filter as a plain object (nested loaders hand it back
 * from JSON); an empty list means no condition, as in the other filters.
 */
export function applyActivityFilter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  filter: ImprovementActivityFilter | null | undefined,
): SelectQueryBuilder<E> {
  if (!filter) return qb;
  const ids = decodeActivityFilterIds(filter);
  if (filter.status?.length) qb.andWhere(`${alias}.status IN (:...activityFilterStatus)`, { activityFilterStatus: filter.status });
  if (filter.kind?.length) qb.andWhere(`${alias}.kind IN (:...activityFilterKind)`, { activityFilterKind: filter.kind });
  if (ids.agreementId) qb.andWhere(`${alias}.agreement_id = :activityFilterAgreementId`, { activityFilterAgreementId: ids.agreementId });
  if (ids.providerId) qb.andWhere(`${alias}.provider_id = :activityFilterProviderId`, { activityFilterProviderId: ids.providerId });
  if (ids.beneficiaryId) {
    qb.andWhere(`${alias}.beneficiary_id = :activityFilterBeneficiaryId`, { activityFilterBeneficiaryId: ids.beneficiaryId });
  }
  if (filter.beneficiaryRegion?.length) {
    qb.andWhere(`${alias}.beneficiary_id IN (SELECT id FROM enterprise WHERE region IN (:...activityFilterRegion))`, {
      activityFilterRegion: filter.beneficiaryRegion,
    });
  }
  if (filter.hazard?.length) {
    // && (overlap) can use the GIN index on hazards_addressed.
    qb.andWhere(`${alias}.hazards_addressed && CAST(:activityFilterHazard AS text[])`, { activityFilterHazard: filter.hazard });
  }
  if (filter.completedFrom) {
    qb.andWhere(`${alias}.completed_on >= :activityFilterCompletedFrom`, { activityFilterCompletedFrom: filter.completedFrom });
  }
  if (filter.completedTo) {
    qb.andWhere(`${alias}.completed_on <= :activityFilterCompletedTo`, { activityFilterCompletedTo: filter.completedTo });
  }
  return qb;
}

export function listActivities(
  ctx: Context,
  args: PageArgs & { filter?: ImprovementActivityFilter | null; orderBy?: ImprovementActivityOrder | null },
): Promise<ConnectionResult<ImprovementActivityEntity>> {
  const qb = ctx.db.getRepository(ImprovementActivityEntity).createQueryBuilder('a');
  visibleActivities(qb, 'a', ctx.principal);
  applyActivityFilter(qb, 'a', args.filter);
  const ordering = args.orderBy ? { ...ORDERINGS[args.orderBy.field], direction: args.orderBy.direction } : BY_ID;
  return paginate(qb, args, ordering, ctx.config.maxPageSize);
}
