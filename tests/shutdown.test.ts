import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { createLogger } from '../src/logger';
import { entities } from '../src/modules';
import { seedDemoData } from '../src/seed/demo-data';
import { buildDist } from './support/build';
import { adminQuery as admin, databaseUrl as urlFor } from './support/test-app';

/**
 * SIGTERM on the built server while a request waits on a row lock held by
 * the test: the request finishes, nothing new is accepted, the process exits.
 */
const root = path.join(__dirname, '..');
const secret = 'shutdown-test-secret-0123456789abcdef';
const name = `rbf_shutdown_${randomBytes(6).toString('hex')}`;
let databaseUrl: string;
let enterpriseId: string;

beforeAll(async () => {
  buildDist();
  await admin(`CREATE DATABASE ${name}`);
  databaseUrl = urlFor(name);
  const db = createDataSource({ url: databaseUrl, entities, poolSize: 2 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  await seedDemoData(db, config, createLogger(config));
  enterpriseId = (await db.query('SELECT id FROM enterprise ORDER BY id LIMIT 1'))[0].id;
  await db.destroy();
}, 120_000);
afterAll(() => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));

interface Running {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(env: Record<string, string>): Promise<Running> {
  const port = 49000 + Math.floor(Math.random() * 1000);
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATABASE_URL: databaseUrl, JWT_SECRET: secret, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"listening"')) resolve({ child, port, output: () => output, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

/** Holds the enterprise's row lock until release() (the request under test waits on it). */
async function lockEnterprise(): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query('SELECT id FROM enterprise WHERE id = $1 FOR UPDATE', [enterpriseId]);
  return {
    async release() {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

async function untilWaitingOnLock(): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'safety-rbf-api' AND wait_event_type = 'Lock'",
        [name],
      );
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await client.end();
  }
}

async function untilRefused(port: number): Promise<void> {
  for (;;) {
    try {
      await fetch(`http://127.0.0.1:${port}/healthz`);
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function renameEnterprise(port: number, newName: string): Promise<Response> {
  const token = await signToken({ subject: 'shutdown-test', role: Role.ADMIN }, secret);
  return fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: 'mutation ($input: UpdateEnterpriseInput!) { updateEnterprise(input: $input) { enterprise { name } userErrors { code } } }',
      variables: { input: { id: encodeGlobalId('Enterprise', enterpriseId), name: newName } },
    }),
  });
}

/** A server with this SHUTDOWN_TIMEOUT gets SIGTERM while a rename waits on the test's lock of the enterprise row. */
async function sigtermDuringRename(shutdownTimeout: string, newName: string) {
  const server = await startServer({ SHUTDOWN_TIMEOUT: shutdownTimeout });
  const lock = await lockEnterprise();
  const inFlight = renameEnterprise(server.port, newName);
  await untilWaitingOnLock();
  server.child.kill('SIGTERM');
  return { server, lock, inFlight };
}

it('SIGTERM: the request in flight completes with its data, new connections are refused, the process exits 0', async () => {
  const { server, lock, inFlight } = await sigtermDuringRename('30000', 'Renamed during shutdown');
  await untilRefused(server.port);
  await lock.release();

  const response = await inFlight;
  expect(response.status).toBe(200);
  const body: any = await response.json();
  expect(body.errors).toBeUndefined();
  expect(body.data.updateEnterprise).toEqual({ enterprise: { name: 'Renamed during shutdown' }, userErrors: [] });
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('"msg":"stopped"');
}, 60_000);

it('SIGTERM: a request still running after SHUTDOWN_TIMEOUT is cut off, its transaction rolls back, the process exits 0', async () => {
  const { server, lock, inFlight } = await sigtermDuringRename('500', 'Never saved');
  await expect(inFlight).rejects.toThrow();
  expect(await server.exited).toBe(0);
  await lock.release();
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows } = await client.query('SELECT name FROM enterprise WHERE id = $1', [enterpriseId]);
  await client.end();
  expect(rows[0].name).not.toBe('Never saved');
}, 60_000);
