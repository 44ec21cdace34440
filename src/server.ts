import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { BREAK, GraphQLError, GraphQLSchema, Kind, visit } from 'graphql';
import { unauthenticated } from './common/errors';
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { queryCostPlugin, queryLimitRules } from './common/query-limits';
import type { Config } from './config';
import { Context, createContext, requestIdsFrom } from './context';
import { primaryUrlOf } from './db/data-source';
import { pendingMigrations } from './db/database';
import { countSqlStatements, SqlCount } from './db/sql-counter';
import { errorFormatter, isClientError, TOO_MANY_VARIABLE_ERRORS } from './error-format';
import { graphiqlRouter } from './graphiql';
import { observeRejectedRequest, observeRequest, Outcome, registry, watchPool } from './metrics';
import { StatsCache } from './modules/stats/stats-cache';
import { WebhookDeliveryWorker } from './modules/webhooks/webhook-delivery.worker';
import { operationAllowlistPlugin, persistedQueriesOptions } from './plugins/persisted-operations';
import { readRoutingPlugin } from './plugins/read-routing';
import { rateLimit, RateLimiter } from './rate-limit';
import { ProgramEventBus } from './subscriptions/event-bus';
import { startWebSocketServer, subscriptionsNeedWebSocketPlugin } from './subscriptions/websocket';

function requestPlugin(config: Config): ApolloServerPlugin<Context> {
  return {
    async contextCreationDidFail({ error }) {
      observeRejectedRequest(error instanceof GraphQLError ? String(error.extensions.code ?? 'INTERNAL_SERVER_ERROR') : 'INTERNAL_SERVER_ERROR');
    },
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (isClientError(code) || error.message === TOO_MANY_VARIABLE_ERRORS) continue;
            const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
            contextValue.logger?.error({ err: original, path: error.path }, 'unexpected error');
          }
        },
        async willSendResponse({ response, contextValue, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const errorCodes = result.errors?.map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')) ?? [];
          observeRequest(operationName, outcomeOf(result), Number(process.hrtime.bigint() - started) / 1e9, errorCodes);
          // One line per request: who did what, how long it took, how it ended. Never the token.
          contextValue?.logger?.info(
            {
              operationName: operationName ?? null,
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
              subject: contextValue.principal?.subject ?? null,
              role: contextValue.principal?.role ?? null,
              errorCodes,
              sqlStatements: contextValue.sql?.statements,
            },
            'graphql request',
          );
          if (result.errors && contextValue?.requestId) {
            result.errors = result.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId: contextValue.requestId } }));
          }
          if (config.exposeSqlCount && contextValue?.sql) {
            result.extensions = { ...result.extensions, sqlStatements: contextValue.sql.statements };
          }
        },
      };
    },
  };
}

/** A mutation that answered with userErrors is a user error, not a success and not a failure. */
function outcomeOf(result: { data?: Record<string, unknown> | null; errors?: readonly unknown[] }): Outcome {
  if (result.errors?.length) return 'error';
  const payloads = Object.values(result.data ?? {}) as ({ userErrors?: unknown[] } | null)[];
  return payloads.some((payload) => (payload?.userErrors?.length ?? 0) > 0) ? 'user_error' : 'ok';
}

/**
 * A POST body must be JSON; anything else is 415 Unsupported Media Type, as
 * GraphQL over HTTP says. This also refuses what a browser sends cross-site
 * without a CORS preflight (text/plain, forms) before any GraphQL runs; GET is
 * guarded by Apollo's csrfPrevention.
 */
function requireJsonBody(req: express.Request, res: express.Response, next: express.NextFunction): void {
  const mediaType = req.header('content-type')?.split(';')[0].trim().toLowerCase();
  if (req.method !== 'POST' || mediaType === 'application/json') {
    next();
    return;
  }
  res.status(415).json({
    errors: [
      {
        message: 'A POST body must be JSON: send content-type: application/json',
        extensions: { code: 'BAD_REQUEST', requestId: res.locals.requestId },
      },
    ],
  });
}

