import { validate, ValidateBy, ValidationError, ValidationOptions } from 'class-validator';
import { UserError, UserErrorCode } from './user-error';

/**
 * Runs the class-validator rules declared on an input type and turns each
 * failure into an INVALID_INPUT userError naming the field's path.
 */
export async function validateInput(input: object, path: string[] = ['input']): Promise<UserError[]> {
  const errors = await validate(input, { forbidUnknownValues: false, validationError: { target: false } });
  return errors.flatMap((error) => toUserErrors(error, path));
}

function toUserErrors(error: ValidationError, parentPath: string[]): UserError[] {
  const path = [...parentPath, error.property];
  const own = Object.values(error.constraints ?? {}).map((message) => ({
    code: UserErrorCode.INVALID_INPUT,
    field: path,
    message,
  }));
  return [...own, ...(error.children ?? []).flatMap((child) => toUserErrors(child, path))];
}

/**
 * Text length in code points, as PostgreSQL's length() counts it for the
 * columns' CHECKs. class-validator's Length and MaxLength leave U+FE0E/U+FE0F
 * out and count a surrogate pair once, so they could pass text that a CHECK
 * then refuses (a masked 500 instead of a userError naming the field).
 */
export function TextLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'textLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && between(Array.from(value).length, min, max),
        defaultMessage: (args) => `${args?.property} must be ${min} to ${max} characters`,
      },
    },
    options,
  );
}

/** TextLength with no lower bound, for optional free text. */
export function MaxTextLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return TextLength(0, max, options);
}

function between(length: number, min: number, max: number): boolean {
  return length >= min && length <= max;
}
