import { randomBytes } from 'node:crypto';
import { addressAllowed, guardedLookup, RefusedAddressError } from '../src/modules/webhooks/webhook-url';
import { WebhookSender } from '../src/modules/webhooks/webhook-sender';
import { Actors, addSecondFunder, startWithActors } from './support/actors';
import { seoulDay } from './support/dates';
import { gid } from './support/ids';
import * as api from './support/operations';
import { TestApp } from './support/test-app';
import { sleep, verifies, WebhookReceiver } from './support/webhook-receiver';

/**
 * Signed webhooks over the event feed (Standard Webhooks), through the API
 * against a real receiver on 127.0.0.1 that verifies every request with the
 * standardwebhooks library. The retry base is 200 ms here, so the schedule
 * (base × 1, 6, 24, ...) plays in seconds.
 */
const RETRY_BASE_MS = 200;
const SECRETS_KEY = randomBytes(32).toString('base64');

let app: TestApp;
let actors: Actors;
const receivers: WebhookReceiver[] = [];

async function receiver(): Promise<WebhookReceiver> {
  const started = await WebhookReceiver.start();
  receivers.push(started);
  return started;
}

beforeAll(async () => {
  ({ app, actors } = await startWithActors({
    seed: true,
    env: {
      WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE_MS),
      WEBHOOK_POLL_INTERVAL_MS: '200',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_SECRETS_KEY: SECRETS_KEY,
    },
  }));
  await addSecondFunder(app);
}, 120_000);
afterAll(async () => {
  await app?.close();
  for (const r of receivers) await r.close();
});

const ENDPOINT_FIELDS = 'id url description eventTypes enabled createdAt updatedAt secretRotatedAt previousSecretExpiresAt agency { code }';
const USER_ERRORS = 'userErrors { code field message }';

const CREATE = `mutation Create($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { signingSecret webhookEndpoint { ${ENDPOINT_FIELDS} } ${USER_ERRORS} }
}`;
const UPDATE = `mutation Update($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) { webhookEndpoint { ${ENDPOINT_FIELDS} } ${USER_ERRORS} }
}`;
const ROTATE = `mutation Rotate($input: RotateWebhookEndpointSecretInput!) {
  rotateWebhookEndpointSecret(input: $input) { signingSecret webhookEndpoint { ${ENDPOINT_FIELDS} } ${USER_ERRORS} }
}`;
const DELIVERY_FIELDS = 'id webhookId status attempts createdAt lastAttemptAt lastResponseStatus lastResponseBody lastError nextAttemptAt deliveredAt event { id type } endpoint { id }';
const REDELIVER = `mutation Redeliver($input: RedeliverWebhookDeliveryInput!) {
  redeliverWebhookDelivery(input: $input) { webhookDelivery { ${DELIVERY_FIELDS} } ${USER_ERRORS} }
}`;
const DELIVERIES = `query Deliveries($endpointId: ID!, $first: Int, $after: String, $status: [WebhookDeliveryStatus!]) {
  webhookDeliveries(endpointId: $endpointId, first: $first, after: $after, filter: { status: $status }) {
    totalCount pageInfo { hasNextPage endCursor } nodes { ${DELIVERY_FIELDS} }
  }
}`;
const EVENTS = `query Feed($first: Int, $after: String, $last: Int) {
  events(first: $first, after: $after, last: $last) { pageInfo { hasNextPage endCursor } nodes { id type } }
}`;

/** Registers an endpoint that must be accepted; returns its id and secret. */
async function createEndpoint(token: string, input: Record<string, unknown>): Promise<{ id: string; secret: string; endpoint: any }> {
  const res = await app.gql(CREATE, { input }, token);
  expect(res.errors).toBeUndefined();
  expect(res.data.createWebhookEndpoint.userErrors).toEqual([]);
  const { webhookEndpoint, signingSecret } = res.data.createWebhookEndpoint;
  return { id: webhookEndpoint.id, secret: signingSecret, endpoint: webhookEndpoint };
}

