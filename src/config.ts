import { isIP } from 'node:net';
import { z } from 'zod';
import type { QueryLimits } from './common/query-limits';
import { loadOperationAllowlist, OperationAllowlist } from './common/operation-allowlist';

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

/** A whole number in range, with a message that says what is allowed. */
function integer(min: number, max?: number) {
  const message = max === undefined ? `must be a whole number, at least ${min}` : `must be a whole number from ${min} to ${max}`;
  const range = z.number().min(min, { message });
  return z
    .string()
    .regex(/^\s*-?\d+\s*$/, { message })
    .transform(Number)
    .pipe(max === undefined ? range : range.max(max, { message }));
}

/** Signature algorithms a token from the identity provider may use: public-key ones only, never `none` or HS*. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const algorithmList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.enum(ASYMMETRIC_ALGORITHMS, { message: `must be a comma-separated list of ${ASYMMETRIC_ALGORITHMS.join(', ')} (never none or HS*)` }))
      .min(1, { message: 'must name at least one algorithm' }),
  );

const httpUrl = z.string().refine(
  (v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL' },
);

/** A key of 32 bytes in base64 (openssl rand -base64 32). */
const aes256Key = z
  .string()
  .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v.trim()) && Buffer.from(v.trim(), 'base64').length === 32, {
    message: 'must be 32 bytes in base64 (openssl rand -base64 32)',
  })
  .transform((v) => Buffer.from(v.trim(), 'base64'));

/** A claim's name in the token: not empty, no surrounding spaces. */
const claimName = z.string().regex(/^\S(.*\S)?$/, { message: 'must be a claim name without surrounding spaces' });

const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

