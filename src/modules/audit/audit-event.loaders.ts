import { visibleAuditEvents } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { AuditEventEntity } from './audit-event.entity';

/** The list query (audit-event.service) applies the same scope. */
export { visibleAuditEvents };

export function createAuditLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, AuditEventEntity, visibleAuditEvents),
  };
}
