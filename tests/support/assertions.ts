import { auditEventsOf } from './sql';
import type { GqlResponse, TestApp } from './test-app';

/** A userError as mutations answer it. */
export interface UserError {
  field: string[];
  code: string;
  message: string;
}

/** What a test expects of one userError: its code and field, and where given a pattern of its message. */
export interface ExpectedUserError {
  code: string;
  field: string[];
  message?: RegExp;
}

/** The payload of a mutation response: the response's one top-level field. */
export function payloadOf(res: GqlResponse): any {
  return Object.values(res.data)[0];
}

/**
 * A mutation refused with userErrors: HTTP 200, no top-level error, the
 * payload's object null, and exactly the expected userErrors in order.
 * Returns the userErrors.
 */
export function expectUserErrors(res: GqlResponse, expected: ExpectedUserError[]): UserError[] {
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  const payload = payloadOf(res);
  expect(Object.entries(payload).find(([key]) => key !== 'userErrors')![1]).toBeNull();
  expect(payload.userErrors).toEqual(expected.map(({ code, field }) => expect.objectContaining({ code, field, message: expect.any(String) })));
  expected.forEach(({ message }, i) => message && expect(payload.userErrors[i].message).toMatch(message));
  return payload.userErrors;
}

/** A mutation refused with exactly one userError of this code on this field; returns its message. */
export function expectUserError(res: GqlResponse, code: string, field: string[], message?: RegExp): string {
  return expectUserErrors(res, [{ code, field, message }])[0].message;
}

/** A request refused before it ran (FORBIDDEN, UNAUTHENTICATED, BAD_USER_INPUT, ...): the first error's code. */
export function expectErrorCode(res: GqlResponse, code: string): void {
  expect(res.errors?.[0].extensions.code).toBe(code);
}

/** A call that must leave what `state` reads exactly as it was (a refused mutation writes nothing). */
export async function expectUnchanged<T>(state: () => Promise<T>, call: () => Promise<unknown>): Promise<void> {
  const before = await state();
  await call();
  expect(await state()).toEqual(before);
}

/** node(id) of a record the caller may not see, or of none: null, never an error that confirms it exists. */
export function expectNullNode(res: GqlResponse): void {
  expect(res.errors).toBeUndefined();
  expect(res.data.node).toBeNull();
}

/** A walk over a list's pages: exactly the expected ids, in order, none twice. */
export function expectEachOnceInOrder(ids: string[], expected: string[]): void {
  expect(ids).toEqual(expected);
  expect(new Set(ids).size).toBe(ids.length);
}

/** The answer of a list query that matches nothing: no edges, totalCount 0, no cursors. */
export function expectEmptyPage(connection: unknown): void {
  expect(connection).toEqual({
    totalCount: 0,
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  });
}

/**
 * Nested relations go through DataLoaders, so the statement count does not grow
 * with the page: the query answers a small and a large page without errors and
 * with the same number of SQL statements. Returns both responses for the test's own checks.
 */
export async function expectSameStatements(
  app: TestApp,
  query: string,
  token: string,
  small: Record<string, unknown>,
  large: Record<string, unknown>,
): Promise<{ small: GqlResponse; large: GqlResponse }> {
  const answers = { small: await app.gql(query, small, token), large: await app.gql(query, large, token) };
  expect(answers.small.errors).toBeUndefined();
  expect(answers.large.errors).toBeUndefined();
  expect(answers.large.extensions?.sqlStatements).toBe(answers.small.extensions?.sqlStatements);
  return answers;
}

/** R13: exactly one audit event of the mutation on the entity, with (at least) these fields. */
export async function expectAuditedOnce(app: TestApp, action: string, entityId: string, expected: Record<string, unknown>): Promise<void> {
  expect(await auditEventsOf(app, action, entityId)).toEqual([expect.objectContaining(expected)]);
}
