import type { EntityManager } from 'typeorm';
import { EventType } from '../common/enums';

/**
 * What the subscriptions deliver. A mutation emits business events and
 * runMutation sends those a subscription carries with pg_notify inside the mutation's transaction: PostgreSQL
 * delivers a notification only when that transaction commits (never for a
 * rollback), to every API replica listening on the channel.
 */
export const PROGRAM_EVENTS_CHANNEL = 'program_events';

const TOPICS = ['ACTIVITY_STATUS_CHANGED', 'EVALUATION_FINALIZED', 'SUPPLIER_CALL_DECIDED', 'EVENTS_APPENDED'] as const;
export type ProgramEventTopic = (typeof TOPICS)[number];

export interface ProgramEvent {
  topic: ProgramEventTopic;
  /**
   * Database ids: of what the subscriber names (the agreement of an activity
   * or evaluation, the program of a call), and of the row the event is about.
   */
  scopeId: string;
  id: string;
}

/** Sent once by every transaction that wrote events to the feed: Subscription.events reads the feed on from its cursor. */
export const EVENTS_APPENDED: ProgramEvent = { topic: 'EVENTS_APPENDED', scopeId: '', id: '' };

/** The subscriptions' topics of the business events (db/mutation.ts), and what their subscribers name. */
const TOPIC_OF: Partial<Record<EventType, { topic: ProgramEventTopic; scope: 'agreementId' | 'programId' }>> = {
  [EventType.ACTIVITY_REPORTED]: { topic: 'ACTIVITY_STATUS_CHANGED', scope: 'agreementId' },
  [EventType.ACTIVITY_VERIFIED]: { topic: 'ACTIVITY_STATUS_CHANGED', scope: 'agreementId' },
  [EventType.ACTIVITY_REJECTED]: { topic: 'ACTIVITY_STATUS_CHANGED', scope: 'agreementId' },
  [EventType.EVALUATION_FINALIZED]: { topic: 'EVALUATION_FINALIZED', scope: 'agreementId' },
  [EventType.SUPPLIER_CALL_DECIDED]: { topic: 'SUPPLIER_CALL_DECIDED', scope: 'programId' },
};

/** The notification a business event sends to subscribers, or null when no subscription carries it. */
export function subscriptionEventOf(event: {
  type: EventType;
  subject: { id: string };
  agreementId?: string | null;
  programId?: string | null;
}): ProgramEvent | null {
  const topic = TOPIC_OF[event.type];
  const scopeId = topic && event[topic.scope];
  return topic && scopeId ? { topic: topic.topic, scopeId, id: event.subject.id } : null;
}

/**
 * Sent by a trigger on every committed change to the program's tables
 * (migration DataChangeNotifications), by the API and by plain SQL alike.
 */
export const DATA_CHANGED = '{"topic":"DATA_CHANGED"}';

/** One statement for all of a mutation's events. */
export async function notifyOnCommit(em: EntityManager, events: ProgramEvent[]): Promise<void> {
  if (events.length === 0) return;
  await em.query('SELECT pg_notify($1, payload) FROM unnest($2::text[]) AS payload', [
    PROGRAM_EVENTS_CHANNEL,
    events.map((event) => JSON.stringify(event)),
  ]);
}

/** A notification's payload, or null when it is not one of ours. */
export function parseProgramEvent(payload: string | undefined): ProgramEvent | null {
  try {
    const value = JSON.parse(payload ?? '');
    if ((TOPICS as readonly string[]).includes(value?.topic) && typeof value.scopeId === 'string' && typeof value.id === 'string') {
      return { topic: value.topic, scopeId: value.scopeId, id: value.id };
    }
  } catch {
    // fall through
  }
  return null;
}
