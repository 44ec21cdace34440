import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { retryAfterSeconds } from '../src/rate-limit';
import WebSocket from 'ws';
import { startTestApp, TestApp } from './support/test-app';

const LIMIT = 5;
const WINDOW_SECONDS = 2;
const QUERY = '{ viewer { role } }';

let app: TestApp;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMIT_REQUESTS: String(LIMIT), RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS) } });
});
afterAll(() => app?.close());

function expectLimited(res: Awaited<ReturnType<TestApp['gql']>>): number {
  expect(res.status).toBe(429);
  expect(res.data).toBeUndefined();
  expect(res.errors![0].extensions).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(2 * WINDOW_SECONDS);
  expect(res.errors![0].extensions.retryAfterSeconds).toBe(retryAfter);
  return retryAfter;
}

it('off by default in development and test, 600 per minute in production, RATE_LIMIT_REQUESTS=0 turns it off', () => {
  expect(loadConfig({ NODE_ENV: 'test' }).rateLimit).toEqual({ requests: 0, windowSeconds: 60 });
  expect(loadConfig({ NODE_ENV: 'development' }).rateLimit.requests).toBe(0);
  const secret = 'a-production-secret-of-at-least-32-characters';
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret }).rateLimit).toEqual({ requests: 600, windowSeconds: 60 });
  expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, RATE_LIMIT_REQUESTS: '0' }).rateLimit.requests).toBe(0);
  expect(() => loadConfig({ RATE_LIMIT_REQUESTS: '-1' })).toThrow(/RATE_LIMIT_REQUESTS/);
  expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
});

it('the request over the limit gets 429 with Retry-After; another caller is unaffected; after Retry-After it passes again', async () => {
  const token = await app.token(Role.ADMIN, { subject: 'rl-busy' });
  for (let i = 0; i < LIMIT; i++) {
    const res = await app.gql(QUERY, {}, token);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  }
  const retryAfter = expectLimited(await app.gql(QUERY, {}, token));

  const other = await app.gql(QUERY, {}, await app.token(Role.ANALYST, { subject: 'rl-other' }));
  expect(other.status).toBe(200);
  expect(other.data.viewer.role).toBe('ANALYST');

  await sleep(retryAfter * 1000);
  const again = await app.gql(QUERY, {}, token);
  expect(again.status).toBe(200);
  expect(again.data.viewer.role).toBe('ADMIN');
});

it('the caller is the token subject and role: a re-issued token shares the bucket, another role of the same subject does not', async () => {
  const first = await app.token(Role.ADMIN, { subject: 'rl-reissued', expiresIn: '1h' });
  const second = await app.token(Role.ADMIN, { subject: 'rl-reissued', expiresIn: '2h' });
  expect(second).not.toBe(first);
  for (let i = 0; i < LIMIT; i++) expect((await app.gql(QUERY, {}, i % 2 ? first : second)).status).toBe(200);
  expectLimited(await app.gql(QUERY, {}, second));
  const analyst = await app.gql(QUERY, {}, await app.token(Role.ANALYST, { subject: 'rl-reissued' }));
  expect(analyst.status).toBe(200);
});

it('forged tokens and anonymous requests count against the client address, so forging buys no fresh bucket', async () => {
  for (let i = 0; i < LIMIT; i++) {
    const forged = await signToken({ subject: `rl-forged-${i}`, role: Role.ADMIN }, `another-secret-of-at-least-32-chars-${i}`);
    const res = await app.gql(QUERY, {}, forged);
    expect(res.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  }
  expectLimited(await app.gql(QUERY, {}, null));
  expectLimited(await app.gql(QUERY, {}, 'not-a-jwt'));
  const valid = await app.gql(QUERY, {}, await app.token(Role.ADMIN, { subject: 'rl-valid' }));
  expect(valid.status).toBe(200);
});

it('counters hold no subject in clear, the limiter adds nothing to sqlStatements, and old windows are pruned', async () => {
  const keys: { subject_key: string }[] = await app.db.query('SELECT subject_key FROM rate_limit_window');
  expect(keys.length).toBeGreaterThan(0);
  for (const { subject_key } of keys) {
    expect(subject_key).toMatch(/^(token:[0-9a-f]{32}|ip:.+)$/);
  }

  const token = await app.token(Role.ADMIN, { subject: 'rl-sql' });
  const res = await app.gql('{ __typename }', {}, token);
  expect(res.extensions?.sqlStatements).toBe(0);

  await app.db.query(`INSERT INTO rate_limit_window (subject_key, window_start, hits) VALUES ('token:ancient', 0, 1)`);
  // Pruning runs at most once a window, after the request that triggers it.
  await sleep(WINDOW_SECONDS * 1000);
  await app.gql(QUERY, {}, token);
  let remaining = 1;
  for (let attempt = 0; attempt < 50 && remaining > 0; attempt++) {
    await sleep(100);
    [{ remaining }] = await app.db.query(`SELECT count(*)::int AS remaining FROM rate_limit_window WHERE subject_key = 'token:ancient'`);
  }
  expect(remaining).toBe(0);
});

it('The rate limit holds while PostgreSQL cannot count: this process keeps the same limit in memory (bounded, not open)', async () => {
  const token = await app.token(Role.ADMIN, { subject: 'rl-fallback' });
  // The counter table vanishes for a moment, as writes to it would fail under load.
  await app.db.query('ALTER TABLE rate_limit_window RENAME TO rate_limit_window_away');
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 3 * LIMIT; i++) statuses.push((await app.gql(QUERY, {}, token)).status);
    const allowed = statuses.filter((status) => status === 200).length;
    // A burst this short spans at most two fixed windows of the fallback.
    expect(allowed).toBeGreaterThanOrEqual(LIMIT);
    expect(allowed).toBeLessThanOrEqual(2 * LIMIT);
    expect(statuses.filter((status) => status === 429).length).toBe(3 * LIMIT - allowed);
  } finally {
    await app.db.query('ALTER TABLE rate_limit_window_away RENAME TO rate_limit_window');
  }
});

