import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { createSchema } from './schema';
import { startServer } from './server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  if (config.usingDevelopmentJwtSecret) {
    logger.warn('JWT_SECRET is not set: using the development secret; never do this in production');
  }
  const database = await openDatabase(config, logger);
  const schema = await createSchema();
  const server = await startServer({ schema, db: database.dataSource, config, logger });
  logger.info({ url: server.url, embeddedDatabase: database.embedded }, 'listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
