import { TestApp } from './support/test-app';
import { startWithActors } from './support/actors';

let app: TestApp;
let token: string;

beforeAll(async () => {
  ({ app, actors: { admin: token } } = await startWithActors());
});
afterAll(() => app?.close());

it('a malformed JSON body is a 400 with a JSON error, not an HTML page or a stack trace', async () => {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: '{"query": "{ viewer { subject } }"',
  });
  expect(response.status).toBe(400);
  const body: any = await response.json();
  expect(body.errors[0]).toMatchObject({ message: 'The request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.js|node_modules/);
});

it('GET never runs a mutation', async () => {
  const query = encodeURIComponent('mutation { updateEnterprise(input: { id: "x" }) { userErrors { message } } }');
  const response = await fetch(`${app.url}?query=${query}`, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
  expect(response.status).toBe(405);
});

it('/healthz answers while the process lives and /readyz when the database is migrated', async () => {
  const base = app.url.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  const ready = await fetch(`${base}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready' });
});

it.each([
  ['GET', '/'],
  ['GET', '/graphiql'],
  ['POST', '/api'],
  ['GET', '/.env'],
])('Request ids and routes: %s %s answers 404 with a JSON error, never an HTML page', async (method, route) => {
  const base = app.url.replace(/\/graphql$/, '');
  const response = await fetch(`${base}${route}`, { method });
  expect(response.status).toBe(404);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body: any = await response.json();
  expect(body.errors[0].extensions.code).toBe('NOT_FOUND');
  expect(body.errors[0].message).toContain('POST /graphql');
});

it('Unauthenticated requests: 401 with data absent, as GraphQL over HTTP asks (introspection alone stays open for GraphiQL)', async () => {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __typename node(id: "x") { id } }' }),
  });
  expect(res.status).toBe(401);
  const body: any = await res.json();
  expect('data' in body).toBe(false);
  expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  const introspection = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
  });
  expect(introspection.status).toBe(200);
  expect(((await introspection.json()) as any).data.__schema.queryType.name).toBe('Query');
});

it('Scalars that codegen understands: DateTime, Date and Won name their specifications (@specifiedBy)', async () => {
  const res = await app.gql(
    '{ dateTime: __type(name: "DateTime") { specifiedByURL } date: __type(name: "Date") { specifiedByURL } won: __type(name: "Won") { specifiedByURL } }',
    {},
    token,
  );
  expect(res.data).toEqual({
    dateTime: { specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time.html' },
    date: { specifiedByURL: 'https://scalars.graphql.org/andimarek/local-date.html' },
    // Relative to the repository root: the format is defined in docs/clients.md, section "Won".
    won: { specifiedByURL: 'docs/clients.md#won' },
  });
});
