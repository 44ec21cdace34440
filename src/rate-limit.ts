import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { InvalidTokenError, TokenPolicy, verifyToken } from './auth/jwt';
import { outsideSqlCount } from './db/sql-counter';

export interface RateLimitOptions {
  /** Requests per caller and window; 0 turns the limit off. */
  requests: number;
  windowSeconds: number;
}

export interface WindowCounts {
  /** Hits in the previous fixed window. */
  previous: number;
  /** Hits in the current fixed window, this one included. */
  current: number;
  /** How much of the current window has passed, 0 <= elapsed < 1. */
  elapsed: number;
}

/**
 * The sliding-window estimate: the previous window's hits count for the part
 * of it that still lies within one window length of now.
 */
export function estimate({ previous, current, elapsed }: WindowCounts): number {
  return previous * (1 - elapsed) + current;
}

/**
 * Seconds until one more request would be allowed, if the caller sends
 * nothing in between: later in this window when the previous window's weight
 * fades enough, else in the next window when this one's does.
 */
export function retryAfterSeconds({ previous, current, elapsed }: WindowCounts, limit: number, windowSeconds: number): number {
  let wait: number;
  const roomThisWindow = limit - current - 1;
  if (roomThisWindow >= 0 && previous > 0) {
    wait = Math.max(0, 1 - roomThisWindow / previous - elapsed);
  } else {
    const intoNext = current > 0 ? Math.max(0, 1 - (limit - 1) / current) : 0;
    wait = 1 - elapsed + intoNext;
  }
  // The epsilon keeps float noise (50.000000001) from adding a second.
  return Math.max(1, Math.ceil(wait * windowSeconds - 1e-9));
}

/**
 * One atomic statement per request: count the hit in the current window
 * (PostgreSQL's clock, so every API process agrees) and read the previous one.
 * Rejected requests count too, so a client that ignores Retry-After stays limited.
 */
const HIT_SQL = `
  WITH clock AS (
    SELECT extract(epoch FROM clock_timestamp())::float8 AS now
  ), hit AS (
    INSERT INTO rate_limit_window (subject_key, window_start, hits)
    SELECT $1, floor(now / $2::int)::bigint * $2::int, 1 FROM clock
    ON CONFLICT (subject_key, window_start) DO UPDATE SET hits = rate_limit_window.hits + 1
    RETURNING window_start, hits
  )
  SELECT clock.now, hit.window_start, hit.hits,
         coalesce((SELECT p.hits FROM rate_limit_window p
                   WHERE p.subject_key = $1 AND p.window_start = hit.window_start - $2::int), 0) AS previous
  FROM clock, hit`;

async function countHit(db: DataSource, key: string, windowSeconds: number): Promise<WindowCounts> {
  // The limiter's statement is not the request's work: keep it out of extensions.sqlStatements.
  const rows: { now: number; window_start: string; hits: number; previous: number }[] = await outsideSqlCount(() =>
    db.query(HIT_SQL, [key, windowSeconds]),
  );
  const { now, window_start, hits, previous } = rows[0];
  return { current: hits, previous, elapsed: Math.min(0.999999, Math.max(0, (now - Number(window_start)) / windowSeconds)) };
}

/**
 * Who a request counts against: the subject and role of a token whose
 * signature verifies, else the client address. A forged or expired token
 * therefore shares its sender's address bucket and cannot mint fresh buckets.
 */
export async function callerKey(authorization: string | undefined, ip: string | undefined, tokens: TokenPolicy): Promise<string> {
  const bearer = authorization ? /^Bearer (\S+)$/.exec(authorization.trim()) : null;
  if (bearer) {
    try {
      const claims = await verifyToken(bearer[1], tokens);
      // Hashed: subjects come from an identity provider and may be long or personal.
      return `token:${createHash('sha256').update(`${claims.role}\u0000${claims.subject}`).digest('hex').slice(0, 32)}`;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
    }
  }
  return `ip:${ip ?? 'unknown'}`;
}

