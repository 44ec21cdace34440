import type { SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../auth/roles';
import { Scope, visibleRows, VisibleTable, visibleTable } from '../../auth/visibility';
import type { NodeType } from '../../common/global-id';
import { byIdLoader, defineLoaders, RequestLoaders } from '../../common/loaders';
import { DISBURSEMENTS, disbursementLoaders } from '../disbursements/disbursement.loaders';
import { EVALUATIONS, evaluationLoaders } from '../evaluations/target-evaluation.loaders';
import { AGREEMENTS, agreementLoaders } from '../funding-agreements/funding-agreement.loaders';
import { ACTIVITIES, activityLoaders } from '../improvement-activities/improvement-activity.loaders';
import { MATCHES, matchingLoaders, REQUESTS } from '../matching/matching.loaders';
import { RECOMMENDATIONS, recommendationLoaders } from '../recommendations/recommendation.loaders';
import { APPLICATIONS, CALLS, callLoaders } from '../supplier-calls/supplier-call.loaders';
import { BusinessEventEntity } from './event.entity';

type RequestScope = { loaders: RequestLoaders };

/** What events are about, by their subject's Node type: its table (who may see it) and its module's loader. */
const SUBJECTS = {
  Recommendation: { table: RECOMMENDATIONS, load: (scope: RequestScope, id: string) => recommendationLoaders(scope).byId.load(id) },
  FundingAgreement: { table: AGREEMENTS, load: (scope: RequestScope, id: string) => agreementLoaders(scope).byId.load(id) },
  ImprovementActivity: { table: ACTIVITIES, load: (scope: RequestScope, id: string) => activityLoaders(scope).byId.load(id) },
  TargetEvaluation: { table: EVALUATIONS, load: (scope: RequestScope, id: string) => evaluationLoaders(scope).byId.load(id) },
  Disbursement: { table: DISBURSEMENTS, load: (scope: RequestScope, id: string) => disbursementLoaders(scope).byId.load(id) },
  SupplierCall: { table: CALLS, load: (scope: RequestScope, id: string) => callLoaders(scope).byId.load(id) },
  SupplierApplication: { table: APPLICATIONS, load: (scope: RequestScope, id: string) => callLoaders(scope).applicationById.load(id) },
  SupportRequest: { table: REQUESTS, load: (scope: RequestScope, id: string) => matchingLoaders(scope).requestById.load(id) },
  SupplierMatch: { table: MATCHES, load: (scope: RequestScope, id: string) => matchingLoaders(scope).matchById.load(id) },
} satisfies Partial<Record<NodeType, { table: VisibleTable<{ id: string }>; load: (scope: RequestScope, id: string) => Promise<object | null> }>>;

type SubjectType = keyof typeof SUBJECTS;

/**
 * An event is visible to whoever may see its subject, by that table's own
 * scope: one EXISTS per subject type (or none, where the caller sees every
 * row of the table). An event about anything else is visible to no one.
 */
const visibleEvents: Scope = (qb, alias, principal) => {
  const conditions = Object.entries(SUBJECTS).map(([type, { table }]) => subjectCondition(qb, alias, principal, type, table));
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
}));

/** An event's subject through its module's loader: visible whenever the event is. */
export function loadSubject(scope: RequestScope, event: BusinessEventEntity): Promise<object | null> {
  if (!(event.subjectType in SUBJECTS)) throw new Error(`An event about a ${event.subjectType} has no subject table`);
  return SUBJECTS[event.subjectType as SubjectType].load(scope, event.subjectId);
}
