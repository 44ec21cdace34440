import pino, { Logger } from 'pino';
import type { Config } from './config';

/** JSON lines; never logs tokens (the Authorization header is not part of any log record). */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'safety-rbf-api' } });
}