/** A raw graphql-ws connection: sends connection_init, then each subscribe; resolves with what came back. */
function webSocketSession(token: string, subscribes: number): Promise<{ close: { code: number; reason: string }; messages: any[] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const messages: any[] = [];
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
    socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      messages.push(message);
      if (message.type === 'connection_ack') {
        for (let i = 0; i < subscribes; i++) {
          const query = `subscription { activityStatusChanged(agreementId: "${Buffer.from('FundingAgreement:1').toString('base64url')}") { id } }`;
          socket.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query } }));
        }
      }
      if (messages.filter((m) => m.type === 'error' || m.type === 'next').length === subscribes) socket.close(1000);
    });
    socket.on('close', (code, reason) => resolve({ close: { code, reason: String(reason) }, messages }));
    socket.on('error', reject);
  });
}

it('WebSocket connections and subscribe messages count against the same budget as HTTP requests', async () => {
  const token = await app.token(Role.ADMIN, { subject: 'rl-websocket' });
  // The connection is hit 1, the subscriptions hits 2 to 6: the last one is over the limit of 5.
  const session = await webSocketSession(token, LIMIT);
  // The subscribe messages are handled concurrently, so which one is counted last varies: exactly one is refused.
  const answers = session.messages.filter((m) => m.type === 'next' || m.type === 'error');
  const limited = answers.filter((m) => m.type === 'error');
  expect(limited).toEqual([
    expect.objectContaining({ payload: [expect.objectContaining({ extensions: { code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) } })] }),
  ]);
  // Within the budget the subscription runs (and is refused for its unknown agreement, as it would be over HTTP).
  const ran = answers.filter((m) => m.type === 'next').map((m) => m.payload.errors[0].extensions.code);
  expect(ran).toEqual(Array(LIMIT - 1).fill('BAD_USER_INPUT'));
  // Over the limit, a new connection is closed with 1013 (try again later), and HTTP gets 429: one budget.
  const refused = await webSocketSession(token, 0);
  expect(refused.close).toEqual({ code: 1013, reason: expect.stringMatching(/^Rate limited: retry in \d+ s$/) });
  expectLimited(await app.gql(QUERY, {}, token));
});

it('Retry-After: until the previous window fades enough, or into the next window when this one is full', () => {
  // 10 hits last window, 3 this one, 20% in: a 5th request fits once the previous weighs at most 1, at 90%.
  expect(retryAfterSeconds({ previous: 10, current: 3, elapsed: 0.2 }, 5, 60)).toBe(42);
  // This window full (6 of 5): the next request fits a third into the next window, when 6 * 2/3 + 1 = 5.
  expect(retryAfterSeconds({ previous: 0, current: 6, elapsed: 0.5 }, 5, 60)).toBe(50);
  // Exactly full, 75% in: the next window, once this one's 5 weigh at most 4 (a fifth in): 15 + 12 s.
  expect(retryAfterSeconds({ previous: 0, current: 5, elapsed: 0.75 }, 5, 60)).toBe(27);
  // Never 0: clients should not retry in a busy loop.
  expect(retryAfterSeconds({ previous: 100, current: 0, elapsed: 0.999 }, 5, 60)).toBe(1);
});
