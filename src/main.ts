import 'reflect-metadata';
import { ConfigError, loadConfig } from './config';
import { EmbeddedStartError } from './db/embedded';
import { DatabaseStartError, openDatabase } from './db/database';
import { createLogger } from './logger';
import { createSchema } from './schema';
import { ListenError, RunningServer, startServer } from './server';

/** Time beyond SHUTDOWN_TIMEOUT for closing the pool and stopping the embedded database. */
const SHUTDOWN_CLOSE_MARGIN_MS = 5000;

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  if (config.usingDevelopmentJwtSecret) {
    const thisMachineOnly = config.host !== null && (/^127\./.test(config.host) || config.host === '::1');
    logger.warn(
      thisMachineOnly
        ? `JWT_SECRET is not set: using the development secret, so the server listens on ${config.host} only (set HOST to change it); never do this in production`
        : 'JWT_SECRET is not set: using the development secret, which anyone can read, on a server other machines can reach; never do this in production',
    );
  }
  if (config.nodeEnv === 'production' && !config.metrics.port && !config.metrics.token) {
    logger.warn('/metrics is not served: set METRICS_PORT (internal network) or METRICS_TOKEN');
  }
  const database = await openDatabase(config, logger);
  let server: RunningServer;
  try {
    server = await startServer({ schema: await createSchema(), db: database.dataSource, config, logger });
  } catch (error) {
    // The embedded PostgreSQL runs in a process group of its own: a failed start must not leave it behind.
    await database.close();
    throw error;
  }
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
  // Only now: whoever waits for this line may stop the server at once, and the handlers above must catch that.
  logger.info(
    {
      url: server.url,
      address: server.address,
      ...(server.metricsAddress ? { metricsAddress: server.metricsAddress } : {}),
      embeddedDatabase: database.embedded,
    },
    'listening',
  );
}

/** Start-up failures a person fixes by changing a setting or stopping something: one line, no stack. */
const ONE_LINE_ERRORS = [ConfigError, EmbeddedStartError, DatabaseStartError, ListenError];

main().catch((error) => {
  if (ONE_LINE_ERRORS.some((kind) => error instanceof kind)) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