/** 10 requests a second per caller on average: above what a UI or a paging BI export needs, below a runaway loop. */
const PRODUCTION_RATE_LIMIT = 600;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production'], { message: 'must be development, test or production' }).default('development'),
    PORT: integer(0, 65535).default(4000),
    /** The address to listen on. Default: 127.0.0.1 in development on the development secret, every interface otherwise. */
    HOST: z
      .string()
      .refine((v) => isIP(v) !== 0, { message: 'must be an IP address: 127.0.0.1 for this machine only, 0.0.0.0 or :: for every interface' })
      .optional(),
    DATABASE_URL: postgresUrl.optional(),
    DATABASE_REPLICA_URLS: z
      .string()
      .optional()
      .transform((v) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []))
      .pipe(z.array(postgresUrl)),
    DATABASE_POOL_SIZE: integer(1, 200).default(10),
    /** How long a request waits for a database connection before it fails (the database down, the pool exhausted). */
    DATABASE_CONNECT_TIMEOUT_MS: integer(100, 120000).default(5000),
    DATA_DIR: z.string().min(1, { message: 'must not be empty' }).default('.data'),
    EMBEDDED_POSTGRES_PORT: integer(1, 65535).default(54329),
    JWT_SECRET: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    /** The longest lifetime (exp minus iat) a token may claim; longer-lived tokens are refused. */
    MAX_TOKEN_LIFETIME_SECONDS: integer(60, 31 * 86400).default(86400),
    /** The identity provider's JSON Web Key Set: then only its tokens (RS/ES/EdDSA) are accepted, and HS256 ones refused. */
    AUTH_JWKS_URL: httpUrl.optional(),
    /** The `iss` its tokens must carry (required with AUTH_JWKS_URL). */
    AUTH_ISSUER: z.string().min(1, { message: 'must not be empty' }).optional(),
    /** The `aud` values accepted, comma-separated: a token must name one of them (required with AUTH_JWKS_URL). */
    AUTH_AUDIENCE: z
      .string()
      .optional()
      .transform((v) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean)))
      .pipe(z.array(z.string()).min(1, { message: 'must name at least one audience' }).optional()),
    AUTH_ALGORITHMS: algorithmList.default(['RS256', 'ES256', 'EdDSA']),
    /** An object claim that holds the role, agency and enterprise claims (as Hasura's claims_namespace); unset: top level. */
    AUTH_CLAIMS_NAMESPACE: claimName.optional(),
    AUTH_CLAIM_ROLE: claimName.default('role'),
    AUTH_CLAIM_AGENCY: claimName.default('agency'),
    AUTH_CLAIM_ENTERPRISE: claimName.default('enterprise'),
    /** How far exp, nbf and iat may be off against this server's clock. */
    AUTH_CLOCK_SKEW_SECONDS: integer(0, 300).default(30),
    /** How long a fetch of the key set may take before the request is refused. */
    AUTH_JWKS_TIMEOUT_MS: integer(100, 60000).default(3000),
    /** At most one refetch of the key set per this many seconds for tokens naming an unknown key (kid). */
    AUTH_JWKS_REFETCH_SECONDS: integer(1, 3600).default(30),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    }).default('info'),
    INTROSPECTION: booleanFlag.optional(),
    /** The GraphiQL page at GET /graphql for browsers. Default: on, except in production. */
    GRAPHIQL: booleanFlag.optional(),
    MAX_PAGE_SIZE: integer(1, 1000).default(100),
    MAX_QUERY_DEPTH: integer(2, 100).default(12),
    MAX_QUERY_COST: integer(1).default(50000),
    MAX_QUERY_ALIASES: integer(0).default(15),
    MAX_QUERY_DIRECTIVES: integer(0).default(20),
    MAX_QUERY_TOKENS: integer(100).default(4000),
    MAX_BODY_BYTES: integer(1024, 100 * 1024 * 1024).default(1024 * 1024),
    /** Requests per caller and window; 0 turns the limit off. Default: 600 in production, off otherwise. */
    RATE_LIMIT_REQUESTS: integer(0).optional(),
    RATE_LIMIT_WINDOW_SECONDS: integer(1, 3600).default(60),
    /** BI figures kept until the data changes (src/modules/stats/stats-cache.ts); 0 turns the cache off. */
    STATS_CACHE_ENTRIES: integer(0, 100000).default(1000),
    STATS_CACHE_TTL_SECONDS: integer(1, 86400).default(60),
    SEED_DEMO_DATA: booleanFlag.default(true),
    MIGRATE_ON_START: booleanFlag.default(false),
    /** Adds extensions.sqlStatements to each response: for tests and benchmarks. */
    EXPOSE_SQL_COUNT: booleanFlag.default(false),
    /** On SIGTERM, how long in-flight requests may run before their connections are cut. */
    SHUTDOWN_TIMEOUT: integer(0, 600000).default(10000),
    /** Bearer token /metrics requires on the API's port; in production metrics are served only with it or on METRICS_PORT. */
    METRICS_TOKEN: z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
    /** A port of its own for /metrics (for a scraper on the internal network); then the API's port does not serve it. */
    METRICS_PORT: integer(1, 65535).optional(),
    /** Path to a JSON manifest of the only operations the server runs (formats: src/common/operation-allowlist.ts). */
    OPERATION_ALLOWLIST: z.string().min(1, { message: 'must not be empty' }).optional(),
    /** Run the webhook delivery worker in this process (every replica by default: they share the work). */
    WEBHOOK_DELIVERIES: booleanFlag.default(true),
    /** Deliveries one process sends at the same time. */
    WEBHOOK_CONCURRENCY: integer(1, 200).default(8),
    /** The longest one attempt may take, connecting, sending and reading the answer. */
    WEBHOOK_TIMEOUT_MS: integer(500, 60000).default(10000),
    /** How often each worker looks for due deliveries besides being woken by commits. */
    WEBHOOK_POLL_INTERVAL_MS: integer(50, 60000).default(2000),
    /** The first retry's delay; the later ones are fixed multiples of it (5 s: retries over about 34 hours). */
    WEBHOOK_RETRY_BASE_MS: integer(1, 600000).default(5000),
    /** Allow endpoints on loopback, private, link-local and other non-public addresses (development and tests only). */
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFlag.default(false),
    /** Allow http:// endpoints (development and tests only). */
    WEBHOOK_ALLOW_HTTP: booleanFlag.default(false),
    /** Encrypts the endpoints' signing secrets at rest (AES-256-GCM); unset: they are stored as they are. */
    WEBHOOK_SECRETS_KEY: aes256Key.optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.JWT_SECRET && !env.AUTH_JWKS_URL) {
      ctx.addIssue({ code: 'custom', path: ['JWT_SECRET'], message: 'is required when NODE_ENV=production (unless AUTH_JWKS_URL is set)' });
    }
    if (env.AUTH_JWKS_URL) {
      if (!env.AUTH_ISSUER) ctx.addIssue({ code: 'custom', path: ['AUTH_ISSUER'], message: 'is required with AUTH_JWKS_URL' });
      if (!env.AUTH_AUDIENCE) ctx.addIssue({ code: 'custom', path: ['AUTH_AUDIENCE'], message: 'is required with AUTH_JWKS_URL' });
    } else {
      for (const name of ['AUTH_ISSUER', 'AUTH_AUDIENCE', 'AUTH_CLAIMS_NAMESPACE'] as const) {
        if (env[name] !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: 'applies only with AUTH_JWKS_URL' });
      }
    }
  });

