import { IsOptional } from 'class-validator';
import { Field } from 'type-graphql';
import { MaxTextLength, TextLength } from './validation';

export interface TextFieldOptions {
  /** What the field holds. The bounds follow it: "Short title, 1 to 200 characters." */
  description: string;
  /** The fewest characters; without it only the most is checked (a rule of its own refuses blank text where it must not be). */
  min?: number;
  /** The most characters, as the column's CHECK allows. */
  max: number;
  /** null or leaving the field out is allowed; the length is checked only when a text is given. */
  nullable?: boolean;
}

/**
 * A String field of an input type with its length rule. The bounds are
 * written once: TextLength (or MaxTextLength) checks them, and the field's
 * description states them, so the documentation cannot drift from the rule.
 */
export function TextField({ description, min, max, nullable = false }: TextFieldOptions): PropertyDecorator {
  const bounds = min ? `${min} to ${max} characters` : `at most ${max} characters`;
  return (prototype, property) => {
    Field(() => String, { nullable, description: `${description}, ${bounds}.` })(prototype, property);
    if (nullable) IsOptional()(prototype, property);
    (min ? TextLength(min, max) : MaxTextLength(max))(prototype, property);
  };
}