/** Where a consumer of the feed stands now: the cursor of the last event the token sees. */
async function feedCursor(token: string): Promise<string | null> {
  const res = await app.gql(EVENTS, { last: 1 }, token);
  return res.data.events.pageInfo.endCursor;
}

/** The ids of the events the token sees after `cursor`: what its agency's endpoint must be delivered. */
async function feedAfter(token: string, cursor: string | null): Promise<{ id: string; type: string }[]> {
  const events: { id: string; type: string }[] = [];
  let after = cursor;
  for (;;) {
    const res = await app.gql(EVENTS, { first: 100, after }, token);
    events.push(...res.data.events.nodes);
    if (!res.data.events.pageInfo.hasNextPage) return events;
    after = res.data.events.pageInfo.endCursor;
  }
}

async function deliveryLog(token: string, endpointId: string, status?: string[]): Promise<any[]> {
  const res = await app.gql(DELIVERIES, { endpointId, first: 100, status }, token);
  expect(res.errors).toBeUndefined();
  return res.data.webhookDeliveries.nodes;
}

/** The delivery log once the worker has saved every answer: the receiver answers before the worker records it, so a log read at once may lag by one attempt. */
async function settledLog(token: string, endpointId: string): Promise<any[]> {
  for (const deadline = Date.now() + 5_000; ; await sleep(50)) {
    const log = await deliveryLog(token, endpointId);
    if (log.every((delivery) => delivery.status !== 'PENDING') || Date.now() > deadline) return log;
  }
}

const TARGET = { metric: 'VERIFIED_ACTIVITIES', periodStart: seoulDay(-30), periodEnd: seoulDay(300), targetValue: 10, maxPayout: '10000000', payoutRule: { kind: 'ALL_OR_NOTHING' } };

let serial = 0;
/** One event KB's officers see: KOSME records a support request under KB's test program. */
async function kbEvent(): Promise<void> {
  serial += 1;
  const [beneficiary] = await app.db.query('SELECT id FROM enterprise ORDER BY id DESC LIMIT 1 OFFSET $1', [serial % 50]);
  const programId = await api.testProgram(app, await api.agencyGid(app, 'KB'));
  await api.perform(app, 'submitSupportRequest', {
    programId,
    beneficiaryId: gid('Enterprise', String(beneficiary.id)),
    worksiteName: `Webhook worksite ${process.pid}-${serial}`,
    worksiteRegion: 'SEOUL',
    workersAtWorksite: 12,
    hazards: ['FALL'],
    needs: 'Guard rails.',
  }, actors.kosme);
}

