import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { EmbeddedStartError } from './db/embedded';
import { openDatabase } from './db/database';
import { createLogger } from './logger';
import { createSchema } from './schema';
import { startServer } from './server';

/** Time beyond SHUTDOWN_TIMEOUT for closing the pool and stopping the embedded database. */
const SHUTDOWN_CLOSE_MARGIN_MS = 5000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  if (config.usingDevelopmentJwtSecret) {
    logger.warn('JWT_SECRET is not set: using the development secret; never do this in production');
  }
  if (config.nodeEnv === 'production' && !config.metrics.port && !config.metrics.token) {
    logger.warn('/metrics is not served: set METRICS_PORT (internal network) or METRICS_TOKEN');
  }
  const database = await openDatabase(config, logger);
  const schema = await createSchema();
  const server = await startServer({ schema, db: database.dataSource, config, logger });
  logger.info({ url: server.url, embeddedDatabase: database.embedded }, 'listening');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // New connections are refused at once; requests in flight get up to SHUTDOWN_TIMEOUT, then the pool and the database close.
    logger.info({ signal, timeoutMs: config.shutdownTimeoutMs }, 'shutting down');
    // Closing the pool or stopping the embedded database must not keep a stopping process alive forever.
    setTimeout(() => {
      logger.error('shutdown did not finish in time; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + SHUTDOWN_CLOSE_MARGIN_MS).unref();
    try {
      await server.stop();
      await database.close();
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigError || error instanceof EmbeddedStartError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
