import {
  ExecutionArgs,
  getOperationAST,
  GraphQLError,
  GraphQLFormattedError,
  GraphQLSchema,
  parse,
  specifiedRules,
  validate,
  ValidationRule,
  ParseOptions,
  DocumentNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { CloseCode } from 'graphql-ws';
import { Extra, useServer } from 'graphql-ws/use/ws';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import { authenticate } from '../auth/authenticate';
import type { Principal } from '../auth/roles';
import { assertQueryCost, assertVariableListSizes } from '../common/query-limits';
import type { Config } from '../config';
import { contextFor, requestIdsFrom } from '../context';
import { errorFormatter } from '../error-format';
import type { RateLimiter } from '../rate-limit';
import type { StatsCache } from '../modules/stats/stats-cache';
import type { ProgramEventBus } from './event-bus';
import type { SubscriptionContext } from './subscription.resolver';

/** Subscriptions one connection may hold at once. */
const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;
/** setTimeout's longest delay; a token valid for longer is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** What this server keeps per connection, beside graphql-ws's socket and upgrade request. */
type ConnectionState = {
  authorization?: string;
  principal?: Principal;
  expiryTimer?: NodeJS.Timeout;
};
type Connection = Extra & Partial<ConnectionState>;

export interface WebSocketDeps {
  schema: GraphQLSchema;
  db: DataSource;
  config: Config;
  logger: Logger;
  events: ProgramEventBus;
  statsCache: StatsCache;
  /** Connections and subscribe messages count against the caller's HTTP request budget. */
  rateLimiter: RateLimiter;
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
}

/** A close reason is at most 123 bytes. */
const closeReason = (text: string) => Buffer.from(text).subarray(0, 123).toString().replace(/\uFFFD$/, '');

/** Closes the connection when its token expires: the caller must reconnect with a fresh one. */
function closeAtExpiry(connection: Connection, expiresAt: Date): void {
  const delay = expiresAt.getTime() - Date.now();
  connection.expiryTimer = setTimeout(() => {
    if (Date.now() < expiresAt.getTime()) closeAtExpiry(connection, expiresAt);
    else connection.socket.close(CloseCode.Unauthorized, 'Unauthorized: token has expired');
  }, Math.min(Math.max(delay, 0), MAX_TIMER_MS));
  connection.expiryTimer.unref();
}

/** An error as the client may see it; an unexpected one is logged with its detail under the same request id. */
function forClient(
  format: (error: GraphQLFormattedError) => GraphQLFormattedError,
  error: GraphQLError,
  logger: Logger,
  requestId?: string,
): GraphQLFormattedError {
  const json = error.toJSON();
  const formatted = format(requestId ? { ...json, extensions: { ...json.extensions, requestId } } : json);
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    logger.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error');
  }
  return formatted;
}

/** The GraphQL errors of a subscribe message, with the codes HTTP clients get for the same faults. */
function refuse(error: unknown, code: string): readonly GraphQLError[] {
  if (error instanceof GraphQLError) {
    return [new GraphQLError(error.message, { nodes: error.nodes, extensions: { code, ...error.extensions } })];
  }
  throw error;
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol, subprotocol
 * graphql-transport-ws) at /graphql, for subscriptions only. The token goes in
 * connection_init's payload as { authorization: "Bearer <token>" }; a missing
 * or bad one closes the socket with 4401. Each subscription gets the same
 * limits and visibility as an HTTP query.
 */
