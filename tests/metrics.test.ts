import { MAX_OPERATION_LABELS } from '../src/metrics';
import { startTestApp, TestApp } from './support/test-app';
import { Actors, startWithActors } from './support/actors';

let app: TestApp;
let actors: Actors;
let metricsUrl: string;

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  metricsUrl = app.url.replace(/\/graphql$/, '/metrics');
});
afterAll(() => app?.close());

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

async function scrape(): Promise<Sample[]> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  const samples: Sample[] = [];
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string>): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

const UPDATE = `mutation MetricsUpdate($input: UpdateEnterpriseInput!) {
  updateEnterprise(input: $input) { enterprise { id } userErrors { code } }
}`;

it('counts requests by operation and outcome, errors by code (bad tokens too), and DataLoader batch sizes', async () => {
  const { admin, analyst } = actors;
  const list = await app.gql(
    'query MetricsList { enterprises(first: 20) { nodes { id safetyTechnologies { id } } } }',
    {},
    admin,
  );
  expect(list.errors).toBeUndefined();
  const id = list.data.enterprises.nodes[0].id;

  const invalid = await app.gql(UPDATE, { input: { id, employeeCount: 0 } }, admin);
  expect(invalid.data.updateEnterprise.userErrors.length).toBeGreaterThan(0);

  const forbidden = await app.gql(UPDATE, { input: { id, name: 'Renamed' } }, analyst);
  expect(forbidden.errors?.[0].extensions.code).toBe('FORBIDDEN');

  const unauthenticated = await app.gql('query MetricsList { viewer { role } }', {}, 'not-a-token');
  expect(unauthenticated.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');

  const samples = await scrape();
  expect(value(samples, 'graphql_requests_total', { operation: 'MetricsList', outcome: 'ok' })).toBe(1);
  // A token is checked before GraphQL knows the operation.
  expect(value(samples, 'graphql_requests_total', { operation: 'unknown', outcome: 'error' })).toBe(1);
  expect(value(samples, 'graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
  expect(value(samples, 'graphql_requests_total', { operation: 'MetricsUpdate', outcome: 'user_error' })).toBe(1);
  expect(value(samples, 'graphql_requests_total', { operation: 'MetricsUpdate', outcome: 'error' })).toBe(1);
  expect(value(samples, 'graphql_request_duration_seconds_count', { operation: 'MetricsList', outcome: 'ok' })).toBe(1);
  expect(value(samples, 'graphql_request_duration_seconds_count', { operation: 'MetricsUpdate', outcome: 'error' })).toBe(1);
  expect(value(samples, 'graphql_errors_total', { code: 'FORBIDDEN' })).toBe(1);

  // The 20 enterprises' technologies come from one batch of 20 keys.
  const batches = samples.filter((s) => s.name === 'dataloader_batch_size_count' && s.labels.loader.startsWith('SafetyTechnology'));
  expect(batches.length).toBeGreaterThan(0);
  const batchSum = samples.filter((s) => s.name === 'dataloader_batch_size_sum' && s.labels.loader === batches[0].labels.loader)[0].value;
  expect(batchSum).toBe(20);
});

it('reports the connection pool and process metrics on each scrape', async () => {
  const samples = await scrape();
  for (const state of ['in_use', 'idle', 'waiting']) {
    expect(value(samples, 'db_pool_connections', { pool: 'primary', state })).toBeGreaterThanOrEqual(0);
  }
  expect(value(samples, 'db_pool_connections', { pool: 'primary', state: 'idle' })).toBeGreaterThan(0);
  expect(value(samples, 'process_resident_memory_bytes', {})).toBeGreaterThan(0);
  expect(value(samples, 'nodejs_eventloop_lag_seconds', {})).toBeGreaterThanOrEqual(0);
});

it('requests without an operation name count as anonymous', async () => {
  const { admin } = actors;
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query: '{ viewer { role } }' }),
  });
  expect(response.status).toBe(200);
  const samples = await scrape();
  expect(value(samples, 'graphql_requests_total', { operation: 'anonymous', outcome: 'ok' })).toBe(1);
});

describe('Metrics are bounded and not public', () => {
  it('operation names label at most MAX_OPERATION_LABELS series; names first seen after them count as "other"', async () => {
    for (let i = 0; i < MAX_OPERATION_LABELS + 50; i++) {
      await app.gql(`query Probe${i} { viewer { role } }`, {}, null);
    }
    const operations = new Set((await scrape()).filter((s) => s.name === 'graphql_requests_total').map((s) => s.labels.operation));
    const special = ['anonymous', 'invalid', 'unknown', 'other'];
    expect([...operations].filter((name) => !special.includes(name)).length).toBeLessThanOrEqual(MAX_OPERATION_LABELS);
    expect(operations.has('other')).toBe(true);
  });

  it('with METRICS_TOKEN, /metrics needs it as a bearer token (401 without, or with another)', async () => {
    const token = 'metrics-token-of-enough-length';
    const secured = await startTestApp({ env: { METRICS_TOKEN: token } });
    try {
      const url = secured.url.replace(/\/graphql$/, '/metrics');
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(url, { headers: { authorization: 'Bearer metrics-token-of-enough-lengtX' } })).status).toBe(401);
      const ok = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toMatch(/graphql_requests_total/);
    } finally {
      await secured.close();
    }
  });

  it('with METRICS_PORT, /metrics is served there only; in production without either, nowhere', async () => {
    const port = 41000 + (process.pid % 1000);
    const separate = await startTestApp({ env: { METRICS_PORT: String(port) } });
    try {
      expect((await fetch(separate.url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/graphql_requests_total/);
    } finally {
      await separate.close();
    }
    const production = await startTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'a-production-secret-of-at-least-32-characters' } });
    try {
      expect((await fetch(production.url.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});
