import type { DataSource } from 'typeorm';
import type { Principal } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import { BY_ID, ConnectionResult, PageArgs, paginate } from '../../common/connection';
import { EventType } from '../../common/enums';
import { encodeGlobalId, NodeType } from '../../common/global-id';
import { BusinessEventEntity } from './event.entity';
import { EVENTS } from './event.loaders';

export interface EventFilter {
  types?: EventType[] | null;
}

/**
 * The feed as `principal` sees it, in position order: the same page for a
 * query (Query.events) and for a webhook endpoint's agency. Positions follow
 * commit order without gaps, so a client that pages on from its last cursor
 * misses nothing.
 */
export function listEvents(
  db: DataSource,
  principal: Principal | null,
  args: PageArgs & { filter?: EventFilter | null },
  maxPageSize: number,
): Promise<ConnectionResult<BusinessEventEntity>> {
  const qb = visibleRows(db, EVENTS, 'e', principal);
  const types = args.filter?.types;
  if (types?.length) qb.andWhere('e.type IN (:...types)', { types: [...new Set(types)] });
  return paginate(qb, args, BY_ID, maxPageSize);
}

/**
 * An event as webhooks deliver it (the Standard Webhooks payload shape:
 * type, timestamp, data), with global ids as clients know them. `data.id` is
 * the event's id, stable across redeliveries: receivers de-duplicate by it.
 * The agreement and program are named only as far as the receiver may see
 * them (`pointers`, read through their own visibility): a funder reads any
 * activity's events, not another funder's agreement.
 */
export function eventMessage(
  event: BusinessEventEntity,
  pointers: { agreementId?: string | null; programId?: string | null } = {},
): { type: EventType; timestamp: string; data: Record<string, unknown> } {
  return {
    type: event.type,
    timestamp: event.occurredAt.toISOString(),
    data: {
      id: encodeGlobalId('Event', event.id),
      position: event.id,
      subject: { type: event.subjectType, id: encodeGlobalId(event.subjectType as NodeType, event.subjectId) },
      ...(pointers.agreementId ? { agreementId: encodeGlobalId('FundingAgreement', pointers.agreementId) } : {}),
      ...(pointers.programId ? { programId: encodeGlobalId('Program', pointers.programId) } : {}),
      ...event.data,
    },
  };
}
