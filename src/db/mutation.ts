import { EntityManager, QueryFailedError } from 'typeorm';
import type { Principal } from '../auth/roles';
import { LIST_LIMITS } from '../common/list-limits';
import { message, Message } from '../common/messages';
import { invalidInput, MutationOutcome, userError, UserError, UserErrorCode, UserErrors } from '../common/user-error';
import { type Context, now } from '../context';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { notifyOnCommit, ProgramEvent } from '../subscriptions/program-events';
import { replayDatabaseClock } from './clock';

/** What a mutation tells the audit log (R13). */
export interface AuditEntry {
  entityType: string;
  /** Global id of the entity. */
  entityId: string;
  changes: Record<string, unknown> | null;
}

/** A unique constraint's name -> the userError its violation means (DUPLICATE unless another code is given). */
export type DuplicateErrors = Record<string, { field: string[]; message: Message; code?: UserErrorCode }>;


/**
 * One mutation = one transaction (with its audit event, R13, and the events
 * its subscribers receive once it commits), done by `principal`. A refusal
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
  work: (em: EntityManager) => Promise<{ value: T; audit: AuditEntry | null; events?: ProgramEvent[] }>,
  duplicates: DuplicateErrors = {},
): Promise<MutationOutcome<T>> {
  try {
    const value = await ctx.db.transaction(async (em) => {
      if (ctx.replayedAt) await replayDatabaseClock(em, ctx.replayedAt);
      const { value, audit, events = [] } = await work(em);
      await notifyOnCommit(em, events);
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
