import { GraphQLFormattedError } from 'graphql';

/** Error codes whose messages are written for clients; everything else is masked. */
export const CLIENT_ERROR_CODES = new Set([
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
  'OPERATION_NOT_ALLOWED',
  'SUBSCRIPTION_INTERRUPTED',
  'RATE_LIMITED',
]);

/** graphql-js stops coercing variables after 50 errors with this error, which carries no code; the fault is the client's. */
export const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables, error limit reached. Execution aborted.';

export function isClientError(code: unknown): boolean {
  return typeof code === 'string' && CLIENT_ERROR_CODES.has(code);
}

/**
 * graphql-js ends many validation and coercion messages with the names it
 * guesses were meant: fields, arguments, types, enum values. With
 * introspection off they would reveal the schema bit by bit.
 */
const SUGGESTION = /\s*Did you mean [^?]*\?$/s;

/**
 * The error formatter of every transport (HTTP and WebSocket): with
 * `hideSuggestions` (introspection off) no message says "Did you mean ...".
 */
export function errorFormatter(options: { hideSuggestions: boolean }): (formatted: GraphQLFormattedError) => GraphQLFormattedError {
  return (formatted) => {
    const masked = formatError(formatted);
    return options.hideSuggestions ? { ...masked, message: masked.message.replace(SUGGESTION, '') } : masked;
  };
}

/**
 * Unexpected errors (a bug, the database down) reach the client as
 * INTERNAL_SERVER_ERROR with a generic message; the log has the detail under
 * the same request id.
 */
function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.message === TOO_MANY_VARIABLE_ERRORS) {
    return { message: formatted.message, extensions: { ...(formatted.extensions?.requestId ? { requestId: formatted.extensions.requestId } : {}), code: 'BAD_USER_INPUT' } };
  }
  if (isClientError(formatted.extensions?.code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error; quote the requestId when reporting it',
    locations: formatted.locations,
    path: formatted.path,
    // The request id is the only extension that survives: set by this server, never by the failing code.
    extensions: { code: 'INTERNAL_SERVER_ERROR', ...(formatted.extensions?.requestId ? { requestId: formatted.extensions.requestId } : {}) },
  };
}
