import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BY_ID, Ordering } from '../../common/connection';
import { decodeInputIds } from '../../common/ids';
import { ImprovementActivityEntity } from './improvement-activity.entity';
import { ActivityOrderField, ImprovementActivityFilter, ImprovementActivityOrder } from './improvement-activity.inputs';

/**
 * How activities are selected and ordered, for every read of them: the list
 * (improvement-activity.service), the nested connections (loaders) and the
 * BI figures (stats) select the same rows for the same filter.
 */

const ORDERINGS: Record<ActivityOrderField, Omit<Ordering<ImprovementActivityEntity>, 'direction'>> = {
  [ActivityOrderField.COMPLETED_ON]: { name: 'completedOn', column: 'a.completed_on', value: (a) => a.completedOn },
  [ActivityOrderField.CREATED_AT]: { name: 'createdAt', column: 'a.created_at', value: (a) => a.createdAt },
  [ActivityOrderField.WORKERS_COVERED]: { name: 'workersCovered', column: 'a.workers_covered', value: (a) => a.workersCovered },
};

/**
 * Without orderBy the list is in id order: new reports only ever append to it,
 * so a BI connector that pages through with `after` never misses or repeats a row.
 */
export function activityOrdering(orderBy: ImprovementActivityOrder | null | undefined): Ordering<ImprovementActivityEntity> {
  return orderBy ? { ...ORDERINGS[orderBy.field], direction: orderBy.direction } : BY_ID;
}

/**
 * The filter with its global ids replaced by database ids; BAD_USER_INPUT
 * naming `<argument>.<field>` when one is malformed or of another type.
 */
export function decodeActivityFilter(
  filter: ImprovementActivityFilter | null | undefined,
  argument = 'filter',
): ImprovementActivityFilter | null {
  return filter ? decodeInputIds(filter, argument, ImprovementActivityFilter) : null;
}

/**
 * Adds a decoded filter's conditions (decodeActivityFilter) to a query over
 * improvement_activity under `alias`. Reads the filter as a plain object (nested
 * loaders hand it back from JSON); an empty list means no condition, as in the other filters.
 */
export function applyActivityFilter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  filter: ImprovementActivityFilter | null | undefined,
): SelectQueryBuilder<E> {
  if (!filter) return qb;
  if (filter.status?.length) qb.andWhere(`${alias}.status IN (:...activityFilterStatus)`, { activityFilterStatus: filter.status });
  if (filter.kind?.length) qb.andWhere(`${alias}.kind IN (:...activityFilterKind)`, { activityFilterKind: filter.kind });
  if (filter.agreementId) qb.andWhere(`${alias}.agreement_id = :activityFilterAgreementId`, { activityFilterAgreementId: filter.agreementId });
  if (filter.providerId) qb.andWhere(`${alias}.provider_id = :activityFilterProviderId`, { activityFilterProviderId: filter.providerId });
  if (filter.beneficiaryId) {
    qb.andWhere(`${alias}.beneficiary_id = :activityFilterBeneficiaryId`, { activityFilterBeneficiaryId: filter.beneficiaryId });
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
