import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { createLogger } from '../src/logger';
import { entities } from '../src/modules';
import { seedDemoData } from '../src/seed/demo-data';
import { ensureTestProgram } from './support/actors';
import { buildDist } from './support/build';
import { gid } from './support/ids';
import { adminQuery as admin, databaseUrl as urlFor, GqlResponse, TestApp } from './support/test-app';
import { sleep, WebhookReceiver } from './support/webhook-receiver';

/**
 * Webhook deliveries across API processes, each started as production starts
 * it (node dist/src/main.js) on one database: two processes share the work
 * (FOR UPDATE SKIP LOCKED) without sending an event twice; both killed with
 * SIGKILL in the middle of deliveries, a new one delivers everything, the
 * interrupted attempts once their lease is over. Last, the figures for the
 * issue's closing note, with the API in a process of its own.
 */
const root = path.join(__dirname, '..');
const secret = 'webhook-processes-secret-0123456789abcdef';
const name = `rbf_webhooks_${randomBytes(6).toString('hex')}`;
const TIMEOUT_MS = 1000;
/** leaseMs() of the worker at TIMEOUT_MS. */
const LEASE_MS = 2 * TIMEOUT_MS + 1000;
let db: DataSource;
let databaseUrl: string;
let programId: string;
const running: Api[] = [];
const receivers: WebhookReceiver[] = [];

interface Api {
  child: ChildProcess;
  url: string;
  base: string;
  exited: Promise<number | null>;
}

function startApi(env: Record<string, string> = {}): Promise<Api> {
  const port = 45000 + Math.floor(Math.random() * 3000);
  const child = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: secret,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_POLL_INTERVAL_MS: '200',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const api = { child, url: `http://127.0.0.1:${port}/graphql`, base: `http://127.0.0.1:${port}`, exited };
  running.push(api);
  return (async () => {
    const gone = exited.then((code) => {
      throw new Error(`the API exited with ${code} before it was ready:\n${output}`);
    });
    // Once ready, its exit (a kill at the end of a test) is no failure.
    gone.catch(() => undefined);
    for (const until = Date.now() + 60_000; Date.now() < until; await sleep(100)) {
      const ready = await Promise.race([fetch(`${api.base}/readyz`).then((r) => r.ok, () => false), gone]);
      if (ready) return api;
    }
    throw new Error(`the API was not ready within 60 s:\n${output}`);
  })();
}

async function kill(api: Api): Promise<void> {
  api.child.kill('SIGKILL');
  await api.exited;
  running.splice(running.indexOf(api), 1);
}

async function stop(api: Api): Promise<void> {
  api.child.kill('SIGTERM');
  await api.exited;
  running.splice(running.indexOf(api), 1);
}

/** What the operations of tests/support need of an app, for a server in another process. */
function client(api: Api): Pick<TestApp, 'gql' | 'db' | 'url'> {
  return {
    url: api.url,
    db,
    async gql(query, variables = {}, token = null) {
      const response = await fetch(api.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, headers: response.headers, ...((await response.json()) as any) } as GqlResponse;
    },
  };
}

const tokens = {
  kb: () => signToken({ subject: 'kb-integrator', role: Role.FUNDER_OFFICER, agency: 'KB' }, secret),
  kosme: () => signToken({ subject: 'kosme-officer', role: Role.AGENCY_OFFICER, agency: 'KOSME' }, secret),
};

async function receiver(): Promise<WebhookReceiver> {
  const started = await WebhookReceiver.start();
  receivers.push(started);
  return started;
}

async function createEndpoint(api: Api, token: string, input: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await client(api).gql(
    `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { signingSecret webhookEndpoint { id } userErrors { code field message } } }`,
    { input },
    token,
  );
  expect(res.data.createWebhookEndpoint.userErrors).toEqual([]);
  return { id: res.data.createWebhookEndpoint.webhookEndpoint.id, secret: res.data.createWebhookEndpoint.signingSecret };
}

