import { EntityManager, QueryFailedError } from 'typeorm';
import type { Principal } from '../auth/roles';
import type { EventType } from '../common/enums';
import type { NodeType } from '../common/global-id';
import { LIST_LIMITS } from '../common/list-limits';
import { message, Message } from '../common/messages';
import { invalidInput, MutationOutcome, userError, UserError, UserErrorCode, UserErrors } from '../common/user-error';
import { type Context, now } from '../context';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { EVENTS_APPENDED, notifyOnCommit, subscriptionEventOf } from '../subscriptions/program-events';
import { replayDatabaseClock } from './clock';

/** What a mutation tells the audit log (R13). */
export interface AuditEntry {
  entityType: string;
  /** Global id of the entity. */
  entityId: string;
  changes: Record<string, unknown> | null;
}

/**
 * A business event a mutation reports (the event feed: Query.events and
 * webhooks): what happened, to which object, under which agreement or program.
 */
export interface BusinessEvent {
  type: EventType;
  /** The object it is about, by Node type and database id: whoever may see it may see the event. */
  subject: { type: NodeType; id: string };
  agreementId?: string | null;
  programId?: string | null;
  /** A few facts of the change (a status, a kind); money as a string of whole won. */
  data?: Record<string, string | number | boolean | null>;
}

/** The events of each running mutation's transaction, by its entity manager. */
const emitted = new WeakMap<EntityManager, BusinessEvent[]>();

/**
 * Reports a business event of the mutation running on `em`. runMutation writes
 * the mutation's events at its end, in its transaction (a transactional
 * outbox): they exist exactly when the change does.
 */
export function emitEvent(em: EntityManager, event: BusinessEvent): void {
  const events = emitted.get(em);
  if (!events) throw new Error(`${event.type} was emitted outside runMutation`);
  events.push(event);
}

/**
 * One statement for all of a mutation's events, in the order emitted; the
 * database draws their positions under the lock the audit event takes too
 * (migration EventFeed), so positions follow commit order without gaps.
 */
async function writeEvents(em: EntityManager, events: BusinessEvent[], at: Date): Promise<void> {
  if (events.length === 0) return;
  await em.query(
    `INSERT INTO business_event (type, occurred_at, subject_type, subject_id, agreement_id, program_id, data)
     SELECT e.type, $2, e.subject_type, e.subject_id, e.agreement_id, e.program_id, e.data
       FROM ROWS FROM (jsonb_to_recordset($1::jsonb) AS (type text, subject_type text, subject_id bigint,
                       agreement_id bigint, program_id bigint, data jsonb)) WITH ORDINALITY AS e
      ORDER BY e.ordinality`,
    [
      JSON.stringify(
        events.map((event) => ({
          type: event.type,
          subject_type: event.subject.type,
          subject_id: event.subject.id,
          agreement_id: event.agreementId ?? null,
          program_id: event.programId ?? null,
          data: event.data ?? {},
        })),
      ),
      at,
    ],
  );
  await notifyOnCommit(em, [...events.flatMap((event) => subscriptionEventOf(event) ?? []), EVENTS_APPENDED]);
}

/**
 * A mutation service: what a resolver calls once it has decoded the input's
 * global ids. One transaction, through runMutation.
 */
export type MutationService<Input, T> = (ctx: Context, principal: Principal, input: Input) => Promise<MutationOutcome<T>>;

/** A unique constraint's name -> the userError its violation means (DUPLICATE unless another code is given). */
export type DuplicateErrors = Record<string, { field: string[]; message: Message; code?: UserErrorCode }>;


/**
 * One mutation = one transaction (with its audit event, R13, and the business
 * events it emitted: the feed's rows and the subscriptions' notifications,
 * delivered once it commits), done by `principal`. A refusal
 * (refuse(), refuseAny()) anywhere in `work`, input validation included, rolls
 * everything back and becomes the payload's userErrors; a unique-constraint
 * violation named in `duplicates` becomes a DUPLICATE userError, a NUL
 * character in text an INVALID_INPUT one. Anything else (FORBIDDEN, a bug)
 * propagates. An internal context that replays an instant (ctx.replayedAt)
 * has the transaction's database clock read that instant too (db/clock.ts),
 * and its audit event is stamped with it.
 */
export async function runMutation<T>(
  ctx: Context,
  principal: Principal,
  action: string,
  /** audit is null only when the mutation wrote nothing (an idempotent replay). */
  work: (em: EntityManager) => Promise<{ value: T; audit: AuditEntry | null }>,
  duplicates: DuplicateErrors = {},
): Promise<MutationOutcome<T>> {
  try {
    const value = await ctx.db.transaction(async (em) => {
      if (ctx.replayedAt) await replayDatabaseClock(em, ctx.replayedAt);
      emitted.set(em, []);
      const { value, audit } = await work(em);
      await writeEvents(em, emitted.get(em)!, now(ctx));
      if (!audit) return value;
      await em.insert(AuditEventEntity, {
        at: now(ctx),
        actorSubject: principal.subject,
        actorRole: principal.role,
        action,
        entityType: audit.entityType,
        entityId: audit.entityId,
        changes: audit.changes as never,
        requestId: ctx.requestId,
        serverRequestId: ctx.serverRequestId,
      });
      return value;
    });
    // Other replicas hear of the change through the DATA_CHANGED notification; this one forgets its figures now,
    // so that the caller's next query already counts its own write.
    ctx.statsCache?.changed();
    return { value, userErrors: [] };
  } catch (error) {
    // Bounded like every plain list (LIST_LIMITS): an input that breaks more rules hears of the first ones.
    if (error instanceof UserErrors) return { value: null, userErrors: error.errors.slice(0, LIST_LIMITS.userErrors) };
    const duplicate = uniqueViolation(error, duplicates);
    if (duplicate) return { value: null, userErrors: [duplicate] };
    if (isNulCharacter(error)) {
      return { value: null, userErrors: [invalidInput(['input'], message('common.nulCharacter'))] };
    }
    throw error;
  }
}

/**
 * PostgreSQL text cannot hold U+0000 (SQLSTATE 22021), nor can jsonb (22P05, e.g. an evidence kind);
 * the input had one in a field its service did not check.
 */
function isNulCharacter(error: unknown): boolean {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
  return code === '22021' || code === '22P05';
}

function uniqueViolation(error: unknown, duplicates: DuplicateErrors): UserError | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = error.driverError as { code?: string; constraint?: string };
  if (driverError.code !== '23505' || !driverError.constraint) return null;
  const known = duplicates[driverError.constraint];
  return known ? userError(known.code ?? UserErrorCode.DUPLICATE, known.field, known.message) : null;
}
