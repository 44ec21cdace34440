import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadConfig } from '../src/config';
import { createDataSource, migrations } from '../src/db/data-source';
import { entities } from '../src/modules';
import { openDatabase, pendingMigrations } from '../src/db/database';
import { createLogger } from '../src/logger';

/**
 * Every migration can be undone: applying migrations 1..k one by one and then
 * undoing them from the top passes through exactly the same schemas, ending
 * with an empty one; applying them again gives the complete schema back.
 */
const created: string[] = [];

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

async function freshDatabase(): Promise<string> {
  const name = `rbf_migrations_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  for (const name of created) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

/** Everything in the public schema but the migrations table itself: tables, columns, constraints, indexes, functions, triggers. */
async function schemaOf(db: DataSource): Promise<string[]> {
  const rows: { item: string }[] = await db.query(`
    SELECT 'table ' || table_name AS item FROM information_schema.tables
     WHERE table_schema = 'public' AND table_name <> 'schema_migration'
    UNION ALL
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migration'
    UNION ALL
    SELECT 'constraint ' || conrelid::regclass || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
     WHERE connamespace = 'public'::regnamespace AND conrelid <> 'schema_migration'::regclass
    UNION ALL
    SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'schema_migration'
    UNION ALL
    SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL
    SELECT 'sequence ' || sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' AND sequence_name <> 'schema_migration_id_seq'
    ORDER BY 1`);
  return rows.map((row) => row.item);
}

function dataSourceWith(url: string, count: number): DataSource {
  const options = createDataSource({ url, entities, poolSize: 2 }).options;
  return new DataSource({ ...options, migrations: migrations.slice(0, count) } as DataSourceOptions);
}

it('each migration applied one by one and undone from the top restores the schema before it; up again completes it', async () => {
  const url = await freshDatabase();
  const schemas: string[][] = [];
  for (let count = 0; count <= migrations.length; count++) {
    const db = dataSourceWith(url, count);
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    schemas.push(await schemaOf(db));
    await db.destroy();
  }
  expect(schemas[0]).toEqual([]);
  const complete = schemas[migrations.length];
  for (const table of ['agency', 'enterprise', 'funding_agreement', 'improvement_activity', 'disbursement', 'audit_event']) {
    expect(complete).toContain(`table ${table}`);
  }

  const db = createDataSource({ url, entities, poolSize: 2 });
  await db.initialize();
  try {
    for (let count = migrations.length; count > 0; count--) {
      await db.undoLastMigration({ transaction: 'each' });
      expect(await schemaOf(db)).toEqual(schemas[count - 1]);
      expect(await pendingMigrations(db)).toEqual(migrations.slice(count - 1).map((m) => m.name));
    }
    expect(await schemaOf(db)).toEqual([]);

    await db.runMigrations({ transaction: 'each' });
    expect(await schemaOf(db)).toEqual(complete);
    expect(await pendingMigrations(db)).toEqual([]);
  } finally {
    await db.destroy();
  }
});

describe('starting on a database that lacks migrations', () => {
  const logger = createLogger({ logLevel: 'silent', nodeEnv: 'test' });

  it('refuses to start, naming the missing migrations and how to apply them', async () => {
    const url = await freshDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url });
    await expect(openDatabase(config, logger)).rejects.toThrow(
      `The database lacks migrations ${migrations.map((m) => m.name).join(', ')}: run "npm run migrate" first, or start with MIGRATE_ON_START=true`,
    );
  });

  it('with MIGRATE_ON_START=true applies them and starts', async () => {
    const url = await freshDatabase();
    const database = await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, MIGRATE_ON_START: 'true' }), logger);
    try {
      expect(database.embedded).toBe(false);
      expect(await pendingMigrations(database.dataSource)).toEqual([]);
      expect(await schemaOf(database.dataSource)).toContain('table funding_agreement');
    } finally {
      await database.close();
    }
  });
});
