import 'reflect-metadata';
import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { entities } from '../modules';
import { createDataSource } from './data-source';
import { pendingMigrations } from './database';
import { startEmbeddedPostgres } from './embedded';

/**
 * npm run migrate            applies pending migrations
 * npm run migrate -- status  lists pending ones (exit code 1 when any)
 * Against DATABASE_URL, or the embedded database in DATA_DIR without it.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const statusOnly = process.argv.includes('status');
  const embedded = config.databaseUrl
    ? null
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPostgresPort });
  const dataSource = createDataSource({ url: config.databaseUrl ?? embedded!.url, entities, poolSize: 1 });
  await dataSource.initialize();
  let exitCode = 0;
  try {
    const pending = await pendingMigrations(dataSource);
    if (statusOnly) {
      console.log(pending.length ? `pending: ${pending.join(', ')}` : 'up to date');
      exitCode = pending.length ? 1 : 0;
    } else {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      logger.info({ applied: applied.map((m) => m.name) }, applied.length ? 'applied migrations' : 'nothing to apply');
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
