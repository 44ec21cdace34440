import { visibleRows } from '../../auth/visibility';
import { ConnectionResult, ListArgs, paginate, SortDirection } from '../../common/connection';
import { badUserInput } from '../../common/errors';
import { encodeGlobalId } from '../../common/global-id';
import type { Context } from '../../context';
import { AuditEventEntity } from './audit-event.entity';
import { AuditEventFilter } from './audit-event.inputs';
import { AUDIT_EVENTS } from './audit-event.loaders';
import { AuditChainVerification } from './audit-event.types';

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

/**
 * R13: recomputes the chain in id order, from the first event or from the one
 * after `after`, in one statement: an event is broken when its hash is not
 * what its content and its predecessor's hash give (it was edited), or when
 * it does not link to the event before it (one before it was deleted or
 * inserted by hand). The same functions that wrote the hashes recompute them
 * (migration AuditChain), so the check cannot drift from the write.
 */
export async function verifyAuditChain(ctx: Context, afterId: string | null): Promise<AuditChainVerification> {
  const [row]: {
    events_checked: number;
    first_broken_id: string | null;
    last_id: string | null;
    last_hash: string | null;
  }[] = await ctx.db.query(
    `WITH chain AS (
       SELECT e.id, e.hash, e.previous_hash, lag(e.hash) OVER (ORDER BY e.id) AS predecessor_hash,
              audit_event_hash(lag(e.hash) OVER (ORDER BY e.id), e) AS recomputed
         FROM audit_event e
        WHERE e.id >= coalesce((SELECT max(id) FROM audit_event WHERE id <= $1), 0))
     SELECT count(*)::int AS events_checked,
            min(id) FILTER (WHERE hash IS DISTINCT FROM recomputed OR previous_hash IS DISTINCT FROM predecessor_hash)::text AS first_broken_id,
            max(id)::text AS last_id,
            (array_agg(hash ORDER BY id DESC))[1] AS last_hash
       FROM chain
      WHERE id > coalesce($1, 0)`,
    [afterId],
  );
  return {
    eventsChecked: row.events_checked,
    intact: row.first_broken_id === null,
    firstBrokenEventId: row.first_broken_id && encodeGlobalId('AuditEvent', row.first_broken_id),
    lastEventId: row.last_id && encodeGlobalId('AuditEvent', row.last_id),
    lastHash: row.last_hash,
  };
}
