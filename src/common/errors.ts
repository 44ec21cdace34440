import { GraphQLError } from 'graphql';

/**
 * Top-level GraphQL errors: authentication, authorization and malformed
 * requests only. Business-rule failures are userErrors in payloads.
 */
export function unauthenticated(message = 'Authentication required: send Authorization: Bearer <token>'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function forbidden(message = 'Your role may not do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** A malformed argument (id, cursor, page size): names the argument and what is allowed. */
export function badUserInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', argument } });
}
