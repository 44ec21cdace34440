import { createParameterDecorator } from 'type-graphql';
import { unauthenticated } from '../common/errors';
import type { Context } from '../context';

/**
 * The authenticated caller as a resolver parameter: `@CurrentPrincipal() principal: Principal`.
 * Operations that take it are @Authorized, so the caller is always there; a
 * request without one is refused as UNAUTHENTICATED all the same.
 */
export function CurrentPrincipal() {
  return createParameterDecorator<Context>(({ context }) => context.principal ?? Promise.reject(unauthenticated()));
}
