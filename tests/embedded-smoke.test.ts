import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { buildDist } from './support/build';
import { stopProcess } from './support/process';

/**
 * What `npm start` does on a fresh machine: the built server, no DATABASE_URL,
 * an embedded PostgreSQL in DATA_DIR, migrations, demo data, a clean stop.
 */
const root = path.join(__dirname, '..');
const secret = 'embedded-smoke-test-secret-0123456789abcdef';
let dataDir: string;

beforeAll(() => {
  buildDist();
  dataDir = mkdtempSync(path.join(tmpdir(), 'rbf-smoke-'));
}, 120_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function startServer(port: number): Promise<{ child: ChildProcess; startupMs: number }> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    DATA_DIR: dataDir,
    EMBEDDED_POSTGRES_PORT: String(port + 1),
    JWT_SECRET: secret,
    LOG_LEVEL: 'info',
  };
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"listening"')) resolve({ child, startupMs: Date.now() - started });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

async function agreementCount(port: number): Promise<number> {
  const token = await signToken({ subject: 'smoke', role: Role.ANALYST }, secret);
  const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      query: `{ fundingAgreements { totalCount } enterprises { totalCount }
        supplierCalls { nodes { title status applications(filter: { status: [SELECTED] }) { totalCount } } } }`,
    }),
  });
  const body = (await response.json()) as any;
  expect(body.errors).toBeUndefined();
  expect(body.data.enterprises.totalCount).toBeGreaterThan(300);
  // The demo program's call for suppliers, decided, with its 50 selected suppliers.
  expect(body.data.supplierCalls.nodes).toEqual([
    { title: '2026 safety-technology supplier call', status: 'DECIDED', applications: { totalCount: 50 } },
  ]);
  return body.data.fundingAgreements.totalCount;
}

it('starts on the embedded database with demo data, restarts on the same data, and stops cleanly', async () => {
  const port = 47000 + Math.floor(Math.random() * 2000);
  const first = await startServer(port);
  const agreements = await agreementCount(port);
  expect(agreements).toBeGreaterThan(40);
  expect(await stopProcess(first.child)).toBe(0);

  const second = await startServer(port);
  // The demo data is loaded once: a restart finds the same program, not a second copy.
  expect(await agreementCount(port)).toBe(agreements);
  expect(await stopProcess(second.child)).toBe(0);
  console.log(`embedded start-up: first ${first.startupMs} ms (initdb, migrations, demo data), second ${second.startupMs} ms`);
}, 180_000);

it('After kill -9: the next start stops the embedded PostgreSQL the killed server left running, and serves the same data', async () => {
  const port = 49000 + Math.floor(Math.random() * 900);
  const first = await startServer(port);
  const agreements = await agreementCount(port);
  first.child.removeAllListeners('exit');
  const exited = new Promise((resolve) => first.child.on('exit', resolve));
  first.child.kill('SIGKILL');
  await exited;
  const second = await startServer(port);
  expect(await agreementCount(port)).toBe(agreements);
  expect(await stopProcess(second.child)).toBe(0);
}, 180_000);

it('A second server on a DATA_DIR in use stops with one line naming the cause', async () => {
  const port = 46000 + Math.floor(Math.random() * 900);
  const first = await startServer(port);
  try {
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port + 2), DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port + 1), JWT_SECRET: secret };
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // It must refuse at once; one that starts serving instead is stopped, so the first server is stopped too.
      const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => (clearTimeout(guard), resolve({ code, stderr })));
    });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^DATA_DIR is in use: its PostgreSQL \(pid \d+\) belongs to a running process/)]);
  } finally {
    expect(await stopProcess(first.child)).toBe(0);
  }
}, 180_000);

it('Ctrl-C: SIGINT to the terminal\'s process group stops the API first (subscribers get 1001) and PostgreSQL last, without a warning', async () => {
  const port = 45000 + Math.floor(Math.random() * 900);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), DATA_DIR: dataDir, EMBEDDED_POSTGRES_PORT: String(port + 1), JWT_SECRET: secret, LOG_LEVEL: 'info' };
  // A process group of its own, as a terminal gives the command it runs.
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => output.includes('"msg":"listening"') && (clearInterval(timer), resolve()), 50);
    child.once('exit', (code) => (clearInterval(timer), reject(new Error(`exited with ${code}:\n${output}`))));
  });
  // A live subscription, as a screen would hold one.
  const token = await signToken({ subject: 'smoke', role: Role.ADMIN }, secret);
  const socket = new WebSocket(`ws://127.0.0.1:${port}/graphql`, 'graphql-transport-ws');
  const messages: any[] = [];
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      messages.push(message);
      if (message.type !== 'connection_ack') return;
      const query = `subscription { activityStatusChanged(agreementId: "${Buffer.from('FundingAgreement:1').toString('base64url')}") { id } }`;
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      setTimeout(resolve, 300);
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGINT');
  expect(await closed).toBe(1001);
  expect(await exited).toBe(0);
  expect(messages.filter((m) => m.type === 'error' || m.type === 'next')).toEqual([]);
  const levels = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line).level);
  expect(levels.filter((level) => level >= 40)).toEqual([]);
}, 180_000);
