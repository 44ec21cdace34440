import DataLoader from 'dataloader';
import type { SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../auth/roles';
import { Scope, visibleRows, VisibleTable, visibleTable } from '../../auth/visibility';
import type { NodeType } from '../../common/global-id';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { DISBURSEMENTS } from '../disbursements/disbursement.loaders';
import { EVALUATIONS } from '../evaluations/target-evaluation.loaders';
import { AGREEMENTS } from '../funding-agreements/funding-agreement.loaders';
import { ACTIVITIES } from '../improvement-activities/improvement-activity.loaders';
import { MATCHES, REQUESTS } from '../matching/matching.loaders';
import { RECOMMENDATIONS } from '../recommendations/recommendation.loaders';
import { APPLICATIONS, CALLS } from '../supplier-calls/supplier-call.loaders';
import { BusinessEventEntity } from './event.entity';

/** The tables events are about, by their subject's Node type. */
const SUBJECT_TABLES = {
  Recommendation: RECOMMENDATIONS,
  FundingAgreement: AGREEMENTS,
  ImprovementActivity: ACTIVITIES,
  TargetEvaluation: EVALUATIONS,
  Disbursement: DISBURSEMENTS,
  SupplierCall: CALLS,
  SupplierApplication: APPLICATIONS,
  SupportRequest: REQUESTS,
  SupplierMatch: MATCHES,
} satisfies Partial<Record<NodeType, VisibleTable<{ id: string }>>>;

type SubjectType = keyof typeof SUBJECT_TABLES;

/**
 * An event is visible to whoever may see its subject, by that table's own
 * scope: one EXISTS per subject type (or none, where the caller sees every
 * row of the table). An event about anything else is visible to no one.
 */
const visibleEvents: Scope = (qb, alias, principal) => {
  const conditions = Object.entries(SUBJECT_TABLES).map(([type, table]) => subjectCondition(qb, alias, principal, type, table));
  return qb.andWhere(`(${conditions.join(' OR ')})`);
};

function subjectCondition(
  qb: SelectQueryBuilder<any>,
  alias: string,
  principal: Principal | null,
  type: string,
  table: VisibleTable<{ id: string }>,
): string {
  const subjectAlias = `subject_${type}`;
  const visible = visibleRows(qb.connection, table, subjectAlias, principal);
  const isType = `${alias}.subject_type = '${type}'`;
  if (visible.expressionMap.wheres.length === 0) return isType;
  visible.select('1').andWhere(`${subjectAlias}.id = ${alias}.subject_id`);
  qb.setParameters({ ...qb.getParameters(), ...visible.getParameters() });
  return `(${isType} AND EXISTS (${visible.getQuery()}))`;
}

export const EVENTS = visibleTable(BusinessEventEntity, visibleEvents, 'event');

export const eventLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, EVENTS),
  /** Subjects by type; an event's subject is visible whenever the event is. */
  subjects: Object.fromEntries(
    Object.entries(SUBJECT_TABLES).map(([type, table]) => [type, byIdLoader(base, table as VisibleTable<{ id: string }>)]),
  ) as Record<SubjectType, DataLoader<string, object | null>>,
}));

export function isSubjectType(type: string): type is SubjectType {
  return type in SUBJECT_TABLES;
}
