// SKELETON: replaced by the module's real resolver.
import { FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { encodeGlobalId } from '../../common/global-id';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEvent } from './audit-event.types';

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @FieldResolver(() => ID)
  id(@Root() row: AuditEventEntity): string {
    return encodeGlobalId('AuditEvent', row.id);
  }
}
