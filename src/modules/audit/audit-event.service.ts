import { visibleRows } from '../../auth/visibility';
import { ConnectionResult, ListArgs, paginate, SortDirection } from '../../common/connection';
import { badUserInput } from '../../common/errors';
import type { Context } from '../../context';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventFilter } from './audit-event.inputs';
import { AUDIT_EVENTS } from './audit-event.loaders';

/** Global ids are short; anything longer cannot match and is a malformed argument. */
const MAX_ENTITY_ID_LENGTH = 100;

/** The audit log, newest first. */
export function listAuditEvents(ctx: Context, args: ListArgs<AuditEventFilter>): Promise<ConnectionResult<AuditEventEntity>> {
  const filter = args.filter ?? {};
  const qb = visibleRows(ctx.db, AUDIT_EVENTS, 'a', ctx.principal);
  if (filter.entityId != null) {
    // Matched as stored, not decoded: events may name objects of any type, deleted ones included.
    if (filter.entityId.length > MAX_ENTITY_ID_LENGTH) throw badUserInput('filter.entityId', 'is not a valid id');
    qb.andWhere('a.entity_id = :entityId', { entityId: filter.entityId });
  }
  if (filter.action != null) qb.andWhere('a.action = :action', { action: filter.action });
  if (filter.from) qb.andWhere('a.at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('a.at <= :to', { to: filter.to });
  return paginate(qb, args, { name: 'at', column: 'a.at', value: (a) => a.at, direction: SortDirection.DESC }, ctx.config.maxPageSize);
}