/** What the limiter says of one more hit: allowed, or refused with the seconds to wait. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Callers the per-process fallback remembers at most; the oldest windows make room first. */
const FALLBACK_CALLERS = 10_000;

/**
 * Counts each caller's hits (HTTP requests; WebSocket connections and their
 * subscribe messages) in PostgreSQL, so that every API process agrees. When
 * the counter cannot be written (the database down or saturated), the same
 * limit is kept by a fixed window in this process's memory instead, so the
 * limit never lapses: each replica then allows up to the limit on its own.
 */
export class RateLimiter {
  private lastPrune = 0;
  /** The per-process fallback: caller key -> its current fixed window. */
  private readonly fallback = new Map<string, { windowStart: number; hits: number }>();

  constructor(
    private readonly db: DataSource,
    private readonly options: RateLimitOptions,
    private readonly tokens: TokenPolicy,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.options.requests > 0;
  }

  async hit(authorization: string | undefined, ip: string | undefined, requestId?: string): Promise<RateDecision> {
    if (!this.enabled) return { allowed: true };
    const caller = await callerKey(authorization, ip, this.tokens);
    let counts: WindowCounts;
    try {
      counts = await countHit(this.db, caller, this.options.windowSeconds);
    } catch (err) {
      this.logger.error({ err, requestId }, 'rate limit: counting in PostgreSQL failed; this process counts on its own');
      return this.hitInProcess(caller);
    }
    this.prune();
    if (estimate(counts) <= this.options.requests) return { allowed: true };
    return { allowed: false, retryAfterSeconds: retryAfterSeconds(counts, this.options.requests, this.options.windowSeconds) };
  }

  /** A fixed window per caller in this process, for while PostgreSQL cannot count. */
  private hitInProcess(caller: string): RateDecision {
    const windowMs = this.options.windowSeconds * 1000;
    const now = Date.now();
    const windowStart = now - (now % windowMs);
    let window = this.fallback.get(caller);
    if (!window || window.windowStart !== windowStart) {
      window = { windowStart, hits: 0 };
      this.fallback.delete(caller);
      this.fallback.set(caller, window);
      if (this.fallback.size > FALLBACK_CALLERS) this.fallback.delete(this.fallback.keys().next().value!);
    }
    window.hits += 1;
    if (window.hits <= this.options.requests) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) };
  }

  describe(retryAfter: number): string {
    return `Too many requests: at most ${this.options.requests} per ${this.options.windowSeconds} s; retry in ${retryAfter} s`;
  }

  private prune(): void {
    const now = Date.now();
    if (now - this.lastPrune < this.options.windowSeconds * 1000) return;
    this.lastPrune = now;
    // Only the current and previous windows matter; a third of margin for clock skew between hosts.
    const before = Math.floor(now / 1000) - 3 * this.options.windowSeconds;
    outsideSqlCount(() => this.db.query('DELETE FROM rate_limit_window WHERE window_start < $1', [before])).catch(
      (err: unknown) => this.logger.warn({ err }, 'rate limit: pruning old windows failed'),
    );
  }
}

/**
 * Express middleware placed before body parsing and GraphQL: over the limit,
 * HTTP 429 with Retry-After and a GraphQL-shaped error RATE_LIMITED.
 */
export function rateLimit(limiter: RateLimiter): RequestHandler {
  if (!limiter.enabled) return (_req, _res, next) => next();
  return async (req: Request, res: Response, next: NextFunction) => {
    const decision = await limiter.hit(req.header('authorization'), req.ip, res.locals.requestId);
    if (decision.allowed) {
      next();
      return;
    }
    const retryAfter = decision.retryAfterSeconds;
    res.setHeader('Retry-After', String(retryAfter));
    res.status(429).json({
      errors: [
        {
          message: limiter.describe(retryAfter),
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, requestId: res.locals.requestId },
        },
      ],
    });
  };
}
