import pino, { Logger } from 'pino';
import type { Config } from './config';

/**
 * JSON lines (one per request, see server.ts); readable colours when a
 * developer watches a terminal. Tokens are never logged: the Authorization
 * header is not part of any log record.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'nodeEnv'>): Logger {
  const pretty = config.nodeEnv === 'development' && process.stdout.isTTY;
  return pino({
    level: config.logLevel,
    base: { service: 'safety-rbf-api' },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'service,pid,hostname' } } } : {}),
  });
}
