import { DataSource, EntityManager, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Principal, Role } from './roles';

/**
 * Row-level visibility, in SQL, for every read path (the role table of the
 * design). A row the caller may not see is simply not selected, so it reads
 * as not found. ADMIN, AGENCY_OFFICER and ANALYST see every row of these tables
 * (the audit log excepted).
 * Where a visible row points at one the caller may not see (an activity of
 * another funder's agreement, for a funder officer or a beneficiary), the
 * pointer reads through that row's own scope and is null.
 */
export type Scope = <E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  alias: string,
  principal: Principal | null,
) => SelectQueryBuilder<E>;

/**
 * A table as callers see it: its entity, the rows a caller may see, and what
 * one row is called in a NOT_FOUND message ("No funding agreement has this id").
 * Each module declares its tables once, beside its loaders; loaders and writes use them.
 */
export interface VisibleTable<E extends ObjectLiteral> {
  entity: EntityTarget<E>;
  scope: Scope;
  noun: string;
}

export function visibleTable<E extends ObjectLiteral>(entity: EntityTarget<E>, scope: Scope, noun: string): VisibleTable<E> {
  return { entity, scope, noun };
}

/** The rows of a table the caller may see, as a query under `alias`. */
export function visibleRows<E extends ObjectLiteral>(
  manager: DataSource | EntityManager,
  table: VisibleTable<E>,
  alias: string,
  principal: Principal | null,
): SelectQueryBuilder<E> {
  return table.scope(manager.getRepository(table.entity).createQueryBuilder(alias), alias, principal);
}

const NOTHING = '1 = 0';

/** An anonymous caller sees nothing; every operation also demands a token before it runs. */
function scope(rule: (qb: SelectQueryBuilder<any>, alias: string, principal: Principal) => SelectQueryBuilder<any>): Scope {
  return (qb, alias, principal) => (principal ? rule(qb, alias, principal) : qb.andWhere(NOTHING));
}

/** The agreement ids a funder officer or an enterprise may see, as SQL on funding_agreement. */
function visibleAgreementCondition(principal: Principal): { sql: string; params: Record<string, string> } | null {
  if (principal.role === Role.FUNDER_OFFICER) {
    return { sql: 'funder_id = :visibleFunderId', params: { visibleFunderId: principal.agency!.id } };
  }
  if (principal.role === Role.ENTERPRISE) {
    return { sql: 'recipient_id = :visibleRecipientId', params: { visibleRecipientId: principal.enterprise!.id } };
  }
  return null;
}

export const visibleAgreements = scope((qb, alias, principal) => {
  const condition = visibleAgreementCondition(principal);
  return condition ? qb.andWhere(`${alias}.${condition.sql}`, condition.params) : qb;
});

/** Targets, disbursements: rows of a visible agreement. */
export const visibleAgreementChildren = scope((qb, alias, principal) => {
  const condition = visibleAgreementCondition(principal);
  if (!condition) return qb;
  return qb.andWhere(`${alias}.agreement_id IN (SELECT id FROM funding_agreement WHERE ${condition.sql})`, condition.params);
});

export const visibleEvaluations = scope((qb, alias, principal) => {
  const condition = visibleAgreementCondition(principal);
  if (!condition) return qb;
  return qb.andWhere(
    `${alias}.target_id IN (SELECT id FROM performance_target WHERE agreement_id IN ` +
      `(SELECT id FROM funding_agreement WHERE ${condition.sql}))`,
    condition.params,
  );
});

export const visibleRecommendations = scope((qb, alias, principal) => {
  if (principal.role === Role.FUNDER_OFFICER) {
    return qb.andWhere(`${alias}.funder_id = :visibleFunderId`, { visibleFunderId: principal.agency!.id });
  }
  if (principal.role === Role.ENTERPRISE) return qb.andWhere(NOTHING);
  return qb;
});

export const visibleActivities = scope((qb, alias, principal) => {
  if (principal.role !== Role.ENTERPRISE) return qb;
  return qb.andWhere(`(${alias}.provider_id = :visibleEnterpriseId OR ${alias}.beneficiary_id = :visibleEnterpriseId)`, {
    visibleEnterpriseId: principal.enterprise!.id,
  });
});

/** Programs, and through them calls: a funder officer sees its own funder's; everyone else every program (R15, R16). */
export const visiblePrograms = scope((qb, alias, principal) =>
  principal.role === Role.FUNDER_OFFICER ? qb.andWhere(`${alias}.funder_id = :visibleFunderId`, { visibleFunderId: principal.agency!.id }) : qb,
);

