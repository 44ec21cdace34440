import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../src/auth/roles';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Runs every request of docs/integration-guide.md in order and compares each
 * response with the one documented under it, as the top of the guide describes:
 * "$<example>.<path>" strings stand for a value of an earlier response, and
 * "<id>", "<datetime>", "<string>" for values that vary from run to run.
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
        .map((option) => option.split('=') as [string, string]),
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

function substitute(value: unknown, responses: Map<string, any>): unknown {
  if (typeof value === 'string' && /^\$[\w-]+\./.test(value)) return lookUp(responses, value);
  if (Array.isArray(value)) return value.map((v) => substitute(v, responses));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, responses)]));
  return value;
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

it('every userError code and top-level error code has a row in the table', () => {
  for (const code of [
    'INVALID_INPUT', 'NOT_FOUND', 'INVALID_STATE', 'DUPLICATE', 'BUDGET_EXCEEDED', 'STALE_EVALUATION', 'IDEMPOTENCY_CONFLICT',
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
    const body = substitute(request.body, responses) as { query: string; variables?: Record<string, unknown> };
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
