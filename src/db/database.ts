import { Client } from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import type { Config } from '../config';
import { entities } from '../modules';
import { loadDemoProgram } from '../seed/demo-workflow';
import { createDataSource, migrations } from './data-source';
import { describeDatabaseUrl } from './database-url';
import { startEmbeddedPostgres } from './embedded';

/** A database the server cannot start on (unreachable, refusing the login, lacking migrations): main prints it as one line. */
export class DatabaseStartError extends Error {}

/** What went wrong connecting, in the driver's words (Node's AggregateError for a host with several addresses has none of its own). */
function reasonOf(error: unknown): string {
  const { message, code, errors } = error as { message?: string; code?: string; errors?: { message?: string }[] };
  return message || errors?.find((e) => e.message)?.message || code || String(error);
}

/** Why one server cannot be connected to, or null when it can. */
async function connectionFailure(url: string, timeoutMs: number): Promise<string | null> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return reasonOf(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The setting to blame when the pools could not be opened: DATABASE_URL, or
 * the replica that refuses when the primary answers.
 */
async function unreachableDatabase(config: Config, url: string, cause: unknown): Promise<DatabaseStartError> {
  const timeout = config.databaseConnectTimeoutMs;
  const servers = [
    { setting: 'DATABASE_URL', url },
    ...config.databaseReplicaUrls.map((replica, i) => ({ setting: `replica ${i + 1} of DATABASE_REPLICA_URLS`, url: replica })),
  ];
  for (const server of servers) {
    const failure = servers.length === 1 ? reasonOf(cause) : await connectionFailure(server.url, timeout);
    if (failure) return new DatabaseStartError(`Cannot connect to the database at ${server.setting} (${describeDatabaseUrl(server.url)}): ${failure}`);
  }
  return new DatabaseStartError(`Cannot open the database at DATABASE_URL (${describeDatabaseUrl(url)}): ${reasonOf(cause)}`);
}

export interface Database {
  dataSource: DataSource;
  /** Whether the database is the embedded one this process started. */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * The database the server runs on: DATABASE_URL when given, otherwise an
 * embedded PostgreSQL in DATA_DIR that is migrated and, on first start,
 * loaded with the demo data.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<Database> {
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({
        dataDir: config.dataDir,
        port: config.embeddedPostgresPort,
        log: (message) => logger.debug({ postgres: message.trim() }),
      });
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource({
    url,
    entities,
    replicaUrls: config.databaseReplicaUrls,
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
  });
  try {
    try {
      await dataSource.initialize();
    } catch (error) {
      // The embedded database was just started by this process: a failure to reach it is a bug, with its stack.
      throw config.databaseUrl ? await unreachableDatabase(config, url, error) : error;
    }
    const pending = await pendingMigrations(dataSource);
    if (pending.length > 0 && (embedded || config.migrateOnStart)) {
      await dataSource.runMigrations({ transaction: 'each' });
      logger.info({ migrations: pending }, 'applied migrations');
    } else if (pending.length > 0) {
      throw new DatabaseStartError(
        `The database at DATABASE_URL (${describeDatabaseUrl(url)}) lacks migrations ${pending.join(', ')}: ` +
          'run "npm run migrate" first, or start with MIGRATE_ON_START=true',
      );
    }
    if (embedded && config.seedDemoData && (await isEmpty(dataSource))) {
      const summary = await loadDemoProgram(dataSource, config, logger);
      logger.info({ summary: JSON.parse(JSON.stringify(summary, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))) }, 'loaded demo data');
    }
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded: embedded != null,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

async function isEmpty(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM agency LIMIT 1');
  return rows.length === 0;
}

/** Names of the migrations the database has not applied yet. */
export async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const table: { exists: boolean }[] = await dataSource.query(
    "SELECT to_regclass('schema_migration') IS NOT NULL AS exists",
  );
  const applied = new Set<string>(
    table[0].exists ? (await dataSource.query('SELECT name FROM schema_migration')).map((r: { name: string }) => r.name) : [],
  );
  return migrations.map((m) => m.name).filter((name) => !applied.has(name));
}
