import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { Field, ID, Int } from 'type-graphql';
import type { NodeType } from './global-id';
import { NodeId } from './ids';
import { MaxTextLength, TextLength } from './validation';

/*
 * Fields of input types declared with what the rest of the code needs to know
 * of them, each written once. An id field names its node type, which
 * decodeInputIds reads. A bounded field's decorator checks its bounds and its
 * description states them ("Short title, 1 to 200 characters.", "The hazards
 * the activity addressed (at least one, each once)."), so the documentation
 * cannot drift from the rule; the messages name the field and its bounds in
 * one of the forms of common/validation.ts.
 */

/** An ID field holding a global id of the given node type; the resolver's decodeInputIds turns it into the database id. */
export function IdField(type: NodeType, { description, nullable = false }: { description: string; nullable?: boolean }): PropertyDecorator {
  return (prototype, property) => {
    Field(() => ID, { nullable, description })(prototype, property);
    NodeId(type)(prototype, property);
  };
}

interface BoundedFieldOptions {
  /** What the field holds; the bounds follow it. */
  description: string;
  /** null or leaving the field out is allowed; the bounds are checked only when a value is given. */
  nullable?: boolean;
}

export interface TextFieldOptions extends BoundedFieldOptions {
  /** The fewest characters; without it only the most is checked. */
  min?: number;
  /** The most characters, as the column's CHECK allows. */
  max: number;
  /** Text of white space only is refused too. */
  notBlank?: boolean;
}

/** A String field of an input type, its length counted as PostgreSQL counts it (TextLength, MaxTextLength). */
export function TextField({ description, min, max, notBlank = false, nullable = false }: TextFieldOptions): PropertyDecorator {
  const length = min ? `${min} to ${max} characters` : `at most ${max} characters`;
  const bounds = notBlank ? `not blank, ${length}` : length;
  return (prototype, property) => {
    Field(() => String, { nullable, description: `${description}, ${bounds}.` })(prototype, property);
    if (nullable) IsOptional()(prototype, property);
    (min ? TextLength(min, max) : MaxTextLength(max))(prototype, property);
    if (notBlank) Matches(/\S/, { message: `${String(property)} must not be blank` })(prototype, property);
  };
}

export interface IntFieldOptions extends BoundedFieldOptions {
  min: number;
  /** The range is min to max: "must be between min and max". */
  max?: number;
  /** Without max: a sanity limit above min ("must be at least min", "must be at most cap"). */
  cap?: number;
}

/** An Int field of an input type within its bounds. */
export function IntField({ description, min, max, cap, nullable = false }: IntFieldOptions): PropertyDecorator {
  const bounds = max !== undefined ? `${min} to ${max}` : `at least ${min}${cap !== undefined ? `, at most ${cap}` : ''}`;
  return (prototype, property) => {
    const name = String(property);
    Field(() => Int, { nullable, description: `${description}, ${bounds}.` })(prototype, property);
    if (nullable) IsOptional()(prototype, property);
    IsInt()(prototype, property);
    if (max !== undefined) {
      Min(min, { message: `${name} must be between ${min} and ${max}` })(prototype, property);
      Max(max, { message: `${name} must be between ${min} and ${max}` })(prototype, property);
    } else {
      Min(min, { message: `${name} must be at least ${min}` })(prototype, property);
      if (cap !== undefined) Max(cap, { message: `${name} must be at most ${cap}` })(prototype, property);
    }
  };
}

export interface ListFieldOptions extends BoundedFieldOptions {
  /** One item, and its plural where it is not item + "s", one word each for the messages: 'hazard', ['criterion', 'criteria']. */
  of: string | [string, string];
  /** At least one item. */
  min?: 1;
  /** The most items (a bound of common/list-limits.ts). */
  max?: number;
  /** No item twice. */
  unique?: boolean;
}

/** A list field of an input type within its bounds; type is the list's GraphQL type, as for Field: () => [HazardType]. */
export function ListField(type: () => [object], { description, of, min, max, unique = false, nullable = false }: ListFieldOptions): PropertyDecorator {
  const [item, items] = typeof of === 'string' ? [of, `${of}s`] : of;
  const size = min && max !== undefined ? `1 to ${max}` : min ? 'at least one' : max !== undefined ? `at most ${max}` : null;
  const bounds = [size, unique ? 'each once' : null].filter(Boolean).join(', ');
  return (prototype, property) => {
    Field(type, { nullable, description: `${description} (${bounds}).` })(prototype, property);
    if (nullable) IsOptional()(prototype, property);
    if (min) ArrayMinSize(min, { message: `${String(property)} must have at least one ${item}` })(prototype, property);
    if (max !== undefined) ArrayMaxSize(max, { message: `${String(property)} must have at most ${max} ${items}` })(prototype, property);
    if (unique) ArrayUnique({ message: `${String(property)} must not repeat a ${item}` })(prototype, property);
  };
}
