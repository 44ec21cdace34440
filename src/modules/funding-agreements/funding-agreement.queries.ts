import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** FundingAgreementFilter with its ids decoded (database ids). */
export interface AgreementFilterValues {
  status?: string[] | null;
  funderId?: string | null;
  recipientId?: string | null;
  activeOn?: string | null;
  programId?: string | null;
}

/** The agreement filter in SQL on `alias`: one home for the top-level list and the nested ones. */
export function filterAgreements<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string, filter: AgreementFilterValues | null | undefined): SelectQueryBuilder<E> {
  if (!filter) return qb;
  if (filter.status?.length) qb.andWhere(`${alias}.status IN (:...statuses)`, { statuses: filter.status });
  if (filter.funderId) qb.andWhere(`${alias}.funder_id = :funderId`, { funderId: filter.funderId });
  if (filter.recipientId) qb.andWhere(`${alias}.recipient_id = :recipientId`, { recipientId: filter.recipientId });
  if (filter.activeOn) qb.andWhere(`${alias}.starts_on <= :activeOn AND ${alias}.ends_on >= :activeOn`, { activeOn: filter.activeOn });
  if (filter.programId) qb.andWhere(`${alias}.program_id = :programId`, { programId: filter.programId });
  return qb;
}
