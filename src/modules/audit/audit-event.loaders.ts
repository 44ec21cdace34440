import { visibleAuditEvents, VisibleTable } from '../../auth/visibility';
import { byIdLoader, defineLoaders } from '../../common/loaders';
import { AuditEventEntity } from './audit-event.entity';

/** The list query (audit-event.service) applies the same scope. */
export const AUDIT_EVENTS: VisibleTable<AuditEventEntity> = { entity: AuditEventEntity, scope: visibleAuditEvents, noun: 'audit event' };

export const auditLoaders = defineLoaders((base) => ({
  byId: byIdLoader(base, AUDIT_EVENTS),
}));
