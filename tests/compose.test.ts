import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../src/config';

/**
 * docker-compose.yml is plain block YAML (maps, lists of scalars, no anchors),
 * so a small indentation parser reads it; values stay strings.
 */
type Yaml = string | Yaml[] | { [key: string]: Yaml };

function parseYaml(text: string): Yaml {
  const lines = text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => ({ indent: line.length - line.trimStart().length, content: line.trim() }));
  let index = 0;
  const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  function block(indent: number): Yaml {
    if (lines[index].content.startsWith('- ')) {
      const list: Yaml[] = [];
      while (index < lines.length && lines[index].indent === indent && lines[index].content.startsWith('- ')) {
        list.push(unquote(lines[index++].content.slice(2).trim()));
      }
      return list;
    }
    const map: { [key: string]: Yaml } = {};
    while (index < lines.length && lines[index].indent === indent) {
      const { content } = lines[index++];
      const colon = content.indexOf(':');
      const key = content.slice(0, colon);
      const value = content.slice(colon + 1).trim();
      map[key] = value !== '' ? unquote(value) : index < lines.length && lines[index].indent > indent ? block(lines[index].indent) : '';
    }
    return map;
  }
  return block(0);
}

const compose = parseYaml(readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8')) as any;
const api = compose.services.api;

it('runs two services, postgres and api, the API on port 4000 after PostgreSQL is healthy', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['api', 'postgres']);
  expect(api.ports).toEqual(['4000:4000']);
  expect(api.environment.PORT).toBe('4000');
  expect(api.depends_on.postgres.condition).toBe('service_healthy');
  expect(compose.services.postgres.healthcheck.test).toMatch(/pg_isready/);
  expect(api.healthcheck.test).toMatch(/\/readyz/);
});

it('the api service sets only settings that src/config.ts knows', () => {
  const unknown = Object.keys(api.environment).filter((name) => !CONFIG_VARIABLES.includes(name));
  expect(unknown).toEqual([]);
});

it('DATABASE_URL points at the postgres service with its user, password and database', () => {
  const url = new URL(api.environment.DATABASE_URL);
  const postgres = compose.services.postgres.environment;
  expect(url.protocol).toBe('postgres:');
  expect(url.hostname).toBe('postgres');
  expect(url.port).toBe('5432');
  expect(url.username).toBe(postgres.POSTGRES_USER);
  expect(url.password).toBe(postgres.POSTGRES_PASSWORD);
  expect(url.pathname).toBe(`/${postgres.POSTGRES_DB}`);
});

it('the api environment is a valid production configuration once JWT_SECRET is supplied', () => {
  expect(api.environment.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
  const env = { ...api.environment, JWT_SECRET: 'x'.repeat(32) };
  const config = loadConfig(env);
  expect(config).toMatchObject({ nodeEnv: 'production', port: 4000, migrateOnStart: true, usingDevelopmentJwtSecret: false });
  // Docker sends SIGKILL after stop_grace_period: draining must fit inside it.
  expect(Number(api.stop_grace_period.replace(/s$/, '')) * 1000).toBeGreaterThan(config.shutdownTimeoutMs);
});

it('serves what its comment promises: GraphiQL at http://localhost:4000/graphql, its docs by introspection, on every interface of the container', () => {
  const text = readFileSync(path.join(__dirname, '..', 'docker-compose.yml'), 'utf8');
  const header = text.slice(0, text.indexOf('\nservices:'));
  expect(header).toMatch(/http:\/\/localhost:4000\/graphql, and GraphiQL there in a\s+# browser/);
  const config = loadConfig({ ...api.environment, JWT_SECRET: 'x'.repeat(32) });
  // In production mode GraphiQL is off unless asked for: the page would answer a CSRF error instead.
  expect(config).toMatchObject({ graphiql: true, introspection: true, host: null });
  // The commands the comment gives exist in the image (built from these sources).
  const scripts = [...header.matchAll(/node dist\/(\S+)\.js/g)].map(([, script]) => `${script}.ts`);
  expect(scripts).toEqual(['src/auth/token-cli.ts', 'src/seed/seed-cli.ts']);
  for (const script of scripts) expect(existsSync(path.join(__dirname, '..', script))).toBe(true);
});

it('the image runs as a non-root user with production dependencies only and a health check', () => {
  const dockerfile = readFileSync(path.join(__dirname, '..', 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  expect(runtime).toMatch(/^USER node$/m);
  expect(runtime).toMatch(/npm ci --omit=dev/);
  expect(runtime).toMatch(/^ENV NODE_ENV=production$/m);
  expect(runtime).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  expect(runtime).not.toMatch(/COPY (\.|src) /);
});
