import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { TestApp } from './support/test-app';
import { startWithActors } from './support/actors';

/**
 * What NODE_ENV=production turns on: no introspection, no field suggestions,
 * CSRF prevention, no stack traces, and GraphQL-over-HTTP status codes for
 * requests that never reach GraphQL.
 */
const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters' };
const INTROSPECTION_QUERY = '{ __schema { queryType { name } types { name } } }';

let app: TestApp;
let token: string;
/** Every response body seen, to check none carries a stack trace. */
const bodies: unknown[] = [];

async function post(body: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const response = await fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers }, body });
  const parsed: any = await response.json();
  bodies.push(parsed);
  return { status: response.status, body: parsed };
}

async function get(query: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${app.url}?query=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const parsed: any = await response.json();
  bodies.push(parsed);
  return { status: response.status, body: parsed };
}

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const res = await app.gql(query, variables, token);
  bodies.push(res);
  return res;
}

beforeAll(async () => {
  ({ app, actors: { admin: token } } = await startWithActors({ env: PRODUCTION }));
});
afterAll(() => app?.close());

it('production config: introspection off, suggestions blocked, rate limit on by default', () => {
  expect(app.config.nodeEnv).toBe('production');
  expect(app.config.introspection).toBe(false);
  expect(app.config.queryLimits.blockFieldSuggestions).toBe(true);
  expect(app.config.rateLimit.requests).toBe(600);
});

it('an ordinary query works in production', async () => {
  const res = await gql('{ viewer { role } }');
  expect(res.errors).toBeUndefined();
  expect(res.data.viewer.role).toBe('ADMIN');
});

it('introspection is refused in production', async () => {
  const res = await gql(INTROSPECTION_QUERY);
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors![0].message).toMatch(/introspection/i);
  const typeQuery = await gql('{ __type(name: "FundingAgreement") { fields { name } } }');
  expect(typeQuery.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('a misspelled field gets no "Did you mean" that would reveal the schema', async () => {
  const res = await gql('{ fundingAgreement(first: 1) { totalCount } viewer { rol } }');
  expect(res.errors!.length).toBeGreaterThan(0);
  for (const error of res.errors!) {
    expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(error.message).not.toMatch(/did you mean/i);
    expect(error.message).not.toMatch(/fundingAgreements|role/);
  }
});

it('Schema suggestions: a misspelled enum value, as a literal or in variables, gets no "Did you mean the enum value"', async () => {
  const literal = await gql('{ enterprises(filter: { region: [SEOULL] }) { totalCount } }');
  const variable = await gql('query($region: [Region!]) { enterprises(filter: { region: $region }) { totalCount } }', { region: ['SEOULL'] });
  for (const res of [literal, variable]) {
    expect(res.errors!.length).toBeGreaterThan(0);
    for (const error of res.errors!) {
      expect(['GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT']).toContain(error.extensions.code);
      expect(error.message).not.toMatch(/did you mean|"SEOUL"/i);
    }
  }
});

it('Schema suggestions: over WebSocket too, a misspelled field gets no "Did you mean"', async () => {
  const client = createClient({
    url: app.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  try {
    const errors = await new Promise<any[]>((resolve, reject) => {
      client.subscribe(
        { query: 'subscription { activityStatusChangd(agreementId: "x") { id } }' },
        { next: () => reject(new Error('expected an error')), error: (error) => resolve(error as any[]), complete: () => reject(new Error('expected an error')) },
      );
    });
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).not.toMatch(/did you mean|activityStatusChanged/i);
    }
  } finally {
    await client.dispose();
  }
});

it('CSRF prevention: a GET query without a preflight-forcing header is refused and does not run', async () => {
  const refused = await get('{ viewer { role } }');
  expect(refused.status).toBe(400);
  expect(refused.body.data).toBeUndefined();
  expect(JSON.stringify(refused.body)).toMatch(/Cross-Site Request Forgery/);
  const allowed = await get('{ viewer { role } }', { 'apollo-require-preflight': 'true' });
  expect(allowed.status).toBe(200);
  expect(allowed.body.data.viewer.role).toBe('ADMIN');
});

it('GET never runs a mutation: 405', async () => {
  const res = await get('mutation { updateEnterprise(input: { id: "x" }) { userErrors { message } } }', { 'apollo-require-preflight': 'true' });
  expect(res.status).toBe(405);
  expect(res.body.data).toBeUndefined();
});

it('a malformed JSON body: 400 with a JSON error', async () => {
  const res = await post('{"query": "{ viewer { role } }"', { 'content-type': 'application/json' });
  expect(res.status).toBe(400);
  expect(res.body.errors[0]).toMatchObject({ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } });
});

it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/graphql'])(
  'POST with content-type %s: 415 with a JSON error, nothing runs',
  async (contentType) => {
    const res = await post(JSON.stringify({ query: 'mutation { updateEnterprise(input: { id: "x" }) { userErrors { message } } }' }), {
      'content-type': contentType,
    });
    expect(res.status).toBe(415);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(res.body.errors[0].extensions.requestId).toEqual(expect.any(String));
  },
);

it('POST without a content-type: 415', async () => {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: new Blob([JSON.stringify({ query: '{ viewer { role } }' })]),
  });
  expect(response.status).toBe(415);
});

it('content-type application/json with a charset parameter is accepted', async () => {
  const res = await post(JSON.stringify({ query: '{ viewer { role } }' }), { 'content-type': 'application/json; charset=utf-8' });
  expect(res.status).toBe(200);
  expect(res.body.data.viewer.role).toBe('ADMIN');
});

it('a body over MAX_BODY_BYTES (1 MiB by default): 413 with a JSON error', async () => {
  expect(app.config.maxBodyBytes).toBe(1024 * 1024);
  const padding = 'x'.repeat(app.config.maxBodyBytes);
  const res = await post(JSON.stringify({ query: `{ viewer { role } } # ${padding}` }), { 'content-type': 'application/json' });
  expect(res.status).toBe(413);
  expect(res.body.errors[0]).toMatchObject({ message: 'The request body is too large', extensions: { code: 'BAD_REQUEST' } });
});

it('no response carried a stack trace or a source path', () => {
  expect(bodies.length).toBeGreaterThan(10);
  for (const body of bodies) {
    const text = JSON.stringify(body);
    expect(text).not.toMatch(/stacktrace|\bat .+\.[jt]s:\d+|node_modules|\/src\//);
  }
});

describe('with INTROSPECTION=true', () => {
  let open: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    ({ app: open, actors: { admin: adminToken } } = await startWithActors({ env: { ...PRODUCTION, INTROSPECTION: 'true' } }));
  });
  afterAll(() => open?.close());

  it('introspection is allowed, and field suggestions come back with it', async () => {
    const res = await open.gql(INTROSPECTION_QUERY, {}, adminToken);
    expect(res.errors).toBeUndefined();
    expect(res.data.__schema.queryType.name).toBe('Query');
    const misspelled = await open.gql('{ viewer { rol } }', {}, adminToken);
    expect(misspelled.errors![0].message).toMatch(/Did you mean "role"/);
    expect(JSON.stringify(misspelled)).not.toMatch(/stacktrace/);
  });
});
