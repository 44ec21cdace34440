import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../src/auth/roles';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Runs every request of docs/integration-guide.md in order and compares each
 * response with the one documented under it, as the top of the guide describes:
 * "$<example>.<path>" strings stand for a value of an earlier response, and
 * "<id>", "<datetime>", "<string>" for values that vary from run to run. In a
 * request, "<now+8s>" (or -, with s, m, h or d) is the database's clock moved
 * by that much, as an ISO-8601 instant; a request with
 * `wait-until=$<example>.<path>` is sent only once the database's clock has
 * passed that instant (e.g. a call's closesAt).
 */
const GUIDE = readFileSync(join(__dirname, '..', 'docs', 'integration-guide.md'), 'utf8');

interface Block {
  kind: 'request' | 'response';
  name: string;
  options: Record<string, string>;
  body: any;
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  for (const match of markdown.matchAll(/^```json (request|response):([\w-]+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const options = Object.fromEntries(
      match[3]
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((option) => {
          const at = option.indexOf('=');
          return [option.slice(0, at), option.slice(at + 1)] as [string, string];
        }),
    );
    found.push({ kind: match[1] as Block['kind'], name: match[2], options, body: JSON.parse(match[4]) });
  }
  return found;
}

/** The value at a dotted path ("data.x.edges.0.node.id") of an earlier response. */
function lookUp(responses: Map<string, any>, reference: string): unknown {
  const [name, ...path] = reference.slice(1).split('.');
  if (!responses.has(name)) throw new Error(`${reference} names no earlier example`);
  const value = path.reduce((at: any, key) => at?.[key], responses.get(name));
  if (value === undefined) throw new Error(`${reference} is not in the response of ${name}`);
  return value;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "<now+8s>", "<now-1h>": an instant relative to `now`, for requests that need one a real client would write literally. */
function relativeInstant(value: string, now: Date): string | undefined {
  const match = /^<now(?:([+-]\d+)([smhd]))?>$/.exec(value);
  if (!match) return undefined;
  return new Date(now.getTime() + (match[1] ? Number(match[1]) * UNIT_MS[match[2]] : 0)).toISOString();
}

function substitute(value: unknown, responses: Map<string, any>, now: Date): unknown {
  if (typeof value === 'string' && /^\$[\w-]+\./.test(value)) return lookUp(responses, value);
  if (typeof value === 'string') return relativeInstant(value, now) ?? value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, responses, now));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, responses, now)]));
  return value;
}

/** The database's clock, which decides what is OPEN or CLOSED (R16). */
async function databaseNow(app: TestApp): Promise<Date> {
  return new Date((await app.db.query('SELECT clock_timestamp() AS now'))[0].now);
}

/** wait-until=$<example>.<path>: returns once the database's clock has passed that DateTime. */
async function waitUntil(app: TestApp, responses: Map<string, any>, reference: string): Promise<void> {
  const value = lookUp(responses, reference);
  const instant = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(instant)) throw new Error(`wait-until=${reference} is not a DateTime: ${JSON.stringify(value)}`);
  if (instant - (await databaseNow(app)).getTime() > 30_000) throw new Error(`wait-until=${reference} lies more than 30 s ahead`);
  while ((await databaseNow(app)).getTime() <= instant) await new Promise((resolve) => setTimeout(resolve, 100));
}

const PLACEHOLDERS: Record<string, unknown> = {
  '<id>': expect.stringMatching(/^[A-Za-z0-9_-]+$/),
  '<datetime>': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/),
  '<string>': expect.any(String),
};

/** The documented response as a jest matcher: placeholders become asymmetric matchers, references earlier values. */
function expected(value: unknown, responses: Map<string, any>): unknown {
  if (typeof value === 'string' && value in PLACEHOLDERS) return PLACEHOLDERS[value];
  if (typeof value === 'string' && /^\$[\w-]+\./.test(value)) return lookUp(responses, value);
  if (Array.isArray(value)) return value.map((v) => expected(v, responses));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expected(v, responses)]));
  return value;
}

async function tokenFor(app: TestApp, options: Record<string, string>): Promise<string | null> {
  if (!options.role) return null;
  const token = await app.token(options.role as Role, { agency: options.agency, enterprise: options.enterprise, subject: options.subject });
  // A signature that does not verify: what a token signed with another key looks like to the server.
  return options.token === 'tampered' ? `${token.slice(0, -4)}AAAA` : token;
}

const examples = blocks(GUIDE);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app?.close());

it('documents each example as a request followed by its response', () => {
  expect(examples.length).toBeGreaterThanOrEqual(20);
  examples.forEach((block, i) => {
    const partner = block.kind === 'request' ? examples[i + 1] : examples[i - 1];
    expect({ block: block.name, partner: partner && `${partner.kind}:${partner.name}` }).toEqual({
      block: block.name,
      partner: `${block.kind === 'request' ? 'response' : 'request'}:${block.name}`,
    });
  });
  expect(new Set(examples.map((b) => `${b.kind}:${b.name}`)).size).toBe(examples.length);
});

it('uses only the block options the top of the guide explains', () => {
  const known = { request: ['role', 'agency', 'enterprise', 'subject', 'token', 'wait-until'], response: ['status'] };
  for (const block of examples) {
    const unknown = Object.keys(block.options).filter((option) => !known[block.kind].includes(option));
    expect({ block: `${block.kind}:${block.name}`, unknown }).toEqual({ block: `${block.kind}:${block.name}`, unknown: [] });
  }
});

it('every userError code and top-level error code has a row in the table', () => {
  for (const code of [
    'INVALID_INPUT', 'NOT_FOUND', 'INVALID_STATE', 'NOT_ELIGIBLE', 'DUPLICATE', 'BUDGET_EXCEEDED', 'STALE_EVALUATION', 'IDEMPOTENCY_CONFLICT',
    'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR',
    'SUBSCRIPTION_INTERRUPTED',
  ]) {
    expect(GUIDE).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  }
});

it('every request of the guide, run in order, answers as documented', async () => {
  const responses = new Map<string, any>();
  for (let i = 0; i < examples.length; i += 2) {
    const request = examples[i];
    const documented = examples[i + 1];
    const token = await tokenFor(app, request.options);
    if (request.options['wait-until']) await waitUntil(app, responses, request.options['wait-until']);
    const body = substitute(request.body, responses, await databaseNow(app)) as { query: string; variables?: Record<string, unknown> };
    const res = await app.gql(body.query, body.variables, token);
    const actual: any = { data: res.data, ...(res.errors ? { errors: res.errors } : {}) };
    if (res.data === undefined) delete actual.data;
    responses.set(request.name, actual);
    expect({ example: request.name, status: res.status, body: actual }).toEqual({
      example: request.name,
      status: Number(documented.options.status ?? 200),
      body: expected(documented.body, responses),
    });
  }
});