/** The environment variables the server reads (docker-compose.yml and deployments set only these). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export interface Config {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  /** The address the server listens on; null: every interface. */
  host: string | null;
  databaseUrl: string | undefined;
  databaseReplicaUrls: string[];
  databasePoolSize: number;
  databaseConnectTimeoutMs: number;
  dataDir: string;
  embeddedPostgresPort: number;
  jwtSecret: string;
  /** Tokens whose exp lies further than this after their iat (or now) are refused. */
  maxTokenLifetimeSeconds: number;
  /**
   * Tokens from an identity provider: when jwksUrl is set, only tokens signed
   * by a key of that set with one of `algorithms`, from `issuer` for one of
   * `audience`, are accepted (HS256 ones are refused); else HS256 with jwtSecret.
   */
  auth: {
    jwksUrl: string | null;
    issuer: string | null;
    audience: string[];
    algorithms: string[];
    /** The object claim holding role, agency and enterprise; null: they are top-level claims. */
    claimsNamespace: string | null;
    claims: { role: string; agency: string; enterprise: string };
    clockSkewSeconds: number;
    jwksTimeoutMs: number;
    jwksRefetchSeconds: number;
  };
  /** True when JWT_SECRET was not set and the development default is in use. */
  usingDevelopmentJwtSecret: boolean;
  logLevel: string;
  introspection: boolean;
  /** Serve GraphiQL (all assets from this server) to browsers at GET /graphql. */
  graphiql: boolean;
  maxPageSize: number;
  queryLimits: QueryLimits;
  /** Largest request body express.json accepts; larger ones get 413. */
  maxBodyBytes: number;
  /** Per caller (token subject and role, else client IP): at most `requests` per sliding window; 0 = off. */
  rateLimit: { requests: number; windowSeconds: number };
  /** BI figures cached per process until the data changes, at most `ttlMs` old. */
  statsCache: { maxEntries: number; ttlMs: number };
  seedDemoData: boolean;
  /** Apply pending migrations at start against DATABASE_URL (the embedded database always is). */
  migrateOnStart: boolean;
  exposeSqlCount: boolean;
  shutdownTimeoutMs: number;
  /**
   * Where Prometheus scrapes: on `port` of its own, else on the API's port
   * behind `token`, else (outside production only) openly on the API's port.
   */
  metrics: { token: string | null; port: number | null; public: boolean };
  /** When set, only these operations (by sha256 of their text) run. */
  operationAllowlist: OperationAllowlist | null;
  webhooks: WebhookSettings;
}