/** Whether any string (or object key) in a JSON value holds U+0000; iterative, as variables may nest deeply. */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (next && typeof next === 'object') {
      for (const [key, child] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        pending.push(child);
      }
    }
  }
  return false;
}

/**
 * Every field needs a token (introspection aside, which GraphiQL reads before
 * one is pasted): an operation without one is refused before it runs, so the
 * 401 carries no `data`, as GraphQL over HTTP asks of a non-2xx response.
 */
const tokenRequiredPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (contextValue.principal || !operation) return;
        const onlyIntrospection = operation.selectionSet.selections.every(
          (selection) => selection.kind === Kind.FIELD && selection.name.value.startsWith('__'),
        );
        if (!onlyIntrospection) throw unauthenticated();
      },
    };
  },
};

/**
 * PostgreSQL text cannot hold U+0000, so a string carrying one would fail in
 * the database as an internal error: a query's is refused up front, in
 * literals and variables alike.
 */
const nulCharacterPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, operation }) {
        // Mutations answer it with a userError instead: their services check their fields, runMutation catches the rest.
        if (operation?.operation === 'mutation') return;
        let found = containsNul(request.variables ?? {});
        if (!found) {
          visit(document, {
            StringValue(node) {
              if (!node.value.includes('\u0000')) return undefined;
              found = true;
              return BREAK;
            },
          });
        }
        if (found) {
          throw new GraphQLError('Text may not contain the character U+0000', { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
        }
      },
    };
  },
};

export interface AppDeps {
  schema: GraphQLSchema;
  db: DataSource;
  config: Config;
  logger: Logger;
}

export interface RunningServer {
  httpServer: http.Server;
  /** Where a client on this machine reaches GraphQL. */
  url: string;
  /** Where the server listens, as "host:port": "127.0.0.1:4000" for this machine only, "[::]:4000" or "0.0.0.0:4000" for every interface. */
  address: string;
  /** Where /metrics listens with METRICS_PORT, else null. */
  metricsAddress: string | null;
  stop(): Promise<void>;
}

/** A port that cannot be listened on (in use, not permitted): main prints it as one line. */
export class ListenError extends Error {}