describe('signed deliveries, retried with backoff until acknowledged', () => {
  it('the secret is shown once; every event KB may see arrives signed, the first two attempts fail, the third is acknowledged, and the log says so', async () => {
    const hooks = await receiver();
    // Down for the first two attempts of every event, then up.
    hooks.answer = (request) => (request.attempt <= 2 ? 500 : 200);
    const cursor = await feedCursor(actors.kb);
    const { id, secret, endpoint } = await createEndpoint(actors.kb, { url: hooks.url, description: 'KB back office' });
    hooks.secrets = [secret];
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(endpoint).toMatchObject({ url: hooks.url, description: 'KB back office', eventTypes: [], enabled: true, agency: { code: 'KB' }, secretRotatedAt: null });

    // Not readable again: no field of the endpoint carries it, and the database keeps it encrypted.
    const node = await app.gql(`query($id: ID!) { node(id: $id) { ... on WebhookEndpoint { ${ENDPOINT_FIELDS} } } }`, { id }, actors.kb);
    expect(JSON.stringify(node.data)).not.toContain(secret.slice(6));
    const [stored] = await app.db.query('SELECT secret FROM webhook_endpoint ORDER BY id DESC LIMIT 1');
    expect(stored.secret).toMatch(/^aes256gcm:/);
    expect(stored.secret).not.toContain(secret.slice(6));

    await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [TARGET] });
    const expected = await feedAfter(actors.kb, cursor);
    expect(expected.map((event) => event.type)).toEqual(['RECOMMENDATION_MADE', 'RECOMMENDATION_ACCEPTED', 'AGREEMENT_ACTIVATED', 'DISBURSEMENT_SCHEDULED']);
    await hooks.untilAcknowledged(expected.map((event) => event.id));

    for (const event of expected) {
      const attempts = hooks.requests.filter((request) => request.id === event.id);
      expect(attempts.map((request) => request.status)).toEqual([500, 500, 200]);
      // Every attempt is the same signed body, with the event's id as webhook-id and in the payload.
      expect(new Set(attempts.map((request) => request.body)).size).toBe(1);
      expect(attempts.every((request) => verifies(secret, request))).toBe(true);
      expect(attempts[0].payload).toMatchObject({ type: event.type, data: { id: event.id } });
      // Backoff with ±20 % jitter: about 1 and 6 times the base.
      const firstWait = attempts[1].receivedAt - attempts[0].receivedAt;
      const secondWait = attempts[2].receivedAt - attempts[1].receivedAt;
      expect(firstWait).toBeGreaterThanOrEqual(RETRY_BASE_MS * 0.8 - 20);
      expect(secondWait).toBeGreaterThanOrEqual(RETRY_BASE_MS * 6 * 0.8 - 20);
      expect(secondWait).toBeGreaterThan(firstWait);
    }
    // Acknowledged exactly once each.
    expect([...hooks.acknowledged().values()]).toEqual(expected.map(() => 1));

    const log = await settledLog(actors.kb, id);
    expect(log.map((delivery) => delivery.webhookId)).toEqual(expected.map((event) => event.id).reverse());
    for (const delivery of log) {
      expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 3, lastResponseStatus: 200, lastResponseBody: 'ok', lastError: null, nextAttemptAt: null, endpoint: { id } });
      expect(delivery.event.id).toBe(delivery.webhookId);
      expect(Date.parse(delivery.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(delivery.lastAttemptAt));
    }
    expect((await deliveryLog(actors.kb, id, ['PENDING', 'FAILED'])).length).toBe(0);
  });

  it('an endpoint that keeps failing: the log shows the attempts, the last status, body and error, and when the next attempt is due; disabling it stops every delivery, enabling it resumes where it stopped', async () => {
    const hooks = await receiver();
    hooks.answer = () => 503;
    const { id } = await createEndpoint(actors.kb, { url: hooks.url });
    const cursor = await feedCursor(actors.kb);
    await kbEvent();
    const [event] = await feedAfter(actors.kb, cursor);
    await hooks.until(() => hooks.requests.filter((request) => request.id === event.id).length >= 2, 10_000);
    await sleep(100);
    const [delivery] = await deliveryLog(actors.kb, id);
    expect(delivery).toMatchObject({ webhookId: event.id, status: 'PENDING', lastResponseStatus: 503, lastResponseBody: 'down for maintenance', lastError: 'The endpoint answered 503', deliveredAt: null });
    expect(delivery.attempts).toBeGreaterThanOrEqual(2);
    expect(Date.parse(delivery.nextAttemptAt)).toBeGreaterThan(Date.parse(delivery.lastAttemptAt));

    // Disabled: the retry that was due and the events since are not sent.
    const disabled = await app.gql(UPDATE, { input: { id, enabled: false } }, actors.kb);
    expect(disabled.data.updateWebhookEndpoint).toMatchObject({ webhookEndpoint: { enabled: false }, userErrors: [] });
    await sleep(300);
    const sentBefore = hooks.requests.length;
    await kbEvent();
    await sleep(RETRY_BASE_MS * 24 * 1.2 + 500);
    expect(hooks.requests.length).toBe(sentBefore);
    const refused = await app.gql(REDELIVER, { input: { id: delivery.id } }, actors.kb);
    expect(refused.data.redeliverWebhookDelivery.userErrors).toEqual([{ code: 'INVALID_STATE', field: ['input', 'id'], message: "The delivery's endpoint is disabled; enable it first" }]);

    // Enabled and back up: the pending retry and the event made while disabled both arrive.
    hooks.answer = () => 200;
    await app.gql(UPDATE, { input: { id, enabled: true } }, actors.kb);
    const expected = await feedAfter(actors.kb, cursor);
    expect(expected.length).toBe(2);
    await hooks.untilAcknowledged(expected.map((e) => e.id));
  });

  it('manual redelivery sends the same webhook-id and body again, and the log counts it', async () => {
    const hooks = await receiver();
    const { id, secret } = await createEndpoint(actors.kb, { url: hooks.url });
    hooks.secrets = [secret];
    const cursor = await feedCursor(actors.kb);
    await kbEvent();
    const [event] = await feedAfter(actors.kb, cursor);
    await hooks.untilAcknowledged([event.id]);
    const [delivery] = await settledLog(actors.kb, id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attempts: 1 });

    const res = await app.gql(REDELIVER, { input: { id: delivery.id } }, actors.kb);
    expect(res.data.redeliverWebhookDelivery).toMatchObject({ webhookDelivery: { id: delivery.id, status: 'PENDING' }, userErrors: [] });
    await hooks.until(() => (hooks.acknowledged().get(event.id) ?? 0) === 2);
    const [first, second] = hooks.requests.filter((request) => request.id === event.id);
    expect(second.body).toBe(first.body);
    expect(verifies(secret, second)).toBe(true);
    expect((await settledLog(actors.kb, id))[0]).toMatchObject({ status: 'SUCCEEDED', attempts: 2 });
    const [audit] = await app.db.query(`SELECT entity_type, changes FROM audit_event WHERE action = 'redeliverWebhookDelivery' ORDER BY id DESC LIMIT 1`);
    expect(audit).toEqual({ entity_type: 'WebhookDelivery', changes: { status: { from: 'SUCCEEDED', to: 'PENDING' }, attempts: 1 } });
  });

  it('rotation: the new secret is shown once; both sign until the overlap ends, then only the new one does', async () => {
    const hooks = await receiver();
    const { id, secret: oldSecret } = await createEndpoint(actors.kb, { url: hooks.url });
    const rotated = await app.gql(ROTATE, { input: { id, previousSecretExpiresInSeconds: 2 } }, actors.kb);
    const { signingSecret: newSecret, webhookEndpoint, userErrors } = rotated.data.rotateWebhookEndpointSecret;
    expect(userErrors).toEqual([]);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(Date.parse(webhookEndpoint.previousSecretExpiresAt) - Date.parse(webhookEndpoint.secretRotatedAt)).toBe(2000);

    const cursor = await feedCursor(actors.kb);
    await kbEvent();
    const [during] = await feedAfter(actors.kb, cursor);
    await hooks.untilAcknowledged([during.id]);
    const duringRequest = hooks.requests.find((request) => request.id === during.id)!;
    expect(duringRequest.signature.split(' ')).toHaveLength(2);
    expect(verifies(newSecret, duringRequest)).toBe(true);
    expect(verifies(oldSecret, duringRequest)).toBe(true);

    await sleep(2100);
    const later = await feedCursor(actors.kb);
    await kbEvent();
    const [after] = await feedAfter(actors.kb, later);
    await hooks.untilAcknowledged([after.id]);
    const afterRequest = hooks.requests.find((request) => request.id === after.id)!;
    expect(afterRequest.signature.split(' ')).toHaveLength(1);
    expect(verifies(newSecret, afterRequest)).toBe(true);
    expect(verifies(oldSecret, afterRequest)).toBe(false);
    const [audit] = await app.db.query(`SELECT changes::text FROM audit_event WHERE action = 'rotateWebhookEndpointSecret' ORDER BY id DESC LIMIT 1`);
    expect(audit.changes).not.toContain(newSecret.slice(6));
  });
});