export interface WebhookSettings {
  /** Whether this process runs the delivery worker. */
  deliveries: boolean;
  concurrency: number;
  timeoutMs: number;
  pollIntervalMs: number;
  retryBaseMs: number;
  /** What an endpoint's URL may point at (registration and every attempt). */
  allowPrivateNetworks: boolean;
  allowHttp: boolean;
  /** The AES-256-GCM key of the stored signing secrets; null: stored in the clear. */
  secretsKey: Buffer | null;
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
  let operationAllowlist: OperationAllowlist | null = null;
  if (e.OPERATION_ALLOWLIST) {
    try {
      operationAllowlist = loadOperationAllowlist(e.OPERATION_ALLOWLIST);
    } catch (error) {
      throw new ConfigError(`Invalid configuration: OPERATION_ALLOWLIST: ${(error as Error).message}`);
    }
  }
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    // A development server signs with a secret everybody can read in this repository: it answers this machine only.
    host: e.HOST ?? (e.NODE_ENV === 'development' && !e.JWT_SECRET ? '127.0.0.1' : null),
    databaseUrl: e.DATABASE_URL,
    databaseReplicaUrls: e.DATABASE_REPLICA_URLS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    dataDir: e.DATA_DIR,
    embeddedPostgresPort: e.EMBEDDED_POSTGRES_PORT,
    jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    usingDevelopmentJwtSecret: !e.JWT_SECRET && !e.AUTH_JWKS_URL,
    auth: {
      jwksUrl: e.AUTH_JWKS_URL ?? null,
      issuer: e.AUTH_ISSUER ?? null,
      audience: e.AUTH_AUDIENCE ?? [],
      algorithms: e.AUTH_ALGORITHMS,
      claimsNamespace: e.AUTH_CLAIMS_NAMESPACE ?? null,
      claims: { role: e.AUTH_CLAIM_ROLE, agency: e.AUTH_CLAIM_AGENCY, enterprise: e.AUTH_CLAIM_ENTERPRISE },
      clockSkewSeconds: e.AUTH_CLOCK_SKEW_SECONDS,
      jwksTimeoutMs: e.AUTH_JWKS_TIMEOUT_MS,
      jwksRefetchSeconds: e.AUTH_JWKS_REFETCH_SECONDS,
    },
    maxTokenLifetimeSeconds: e.MAX_TOKEN_LIFETIME_SECONDS,
    logLevel: e.LOG_LEVEL,
    introspection,
    graphiql: e.GRAPHIQL ?? e.NODE_ENV !== 'production',
    maxPageSize: e.MAX_PAGE_SIZE,
    queryLimits: {
      maxDepth: e.MAX_QUERY_DEPTH,
      maxCost: e.MAX_QUERY_COST,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxDirectives: e.MAX_QUERY_DIRECTIVES,
      maxTokens: e.MAX_QUERY_TOKENS,
      blockFieldSuggestions: !introspection,
    },
    maxBodyBytes: e.MAX_BODY_BYTES,
    rateLimit: {
      requests: e.RATE_LIMIT_REQUESTS ?? (e.NODE_ENV === 'production' ? PRODUCTION_RATE_LIMIT : 0),
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
    },
    statsCache: { maxEntries: e.STATS_CACHE_ENTRIES, ttlMs: e.STATS_CACHE_TTL_SECONDS * 1000 },
    seedDemoData: e.SEED_DEMO_DATA,
    migrateOnStart: e.MIGRATE_ON_START,
    exposeSqlCount: e.EXPOSE_SQL_COUNT,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT,
    metrics: {
      token: e.METRICS_TOKEN ?? null,
      port: e.METRICS_PORT ?? null,
      public: !e.METRICS_TOKEN && !e.METRICS_PORT && e.NODE_ENV !== 'production',
    },
    operationAllowlist,
    webhooks: {
      deliveries: e.WEBHOOK_DELIVERIES,
      concurrency: e.WEBHOOK_CONCURRENCY,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      allowHttp: e.WEBHOOK_ALLOW_HTTP,
      secretsKey: e.WEBHOOK_SECRETS_KEY ?? null,
    },
  };
}
