import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { signToken } from '../../src/auth/jwt';
import { Role } from '../../src/auth/roles';
import { Config, loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { entities } from '../../src/modules';
import { createSchema } from '../../src/schema';
import { seedDemoData } from '../../src/seed/demo-data';
import { loadDemoProgram } from '../../src/seed/demo-workflow';
import { RunningServer, startServer } from '../../src/server';
import type { StreamingReplica } from './streaming-replica';

/** A GraphQL response as the client sees it, with the HTTP status. */
export interface GqlResponse<T = any> {
  status: number;
  headers: Headers;
  data: T;
  errors?: { message: string; path?: string[]; extensions: Record<string, any> }[];
  extensions?: Record<string, any>;
}

export interface TestApp {
  url: string;
  db: DataSource;
  config: Config;
  /** Runs an operation over HTTP as the given token (or none). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, token?: string | null, headers?: Record<string, string>): Promise<GqlResponse<T>>;
  token(role: Role, claims?: { agency?: string; enterprise?: string; subject?: string; expiresIn?: string | number }): Promise<string>;
  close(): Promise<void>;
}

/** The URL of database `name` on DATABASE_URL's server (or on `server`). */
export function databaseUrl(name: string, server = process.env.DATABASE_URL!): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on a connection to DATABASE_URL's own database (creating and dropping test databases). */
export async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** One SQL statement on DATABASE_URL's own database, e.g. CREATE DATABASE. */
export async function adminQuery(sql: string): Promise<void> {
  await admin((client) => client.query(sql));
}

/**
 * A real server on a random port over a fresh, migrated database of its own
 * (optionally loaded with the demo data), dropped again on close().
 */
/**
 * seed: true loads the demo registry, the call with its applications, reviews
 * and recommendations, agreements and activities (no evaluations or outcome
 * payments, so tests build those themselves); 'program' also plays the demo
 * workflow through the services, as `npm start` does.
 */
export async function startTestApp(
  options: {
    seed?: boolean | 'program';
    env?: Record<string, string>;
    logLines?: string[];
    /** A server streaming from DATABASE_URL's: the test database on it becomes DATABASE_REPLICA_URLS. */
    replica?: Pick<StreamingReplica, 'replicaUrl' | 'caughtUp'>;
  } = {},
): Promise<TestApp> {
  const name = `rbf_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(name),
    LOG_LEVEL: 'silent',
    EXPOSE_SQL_COUNT: 'true',
    ...(options.replica ? { DATABASE_REPLICA_URLS: databaseUrl(name, options.replica.replicaUrl) } : {}),
    ...options.env,
  });
  // The replica pool connects at once: wait until the standby has replayed CREATE DATABASE.
  await options.replica?.caughtUp();
  const db = createDataSource({ url: config.databaseUrl!, entities, replicaUrls: config.databaseReplicaUrls, poolSize: 20 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  if (options.seed === 'program') await loadDemoProgram(db, config, createLogger(config));
  else if (options.seed) await seedDemoData(db, config, createLogger(config));
  let server: RunningServer;
  try {
    const logLines = options.logLines;
    const logger = logLines ? createLogger(config, { write: (line: string) => void logLines.push(line) }) : createLogger(config);
    server = await startServer({ schema: await createSchema(), db, config, logger }, 0);
  } catch (error) {
    await db.destroy();
    throw error;
  }

  return {
    url: server.url,
    db,
    config,
    async gql(query, variables = {}, token = null, headers = {}) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: any; errors?: any[]; extensions?: Record<string, any> };
      return { status: response.status, headers: response.headers, ...body };
    },
    token(role, claims = {}) {
      return signToken(
        { subject: claims.subject ?? `test-${role.toLowerCase()}`, role, agency: claims.agency, enterprise: claims.enterprise },
        config.jwtSecret,
        claims.expiresIn ?? '1h',
      );
    },
    async close() {
      await server.stop();
      await db.destroy();
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