export const visibleCalls = scope((qb, alias, principal) =>
  principal.role === Role.FUNDER_OFFICER
    ? qb.andWhere(`${alias}.program_id IN (SELECT id FROM program WHERE funder_id = :visibleFunderId)`, { visibleFunderId: principal.agency!.id })
    : qb,
);

/** Applications: an enterprise sees its own; a funder officer those of its programs' calls; the others all (R16). */
export const visibleApplications = scope((qb, alias, principal) => {
  if (principal.role === Role.ENTERPRISE) {
    return qb.andWhere(`${alias}.applicant_id = :visibleApplicantId`, { visibleApplicantId: principal.enterprise!.id });
  }
  if (principal.role === Role.FUNDER_OFFICER) {
    return qb.andWhere(
      `${alias}.call_id IN (SELECT c.id FROM supplier_call c JOIN program p ON p.id = c.program_id WHERE p.funder_id = :visibleFunderId)`,
      { visibleFunderId: principal.agency!.id },
    );
  }
  return qb;
});

/** Individual reviews (R17): agency officers and ADMIN only; analysts, funders and enterprises see none. */
export const visibleReviews = scope((qb, _alias, principal) =>
  principal.role === Role.ADMIN || principal.role === Role.AGENCY_OFFICER ? qb : qb.andWhere(NOTHING),
);

/**
 * Support requests (R20): a funder officer sees its programs'; an enterprise
 * its own as the beneficiary, and those it is matched with as the supplier
 * (the worksite it is to work at); the others all.
 */
export const visibleSupportRequests = scope((qb, alias, principal) => {
  if (principal.role === Role.FUNDER_OFFICER) {
    return qb.andWhere(`${alias}.program_id IN (SELECT id FROM program WHERE funder_id = :visibleFunderId)`, { visibleFunderId: principal.agency!.id });
  }
  if (principal.role === Role.ENTERPRISE) {
    return qb.andWhere(
      `(${alias}.beneficiary_id = :visibleEnterpriseId OR ${alias}.id IN (SELECT request_id FROM supplier_match WHERE supplier_id = :visibleEnterpriseId))`,
      { visibleEnterpriseId: principal.enterprise!.id },
    );
  }
  return qb;
});

/** Matches (R21): a funder officer sees its agreements'; an enterprise those where it is the supplier or the beneficiary. */
export const visibleMatches = scope((qb, alias, principal) => {
  if (principal.role === Role.FUNDER_OFFICER) {
    return qb.andWhere(`${alias}.agreement_id IN (SELECT id FROM funding_agreement WHERE funder_id = :visibleFunderId)`, { visibleFunderId: principal.agency!.id });
  }
  if (principal.role === Role.ENTERPRISE) {
    return qb.andWhere(`(${alias}.supplier_id = :visibleEnterpriseId OR ${alias}.beneficiary_id = :visibleEnterpriseId)`, {
      visibleEnterpriseId: principal.enterprise!.id,
    });
  }
  return qb;
});

/**
 * The audit log: admins and agency officers only. Its events name and describe
 * rows of every tenant (other funders' agreements, payments), so a funder
 * officer, an enterprise or an analyst sees none of them.
 */
export const visibleAuditEvents = scope((qb, _alias, principal) =>
  principal.role === Role.ADMIN || principal.role === Role.AGENCY_OFFICER ? qb : qb.andWhere(NOTHING),
);

/**
 * Webhook endpoints and their deliveries: the owning agency's officers and
 * ADMIN only. An endpoint's URL and its delivery log are the agency's own
 * integration, not program data, so other agencies, analysts and
 * enterprises see none of them.
 */
export const visibleWebhookEndpoints = scope((qb, alias, principal) => {
  if (principal.role === Role.ADMIN) return qb;
  if (!principal.agency || (principal.role !== Role.AGENCY_OFFICER && principal.role !== Role.FUNDER_OFFICER)) return qb.andWhere(NOTHING);
  return qb.andWhere(`${alias}.agency_id = :visibleEndpointAgencyId`, { visibleEndpointAgencyId: principal.agency.id });
});

export const visibleWebhookDeliveries = scope((qb, alias, principal) => {
  if (principal.role === Role.ADMIN) return qb;
  if (!principal.agency || (principal.role !== Role.AGENCY_OFFICER && principal.role !== Role.FUNDER_OFFICER)) return qb.andWhere(NOTHING);
  return qb.andWhere(`${alias}.endpoint_id IN (SELECT id FROM webhook_endpoint WHERE agency_id = :visibleEndpointAgencyId)`, {
    visibleEndpointAgencyId: principal.agency.id,
  });
});

/** Agencies, enterprises and technologies are a directory every caller may read. */
export const visibleToAll = scope((qb) => qb);
