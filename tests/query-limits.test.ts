import { TestApp } from './support/test-app';
import { startWithActors } from './support/actors';

let app: TestApp;
let token: string;

beforeAll(async () => ({ app, actors: { admin: token } } = await startWithActors({ seed: true })));
afterAll(() => app?.close());

it('a three-level Relay query with edges and nodes passes', async () => {
  const res = await app.gql(
    `{
      agencies(first: 10) {
        edges { cursor node { code
          fundedAgreements(first: 50) {
            totalCount
            edges { cursor node { agreementNumber
              activities(first: 20) { edges { cursor node { title beneficiary { name region } } } pageInfo { hasNextPage endCursor } }
            } }
          }
        } }
      }
    }`,
    {},
    token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.agencies.edges.length).toBe(3);
});

it('first: 100 nested three times is rejected before execution', async () => {
  const res = await app.gql(
    `{ fundingAgreements(first: 100) { nodes { activities(first: 100) { nodes {
         beneficiary { activitiesReceived(first: 100) { nodes { id } } } } } } } }`,
    {},
    token,
  );
  expect(res.status).toBe(400);
  expect(res.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  expect(res.data).toBeUndefined();
});

it('page sizes given in variables count toward the cost', async () => {
  const query = `query($n: Int) { fundingAgreements(first: $n) { nodes { activities(first: $n) { nodes {
    beneficiary { activitiesReceived(first: $n) { nodes { id } } } } } } } }`;
  expect((await app.gql(query, { n: 5 }, token)).errors).toBeUndefined();
  expect((await app.gql(query, { n: 100 }, token)).errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
});

it('a 20-deep query is rejected', async () => {
  let selection = 'id';
  for (let level = 0; level < 10; level += 1) selection = `agreement { recipient { activitiesReceived(first: 1) { nodes { ${selection} } } } }`;
  const res = await app.gql(`{ improvementActivities(first: 1) { nodes { ${selection} } } }`, {}, token);
  expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors?.[0].message).toMatch(/depth/i);
});

it('an alias bomb is rejected', async () => {
  const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: viewer { subject }`).join(' ');
  const res = await app.gql(`{ ${aliases} }`, {}, token);
  expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  expect(res.errors?.[0].message).toMatch(/alias/i);
});

it('a directive flood is rejected', async () => {
  const directives = Array.from({ length: 50 }, () => '@include(if: true)').join(' ');
  const res = await app.gql(`{ viewer ${directives} { subject } }`, {}, token);
  expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
});

it('a document with too many tokens is rejected', async () => {
  const fields = Array.from({ length: 3000 }, () => 'subject').join(' ');
  const res = await app.gql(`{ viewer { ${fields} } }`, {}, token);
  expect(res.errors?.[0].extensions.code).toMatch(/GRAPHQL_(PARSE|VALIDATION)_FAILED/);
});

it('batched HTTP requests are refused', async () => {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify([{ query: '{ viewer { subject } }' }, { query: '{ viewer { role } }' }]),
  });
  expect(response.status).toBe(400);
});
