import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { forbidden } from '../common/errors';
import { notFound, refuse } from '../common/user-error';
import { AgencyKind } from '../common/enums';
import { actingAgency } from './acting-agency';
import { Principal, Role } from './roles';
import type { VisibleTable } from './visibility';

/**
 * The row a write acts on, within what the caller may see; a row that does
 * not exist or that the caller may not see is refused as NOT_FOUND on `field`
 * (never FORBIDDEN, which would confirm that it exists).
 * Locked FOR UPDATE by default, so that concurrent writes on it serialize;
 * 'pessimistic_read' (FOR SHARE) when the write only needs the row to stay as
 * it is (concurrent readers do not wait for each other); null for no lock.
 */
export async function findVisibleForUpdate<E extends ObjectLiteral>(
  em: EntityManager,
  principal: Principal,
  table: VisibleTable<E>,
  id: string,
  field: string[],
  lock: 'pessimistic_write' | 'pessimistic_read' | null = 'pessimistic_write',
): Promise<E> {
  const qb = table.scope(em.getRepository(table.entity).createQueryBuilder('row').where('row.id = :id', { id }), 'row', principal);
  if (lock) qb.setLock(lock);
  return (await qb.getOne()) ?? refuse(notFound(field, table.noun));
}

/**
 * A row the write reached through a visible one (an activity's or a target's
 * agreement), locked the same way; it exists, since foreign keys say so.
 */
export async function lockRow<E extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<E>,
  id: string,
  lock: 'pessimistic_write' | 'pessimistic_read' = 'pessimistic_write',
): Promise<E> {
  return em.getRepository(entity).createQueryBuilder('row').where('row.id = :id', { id }).setLock(lock).getOneOrFail();
}

/**
 * Only the funder a record names decides or changes it (R4, R5, R6). A funder
 * officer never sees other funders' records; an ADMIN sees them all but acts
 * for the one funder in its token, so another funder's record is FORBIDDEN.
 */
export function assertActsForFunder(actingFunder: { id: string; code: string }, funderId: string): void {
  if (actingFunder.id !== funderId) {
    throw forbidden(`Only the funder named by this record may do this; you act for ${actingFunder.code}`);
  }
}

/**
 * Calls, applications on an applicant's behalf, reviews and decisions are the
 * program operator's (R16, R17, R19): an officer of another public agency, or
 * an ADMIN acting for one, is FORBIDDEN.
 */
export function assertActsForOperator(actingAgency: { id: string; code: string }, operatorId: string): void {
  if (actingAgency.id !== operatorId) {
    throw forbidden(`Only the agency that operates this program may do this; you act for ${actingAgency.code}`);
  }
}

/**
 * Writes that an enterprise makes for itself or an officer of the program's
 * operator makes on its behalf (an application, a support request, an answer
 * to a match): an ENTERPRISE user must be `enterpriseId`, anyone else must
 * act for the operator (R16, R20, R21). FORBIDDEN otherwise.
 */
export function assertActsForPartyOrOperator(principal: Principal, enterpriseId: string, operatorId: string, refusal: () => Error): void {
  if (principal.role === Role.ENTERPRISE) {
    if (principal.enterprise!.id !== enterpriseId) throw refusal();
    return;
  }
  assertActsForOperator(actingAgency(principal, AgencyKind.PUBLIC_AGENCY), operatorId);
}