/** "host:port", an IPv6 address in brackets as in a URL. */
function hostAndPort({ address, port }: AddressInfo): string {
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Listens on HOST (every interface when null) and answers the address the server got. */
async function listen(server: http.Server, setting: string, port: number, host: string | null): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const where = `${host ?? 'every interface'}, port ${port}`;
      const reason = error.code === 'EADDRINUSE' ? 'is in use' : error.code === 'EADDRNOTAVAIL' ? 'is not an address of this machine' : `cannot be listened on (${error.code ?? error.message})`;
      reject(new ListenError(`${setting}: ${where} ${reason}; set ${setting}${host && error.code === 'EADDRNOTAVAIL' ? ' or HOST' : ''} to another`));
    };
    server.once('error', onError);
    server.listen({ port, host: host ?? undefined }, () => {
      server.off('error', onError);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

/** Constant-time comparison of a bearer token, so that response times tell nothing of the expected one. */
function bearerMatches(authorization: string | undefined, token: string): boolean {
  const given = Buffer.from(authorization ?? '');
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** /metrics alone on a port of its own (METRICS_PORT), for a scraper on the internal network. */
async function startMetricsServer(port: number, host: string | null): Promise<{ server: http.Server; address: AddressInfo }> {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  const server = http.createServer(app);
  return { server, address: await listen(server, 'METRICS_PORT', port, host) };
}

export async function startServer(deps: AppDeps, port = deps.config.port): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const limits = queryLimitRules(deps.config.queryLimits);
  // Subscriptions: events come from PostgreSQL (LISTEN on the primary), so every replica sees every commit.
  const events = new ProgramEventBus(primaryUrlOf(deps.db), deps.logger);
  const statsCache = new StatsCache(deps.config.statsCache);
  events.watchData(statsCache);
  await events.start();
  const rateLimiter = new RateLimiter(deps.db, deps.config.rateLimit, deps.config, deps.logger);
  // A request's statements are counted only where something reads the count: the request's log line (info),
  // extensions.sqlStatements (EXPOSE_SQL_COUNT) and the choice of replica for its reads. The count lives in an
  // AsyncLocalStorage, whose promise hooks, once on, run for every promise: a sixth of the CPU of a page of
  // 50 agreements on Node 20.
  const countStatements =
    deps.config.exposeSqlCount || deps.config.databaseReplicaUrls.length > 0 || deps.logger.isLevelEnabled('info');
  const webSockets = startWebSocketServer(httpServer, {
    ...deps,
    statsCache,
    rateLimiter,
    events,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
  });
  const apollo = new ApolloServer<Context>({
    schema: deps.schema,
    introspection: deps.config.introspection,
    includeStacktraceInErrorResponses: false,
    // GET (and any request without a JSON content type) needs a header a cross-site form or <img> cannot send.
    csrfPrevention: true,
    // main.ts owns the shutdown order: HTTP first, then the database.
    stopOnTerminationSignals: false,
    formatError: errorFormatter({ hideSuggestions: deps.config.queryLimits.blockFieldSuggestions }),
    // Compact JSON: Apollo's default indents every response, a third more bytes to build and send.
    stringifyResult: (result) => JSON.stringify(result),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries are on; with OPERATION_ALLOWLIST their store holds only listed operations.
    persistedQueries: persistedQueriesOptions(deps.config.operationAllowlist),
    plugins: [
      // On stop: refuse new connections, let in-flight requests finish for up to SHUTDOWN_TIMEOUT, then cut the rest.
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: deps.config.shutdownTimeoutMs }),
      // WebSocket connections close with 1001 (going away); graphql-ws clients reconnect to another replica.
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await webSockets.dispose();
              await events.stop();
            },
          };
        },
      },
      // Apollo's landing page loads its sandbox from a CDN; browsers get the self-hosted GraphiQL instead.
      ApolloServerPluginLandingPageDisabled(),
      // No HTTP cache hints are given, and the plugin wraps every field resolver to compute them.
      ApolloServerPluginCacheControlDisabled(),
      // A subgraph would otherwise answer a gateway's apollo-federation-include-trace header with field timings
      // (extensions.ftv1) for Apollo's usage reporting, wrapping every field resolver to take them.
      ApolloServerPluginInlineTraceDisabled(),
      requestPlugin(deps.config),
      ...limits.plugins,
      queryCostPlugin(deps.config.queryLimits.maxCost),
      tokenRequiredPlugin,
      nulCharacterPlugin,
      subscriptionsNeedWebSocketPlugin,
      // With DATABASE_REPLICA_URLS: a query operation reads from a replica, a mutation only from the primary.
      readRoutingPlugin,
      ...(deps.config.operationAllowlist ? [operationAllowlistPlugin(deps.config.operationAllowlist)] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const metricsToken = deps.config.metrics.token;
  if (!deps.config.metrics.port && (metricsToken || deps.config.metrics.public)) {
    app.get('/metrics', async (req, res) => {
      if (metricsToken && !bearerMatches(req.header('authorization'), metricsToken)) {
        res.status(401).setHeader('WWW-Authenticate', 'Bearer').json({ errors: [{ message: 'Metrics need Authorization: Bearer <METRICS_TOKEN>', extensions: { code: 'UNAUTHENTICATED' } }] });
        return;
      }
      res.type(registry.contentType).send(await registry.metrics());
    });
  }
  const metrics = deps.config.metrics.port ? await startMetricsServer(deps.config.metrics.port, deps.config.host) : null;
  app.get('/readyz', async (_req, res) => {
    try {
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) {
        res.status(503).json({ status: 'unavailable', reason: `migrations not applied: ${pending.join(', ')}` });
        return;
      }
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  // Before the GraphQL middleware: a browser's GET /graphql gets the page, everything else passes through.
  if (deps.config.graphiql) app.use(graphiqlRouter());

  app.use(
    '/graphql',
    (req, res, next) => {
      const ids = requestIdsFrom(req.header('x-request-id'));
      const sql: SqlCount = { statements: 0 };
      res.locals.ids = ids;
      res.locals.requestId = ids.requestId;
      res.locals.sql = sql;
      res.setHeader('X-Request-Id', ids.requestId);
      res.setHeader('X-Server-Request-Id', ids.serverRequestId);
      // Everything this request runs, resolvers and loaders included, counts its SQL here.
      if (countStatements) countSqlStatements(sql, next);
      else next();
    },
    rateLimit(rateLimiter),
    requireJsonBody,
    express.json({ limit: deps.config.maxBodyBytes }),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          return await createContext({ ...deps, statsCache }, {
            authorization: req.header('authorization'),
            acceptLanguage: req.header('accept-language'),
            ids: res.locals.ids,
            sql: res.locals.sql,
          });
        } catch (error) {
          if (error instanceof GraphQLError) throw error;
          // Checking a token's claims needs the database: when it fails, log it and answer like any unexpected error.
          deps.logger.error({ err: error, requestId: res.locals.requestId }, 'unexpected error');
          throw new GraphQLError('context creation failed', {
            extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: res.locals.requestId },
          });
        }
      },
    }),
  );

  // Any other route: a JSON answer like every other error of this server, not Express's HTML page.
  app.use((req, res) => {
    res.status(404).json({
      errors: [{ message: `Nothing is served at ${req.method} ${req.path}; the API is POST /graphql`, extensions: { code: 'NOT_FOUND' } }],
    });
  });

  // Errors before GraphQL runs (a malformed or oversized body): JSON, never an HTML page or a stack trace.
  app.use((error: { type?: string; status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const message =
      error.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON'
        : error.type === 'entity.too.large'
          ? 'The request body is too large'
          : status < 500
            ? 'The request could not be read'
            : 'Internal server error';
    if (status >= 500) deps.logger.error({ err: error, requestId: res.locals.requestId }, 'request failed before GraphQL');
    res.status(status).json({
      errors: [{ message, extensions: { code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR', requestId: res.locals.requestId } }],
    });
  });

  let address: AddressInfo;
  try {
    address = await listen(httpServer, 'PORT', port, deps.config.host);
  } catch (error) {
    await apollo.stop();
    if (metrics) await new Promise<void>((resolve) => metrics.server.close(() => resolve()));
    throw error;
  }
  const unwatchPool = watchPool(deps.db);
  // Webhook deliveries: every process that runs the worker shares them through PostgreSQL; woken by each commit.
  const webhooks = deps.config.webhooks.deliveries ? new WebhookDeliveryWorker(deps.db, deps.config.webhooks, deps.logger) : null;
  if (webhooks) {
    events.watchData(webhooks);
    webhooks.start();
  }
  // Listening on every interface (:: or 0.0.0.0), the server is reached here through the loopback address.
  const reachable = address.address === '::' || address.address === '0.0.0.0' ? { ...address, address: '127.0.0.1' } : address;
  return {
    httpServer,
    url: `http://${hostAndPort(reachable)}/graphql`,
    address: hostAndPort(address),
    metricsAddress: metrics ? hostAndPort(metrics.address) : null,
    async stop() {
      // The worker claims nothing more and lets its attempts in flight finish and be recorded while HTTP drains.
      await Promise.all([apollo.stop(), webhooks?.stop()]);
      if (metrics) await new Promise<void>((resolve) => metrics.server.close(() => resolve()));
      unwatchPool();
    },
  };
}
