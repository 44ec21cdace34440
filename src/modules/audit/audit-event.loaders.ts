// SKELETON: replaced by the module's real loaders.
import { visibleToAll } from '../../auth/visibility';
import { byIdLoader, LoaderBase } from '../../common/loaders';
import { AuditEventEntity } from './audit-event.entity';

export function createAuditLoaders(base: LoaderBase) {
  return {
    byId: byIdLoader(base, AuditEventEntity, visibleToAll),
  };
}
