import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config';
import { sha256 } from '../src/common/operation-allowlist';
import { TestApp } from './support/test-app';
import { startWithActors } from './support/actors';

const AGENCIES = 'query Agencies { agencies(first: 5) { edges { node { code } } } }';
const VIEWER = 'query Viewer { viewer { subject role } }';
const ENTERPRISES = 'query Enterprises { enterprises(first: 3) { edges { node { id } } } }';
const REGISTER = `mutation Register($input: RegisterEnterpriseInput!) {
  registerEnterprise(input: $input) { enterprise { id } userErrors { code } }
}`;
const INTROSPECTION = '{ __schema { queryType { name } } }';

const dir = mkdtempSync(join(tmpdir(), 'allowlist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function manifest(...bodies: string[]) {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: bodies.map((body) => ({ id: sha256(body), name: /(query|mutation) (\w+)/.exec(body)![2], type: 'query', body })),
  };
}

/** Posts a raw GraphQL-over-HTTP body: the query text, the persisted query hash, or both. */
async function post(app: TestApp, body: { query?: string; hash?: string; variables?: unknown }, token?: string): Promise<any> {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      ...(body.query ? { query: body.query } : {}),
      variables: body.variables ?? {},
      ...(body.hash ? { extensions: { persistedQuery: { version: 1, sha256Hash: body.hash } } } : {}),
    }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

describe('automatic persisted queries (no allowlist)', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => ({ app, actors: { admin: token } } = await startWithActors({ seed: true })));
  afterAll(() => app?.close());

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, registers it with the text, then runs the hash alone', async () => {
    const hash = sha256(AGENCIES);
    const first = await post(app, { hash }, token);
    expect(first.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(first.data).toBeUndefined();

    const registered = await post(app, { query: AGENCIES, hash }, token);
    expect(registered.errors).toBeUndefined();
    const codes = registered.data.agencies.edges.map((e: any) => e.node.code).sort();
    expect(codes).toEqual(['KB', 'KOSME', 'MSS']);

    const again = await post(app, { hash }, token);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(registered.data);
  });

  it('refuses a hash that does not match the text sent with it', async () => {
    const res = await post(app, { query: AGENCIES, hash: sha256(VIEWER) }, token);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
  });
});

describe('OPERATION_ALLOWLIST', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    const path = writeFile('manifest.json', manifest(AGENCIES, VIEWER));
    ({ app, actors: { admin: token } } = await startWithActors({ seed: true, env: { OPERATION_ALLOWLIST: path } }));
  });
  afterAll(() => app?.close());

  it('runs a listed operation sent as full text', async () => {
    const res = await post(app, { query: VIEWER }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.viewer).toEqual({ subject: 'test-admin', role: 'ADMIN' });
  });

  it('runs a listed operation sent as its hash alone, without registering it first', async () => {
    const res = await post(app, { hash: sha256(AGENCIES) }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.agencies.edges).toHaveLength(3);
  });

  it('rejects an unlisted query with OPERATION_NOT_ALLOWED before it runs any SQL', async () => {
    const res = await post(app, { query: ENTERPRISES }, token);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_NOT_ALLOWED' }) })]);
    expect(res.extensions?.sqlStatements ?? 0).toBe(0);
  });

  it('does not register an unlisted operation: its hash alone stays unknown', async () => {
    await post(app, { query: ENTERPRISES, hash: sha256(ENTERPRISES) }, token);
    const res = await post(app, { hash: sha256(ENTERPRISES) }, token);
    expect(res.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('rejects a listed operation with different whitespace: the hash is of the exact text', async () => {
    const res = await post(app, { query: `${VIEWER} ` }, token);
    expect(res.errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
  });

  it('rejects introspection unless it is listed', async () => {
    const res = await post(app, { query: INTROSPECTION }, token);
    expect(res.errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect(res.data).toBeUndefined();
  });

  it('rejects an unlisted mutation and writes nothing', async () => {
    const [{ count: before }] = await app.db.query('SELECT count(*)::int AS count FROM enterprise');
    const res = await post(
      app,
      {
        query: REGISTER,
        variables: {
          input: { businessRegistrationNumber: '9990011122', name: 'Allowlist Test Co', size: 'SMALL', industryCode: 'C25', region: 'SEOUL', employeeCount: 12 },
        },
      },
      token,
    );
    expect(res.errors[0].extensions.code).toBe('OPERATION_NOT_ALLOWED');
    expect(res.data).toBeUndefined();
    expect(res.extensions?.sqlStatements ?? 0).toBe(0);
    const [{ count: after }] = await app.db.query('SELECT count(*)::int AS count FROM enterprise');
    expect(after).toBe(before);
  });
});

describe('OPERATION_ALLOWLIST configuration', () => {
  const base = { NODE_ENV: 'test' };

  it('accepts a plain JSON array of sha256 hashes', () => {
    const path = writeFile('hashes.json', [sha256(AGENCIES), sha256(VIEWER).toUpperCase()]);
    const config = loadConfig({ ...base, OPERATION_ALLOWLIST: path });
    expect([...config.operationAllowlist!.keys()]).toEqual([sha256(AGENCIES), sha256(VIEWER)]);
  });

  it('is off when unset', () => {
    expect(loadConfig(base).operationAllowlist).toBeNull();
  });

  const bad: [string, () => string][] = [
    ['a missing file', () => join(dir, 'does-not-exist.json')],
    ['a file that is not JSON', () => writeFile('not-json.json', '{ nope')],
    ['an object of another format', () => writeFile('other.json', { operations: [] })],
    ['an entry that is not a sha256', () => writeFile('short.json', ['abc123'])],
    ['a manifest body that does not hash to its id', () => writeFile('tampered.json', { ...manifest(AGENCIES), operations: [{ ...manifest(AGENCIES).operations[0], body: VIEWER }] })],
    ['an empty list', () => writeFile('empty.json', [])],
  ];
  it.each(bad)('throws a ConfigError naming OPERATION_ALLOWLIST for %s', (_name, path) => {
    const load = () => loadConfig({ ...base, OPERATION_ALLOWLIST: path() });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/OPERATION_ALLOWLIST/);
  });
});
