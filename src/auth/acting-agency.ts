import { AgencyKind } from '../common/enums';
import { forbidden } from '../common/errors';
import type { Principal } from './roles';

/**
 * The agency on whose behalf a write is made (the recommender, the preparer of
 * an evaluation, the funder deciding or paying). Officers act for the agency in
 * their token; an ADMIN may act only when its token names an agency of the
 * needed kind, so that every record still says which agency did it.
 */
export function actingAgency(principal: Principal, kind: AgencyKind): { id: string; code: string } {
  if (!principal.agency || principal.agency.kind !== kind) {
    throw forbidden(`This must be done by an officer of a ${kind}; the token names no such agency`);
  }
  return principal.agency;
}
