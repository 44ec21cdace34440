import { Field, ObjectType } from 'type-graphql';
import { formatMessage, message, Message } from './messages';
import { defineEnum, type EnumValue } from './define-enum';

export const UserErrorCode = defineEnum('UserErrorCode', 'Why a mutation refused its input.', {
  INVALID_INPUT: 'A value breaks a validation rule.',
  NOT_FOUND: 'An id names nothing the caller can see.',
  INVALID_STATE: 'The object is not in a state that allows this, e.g. verifying a verified activity.',
  DUPLICATE: 'Something unique already exists, e.g. a registered business registration number.',
  BUDGET_EXCEEDED: 'The amount would exceed a budget.',
  STALE_EVALUATION: 'The verified activities changed after the evaluation was prepared.',
  IDEMPOTENCY_CONFLICT: 'The same idempotency key was reused with different arguments.',
  NOT_ELIGIBLE: "The input fails a call's eligibility rules (R16).",
});
export type UserErrorCode = EnumValue<typeof UserErrorCode>;

@ObjectType({ description: 'A business-rule or validation failure of a mutation, returned in its payload.' })
export class UserError {
  @Field(() => [String], { nullable: true, description: 'Path to the input field at fault, e.g. ["input", "businessRegistrationNumber"].' })
  field!: string[] | null;
  @Field({ description: 'What is wrong and what is allowed: in Korean when Accept-Language prefers ko, in English otherwise.' }) message!: string;
  @Field(() => UserErrorCode, { description: 'Machine-readable reason.' }) code!: UserErrorCode;
  /** The message by key and arguments (not in the schema): UserErrorResolver puts it into the request's language; `message` is its English. */
  wording?: Message;
}

/** What a service's mutation returns: the changed object, or null with the reasons why not. */
export type MutationOutcome<T> = { value: T; userErrors: [] } | { value: null; userErrors: UserError[] };

/** A userError saying `wording` (a key of the message catalogues, see common/messages); `message` is its English. */
export function userError(code: UserErrorCode, field: string[] | null, wording: Message): UserError {
  return { code, field, message: formatMessage(wording, 'en'), wording };
}

/**
 * Thrown inside a mutation's transaction to roll it back and answer with
 * userErrors instead of the changed object. Services throw it only through
 * refuse() and refuseAny().
 */
export class UserErrors extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/**
 * The one way a service refuses: inside runMutation, the transaction rolls
 * back and the payload carries these userErrors. Each module names its
 * refusals in its <name>.errors.ts; the ones below are shared by all.
 */
export function refuse(...errors: UserError[]): never {
  throw new UserErrors(errors);
}

/** refuse() when any check failed; otherwise nothing. */
export function refuseAny(errors: UserError[]): void {
  if (errors.length > 0) throw new UserErrors(errors);
}

export const invalidInput = (field: string[], wording: Message): UserError => userError(UserErrorCode.INVALID_INPUT, field, wording);

export const invalidState = (field: string[], wording: Message): UserError => userError(UserErrorCode.INVALID_STATE, field, wording);

/** An id that names nothing the caller can see; `noun` says what it should have named, e.g. "funding agreement". */
export const notFound = (field: string[], noun: string): UserError => userError(UserErrorCode.NOT_FOUND, field, message('common.notFound', noun));
