import { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Principal } from './roles';
import type { Scope } from './visibility';
import { forbidden } from '../common/errors';

/**
 * The row a write acts on, locked FOR UPDATE so that concurrent writes on it
 * serialize, or null when it does not exist or the caller may not see it
 * (which the caller must answer as NOT_FOUND, never FORBIDDEN).
 */
export function findVisibleForUpdate<E extends ObjectLiteral>(
  em: EntityManager,
  entity: EntityTarget<E>,
  scope: Scope,
  principal: Principal,
  id: string,
): Promise<E | null> {
  const qb = em.getRepository(entity).createQueryBuilder('row').where('row.id = :id', { id });
  return scope(qb, 'row', principal).setLock('pessimistic_write').getOne();
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
