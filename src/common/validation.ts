import { validate, ValidateBy, ValidationError, ValidationOptions } from 'class-validator';
import { message, Message } from './messages';
import { UserError, UserErrorCode } from './user-error';

/**
 * Runs the class-validator rules declared on an input type and turns each
 * failure into an INVALID_INPUT userError naming the field's path. The
 * decorators' English messages keep their text; wordingOf() gives each its
 * key in the message catalogues, so that it reads in Korean as well.
 */
export async function validateInput(input: object, path: string[] = ['input']): Promise<UserError[]> {
  const errors = await validate(input, { forbidUnknownValues: false, validationError: { target: false } });
  return errors.flatMap((error) => toUserErrors(error, path));
}

function toUserErrors(error: ValidationError, parentPath: string[]): UserError[] {
  const path = [...parentPath, error.property];
  const own = Object.values(error.constraints ?? {}).map(
    (english): UserError => ({
      code: UserErrorCode.INVALID_INPUT,
      field: path,
      message: english,
      wording: wordingOf(english, error.property),
    }),
  );
  return [...own, ...(error.children ?? []).flatMap((child) => toUserErrors(child, path))];
}

const n = Number;

/** The forms the decorators' messages take (tests/messages.test.ts checks every declared message has one, word for word). */
const FORMS: [RegExp, (m: RegExpMatchArray) => Message][] = [
  [/^(\w+) must be (\d+) to (\d+) characters$/, (m) => message('validation.textLength', m[1], n(m[2]), n(m[3]))],
  [/^(\w+) must be at most (\d+) characters$/, (m) => message('validation.textMaxLength', m[1], n(m[2]))],
  [/^(\w+) must not be blank$/, (m) => message('validation.notBlank', m[1])],
  [/^(\w+) must be between (\d+) and (\d+)$/, (m) => message('validation.between', m[1], n(m[2]), n(m[3]))],
  [/^(\w+) must be at least (\d+)$/, (m) => message('validation.atLeast', m[1], n(m[2]))],
  [/^(\w+) must be at most (\d+)$/, (m) => message('validation.atMost', m[1], n(m[2]))],
  [/^(\w+) must have at least one (\w+)$/, (m) => message('validation.arrayAtLeastOne', m[1], m[2])],
  [/^(\w+) must have at most (\d+) (\w+)$/, (m) => message('validation.arrayAtMost', m[1], n(m[2]), m[3])],
  [/^(\w+) must not repeat a (\w+)$/, (m) => message('validation.arrayUnique', m[1], m[2])],
  [
    /^(\w+) must be 1 to (\d+) letters, digits, (.+?)(, starting with a letter or digit)?$/,
    (m) => message('validation.code', m[1], n(m[2]), [...m[3].matchAll(/"([^"]*)"/g)].map((s) => s[1]), m[4] !== undefined),
  ],
  [/^(\w+) must be 64 hexadecimal characters$/, (m) => message('validation.sha256', m[1])],
  [/^(\w+) must be an s3:\/\/ or https:\/\/ address without spaces or control characters$/, (m) => message('validation.evidenceUri', m[1])],
  [/^(\w+) must be an integer number$/, (m) => message('validation.integer', m[1])],
];

/** A validation message's key and arguments in the catalogues; a form not known reads "not valid" in other languages. */
export function wordingOf(english: string, property: string): Message {
  for (const [form, wording] of FORMS) {
    const match = english.match(form);
    if (match) return wording(match);
  }
  return message('validation.invalid', property);
}

/**
 * Text length in code points, as PostgreSQL's length() counts it for the
 * columns' CHECKs. class-validator's Length and MaxLength leave U+FE0E/U+FE0F
 * out and count a surrogate pair once, so they could pass text that a CHECK
 * then refuses (a masked 500 instead of a userError naming the field).
 */
export function TextLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return textLength(min, max, (property) => `${property} must be ${min} to ${max} characters`, options);
}

/** TextLength with no lower bound, for optional free text. */
export function MaxTextLength(max: number, options?: ValidationOptions): PropertyDecorator {
  return textLength(0, max, (property) => `${property} must be at most ${max} characters`, options);
}

/** The message names the field and its bounds, in one of the FORMS above (so every language words it). */
function textLength(min: number, max: number, english: (property: string) => string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'textLength',
      constraints: [min, max],
      validator: {
        validate: (value: unknown) => typeof value === 'string' && between(Array.from(value).length, min, max),
        defaultMessage: (args) => english(args?.property ?? ''),
      },
    },
    options,
  );
}

function between(length: number, min: number, max: number): boolean {
  return length >= min && length <= max;
}


