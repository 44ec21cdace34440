import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config';
import { buildDist } from './support/build';

const root = path.join(__dirname, '..');

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

it('defaults make a development configuration on the embedded database', () => {
  const config = loadConfig({});
  expect(config).toMatchObject({
    nodeEnv: 'development',
    port: 4000,
    databaseUrl: undefined,
    usingDevelopmentJwtSecret: true,
    shutdownTimeoutMs: 10000,
    databaseConnectTimeoutMs: 5000,
    introspection: true,
    host: '127.0.0.1',
  });
});

it('listens on 127.0.0.1 only in development on the development secret, unless HOST says otherwise', () => {
  const secret = { JWT_SECRET: 'x'.repeat(32) };
  expect(loadConfig({}).host).toBe('127.0.0.1');
  expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  expect(loadConfig({ HOST: '::' }).host).toBe('::');
  // With a secret of its own, or outside development, every interface (null) unless HOST names one.
  expect(loadConfig(secret).host).toBeNull();
  expect(loadConfig({ NODE_ENV: 'test' }).host).toBeNull();
  expect(loadConfig({ NODE_ENV: 'production', ...secret }).host).toBeNull();
  expect(loadConfig({ NODE_ENV: 'production', HOST: '10.0.0.5', ...secret }).host).toBe('10.0.0.5');
});

