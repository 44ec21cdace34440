import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { message } from '../common/messages';
import { invalidInput, UserError } from '../common/user-error';

/**
 * Stripe-style idempotency keys over the idempotency_record table.
 *
 * Use inside the mutation's transaction, as its first statement (before any
 * other lock is taken, so that lock order is always key -> business rows):
 *   const claim = await claimIdempotencyKey(em, { scope, key, operation, request });
 *   conflict -> IDEMPOTENCY_CONFLICT userError; replay -> answer from claim.response and write nothing
 *   (audit: null); new -> do the work, then `await claim.complete(response)`.
 *
 * The record is inserted with ON CONFLICT DO NOTHING before the work, so a
 * concurrent call with the same key blocks on the primary key until the first
 * transaction ends: after a commit it sees the stored response, after a
 * rollback it claims the key itself. Only successful results are stored: a
 * call that ends in userErrors rolls its record back with everything else, so
 * a retry with the same key executes again. Relies on READ COMMITTED (the
 * default): the read after a conflict must see the row the other transaction
 * committed.
 */

/** How long a key is remembered (at least 24 hours, as clients are promised). */
export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;
/** Expired records removed in passing per claim; enough to keep up with the rate keys are created. */
const CLEANUP_BATCH = 100;

export interface IdempotencyRequest {
  /** Whose keys these are, e.g. agencyScope(id): keys of one agency never collide with another's. */
  scope: string;
  key: string;
  /** The mutation's name; a key reused for another operation is a conflict. */
  operation: string;
  /** The arguments that define "the same request", normalized (ids decoded, instants as ISO strings). */
  request: unknown;
}

export type IdempotencyClaim<R> =
  | { status: 'new'; complete(response: R): Promise<void> }
  | { status: 'replay'; response: R }
  | { status: 'conflict'; operation: string };

/** The scope of the keys of one agency's officers. */
export function agencyScope(agencyId: string): string {
  return `agency:${agencyId}`;
}

/** INVALID_INPUT unless the key has 1 to 255 characters (code points, as the column's CHECK counts) and no NUL. */
export function checkIdempotencyKey(key: string, field: string[]): UserError[] {
  const length = Array.from(key).length;
  if (length >= 1 && length <= IDEMPOTENCY_KEY_MAX_LENGTH && !key.includes('\u0000')) return [];
  return [invalidInput(field, message('common.idempotencyKeyInvalid', IDEMPOTENCY_KEY_MAX_LENGTH))];
}

/** SHA-256 (hex) of the canonical JSON of a request: object keys sorted, so property order never matters. */
export function requestHash(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  return JSON.stringify(value) ?? 'null';
}

export async function claimIdempotencyKey<R>(em: EntityManager, request: IdempotencyRequest): Promise<IdempotencyClaim<R>> {
  const { scope, key, operation } = request;
  const hash = requestHash(request.request);
  // An expired record no longer binds its key: drop it (waiting for whoever else is dropping it).
  await em.query('DELETE FROM idempotency_record WHERE scope = $1 AND key = $2 AND expires_at <= now()', [scope, key]);
  // Opportunistic cleanup of other expired keys, bounded, and never waiting on a
  // row another transaction holds (SKIP LOCKED), so it cannot block or deadlock.
  await em.query(
    `DELETE FROM idempotency_record WHERE (scope, key) IN (
       SELECT scope, key FROM idempotency_record WHERE expires_at <= now() LIMIT $1 FOR UPDATE SKIP LOCKED)`,
    [CLEANUP_BATCH],
  );
  // The loop only repeats if the row we conflicted with vanished before we could
  // read it (its transaction rolled back late, or it expired and was replaced).
  for (let attempt = 0; attempt < 3; attempt++) {
    const inserted: unknown[] = await em.query(
      `INSERT INTO idempotency_record (scope, key, operation, request_hash, response, created_at, expires_at)
       VALUES ($1, $2, $3, $4, NULL, now(), now() + make_interval(hours => $5))
       ON CONFLICT (scope, key) DO NOTHING
       RETURNING key`,
      [scope, key, operation, hash, IDEMPOTENCY_TTL_HOURS],
    );
    if (inserted.length === 1) {
      return {
        status: 'new',
        complete: async (response) => {
          await em.query('UPDATE idempotency_record SET response = $3 WHERE scope = $1 AND key = $2', [
            scope,
            key,
            JSON.stringify(response),
          ]);
        },
      };
    }
    const existing: { operation: string; request_hash: string; response: R | null }[] = await em.query(
      'SELECT operation, request_hash, response FROM idempotency_record WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (existing.length === 0) continue;
    const [record] = existing;
    if (record.operation !== operation || record.request_hash !== hash) return { status: 'conflict', operation: record.operation };
    // A committed record always carries its response (complete() runs in the same transaction as the insert).
    return { status: 'replay', response: record.response as R };
  }
  throw new Error(`Could not claim idempotency key in scope ${scope}: the record kept disappearing`);
}
