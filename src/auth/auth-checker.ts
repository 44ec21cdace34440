import { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors';
import type { Context } from '../context';
import { Role } from './roles';

/**
 * `@Authorized()` needs a caller; `@Authorized(Role.X, ...)` needs one of those
 * roles. Object-level rules (a funder officer acts only on its own agreements)
 * live in the services.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  if (!context.principal) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(context.principal.role)) {
    throw forbidden(`Role ${context.principal.role} may not do this; allowed: ${roles.join(', ')}`);
  }
  return true;
};