describe('what an endpoint receives: what its agency\'s officers may see, of its types', () => {
  it("a funder's endpoint gets exactly its officers' feed: another funder's agreement events never reach it; types narrow it", async () => {
    const kbHooks = await receiver();
    const shinhanHooks = await receiver();
    const activations = await receiver();
    const kbCursor = await feedCursor(actors.kb);
    const shinhanCursor = await feedCursor(actors.shinhan);
    const kb = await createEndpoint(actors.kb, { url: kbHooks.url });
    const shinhan = await createEndpoint(actors.shinhan, { url: shinhanHooks.url });
    await createEndpoint(actors.kb, { url: activations.url, eventTypes: ['AGREEMENT_ACTIVATED'] });
    kbHooks.secrets = [kb.secret];
    shinhanHooks.secrets = [shinhan.secret];

    const theirs = await api.secondFunderAgreement(app, actors);
    const ours = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [TARGET] });
    const kbFeed = await feedAfter(actors.kb, kbCursor);
    const shinhanFeed = await feedAfter(actors.shinhan, shinhanCursor);
    await kbHooks.untilAcknowledged(kbFeed.map((event) => event.id));
    await shinhanHooks.untilAcknowledged(shinhanFeed.map((event) => event.id));
    const kbActivated = kbFeed.filter((event) => event.type === 'AGREEMENT_ACTIVATED');
    await activations.untilAcknowledged(kbActivated.map((event) => event.id));
    await sleep(500);

    expect(new Set(kbHooks.requests.map((request) => request.id))).toEqual(new Set(kbFeed.map((event) => event.id)));
    expect(new Set(shinhanHooks.requests.map((request) => request.id))).toEqual(new Set(shinhanFeed.map((event) => event.id)));
    expect(kbHooks.requests.some((request) => request.payload.data.subject.id === theirs.id || request.payload.data.agreementId === theirs.id)).toBe(false);
    expect(shinhanHooks.requests.filter((request) => request.payload.data.subject.id === theirs.id).map((request) => request.payload.type)).toEqual(['AGREEMENT_ACTIVATED']);
    const kbActivation = kbHooks.requests.find((request) => request.payload.type === 'AGREEMENT_ACTIVATED' && request.payload.data.subject.id === ours.id)!;
    expect(kbActivation.payload.data).toMatchObject({ agreementId: ours.id, programId: expect.any(String) });
    expect(new Set(activations.requests.map((request) => request.payload.type))).toEqual(new Set(['AGREEMENT_ACTIVATED']));
    expect(activations.requests.map((request) => request.id).sort()).toEqual(kbActivated.map((event) => event.id).sort());
  });

  it('endpoints and their logs are the owning agency\'s: another funder reads nothing of them and changes nothing; ADMIN reads all but acts for its token\'s agency', async () => {
    const hooks = await receiver();
    const shinhan = await createEndpoint(actors.shinhan, { url: hooks.url });
    const node = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await app.gql(node, { id: shinhan.id }, actors.kb)).data.node).toBeNull();
    expect((await app.gql(node, { id: shinhan.id }, actors.admin)).data.node).toEqual({ id: shinhan.id });
    expect(await deliveryLog(actors.kb, shinhan.id)).toEqual([]);
    const list = `{ webhookEndpoints(first: 100) { nodes { id agency { code } } } }`;
    const kbList = (await app.gql(list, {}, actors.kb)).data.webhookEndpoints.nodes;
    expect(kbList.length).toBeGreaterThan(0);
    expect(kbList.every((endpoint: any) => endpoint.agency.code === 'KB')).toBe(true);
    const adminList = (await app.gql(list, {}, actors.admin)).data.webhookEndpoints.nodes;
    expect(new Set(adminList.map((endpoint: any) => endpoint.agency.code))).toEqual(new Set(['KB', 'SHINHAN']));

    const rotate = await app.gql(ROTATE, { input: { id: shinhan.id } }, actors.kb);
    expect(rotate.data.rotateWebhookEndpointSecret).toEqual({
      signingSecret: null,
      webhookEndpoint: null,
      userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'], message: 'No webhook endpoint has this id' }],
    });
    const asAdminKb = await app.gql(UPDATE, { input: { id: shinhan.id, enabled: false } }, actors.adminKb);
    expect(asAdminKb.errors?.[0].extensions.code).toBe('FORBIDDEN');
    const asAdminShinhan = await app.gql(UPDATE, { input: { id: shinhan.id, description: 'Set up by an admin' } }, actors.adminShinhan);
    expect(asAdminShinhan.data.updateWebhookEndpoint).toMatchObject({ webhookEndpoint: { description: 'Set up by an admin' }, userErrors: [] });

    for (const token of [actors.admin, actors.adminMss, actors.analyst, await actors.someEnterprise()]) {
      const res = await app.gql(CREATE, { input: { url: hooks.url } }, token);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
    for (const token of [actors.analyst, await actors.someEnterprise()]) {
      expect((await app.gql(list, {}, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('every mutation is audited, never with the secret', async () => {
    const rows: { action: string; entity_type: string; changes: string }[] = await app.db.query(
      `SELECT action, entity_type, changes::text FROM audit_event WHERE entity_type IN ('WebhookEndpoint', 'WebhookDelivery') ORDER BY id`,
    );
    expect(new Set(rows.map((row) => row.action))).toEqual(
      new Set(['createWebhookEndpoint', 'updateWebhookEndpoint', 'rotateWebhookEndpointSecret', 'redeliverWebhookDelivery']),
    );
    expect(rows.some((row) => /whsec_/.test(row.changes))).toBe(false);
  });
});

describe('refusals name their field', () => {
  it.each([
    ['not a url', 'url must be an absolute URL of at most 2000 characters, without spaces'],
    ['ftp://127.0.0.1/hooks', 'url must start with https:// (http:// only where WEBHOOK_ALLOW_HTTP allows it)'],
    ['http://user:secret@127.0.0.1/hooks', 'url must not carry a user name or password: receivers check the signature instead'],
    ['https://0.0.0.0/hooks', 'url leads to 0.0.0.0, a loopback, private, link-local or otherwise non-public address; webhooks are sent to public addresses only'],
  ])('%s is refused on input.url even where private networks and http are allowed', async (url, message) => {
    const res = await app.gql(CREATE, { input: { url } }, actors.kb);
    expect(res.data.createWebhookEndpoint).toEqual({ signingSecret: null, webhookEndpoint: null, userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'url'], message }] });
  });

  it('a url longer than 2000 characters is refused on input.url', async () => {
    const res = await app.gql(CREATE, { input: { url: `https://example.com/${'a'.repeat(2000)}` } }, actors.kb);
    expect(res.data.createWebhookEndpoint.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'url'], message: 'url must be an absolute URL of at most 2000 characters, without spaces' },
    ]);
  });

  it('eventTypes repeated, a description too long, an overlap out of range', async () => {
    const hooks = await receiver();
    const repeated = await app.gql(CREATE, { input: { url: hooks.url, eventTypes: ['AGREEMENT_ACTIVATED', 'AGREEMENT_ACTIVATED'], description: 'x'.repeat(501) } }, actors.kb);
    expect(repeated.data.createWebhookEndpoint.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'eventTypes'], message: 'eventTypes must not repeat a type' },
      { code: 'INVALID_INPUT', field: ['input', 'description'], message: 'description must be at most 500 characters' },
    ]);
    const { id } = await createEndpoint(actors.kb, { url: hooks.url });
    const overlap = await app.gql(ROTATE, { input: { id, previousSecretExpiresInSeconds: 604801 } }, actors.kb);
    expect(overlap.data.rotateWebhookEndpointSecret.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'previousSecretExpiresInSeconds'], message: 'previousSecretExpiresInSeconds must be between 0 and 604800' },
    ]);
    const badUrl = await app.gql(UPDATE, { input: { id, url: 'ftp://127.0.0.1/' } }, actors.kb);
    expect(badUrl.data.updateWebhookEndpoint.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'url'], message: 'url must start with https:// (http:// only where WEBHOOK_ALLOW_HTTP allows it)' },
    ]);
    const wrongId = await app.gql(UPDATE, { input: { id: gid('Agency', '1'), enabled: false } }, actors.kb);
    expect(wrongId.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.id' });
  });
});

