import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { createDataSource } from '../src/db/data-source';
import { entities } from '../src/modules';
import { buildDist } from './support/build';
import { adminQuery as admin, databaseUrl as urlFor } from './support/test-app';
import { stopProcess } from './support/process';

/**
 * The built server as `npm start` runs it, on DATABASE_URL: where it listens
 * and what it says, and the one line it prints when it cannot start.
 */
const root = path.join(__dirname, '..');
const migrated = `rbf_startup_${randomBytes(6).toString('hex')}`;
const empty = `rbf_startup_empty_${randomBytes(6).toString('hex')}`;

beforeAll(async () => {
  buildDist();
  await admin(`CREATE DATABASE ${migrated}`);
  await admin(`CREATE DATABASE ${empty}`);
  const db = createDataSource({ url: urlFor(migrated), entities, poolSize: 2 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  await db.destroy();
}, 120_000);
afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS ${migrated} WITH (FORCE)`);
  await admin(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
});

const randomPort = () => 43000 + Math.floor(Math.random() * 2000);

/** Only what a newcomer's shell would pass: no JWT_SECRET, NODE_ENV or HOST unless given. */
function env(settings: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...settings };
}

/** Runs the server until it exits by itself, or kills it after the limit. */
function runToExit(settings: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: root, env: env(settings), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => (clearTimeout(guard), resolve({ code, stdout, stderr })));
  });
}

/** Starts the server and answers its "listening" log line. */
function startListening(settings: Record<string, string>): Promise<{ child: ChildProcess; listening: any; lines: any[] }> {
  const child = spawn(process.execPath, ['dist/src/main.js'], { cwd: root, env: env(settings), stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
      const listening = lines.find((line) => line.msg === 'listening');
      if (listening) resolve({ child, listening, lines });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** An IPv4 address of this machine other than the loopback, if it has one. */
function otherAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

describe('where it listens', () => {
  it('in development on the development secret: on 127.0.0.1 only, and it says so', async () => {
    const port = randomPort();
    const { child, listening, lines } = await startListening({ DATABASE_URL: urlFor(migrated), PORT: String(port) });
    try {
      expect(listening).toMatchObject({ address: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}/graphql` });
      expect(lines.find((line) => line.level === 40).msg).toMatch(/^JWT_SECRET is not set: .* listens on 127\.0\.0\.1 only \(set HOST to change it\)/);
      expect(await accepts('127.0.0.1', port)).toBe(true);
      const other = otherAddress();
      if (other) expect(await accepts(other, port)).toBe(false);
    } finally {
      expect(await stopProcess(child)).toBe(0);
    }
  });

  it('with HOST, there; with a secret of its own, on every interface', async () => {
    const port = randomPort();
    const explicit = await startListening({ DATABASE_URL: urlFor(migrated), PORT: String(port), HOST: '0.0.0.0' });
    try {
      expect(explicit.listening).toMatchObject({ address: `0.0.0.0:${port}`, url: `http://127.0.0.1:${port}/graphql` });
      // The development secret where other machines may connect is worth a louder warning.
      expect(explicit.lines.find((line) => line.level === 40).msg).toMatch(/which anyone can read, on a server other machines can reach/);
    } finally {
      expect(await stopProcess(explicit.child)).toBe(0);
    }
    const own = await startListening({ DATABASE_URL: urlFor(migrated), PORT: String(port), JWT_SECRET: 'startup-test-secret-0123456789abcdef' });
    try {
      expect(own.listening.address).toMatch(new RegExp(`^(\\[::\\]|0\\.0\\.0\\.0):${port}$`));
      expect(own.listening.url).toBe(`http://127.0.0.1:${port}/graphql`);
      expect(own.lines.filter((line) => line.level >= 40)).toEqual([]);
    } finally {
      expect(await stopProcess(own.child)).toBe(0);
    }
  });
});

describe('a start that cannot succeed stops with one line on stderr naming the setting', () => {
  it('an unreachable DATABASE_URL: its host and port, never its password', async () => {
    const closed = randomPort();
    const result = await runToExit({ DATABASE_URL: `postgres://rbf:hunter2-password@127.0.0.1:${closed}/rbf`, PORT: String(randomPort()) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `Cannot connect to the database at DATABASE_URL (127.0.0.1:${closed}/rbf): connect ECONNREFUSED 127.0.0.1:${closed}`,
    ]);
    expect(result.stdout + result.stderr).not.toContain('hunter2');
  });

  it('a DATABASE_URL that refuses the login or names no database: in the server\'s words', async () => {
    const server = new URL(process.env.DATABASE_URL!);
    const missing = new URL(urlFor(`rbf_startup_missing_${randomBytes(4).toString('hex')}`));
    const result = await runToExit({ DATABASE_URL: missing.toString(), PORT: String(randomPort()) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      `Cannot connect to the database at DATABASE_URL (${server.hostname}:${server.port || 5432}${missing.pathname}): database "${missing.pathname.slice(1)}" does not exist`,
    ]);
  });

  it('a database without migrations: which ones, and how to apply them', async () => {
    const result = await runToExit({ DATABASE_URL: urlFor(empty), PORT: String(randomPort()) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^The database at DATABASE_URL \(.+:\d+\/rbf_startup_empty_\w+\) lacks migrations InitialSchema\d+, .+: run "npm run migrate" first, or start with MIGRATE_ON_START=true$/,
      ),
    ]);
  });

  it('a PORT in use', async () => {
    const port = randomPort();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    try {
      const result = await runToExit({ DATABASE_URL: urlFor(migrated), PORT: String(port) });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([`PORT: 127.0.0.1, port ${port} is in use; set PORT to another`]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
