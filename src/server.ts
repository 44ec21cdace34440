import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import http from 'node:http';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Config } from './config';
import { Context, createContext, requestIdFrom } from './context';
import { countSqlStatements, SqlCount } from './db/sql-counter';
import { pendingMigrations } from './db/database';
import { queryCostPlugin, queryLimitRules } from './common/query-limits';

/** Error codes whose messages are written for clients; everything else is masked. */
const CLIENT_ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
]);

function isClientError(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_ERROR_CODES.has(code);
}

/**
 * Unexpected errors (a bug, the database down) reach the client as
 * INTERNAL_SERVER_ERROR with a generic message; the log has the detail under
 * the same request id.
 */
function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isClientError(formatted.extensions?.code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error; quote the requestId when reporting it',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

function requestPlugin(config: Config): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            if (isClientError(code)) continue;
            const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
            contextValue.logger?.error({ err: original, path: error.path }, 'unexpected error');
          }
        },
        async willSendResponse({ response, contextValue, operationName }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          // One line per request: who did what, how long it took, how it ended. Never the token.
          contextValue?.logger?.info(
            {
              operationName: operationName ?? null,
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
              subject: contextValue.principal?.subject ?? null,
              role: contextValue.principal?.role ?? null,
              errorCodes: result.errors?.map((e) => e.extensions?.code ?? 'INTERNAL_SERVER_ERROR') ?? [],
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

export interface AppDeps {
  schema: GraphQLSchema;
  db: DataSource;
  config: Config;
  logger: Logger;
}

export interface RunningServer {
  httpServer: http.Server;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(deps: AppDeps, port = deps.config.port): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const limits = queryLimitRules(deps.config.queryLimits);
  const apollo = new ApolloServer<Context>({
    schema: deps.schema,
    introspection: deps.config.introspection,
    includeStacktraceInErrorResponses: false,
    // main.ts owns the shutdown order: HTTP first, then the database.
    stopOnTerminationSignals: false,
    formatError,
    validationRules: limits.validationRules,
    allowBatchedHttpRequests: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requestPlugin(deps.config),
      ...limits.plugins,
      queryCostPlugin(deps.config.queryLimits.maxCost),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
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

  app.use(
    '/graphql',
    (req, res, next) => {
      const requestId = requestIdFrom(req.header('x-request-id'));
      const sql: SqlCount = { statements: 0 };
      res.locals.requestId = requestId;
      res.locals.sql = sql;
      res.setHeader('X-Request-Id', requestId);
      // Everything this request runs, resolvers and loaders included, counts its SQL here.
      countSqlStatements(sql, next);
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: ({ req, res }) =>
        createContext(deps, {
          authorization: req.header('authorization'),
          requestId: res.locals.requestId,
          sql: res.locals.sql,
        }),
    }),
  );

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

  await new Promise<void>((resolve) => httpServer.listen(port, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    httpServer,
    url: `http://127.0.0.1:${actualPort}/graphql`,
    stop: () => apollo.stop(),
  };
}
