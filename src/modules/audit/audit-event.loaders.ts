import { Role } from '../../auth/roles';
import { Scope } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { AuditEventEntity } from './audit-event.entity';

/** Only admins and agency officers read the audit log: for everyone else its events do not exist. */
export const visibleAuditEvents: Scope = (qb, _alias, principal) =>
  principal?.role === Role.ADMIN || principal?.role === Role.AGENCY_OFFICER ? qb : qb.andWhere('1 = 0');

export function createAuditLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, AuditEventEntity, visibleAuditEvents),
  };
}