describe('SSRF: where deliveries may go', () => {
  let strict: TestApp;
  let strictActors: Actors;
  beforeAll(async () => {
    // The production defaults: https only, public addresses only; no worker needed for registration.
    ({ app: strict, actors: strictActors } = await startWithActors({ seed: true, env: { WEBHOOK_DELIVERIES: 'false' } }));
  }, 120_000);
  afterAll(() => strict?.close());

  it.each([
    ['https://127.0.0.1/hooks', '127.0.0.1'],
    ['https://127.9.9.9:8443/hooks', '127.9.9.9'],
    ['https://localhost/hooks', null],
    ['https://10.1.2.3/hooks', '10.1.2.3'],
    ['https://172.16.5.4/hooks', '172.16.5.4'],
    ['https://192.168.0.10/hooks', '192.168.0.10'],
    ['https://169.254.169.254/latest/meta-data', '169.254.169.254'],
    ['https://100.64.0.1/hooks', '100.64.0.1'],
    ['https://[::1]/hooks', '::1'],
    ['https://[fd12:3456::1]/hooks', 'fd12:3456::1'],
    ['https://[fe80::1]/hooks', 'fe80::1'],
    ['https://[::ffff:127.0.0.1]/hooks', '::ffff:7f00:1'],
    ['https://[64:ff9b::a01:203]/hooks', '64:ff9b::a01:203'],
  ])('%s is refused on input.url', async (url, address) => {
    const res = await strict.gql(CREATE, { input: { url } }, strictActors.kb);
    const [refusal] = res.data.createWebhookEndpoint.userErrors;
    expect(refusal).toMatchObject({ code: 'INVALID_INPUT', field: ['input', 'url'] });
    expect(refusal.message).toMatch(/^url leads to .*, a loopback, private, link-local or otherwise non-public address/);
    if (address) expect(refusal.message).toContain(`url leads to ${address},`);
  });

  it('http:// is refused without WEBHOOK_ALLOW_HTTP; a public https address is accepted, and a change to a private one refused', async () => {
    const http = await strict.gql(CREATE, { input: { url: 'http://93.184.215.14/hooks' } }, strictActors.kb);
    expect(http.data.createWebhookEndpoint.userErrors).toEqual([
      { code: 'INVALID_INPUT', field: ['input', 'url'], message: 'url must start with https:// (http:// only where WEBHOOK_ALLOW_HTTP allows it)' },
    ]);
    const accepted = await strict.gql(CREATE, { input: { url: 'https://93.184.215.14/hooks' } }, strictActors.kb);
    expect(accepted.data.createWebhookEndpoint.userErrors).toEqual([]);
    const id = accepted.data.createWebhookEndpoint.webhookEndpoint.id;
    const moved = await strict.gql(UPDATE, { input: { id, url: 'https://10.0.0.8/hooks' } }, strictActors.kb);
    expect(moved.data.updateWebhookEndpoint.userErrors).toEqual([
      {
        code: 'INVALID_INPUT',
        field: ['input', 'url'],
        message: 'url leads to 10.0.0.8, a loopback, private, link-local or otherwise non-public address; webhooks are sent to public addresses only',
      },
    ]);
  });

  it('at send time the resolved address is checked again and connected to as checked: a name that resolves inside reaches nothing', async () => {
    const strictPolicy = { allowPrivateNetworks: false, allowHttp: true };
    expect(['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'].every((address) => addressAllowed(address, strictPolicy))).toBe(true);
    expect(['127.0.0.1', '10.0.0.1', '::1', '::ffff:10.0.0.1', '198.18.0.1', '192.0.2.1'].some((address) => addressAllowed(address, strictPolicy))).toBe(false);
    // A name resolving to loopback (as a rebinding name would once registered): the lookup refuses it...
    const lookup = guardedLookup(strictPolicy);
    const error = await new Promise((resolve) => lookup('localhost', { all: true }, (e) => resolve(e)));
    expect(error).toBeInstanceOf(RefusedAddressError);
    // ...so the attempt never connects: the receiver on 127.0.0.1 gets nothing.
    const hooks = await receiver();
    const sender = new WebhookSender({ policy: strictPolicy, timeoutMs: 2000, maxSockets: 1 });
    const outcome = await sender.send(hooks.url.replace('127.0.0.1', 'localhost'), {}, '{}');
    sender.close();
    expect(outcome).toMatchObject({ kind: 'refused' });
    expect(hooks.requests).toEqual([]);
  });
});