let serial = 0;
/** One event KB's officers see (a support request under KB's test program), through `api`. */
async function kbEvent(api: Api, token: string): Promise<void> {
  serial += 1;
  const [beneficiary] = await db.query('SELECT id FROM enterprise ORDER BY id LIMIT 1 OFFSET $1', [serial % 100]);
  const res = await client(api).gql(
    `mutation($input: SubmitSupportRequestInput!) { submitSupportRequest(input: $input) { supportRequest { id } userErrors { code field message } } }`,
    {
      input: {
        programId,
        beneficiaryId: gid('Enterprise', String(beneficiary.id)),
        worksiteName: `Worksite ${serial}`,
        worksiteRegion: 'SEOUL',
        workersAtWorksite: 12,
        hazards: ['FALL'],
        needs: 'Guard rails.',
      },
    },
    token,
  );
  expect(res.errors).toBeUndefined();
  expect(res.data.submitSupportRequest.userErrors).toEqual([]);
}

/** The global ids of the events KB's officers may see after feed position `after` (what KB's endpoint is owed), by SQL. */
async function kbEventIdsAfter(after: number): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT e.id FROM business_event e JOIN support_request r ON e.subject_type = 'SupportRequest' AND r.id = e.subject_id
       JOIN program p ON p.id = r.program_id JOIN agency f ON f.id = p.funder_id AND f.code = 'KB'
      WHERE e.id > $1 ORDER BY e.id`,
    [after],
  );
  return rows.map((row) => gid('Event', String(row.id)));
}

const feedEnd = async () => Number((await db.query('SELECT coalesce(max(id), 0) AS last FROM business_event'))[0].last);

/** Successful attempts this process has made, from its /metrics. */
async function succeededAttempts(api: Api): Promise<number> {
  const text = await (await fetch(`${api.base}/metrics`)).text();
  return Number(/^webhook_delivery_attempts_total\{outcome="succeeded"\} (\S+)$/m.exec(text)?.[1] ?? 0);
}

beforeAll(async () => {
  buildDist();
  await admin(`CREATE DATABASE ${name}`);
  databaseUrl = urlFor(name);
  db = createDataSource({ url: databaseUrl, entities, poolSize: 4 });
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });
  await seedDemoData(db, config, createLogger(config));
  const [kb] = await db.query(`SELECT id FROM agency WHERE code = 'KB'`);
  programId = gid('Program', await ensureTestProgram({ db } as TestApp, String(kb.id)));
}, 180_000);
afterAll(async () => {
  for (const api of [...running]) await kill(api);
  for (const r of receivers) await r.close();
  await db?.destroy();
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

let endpoint: { id: string; secret: string };
let hooks: WebhookReceiver;
let createdAt: number;

it('two API processes share the deliveries: every event delivered once, both processes sending, none sent twice at the same time', async () => {
  const [first, second] = await Promise.all([startApi({ WEBHOOK_CONCURRENCY: '4' }), startApi({ WEBHOOK_CONCURRENCY: '4' })]);
  hooks = await receiver();
  // A receiver that takes a moment per request, so that one process alone cannot take every delivery.
  hooks.answerDelayMs = 30;
  createdAt = await feedEnd();
  endpoint = await createEndpoint(first, await tokens.kb(), { url: hooks.url });
  hooks.secrets = [endpoint.secret];
  const kosme = await tokens.kosme();
  for (let i = 0; i < 60; i++) await kbEvent(i % 2 ? first : second, kosme);
  const expected = await kbEventIdsAfter(createdAt);
  expect(expected).toHaveLength(60);
  await hooks.untilAcknowledged(expected, 60_000);
  await sleep(500);

  expect([...hooks.acknowledged().values()].every((count) => count === 1)).toBe(true);
  expect(hooks.requests).toHaveLength(60);
  const [a, b] = [await succeededAttempts(first), await succeededAttempts(second)];
  expect(a + b).toBe(60);
  expect(a).toBeGreaterThan(0);
  expect(b).toBeGreaterThan(0);
}, 120_000);

it('both processes killed (SIGKILL) mid-delivery: a new one delivers every event, the interrupted ones after their lease, each acknowledged', async () => {
  const [first, second] = running;
  // Every new event's first attempt is held open until the processes are dead; later attempts are answered at once.
  hooks.answerDelayMs = 0;
  const before = hooks.requests.length;
  hooks.answer = (request) => (request.attempt === 1 ? 'hold' : 200);
  const from = await feedEnd();
  const kosme = await tokens.kosme();
  for (let i = 0; i < 12; i++) await kbEvent(i % 2 ? first : second, kosme);
  const expected = await kbEventIdsAfter(from);
  await hooks.until(() => hooks.requests.length - before >= 8, 20_000, 'both processes to be sending');
  const interrupted = hooks.requests.slice(before).map((request) => request.id);
  // The held requests are never answered: their senders are gone.
  await Promise.all([kill(first), kill(second)]);

  // Claimed and not acknowledged: still PENDING, its attempt counted, due again when the lease ends.
  const claimed: { status: string; attempts: number; leased: boolean }[] = await db.query(
    `SELECT status, attempts, next_attempt_at > now() AS leased FROM webhook_delivery
      WHERE event_id = ANY($1::bigint[]) AND attempts > 0`,
    [interrupted.map((id) => Buffer.from(id, 'base64url').toString().split(':')[1])],
  );
  expect(claimed.length).toBe(interrupted.length);
  expect(claimed.every((row) => row.status === 'PENDING' && row.attempts === 1)).toBe(true);

  hooks.answer = () => 200;
  const restarted = await startApi();
  await hooks.untilAcknowledged(expected, 60_000);
  // Nothing lost: every event KB may see since the endpoint was created was acknowledged.
  const acknowledged = hooks.acknowledged();
  expect((await kbEventIdsAfter(createdAt)).filter((id) => !acknowledged.has(id))).toEqual([]);
  // The interrupted attempts were tried again only once their lease (taken just before the first attempt arrived) was over.
  for (const id of interrupted) {
    const [attempt, retry] = hooks.requests.filter((request) => request.id === id);
    expect(attempt.status).toBeNull();
    expect(retry.status).toBe(200);
    expect(retry.receivedAt - attempt.receivedAt).toBeGreaterThanOrEqual(LEASE_MS - 250);
  }
  // The log says so once the last outcomes are recorded (just after the receiver answered).
  const statuses = async () =>
    (await db.query(`SELECT status FROM webhook_delivery WHERE event_id = ANY($1::bigint[])`, [
      expected.map((id) => Buffer.from(id, 'base64url').toString().split(':')[1]),
    ])).map((row: { status: string }) => row.status);
  for (const until = Date.now() + 5000; Date.now() < until && (await statuses()).some((status: string) => status !== 'SUCCEEDED'); ) await sleep(50);
  expect(new Set(await statuses())).toEqual(new Set(['SUCCEEDED']));
  await stop(restarted);
}, 120_000);

/** p-th percentile (nearest rank) of sorted values. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Commit-to-receipt delays in ms of the receiver's requests, sorted: receipt time minus the event's time (its mutation's). */
function delays(receiver: WebhookReceiver): number[] {
  return receiver.requests.map((request) => request.receivedAt - Date.parse(request.payload.timestamp)).sort((a, b) => a - b);
}

it('measurement for the closing note (printed, not asserted): events/s and commit-to-delivery delay, the API in a process of its own', async () => {
  await db.query('UPDATE webhook_endpoint SET enabled = false');
  const api = await startApi({ WEBHOOK_CONCURRENCY: '8' });
  const kosme = await tokens.kosme();
  const lines: string[] = [];

  // Paced: 300 mutations at 25 a second (below what the API can take), each one event.
  const paced = await receiver();
  await createEndpoint(api, kosme, { url: paced.url, eventTypes: ['SUPPORT_REQUEST_SUBMITTED'] });
  const pacedCount = 300;
  await Promise.all(Array.from({ length: pacedCount }, async (_, i) => {
    await sleep(i * 40);
    await kbEvent(api, kosme);
  }));
  await paced.until(() => paced.acknowledged().size >= pacedCount, 120_000);
  const pacedDelays = delays(paced);
  lines.push(`paced, ${pacedCount} mutations at 25/s: commit -> delivery p50 ${percentile(pacedDelays, 50)} ms, p99 ${percentile(pacedDelays, 99)} ms, max ${pacedDelays[pacedDelays.length - 1]} ms`);

  // Saturated: 500 mutations, 8 at a time without pause: the API's own limit on this machine.
  await updateEnabled(api, kosme, false);
  const live = await receiver();
  await createEndpoint(api, kosme, { url: live.url, eventTypes: ['SUPPORT_REQUEST_SUBMITTED'] });
  const count = 500;
  const started = Date.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (issued < count) {
        issued += 1;
        await kbEvent(api, kosme);
      }
    }),
  );
  const committed = Date.now();
  await live.until(() => live.acknowledged().size >= count, 120_000);
  const liveDelays = delays(live);
  const lastReceived = Math.max(...live.requests.map((request) => request.receivedAt));
  lines.push(
    `saturated, ${count} mutations 8 at a time in ${((committed - started) / 1000).toFixed(1)} s (${Math.round(count / ((committed - started) / 1000))}/s): ` +
      `commit -> delivery p50 ${percentile(liveDelays, 50)} ms, p99 ${percentile(liveDelays, 99)} ms; the last delivered ${lastReceived - committed} ms after the last commit`,
  );

  // Burst: 3000 events committed at once (one statement, as a large import would), then drained.
  await updateEnabled(api, kosme, false);
  const burst = await receiver();
  await createEndpoint(api, kosme, { url: burst.url, eventTypes: ['SUPPORT_REQUEST_WITHDRAWN'] });
  const [request] = await db.query(`SELECT id FROM support_request ORDER BY id LIMIT 1`);
  const burstCount = 3000;
  const burstStart = Date.now();
  await db.query(
    `INSERT INTO business_event (type, occurred_at, subject_type, subject_id, data)
     SELECT 'SUPPORT_REQUEST_WITHDRAWN', now(), 'SupportRequest', $1, '{}' FROM generate_series(1, $2)`,
    [request.id, burstCount],
  );
  await burst.until(() => burst.acknowledged().size >= burstCount, 300_000);
  const burstSeconds = (Math.max(...burst.requests.map((r) => r.receivedAt)) - burstStart) / 1000;
  const burstDelays = delays(burst);
  lines.push(
    `burst, ${burstCount} events in one commit: all delivered in ${burstSeconds.toFixed(2)} s = ${Math.round(burstCount / burstSeconds)} events/s ` +
      `(one process, WEBHOOK_CONCURRENCY 8); commit -> delivery p50 ${percentile(burstDelays, 50)} ms, p99 ${percentile(burstDelays, 99)} ms`,
  );
  console.log(`webhook delivery, receiver answering 200 at once:\n${lines.join('\n')}`);
  expect(burst.acknowledged().size).toBe(burstCount);
  await stop(api);
}, 400_000);

/** Disables every endpoint of the caller's agency that is enabled, through the API. */
async function updateEnabled(api: Api, token: string, enabled: boolean): Promise<void> {
  const list = await client(api).gql(`{ webhookEndpoints(first: 100) { nodes { id enabled } } }`, {}, token);
  for (const endpoint of list.data.webhookEndpoints.nodes.filter((e: { enabled: boolean }) => e.enabled !== enabled)) {
    await client(api).gql(
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { userErrors { code } } }`,
      { input: { id: endpoint.id, enabled } },
      token,
    );
  }
}
