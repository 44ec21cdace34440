import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { authenticate } from './auth/authenticate';
import type { Principal } from './auth/roles';
import { RequestLoaders } from './common/loaders';
import { localeFrom } from './common/locale';
import type { Locale } from './common/locale';
import type { Config } from './config';
import type { SqlCount } from './db/sql-counter';
import type { StatsCache } from './modules/stats/stats-cache';

/** Everything a resolver may use, created once per request. */
export interface Context {
  /** The id clients quote (X-Request-Id): theirs when it is sane, else serverRequestId. */
  requestId: string;
  /** The server's own id of this request, always new: a client cannot choose or reuse it. */
  serverRequestId: string;
  principal: Principal | null;
  db: DataSource;
  config: Config;
  logger: Logger;
  /** This request's DataLoaders: `agreementLoaders(ctx).byId.load(id)`. */
  loaders: RequestLoaders;
  sql: SqlCount;
  /** BI figures kept until the data changes; null outside a server (scripts, seeding). */
  statsCache: StatsCache | null;
  /**
   * The instant an internal replay acts at (the demo program played on its own calendar), or null:
   * every HTTP request and subscription runs on the real clock. Read it through now().
   */
  replayedAt: Date | null;
  /** The language the request prefers (Accept-Language) for words meant for people; English by default. */
  locale: Locale;
}

export interface ContextDeps {
  db: DataSource;
  config: Config;
  logger: Logger;
  statsCache?: StatsCache;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export interface RequestIds {
  requestId: string;
  serverRequestId: string;
}

/** A new server id, and the client's X-Request-Id beside it when it is a sane token (else the server id serves for both). */
export function requestIdsFrom(header: string | undefined): RequestIds {
  const serverRequestId = randomUUID();
  return { serverRequestId, requestId: header && REQUEST_ID.test(header) ? header : serverRequestId };
}

export async function createContext(
  deps: ContextDeps,
  request: { authorization?: string; acceptLanguage?: string; ids: RequestIds; sql: SqlCount },
): Promise<Context> {
  const principal = await authenticate(request.authorization, deps.config, deps.db, deps.logger);
  return contextFor(deps, principal, request.ids, request.sql, localeFrom(request.acceptLanguage));
}

/**
 * A context for work done outside an HTTP request (the demo data, scripts):
 * the same services, loaders and audit trail, acting as the given principal.
 * With `at`, it replays that instant: what the services stamp (see now()),
 * the audit event's time and the database's clock for a call's status
 * (runMutation) are `at`, so a past calendar can be played through the rules.
 */
export function createInternalContext(deps: ContextDeps, principal: Principal, options: { at?: Date } = {}): Context {
  const id = `internal-${randomUUID()}`;
  return { ...contextFor(deps, principal, { requestId: id, serverRequestId: id }, { statements: 0 }), replayedAt: options.at ?? null };
}

/**
 * The one clock of the services' timestamps: the replayed instant of an
 * internal context, else the real time. Requests never replay (contextFor).
 */
export function now(ctx: Pick<Context, 'replayedAt'>): Date {
  return ctx.replayedAt ? new Date(ctx.replayedAt.getTime()) : new Date();
}

/** The context of a caller whose principal is known (an HTTP request, a WebSocket subscription, a script). */
export function contextFor(deps: ContextDeps, principal: Principal | null, ids: RequestIds, sql: SqlCount, locale: Locale = 'en'): Context {
  const { requestId, serverRequestId } = ids;
  return {
    requestId,
    serverRequestId,
    principal,
    db: deps.db,
    config: deps.config,
    logger: deps.logger.child(serverRequestId === requestId ? { requestId } : { requestId, serverRequestId }),
    loaders: new RequestLoaders({ db: deps.db, principal, maxPageSize: deps.config.maxPageSize }),
    sql,
    statsCache: deps.statsCache ?? null,
    replayedAt: null,
    locale,
  };
}
