import { badUserInput } from './errors';
import { decodeGlobalId, NodeType } from './global-id';

/**
 * The database id behind a global id argument of the given type. A malformed
 * id, or one of another type, is a BAD_USER_INPUT error naming the argument.
 */
export function decodeId(globalId: string, type: NodeType, argument: string): string {
  const decoded = decodeGlobalId(globalId);
  if (!decoded) throw badUserInput(argument, `is not a valid id`);
  if (decoded.type !== type) throw badUserInput(argument, `must be the id of a ${type}, not of a ${decoded.type}`);
  return decoded.id;
}

/** decodeId for optional filter arguments. */
export function decodeOptionalId(globalId: string | null | undefined, type: NodeType, argument: string): string | null {
  return globalId == null ? null : decodeId(globalId, type, argument);
}