export function startWebSocketServer(httpServer: http.Server, deps: WebSocketDeps): { dispose(): Promise<void> } {
  const format = errorFormatter({ hideSuggestions: deps.config.queryLimits.blockFieldSuggestions });
  // Upgrades are handed over here rather than through ws's `server` option, which would also pass the HTTP
  // server's own errors (its port in use) to graphql-ws, which prints them with their stack.
  const wsServer = new WebSocketServer({ noServer: true, path: '/graphql', maxPayload: deps.config.maxBodyBytes });
  const onUpgrade = (request: http.IncomingMessage, socket: Duplex, head: Buffer) =>
    wsServer.handleUpgrade(request, socket, head, (webSocket) => wsServer.emit('connection', webSocket, request));
  httpServer.on('upgrade', onUpgrade);
  const rules = [...specifiedRules, ...deps.validationRules];
  const server = useServer<Record<string, unknown> | undefined, ConnectionState>(
    {
      schema: deps.schema,
      connectionInitWaitTimeout: 10_000,

      async onConnect(ctx) {
        const authorization = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        const { socket } = ctx.extra;
        if (typeof authorization !== 'string') {
          socket.close(CloseCode.Unauthorized, 'Unauthorized: send { "authorization": "Bearer <token>" } in connection_init');
          return false;
        }
        ctx.extra.authorization = authorization;
        const allowed = await deps.rateLimiter.hit(authorization, ctx.extra.request.socket.remoteAddress);
        if (!allowed.allowed) {
          // 1013 Try Again Later: graphql-ws clients retry it (with their backoff).
          socket.close(1013, closeReason(`Rate limited: retry in ${allowed.retryAfterSeconds} s`));
          return false;
        }
        try {
          const principal = await authenticate(authorization, deps.config, deps.db, deps.logger);
          ctx.extra.principal = principal!;
          if (principal?.expiresAt) closeAtExpiry(ctx.extra, principal.expiresAt);
          return true;
        } catch (error) {
          if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED') {
            socket.close(CloseCode.Unauthorized, closeReason(`Unauthorized: ${error.message}`));
          } else {
            deps.logger.error({ err: error }, 'websocket authentication failed');
            // 1013 Try Again Later: graphql-ws clients retry it.
            socket.close(1013, 'Try again later');
          }
          return false;
        }
      },

      onClose(ctx) {
        if (ctx.extra.expiryTimer) clearTimeout(ctx.extra.expiryTimer);
      },

      async onSubscribe(ctx, id, payload): Promise<ExecutionArgs | readonly GraphQLError[]> {
        const allowed = await deps.rateLimiter.hit(ctx.extra.authorization, ctx.extra.request.socket.remoteAddress);
        if (!allowed.allowed) {
          return [
            new GraphQLError(deps.rateLimiter.describe(allowed.retryAfterSeconds), {
              extensions: { code: 'RATE_LIMITED', retryAfterSeconds: allowed.retryAfterSeconds },
            }),
          ];
        }
        if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
          return [new GraphQLError(`A connection may hold at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions`, { extensions: { code: 'BAD_REQUEST' } })];
        }
        let document: DocumentNode;
        try {
          document = parse(payload.query, deps.parseOptions);
        } catch (error) {
          return refuse(error, 'GRAPHQL_PARSE_FAILED');
        }
        const invalid = validate(deps.schema, document, rules);
        if (invalid.length > 0) return invalid.flatMap((error) => refuse(error, 'GRAPHQL_VALIDATION_FAILED'));
        const operation = getOperationAST(document, payload.operationName);
        if (operation?.operation !== 'subscription') {
          return [
            new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations with HTTP POST', {
              extensions: { code: 'BAD_REQUEST' },
            }),
          ];
        }
        try {
          assertVariableListSizes(payload.variables);
          assertQueryCost({ schema: deps.schema, document, operationName: payload.operationName, variables: payload.variables }, deps.config.queryLimits.maxCost);
        } catch (error) {
          return refuse(error, 'QUERY_TOO_COMPLEX');
        }
        const ids = requestIdsFrom(undefined);
        const contextValue: SubscriptionContext = {
          ...contextFor(deps, ctx.extra.principal ?? null, ids, { statements: 0 }),
          events: deps.events,
        };
        contextValue.logger.info({ operationName: payload.operationName ?? null, subject: ctx.extra.principal?.subject ?? null }, 'graphql subscription');
        return {
          schema: deps.schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },

      // Same masking as over HTTP: unexpected errors reach the client as INTERNAL_SERVER_ERROR and the log has the detail.
      onNext(_ctx, _id, _payload, args, result) {
        if (!result.errors?.length) return undefined;
        const { logger, requestId } = args.contextValue as SubscriptionContext;
        return { ...result, errors: result.errors.map((error) => forClient(format, error, logger, requestId)) };
      },
      onError(_ctx, _id, _payload, errors) {
        return errors.map((error) => forClient(format, error, deps.logger));
      },
    },
    wsServer,
  );
  return {
    dispose: async () => {
      httpServer.off('upgrade', onUpgrade);
      await server.dispose();
    },
  };
}

/** Over HTTP a subscription would run its resolver once without an event stream: refuse it with directions instead. */
export const subscriptionsNeedWebSocketPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation !== 'subscription') return;
        throw new GraphQLError('Subscriptions are served over WebSocket (graphql-ws protocol) at /graphql, not over HTTP', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        });
      },
    };
  },
};
