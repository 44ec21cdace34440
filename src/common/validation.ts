import { validate, ValidationError } from 'class-validator';
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
