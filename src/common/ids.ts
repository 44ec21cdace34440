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

/**
 * The input (or filter) with the named global-id fields replaced by their
 * database ids, for the service; BAD_USER_INPUT naming `<argument>.<field>`
 * when one is malformed or of another type (`<field>.<index>` in a list of
 * ids). A missing optional id stays missing.
 * The copy keeps the input's class, whose validation rules the service runs.
 */
export function decodeInputIds<I extends object>(
  input: I,
  types: { [K in keyof I]?: NodeType },
  argument = 'input',
): I {
  const decoded = Object.assign(Object.create(Object.getPrototypeOf(input)), input) as I;
  for (const [field, type] of Object.entries(types) as [keyof I & string, NodeType][]) {
    const value = input[field] as string | string[] | null | undefined;
    if (Array.isArray(value)) (decoded[field] as unknown) = value.map((id, i) => decodeId(id, type, `${argument}.${field}.${i}`));
    else if (value != null) (decoded[field] as unknown) = decodeId(value, type, `${argument}.${field}`);
  }
  return decoded;
}
