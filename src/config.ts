import { z } from 'zod';
import type { QueryLimits } from './common/query-limits';

/**
 * Every setting the server reads, validated once at start. Nothing else in
 * the code reads process.env.
 */
const booleanFlag = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1');

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// or postgresql:// URL' });

const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_REPLICA_URLS: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .pipe(z.array(postgresUrl)),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    INTROSPECTION: booleanFlag.optional(),
    MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(50000),
    MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(15),
    MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(20),
    MAX_QUERY_TOKENS: z.coerce.number().int().min(100).default(4000),
    SEED_DEMO_DATA: booleanFlag.default(true),
    MIGRATE_ON_START: booleanFlag.default(false),
    /** Adds extensions.sqlStatements to each response: for tests and benchmarks. */
    EXPOSE_SQL_COUNT: booleanFlag.default(false),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production' });
    }
  });

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string | undefined;
  databaseReplicaUrls: string[];
  databasePoolSize: number;
  dataDir: string;
  embeddedPostgresPort: number;
  jwtSecret: string;
  /** True when JWT_SECRET was not set and the development default is in use. */
  usingDevelopmentJwtSecret: boolean;
  logLevel: string;
  introspection: boolean;
  maxPageSize: number;
  queryLimits: QueryLimits;
  seedDemoData: boolean;
  /** Apply pending migrations at start against DATABASE_URL (the embedded database always is). */
  migrateOnStart: boolean;
  exposeSqlCount: boolean;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const introspection = e.INTROSPECTION ?? e.NODE_ENV !== 'production';
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrls: e.DATABASE_REPLICA_URLS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    dataDir: e.DATA_DIR,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    usingDevelopmentJwtSecret: !e.JWT_SECRET,
    logLevel: e.LOG_LEVEL,
    introspection,
    maxPageSize: e.MAX_PAGE_SIZE,
    queryLimits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxDirectives: e.MAX_QUERY_DIRECTIVES,
      maxTokens: e.MAX_QUERY_TOKENS,
      blockFieldSuggestions: !introspection,
    },
    seedDemoData: e.SEED_DEMO_DATA,
    migrateOnStart: e.MIGRATE_ON_START,
    exposeSqlCount: e.EXPOSE_SQL_COUNT,
  };
}
