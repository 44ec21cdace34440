import { getNamedType, isLeafType, isListType, isNonNullType, isObjectType } from 'graphql';
import { createSchema } from '../src/schema';
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

describe('The cost limit counts plain lists at their bound', () => {
  it('every plain list of objects in the schema declares the bound it is kept to (maxItems)', async () => {
    const schema = await createSchema();
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || /(Connection|Edge)$/.test(type.name)) continue;
      for (const field of Object.values(type.getFields())) {
        const unwrapped = isNonNullType(field.type) ? field.type.ofType : field.type;
        const named = getNamedType(field.type);
        if (!isListType(unwrapped) || isLeafType(named)) continue;
        // nodes(ids:) and _entities(representations:) are as long as the ids or representations given, which the cost counts.
        if (type.name === 'Query' && ['nodes', '_entities'].includes(field.name)) continue;
        if (typeof field.extensions?.maxItems !== 'number') unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it("nodes(ids:) with each enterprise's technologies is counted at the technologies' bound, so what is accepted never holds more objects than its cost", async () => {
    const ids: string[] = (await app.db.query('SELECT id FROM enterprise ORDER BY id LIMIT 100')).map((row: { id: string }) =>
      Buffer.from(`Enterprise:${row.id}`).toString('base64url'),
    );
    const alias = (i: number) => `a${i}: nodes(ids: $ids) { ... on Enterprise { id safetyTechnologies { id provider { id safetyTechnologies { id } } } } }`;
    // Per enterprise: itself, 20 technologies (the bound), each with its provider and that provider's 20.
    const perAlias = 100 * (1 + 20 * (1 + 1 + 20));
    const flood = await app.gql(`query($ids: [ID!]!) { ${alias(0)} ${alias(1)} }`, { ids }, token);
    expect(flood.status).toBe(400);
    expect(flood.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 2 * perAlias });
    const accepted = await app.gql(`query($ids: [ID!]!) { ${alias(0)} }`, { ids }, token);
    expect(accepted.errors).toBeUndefined();
    const objects = (value: unknown): number =>
      Array.isArray(value) ? value.reduce((n: number, item) => n + objects(item), 0)
        : value && typeof value === 'object' ? 1 + Object.values(value).reduce((n: number, item) => n + (item && typeof item === 'object' ? objects(item) : 0), 0)
          : 0;
    expect(objects(accepted.data.a0)).toBeLessThanOrEqual(perAlias);
  });
});

describe('Inputs that ended as masked 500s', () => {
  it('a filter list of 70,000 values is BAD_USER_INPUT naming the variable, not a database error', async () => {
    const res = await app.gql(
      'query($filter: ImprovementActivityFilter) { improvementActivities(first: 1, filter: $filter) { totalCount } }',
      { filter: { hazard: Array.from({ length: 70_000 }, () => 'FALL') } },
      token,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: '$filter.hazard' });
    const bounded = await app.gql(
      'query($filter: ImprovementActivityFilter) { improvementActivities(first: 1, filter: $filter) { totalCount } }',
      { filter: { hazard: Array.from({ length: 1000 }, () => 'FALL') } },
      token,
    );
    expect(bounded.errors).toBeUndefined();
  });
});
