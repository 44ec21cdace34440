import 'reflect-metadata';
import { loadConfig } from '../config';
import { createDataSource } from '../db/data-source';
import { pendingMigrations } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded';
import { createLogger } from '../logger';
import { entities } from '../modules';
import { loadDemoProgram } from './demo-workflow';
import { seedScale } from './scale';

/** `--scale N` (or `--scale=N`): synthetic data with N activities instead of the demo program. */
function scaleArgument(argv: string[]): number | null {
  const i = argv.findIndex((arg) => arg === '--scale' || arg.startsWith('--scale='));
  if (i < 0) return null;
  const value = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error('--scale needs a positive whole number of activities');
  return n;
}

/**
 * npm run seed: loads the deterministic demo data into an empty, migrated
 * database (DATABASE_URL, or the embedded one in DATA_DIR); with --scale N,
 * synthetic data with N improvement activities (src/seed/scale.ts).
 */
async function main(): Promise<void> {
  const scale = scaleArgument(process.argv.slice(2));
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
  const dataSource = createDataSource({ url: config.databaseUrl ?? embedded!.url, entities, poolSize: 1 });
  await dataSource.initialize();
  try {
    if (embedded) await dataSource.runMigrations({ transaction: 'each' });
    const pending = await pendingMigrations(dataSource);
    if (pending.length) throw new Error(`Run "npm run migrate" first; pending: ${pending.join(', ')}`);
    const existing: unknown[] = await dataSource.query('SELECT 1 FROM agency LIMIT 1');
    if (existing.length) throw new Error('The database already holds program data; the demo data goes into an empty one');
    const started = Date.now();
    const summary =
      scale === null
        ? await loadDemoProgram(dataSource, config, createLogger(config))
        : await (async () => {
            const seeded = await dataSource.transaction((em) => seedScale((sql, params) => em.query(sql, params), scale));
            // As autovacuum would soon: the visibility map that index-only scans need, and fresh statistics.
            await dataSource.query('VACUUM (ANALYZE)');
            return { ...seeded, seconds: (Date.now() - started) / 1000 };
          })();
    console.log(JSON.stringify(summary, (_key, value) => (typeof value === 'bigint' ? value.toString() : value), 2));
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
