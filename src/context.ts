import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { authenticate } from './auth/authenticate';
import type { Principal } from './auth/roles';
import { RequestLoaders } from './common/loaders';
import type { Config } from './config';
import type { SqlCount } from './db/sql-counter';
import type { StatsCache } from './modules/stats/stats-cache';

/** Everything a resolver may use, created once per request. */
export interface Context {
  requestId: string;
  principal: Principal | null;
  db: DataSource;
  config: Config;
  logger: Logger;
  /** This request's DataLoaders: `agreementLoaders(ctx).byId.load(id)`. */
  loaders: RequestLoaders;
  sql: SqlCount;
  /** BI figures kept until the data changes; null outside a server (scripts, seeding). */
  statsCache: StatsCache | null;
}

export interface ContextDeps {
  db: DataSource;
  config: Config;
  logger: Logger;
  statsCache?: StatsCache;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** A client's X-Request-Id when it is a sane token, else a new one. */
export function requestIdFrom(header: string | undefined): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

export async function createContext(
  deps: ContextDeps,
  request: { authorization?: string; requestId: string; sql: SqlCount },
): Promise<Context> {
  const principal = await authenticate(request.authorization, deps.config, deps.db);
  return contextFor(deps, principal, request.requestId, request.sql);
}

/**
 * A context for work done outside an HTTP request (the demo data, scripts):
 * the same services, loaders and audit trail, acting as the given principal.
 */
export function createInternalContext(deps: ContextDeps, principal: Principal): Context {
  return contextFor(deps, principal, `internal-${randomUUID()}`, { statements: 0 });
}

/** The context of a caller whose principal is known (an HTTP request, a WebSocket subscription, a script). */
export function contextFor(deps: ContextDeps, principal: Principal | null, requestId: string, sql: SqlCount): Context {
  return {
    requestId,
    principal,
    db: deps.db,
    config: deps.config,
    logger: deps.logger.child({ requestId }),
    loaders: new RequestLoaders({ db: deps.db, principal, maxPageSize: deps.config.maxPageSize }),
    sql,
    statsCache: deps.statsCache ?? null,
  };
}
