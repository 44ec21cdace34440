import { defineModule } from '../../common/module';
import { AuditEventEntity } from './audit-event.entity';
import { auditLoaders } from './audit-event.loaders';
import { AuditEventResolver } from './audit-event.resolver';

export const auditModule = defineModule({
  entities: [AuditEventEntity],
  resolvers: [AuditEventResolver],
  nodes: { AuditEvent: { entity: AuditEventEntity, load: (ctx, id) => auditLoaders(ctx).byId.load(id) } },
});
