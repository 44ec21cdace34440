import pino, { DestinationStream, Logger } from 'pino';
import type { Config } from './config';

/**
 * JSON lines (one per request, see server.ts); readable colours when a
 * developer watches a terminal. Tokens are never logged: the Authorization
 * header is not part of any log record.
 */
export function createLogger(config: Pick<Config, 'logLevel' | 'nodeEnv'>, destination?: DestinationStream): Logger {
  const options = { level: config.logLevel, base: { service: 'safety-rbf-api' } };
  if (destination) return pino(options, destination);
  const pretty = config.nodeEnv === 'development' && process.stdout.isTTY;
  return pino({
    ...options,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'service,pid,hostname' } } } : {}),
  });
}
