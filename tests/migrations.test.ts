import { randomBytes } from 'node:crypto';
import { DataSource, DataSourceOptions } from 'typeorm';
import { loadConfig } from '../src/config';
import { createDataSource, migrations } from '../src/db/data-source';
import { entities } from '../src/modules';
import { DatabaseStartError, openDatabase, pendingMigrations } from '../src/db/database';
import { describeDatabaseUrl } from '../src/db/database-url';
import { createLogger } from '../src/logger';
import { adminQuery as admin } from './support/test-app';

/**
 * Every migration can be undone: applying migrations 1..k one by one and then
 * undoing them from the top passes through exactly the same schemas, ending
 * with an empty one; applying them again gives the complete schema back.
 */
const created: string[] = [];

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
    const refused = openDatabase(config, logger);
    await expect(refused).rejects.toThrow(DatabaseStartError);
    await expect(refused).rejects.toThrow(
      `The database at DATABASE_URL (${describeDatabaseUrl(url)}) lacks migrations ${migrations.map((m) => m.name).join(', ')}: ` +
        'run "npm run migrate" first, or start with MIGRATE_ON_START=true',
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

describe('R15: the discovery migration brings existing rows into programs', () => {
  it('moves recommendations and agreements into one program per (recommending agency, funder) that covers them; down keeps them', async () => {
    const url = await freshDatabase();
    const before = migrations.findIndex((m) => m.name === 'Discovery1764700000000');
    const db = dataSourceWith(url, before);
    await db.initialize();
    try {
      await db.runMigrations({ transaction: 'each' });
      const q = (sql: string) => db.query(sql);
      await q(`INSERT INTO agency (id, code, name, kind) OVERRIDING SYSTEM VALUE VALUES
        (1, 'KOSME', 'Korea SMEs and Startups Agency', 'PUBLIC_AGENCY'), (2, 'KB', 'KB Kookmin Bank', 'FINANCIAL_INSTITUTION'),
        (3, 'SHINHAN', 'Shinhan Bank', 'FINANCIAL_INSTITUTION')`);
      await q(`INSERT INTO enterprise (id, business_registration_number, name, size, industry_code, region, employee_count) OVERRIDING SYSTEM VALUE VALUES
        (1, '1018100016', 'Supplier A', 'SMALL', 'C25', 'SEOUL', 20), (2, '1018100024', 'Supplier B', 'SMALL', 'C25', 'BUSAN', 30)`);
      await q(`INSERT INTO recommendation (id, recommender_id, funder_id, enterprise_id, rationale, status, recommended_by, recommended_at, decided_by, decided_at)
        OVERRIDING SYSTEM VALUE VALUES
        (1, 1, 2, 1, 'r', 'ACCEPTED', 'k', '2026-02-01T09:00:00+09:00', 'b', '2026-02-03T09:00:00+09:00'),
        (2, 1, 2, 2, 'r', 'PENDING', 'k', '2026-10-01T09:00:00+09:00', NULL, NULL),
        (3, 1, 3, 2, 'r', 'ACCEPTED', 'k', '2026-02-01T09:00:00+09:00', 's', '2026-02-02T09:00:00+09:00')`);
      await q(`INSERT INTO funding_agreement (id, agreement_number, recommendation_id, funder_id, recipient_id, status, starts_on, ends_on, base_amount, outcome_budget_cap, activated_at)
        OVERRIDING SYSTEM VALUE VALUES
        (1, 'A-1', 1, 2, 1, 'ACTIVE', '2026-03-01', '2027-02-28', 100000000, 50000000, now()),
        (2, 'A-2', NULL, 2, 2, 'DRAFT', '2025-06-01', '2026-05-31', 30000000, 20000000, NULL),
        (3, 'A-3', 3, 3, 2, 'ACTIVE', '2026-04-01', '2026-12-31', 70000000, 10000000, now())`);

      await db.destroy();
      const after = dataSourceWith(url, before + 1);
      await after.initialize();
      try {
        await after.runMigrations({ transaction: 'each' });
        const programs = await after.query(`SELECT id, code, operator_id, funder_id, budget, starts_on, ends_on FROM program ORDER BY id`);
        expect(programs).toEqual([
          { id: '1', code: 'MIGRATED-KOSME-KB', operator_id: '1', funder_id: '2', budget: '200000000', starts_on: '2025-06-01', ends_on: '2027-02-28' },
          { id: '2', code: 'MIGRATED-KOSME-SHINHAN', operator_id: '1', funder_id: '3', budget: '80000000', starts_on: '2026-04-01', ends_on: '2026-12-31' },
        ]);
        expect(await after.query(`SELECT id, program_id FROM recommendation ORDER BY id`)).toEqual([
          { id: '1', program_id: '1' }, { id: '2', program_id: '1' }, { id: '3', program_id: '2' },
        ]);
        expect(await after.query(`SELECT id, program_id FROM funding_agreement ORDER BY id`)).toEqual([
          { id: '1', program_id: '1' }, { id: '2', program_id: '1' }, { id: '3', program_id: '2' },
        ]);
        // The program's funder is the agreement's, by a foreign key.
        await expect(after.query(`UPDATE funding_agreement SET program_id = 2 WHERE id = 1`)).rejects.toThrow(/foreign key/);

        await after.undoLastMigration({ transaction: 'each' });
        expect(await after.query(`SELECT id, status FROM funding_agreement ORDER BY id`)).toEqual([
          { id: '1', status: 'ACTIVE' }, { id: '2', status: 'DRAFT' }, { id: '3', status: 'ACTIVE' },
        ]);
        expect((await after.query(`SELECT count(*)::int AS n FROM recommendation`))[0].n).toBe(3);
        expect((await after.query(`SELECT to_regclass('program') IS NULL AS gone`))[0].gone).toBe(true);
      } finally {
        await after.destroy();
      }
    } finally {
      if (db.isInitialized) await db.destroy();
    }
  });
});

describe('R7 amended: the matching migration brings existing activities into line', () => {
  it('gives each (agreement, beneficiary) with activities a MATCHED request and an ACCEPTED match from its first activity; down keeps the activities', async () => {
    const url = await freshDatabase();
    const before = migrations.findIndex((m) => m.name === 'Matching1764800000000');
    const db = dataSourceWith(url, before);
    await db.initialize();
    const q = (sql: string) => db.query(sql);
    try {
      await db.runMigrations({ transaction: 'each' });
      await q(`INSERT INTO agency (id, code, name, kind) OVERRIDING SYSTEM VALUE VALUES
        (1, 'KOSME', 'Korea SMEs and Startups Agency', 'PUBLIC_AGENCY'), (2, 'KB', 'KB Kookmin Bank', 'FINANCIAL_INSTITUTION')`);
      await q(`INSERT INTO program (id, code, name, operator_id, funder_id, budget, starts_on, ends_on, created_by) OVERRIDING SYSTEM VALUE
        VALUES (1, 'P', 'P', 1, 2, 1000000000, '2026-01-01', '2027-12-31', 'x')`);
      await q(`INSERT INTO enterprise (id, business_registration_number, name, size, industry_code, region, employee_count) OVERRIDING SYSTEM VALUE VALUES
        (1, '1018100016', 'Supplier', 'SMALL', 'C25', 'SEOUL', 20), (2, '1018100024', 'Worksite A', 'SMALL', 'C25', 'BUSAN', 30),
        (3, '1018100032', 'Worksite B', 'MICRO', 'F41', 'ULSAN', 8)`);
      await q(`INSERT INTO safety_technology (id, provider_id, name, category, hazards, readiness_level) OVERRIDING SYSTEM VALUE
        VALUES (1, 1, 'Anchor', 'FALL_PROTECTION', ARRAY['FALL'], 9)`);
      await q(`INSERT INTO funding_agreement (id, agreement_number, program_id, funder_id, recipient_id, status, starts_on, ends_on, base_amount, outcome_budget_cap, activated_at)
        OVERRIDING SYSTEM VALUE VALUES (1, 'A-1', 1, 2, 1, 'ACTIVE', '2026-03-01', '2027-02-28', 1, 1, now())`);
      await q(`INSERT INTO improvement_activity (id, agreement_id, provider_id, beneficiary_id, technology_id, kind, title, hazards_addressed,
          workers_covered, hazards_remediated, started_on, completed_on, reported_by) OVERRIDING SYSTEM VALUE VALUES
        (1, 1, 1, 2, 1, 'TRAINING', 't', ARRAY['FALL'], 5, 0, '2026-04-01', '2026-04-02', 'x'),
        (2, 1, 1, 2, 1, 'TRAINING', 't', ARRAY['STRUCK_BY'], 7, 0, '2026-03-10', '2026-03-11', 'x'),
        (3, 1, 1, 3, 1, 'TRAINING', 't', ARRAY['FALL'], 3, 0, '2026-05-01', '2026-05-05', 'x')`);
      await db.destroy();

      const after = dataSourceWith(url, before + 1);
      await after.initialize();
      try {
        await after.runMigrations({ transaction: 'each' });
        expect(await after.query(`SELECT beneficiary_id, status, hazards, workers_at_worksite FROM support_request ORDER BY id`)).toEqual([
          { beneficiary_id: '2', status: 'MATCHED', hazards: ['FALL', 'STRUCK_BY'], workers_at_worksite: 7 },
          { beneficiary_id: '3', status: 'MATCHED', hazards: ['FALL'], workers_at_worksite: 3 },
        ]);
        expect(await after.query(`SELECT agreement_id, beneficiary_id, status, accepted_on FROM supplier_match ORDER BY id`)).toEqual([
          { agreement_id: '1', beneficiary_id: '2', status: 'ACCEPTED', accepted_on: '2026-03-11' },
          { agreement_id: '1', beneficiary_id: '3', status: 'ACCEPTED', accepted_on: '2026-05-05' },
        ]);
        expect(await after.query(`SELECT id, match_id FROM improvement_activity ORDER BY id`)).toEqual([
          { id: '1', match_id: '1' }, { id: '2', match_id: '1' }, { id: '3', match_id: '2' },
        ]);
        expect((await after.query(`SELECT ksic_section('C25') AS a, ksic_section('25112') AS b, ksic_section('41221') AS c`))[0]).toEqual({ a: 'C', b: 'C', c: 'F' });
        await after.undoLastMigration({ transaction: 'each' });
        expect((await after.query(`SELECT count(*)::int AS n FROM improvement_activity`))[0].n).toBe(3);
        expect((await after.query(`SELECT to_regclass('supplier_match') IS NULL AS gone`))[0].gone).toBe(true);
      } finally {
        await after.destroy();
      }
    } finally {
      if (db.isInitialized) await db.destroy();
    }
  });
});

describe('R20: the match suggestions migration', () => {
  it('gives every KSIC code the section the matching migration gave it, in a function PostgreSQL inlines; down restores the original', async () => {
    const url = await freshDatabase();
    const before = migrations.findIndex((m) => m.name === 'MatchSuggestions1764900000000');
    const db = dataSourceWith(url, before);
    await db.initialize();
    const codes = [
      ...'ABCDEFGHIJKLMNOPQRSTU'.split('').flatMap((letter) => [letter, `${letter}25`]),
      ...Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).flatMap((division) => [division, `${division}112`]),
    ];
    const sections = async (source: DataSource) =>
      (await source.query(`SELECT code, ksic_section(code) AS section FROM unnest($1::text[]) AS code ORDER BY code`, [codes])) as { code: string; section: string | null }[];
    const strict = async (source: DataSource) => (await source.query(`SELECT proisstrict FROM pg_proc WHERE proname = 'ksic_section'`))[0].proisstrict;
    try {
      await db.runMigrations({ transaction: 'each' });
      const original = await sections(db);
      // 21 sections as letters (alone and with digits) and the 77 two-digit divisions KSIC assigns (alone and with digits).
      expect(original.filter((row) => row.section !== null)).toHaveLength(42 + 2 * 77);
      expect(await strict(db)).toBe(true);
      await db.destroy();

      const after = dataSourceWith(url, before + 1);
      await after.initialize();
      try {
        await after.runMigrations({ transaction: 'each' });
        expect(await sections(after)).toEqual(original);
        expect((await after.query(`SELECT ksic_section(NULL) AS s`))[0].s).toBeNull();
        // Inlined: the plan holds the CASE expression, not a call of the function.
        const [plan] = await after.query(`EXPLAIN (VERBOSE, FORMAT JSON) SELECT ksic_section(industry_code) FROM enterprise`);
        expect(JSON.stringify(plan['QUERY PLAN'])).not.toMatch(/ksic_section/);
        await after.undoLastMigration({ transaction: 'each' });
        expect(await sections(after)).toEqual(original);
        expect(await strict(after)).toBe(true);
      } finally {
        await after.destroy();
      }
    } finally {
      if (db.isInitialized) await db.destroy();
    }
  });
});
