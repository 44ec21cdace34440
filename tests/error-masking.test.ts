import { Client } from 'pg';
import { TestApp } from './support/test-app';
import { startWithActors } from './support/actors';

let app: TestApp;
let token: string;
let databaseName: string;
const logLines: string[] = [];

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  ({ app, actors: { admin: token } } = await startWithActors({ seed: true, env: { LOG_LEVEL: 'info' }, logLines }));
  databaseName = (await app.db.query('SELECT current_database() AS name'))[0].name;
});
afterAll(async () => {
  await onServer(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
  await app?.close();
});

it('with the database gone, clients get INTERNAL_SERVER_ERROR with a request id and no internals; the server recovers', async () => {
  // Cut every connection and refuse new ones: the next query fails inside the server.
  await onServer(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
  await onServer(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${databaseName}'`);

  const res = await app.gql('{ enterprises(first: 2) { totalCount nodes { name } } }', {}, token, { 'x-request-id': 'outage-1' });
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors!) {
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.requestId).toBe('outage-1');
    expect(error.message).toMatch(/^Internal server error/);
  }
  const body = JSON.stringify(res);
  for (const secret of [databaseName, 'FROM', 'SELECT', 'postgres', 'ECONNREFUSED', 'node_modules', '.ts:', app.config.jwtSecret]) {
    expect(body).not.toContain(secret);
  }
  // The log has what the client was not told, under the same request id.
  const logged = logLines.map((line) => JSON.parse(line)).find((r) => r.requestId === 'outage-1' && r.err);
  expect(logged.err.message).toContain(databaseName);
  expect(logged.level).toBeGreaterThanOrEqual(50);

  const base = app.url.replace(/\/graphql$/, '');
  expect((await fetch(`${base}/readyz`)).status).toBe(503);

  await onServer(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
  const recovered = await app.gql('{ enterprises(first: 2) { totalCount } }', {}, token);
  expect(recovered.errors).toBeUndefined();
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
});