it.each([
  [{ PORT: 'abc' }, 'PORT: must be a whole number from 0 to 65535'],
  [{ PORT: '70000' }, 'PORT: must be a whole number from 0 to 65535'],
  [{ PORT: '' }, 'PORT: must be a whole number from 0 to 65535'],
  [{ HOST: 'localhost' }, 'HOST: must be an IP address: 127.0.0.1 for this machine only, 0.0.0.0 or :: for every interface'],
  [{ HOST: '' }, 'HOST: must be an IP address'],
  [{ NODE_ENV: 'prod' }, 'NODE_ENV: must be development, test or production'],
  [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent'],
  [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
  [{ DATABASE_REPLICA_URLS: 'postgres://a/rbf,mysql://b' }, 'DATABASE_REPLICA_URLS.1: must be a postgres:// or postgresql:// URL'],
  [{ DATABASE_POOL_SIZE: '1.5' }, 'DATABASE_POOL_SIZE: must be a whole number from 1 to 200'],
  [{ DATABASE_CONNECT_TIMEOUT_MS: '10' }, 'DATABASE_CONNECT_TIMEOUT_MS: must be a whole number from 100 to 120000'],
  [{ EMBEDDED_POSTGRES_PORT: '0' }, 'EMBEDDED_POSTGRES_PORT: must be a whole number from 1 to 65535'],
  [{ JWT_SECRET: 'too-short' }, 'JWT_SECRET: must be at least 32 characters'],
  [{ NODE_ENV: 'production' }, 'JWT_SECRET: is required when NODE_ENV=production'],
  [{ MAX_PAGE_SIZE: '0' }, 'MAX_PAGE_SIZE: must be a whole number from 1 to 1000'],
  [{ MAX_QUERY_DEPTH: '1' }, 'MAX_QUERY_DEPTH: must be a whole number from 2 to 100'],
  [{ MAX_QUERY_COST: 'lots' }, 'MAX_QUERY_COST: must be a whole number, at least 1'],
  [{ INTROSPECTION: 'maybe' }, 'INTROSPECTION: must be true or false'],
  [{ MIGRATE_ON_START: 'yes' }, 'MIGRATE_ON_START: must be true or false'],
  [{ SEED_DEMO_DATA: 'no' }, 'SEED_DEMO_DATA: must be true or false'],
  [{ SHUTDOWN_TIMEOUT: '-1' }, 'SHUTDOWN_TIMEOUT: must be a whole number from 0 to 600000'],
  [{ DATA_DIR: '' }, 'DATA_DIR: must not be empty'],
  [{ AUTH_JWKS_URL: 'idp.example/certs' }, 'AUTH_JWKS_URL: must be an http:// or https:// URL'],
  [{ AUTH_JWKS_URL: 'ftp://idp.example/certs' }, 'AUTH_JWKS_URL: must be an http:// or https:// URL'],
  [{ AUTH_JWKS_URL: 'https://idp.example/certs', AUTH_AUDIENCE: 'rbf-api' }, 'AUTH_ISSUER: is required with AUTH_JWKS_URL'],
  [{ AUTH_JWKS_URL: 'https://idp.example/certs', AUTH_ISSUER: 'https://idp.example' }, 'AUTH_AUDIENCE: is required with AUTH_JWKS_URL'],
  [{ AUTH_ISSUER: 'https://idp.example' }, 'AUTH_ISSUER: applies only with AUTH_JWKS_URL'],
  [{ AUTH_AUDIENCE: ' , ' }, 'AUTH_AUDIENCE: must name at least one audience'],
  [{ AUTH_ALGORITHMS: 'RS256,HS256' }, 'AUTH_ALGORITHMS.1: must be a comma-separated list of RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA (never none or HS*)'],
  [{ AUTH_ALGORITHMS: 'none' }, 'AUTH_ALGORITHMS.0: must be a comma-separated list of'],
  [{ AUTH_ALGORITHMS: '' }, 'AUTH_ALGORITHMS: must name at least one algorithm'],
  [{ AUTH_CLAIM_ROLE: ' role' }, 'AUTH_CLAIM_ROLE: must be a claim name without surrounding spaces'],
  [{ AUTH_CLOCK_SKEW_SECONDS: '-5' }, 'AUTH_CLOCK_SKEW_SECONDS: must be a whole number from 0 to 300'],
  [{ AUTH_JWKS_TIMEOUT_MS: '10' }, 'AUTH_JWKS_TIMEOUT_MS: must be a whole number from 100 to 60000'],
  [{ AUTH_JWKS_REFETCH_SECONDS: '0' }, 'AUTH_JWKS_REFETCH_SECONDS: must be a whole number from 1 to 3600'],
])('%j is rejected with a message naming the variable and what it allows', (env, expected) => {
  expect(configError(env)).toContain(expected);
});

// Free text by nature: any non-empty directory name is a valid DATA_DIR, any word a claim name.
const FREE_TEXT = ['DATA_DIR', 'AUTH_CLAIM_ROLE', 'AUTH_CLAIM_AGENCY', 'AUTH_CLAIM_ENTERPRISE'];
it.each(CONFIG_VARIABLES.filter((name) => !FREE_TEXT.includes(name)))('%s=nonsense is rejected with a message naming it', (name) => {
  expect(configError({ [name]: 'nonsense' })).toMatch(new RegExp(`(^|; |: )${name}(\\.\\d+)?: `));
});

it('tokens from an identity provider: its settings, and then no JWT_SECRET needed in production', () => {
  const idp = { AUTH_JWKS_URL: 'https://idp.example/realms/rbf/protocol/openid-connect/certs', AUTH_ISSUER: 'https://idp.example/realms/rbf', AUTH_AUDIENCE: 'rbf-api, rbf-bi' };
  expect(loadConfig({}).auth).toEqual({
    jwksUrl: null,
    issuer: null,
    audience: [],
    algorithms: ['RS256', 'ES256', 'EdDSA'],
    claimsNamespace: null,
    claims: { role: 'role', agency: 'agency', enterprise: 'enterprise' },
    clockSkewSeconds: 30,
    jwksTimeoutMs: 3000,
    jwksRefetchSeconds: 30,
  });
  const config = loadConfig({ NODE_ENV: 'production', ...idp, AUTH_ALGORITHMS: 'ES256', AUTH_CLAIMS_NAMESPACE: 'https://rbf.example/claims' });
  expect(config.auth).toMatchObject({ jwksUrl: idp.AUTH_JWKS_URL, audience: ['rbf-api', 'rbf-bi'], algorithms: ['ES256'], claimsNamespace: 'https://rbf.example/claims' });
  expect(config.usingDevelopmentJwtSecret).toBe(false);
});

it('names every bad variable at once, and never echoes a value (it may be a secret)', () => {
  const message = configError({ PORT: 'abc', LOG_LEVEL: 'loud', JWT_SECRET: 'hunter2-short-secret' });
  expect(message).toMatch(/^Invalid configuration: /);
  expect(message).toContain('PORT:');
  expect(message).toContain('LOG_LEVEL:');
  expect(message).toContain('JWT_SECRET:');
  expect(message).not.toContain('hunter2');
  expect(message).not.toContain('\n');
});

it('the server started with PORT=abc prints one line naming PORT and exits 1', () => {
  buildDist();
  const result = spawnSync(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: 'abc' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.status).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines).toEqual(['Invalid configuration: PORT: must be a whole number from 0 to 65535']);
}, 120_000);
