import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, Int } from 'type-graphql';
import { MaxTextLength, TextLength } from './validation';

/*
 * Input fields whose bounds are written once: the decorator checks them and
 * the field's description states them ("Short title, 1 to 200 characters."),
 * so the documentation cannot drift from the rule. Their messages name the
 * field and its bounds in one of the forms of common/validation.ts.
 */

interface BoundedFieldOptions {
  /** What the field holds; the bounds follow it. */
  description: string;
  /** null or leaving the field out is allowed; the bounds are checked only when a value is given. */
  nullable?: boolean;
}

export interface TextFieldOptions extends BoundedFieldOptions {
  /** The fewest characters; without it only the most is checked (a rule of its own refuses blank text where it must not be). */
  min?: number;
  /** The most characters, as the column's CHECK allows. */
  max: number;
}

/** A String field of an input type, its length counted as PostgreSQL counts it (TextLength, MaxTextLength). */
export function TextField({ description, min, max, nullable = false }: TextFieldOptions): PropertyDecorator {
  const bounds = min ? `${min} to ${max} characters` : `at most ${max} characters`;
  return (prototype, property) => {
    Field(() => String, { nullable, description: `${description}, ${bounds}.` })(prototype, property);
    if (nullable) IsOptional()(prototype, property);
    (min ? TextLength(min, max) : MaxTextLength(max))(prototype, property);
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
    const between = `${String(property)} must be between ${min} and ${max}`;
    Field(() => Int, { nullable, description: `${description}, ${bounds}.` })(prototype, property);
    if (nullable) IsOptional()(prototype, property);
    IsInt()(prototype, property);
    Min(min, { message: max !== undefined ? between : `${String(property)} must be at least ${min}` })(prototype, property);
    if (max !== undefined) Max(max, { message: between })(prototype, property);
    if (cap !== undefined) Max(cap, { message: `${String(property)} must be at most ${cap}` })(prototype, property);
  };
}
