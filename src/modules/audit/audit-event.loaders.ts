import { visibleAuditEvents, visibleTable } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { AuditEventEntity } from './audit-event.entity';

/** The list query (audit-event.service) applies the same scope. */
export const AUDIT_EVENTS = visibleTable(AuditEventEntity, visibleAuditEvents, 'audit event');

export const auditLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, AUDIT_EVENTS),
}));
