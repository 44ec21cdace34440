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

const NODE_ID_FIELDS = new WeakMap<object, Record<string, NodeType>>();

/**
 * Declares the node type of an input's global-id field (of each id, for a
 * list of ids), so that decodeInputIds turns it into the database id. IdField
 * (common/input-fields.ts) declares the field and its type together.
 */
export function NodeId(type: NodeType): PropertyDecorator {
  return (prototype, property) => {
    NODE_ID_FIELDS.set(prototype, { ...NODE_ID_FIELDS.get(prototype), [String(property)]: type });
  };
}

/** The node-id fields of an input class, its parent classes' included. */
export function nodeIdFields(inputClass: Function): Record<string, NodeType> {
  const chain: object[] = [];
  for (let prototype = inputClass.prototype; prototype && prototype !== Object.prototype; prototype = Object.getPrototypeOf(prototype)) {
    chain.unshift(prototype);
  }
  return Object.assign({}, ...chain.map((prototype) => NODE_ID_FIELDS.get(prototype)));
}

/**
 * The input (or filter) with its node-id fields replaced by their database
 * ids, for the service; BAD_USER_INPUT naming `<argument>.<field>` when one is
 * malformed or of another type (`<field>.<index>` in a list of ids). A missing
 * optional id stays missing. The copy keeps the input's class, whose
 * validation rules the service runs. A plain object (a filter built in code)
 * names the input class whose fields it has.
 */
export function decodeInputIds<I extends object>(input: I, argument = 'input', inputClass: Function = input.constructor): I {
  if (inputClass === Object) throw new Error(`decodeInputIds: ${argument} is a plain object; name its input class`);
  const decoded = Object.assign(Object.create(Object.getPrototypeOf(input)), input) as I;
  for (const [field, type] of Object.entries(nodeIdFields(inputClass)) as [keyof I & string, NodeType][]) {
    const value = input[field] as string | string[] | null | undefined;
    if (Array.isArray(value)) (decoded[field] as unknown) = value.map((id, i) => decodeId(id, type, `${argument}.${field}.${i}`));
    else if (value != null) (decoded[field] as unknown) = decodeId(value, type, `${argument}.${field}`);
  }
  return decoded;
}
