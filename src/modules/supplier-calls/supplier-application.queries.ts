import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Ordering, SortDirection } from '../../common/connection';
import { SupplierApplicationOrderField } from '../../common/enums';
import { scoreKey, SCORE_KEY_SCALE } from './scoring';
import { SupplierApplicationEntity } from './supplier-application.entity';

export interface ApplicationFilterValues {
  status?: string[] | null;
  applicantId?: string | null;
  hazard?: string[] | null;
  serviceRegion?: string[] | null;
}

/** SupplierCall.applications' filter, in SQL on `alias`. */
export function filterApplications<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string, filter: ApplicationFilterValues): SelectQueryBuilder<E> {
  if (filter.status?.length) qb.andWhere(`${alias}.status IN (:...statuses)`, { statuses: filter.status });
  if (filter.applicantId) qb.andWhere(`${alias}.applicant_id = :applicantId`, { applicantId: filter.applicantId });
  if (filter.serviceRegion?.length) qb.andWhere(`${alias}.service_regions && :regions::text[]`, { regions: filter.serviceRegion });
  if (filter.hazard?.length) {
    qb.andWhere(
      `EXISTS (SELECT 1 FROM safety_technology t WHERE t.id = ANY(${alias}.technology_ids) AND t.hazards && :hazards::text[])`,
      { hazards: filter.hazard },
    );
  }
  return qb;
}

/**
 * R18's ranking as one ascending SQL key: the negated exact score key
 * (scoring.ts; unscored applications last), then submission time, then id.
 * Best first is this key ascending; worst first is it descending.
 */
function negatedScoreKeySql(alias: string, reviewsRequired: number): string {
  const reviews = `FROM application_review r WHERE r.application_id = ${alias}.id`;
  return `COALESCE((SELECT CASE WHEN count(*) >= ${reviewsRequired} THEN -(sum(r.total) * ${SCORE_KEY_SCALE} / count(*)) END ${reviews}), 1)`;
}

/** The orderings of SupplierCall.applications; SCORE needs the call's reviewsRequired. */
export function applicationOrdering(
  field: SupplierApplicationOrderField,
  direction: SortDirection,
  reviewsRequired: number,
): Ordering<SupplierApplicationEntity> {
  if (field === SupplierApplicationOrderField.SUBMITTED_AT) {
    return { name: 'submittedAt', column: 'app.submitted_at', direction, value: (app) => app.submittedAt };
  }
  return {
    name: 'score',
    // Descending score is the ranking key ascending.
    direction: direction === SortDirection.DESC ? SortDirection.ASC : SortDirection.DESC,
    column: negatedScoreKeySql('app', Number(reviewsRequired)),
    value: (app) => String(-(scoreKey(app, reviewsRequired) ?? -1n)),
    then: [{ column: 'app.submitted_at', value: (app) => app.submittedAt }],
  };
}
