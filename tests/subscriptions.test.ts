/**
 * Subscriptions over WebSocket (graphql-ws) with a real graphql-ws client:
 * authentication in connection_init, the visibility of queries, events only
 * after a commit, across API replicas through PostgreSQL LISTEN/NOTIFY, and
 * an honest end when the event stream is interrupted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as WsClient, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { createLogger } from '../src/logger';
import { createSchema } from '../src/schema';
import { RunningServer, startServer } from '../src/server';
import { dbId } from './support/ids';
import { startTestApp, TestApp } from './support/test-app';
import { Actors, actorsOf, addSecondFunder } from './support/actors';
import { seoulDay } from './support/dates';
import * as api from './support/operations';

let app: TestApp;
let actors: Actors;
/** ENTERPRISE users of the chosen agreement's recipient and of an enterprise with no agreement. */
const enterprises = {} as Record<'recipient' | 'stranger', string>;
const seed = {} as {
  agreementId: string;
  otherAgreementId: string;
  technologyId: string;
  beneficiaryId: string;
  lastDay: string;
};
const clients: WsClient[] = [];

const wsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');
const agreementGid = (id: string) => encodeGlobalId('FundingAgreement', id);

const ACTIVITY_CHANGED = `subscription Changed($agreementId: ID!) {
  activityStatusChanged(agreementId: $agreementId) { id status title verifiedBy { code } agreement { id } beneficiary { id } }
}`;
const EVALUATION_FINALIZED = `subscription Finalized($agreementId: ID!) {
  evaluationFinalized(agreementId: $agreementId) { id status payout finalizedAt target { id } disbursement { kind amount status } }
}`;
const REPORT = api.mutation('reportImprovementActivity');
const VERIFY = api.mutation('verifyImprovementActivity');

function client(token: string | null, url = app.url): WsClient {
  const c = createClient({
    url: wsUrl(url),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
  });
  clients.push(c);
  return c;
}

/** A subscription's messages as they arrive: results, or the error that ended it. */
function subscribe(c: WsClient, query: string, variables: Record<string, unknown>) {
  const received: any[] = [];
  let ended: { error?: unknown } | null = null;
  const waiters: (() => void)[] = [];
  const wake = () => waiters.splice(0).forEach((w) => w());
  const unsubscribe = c.subscribe(
    { query, variables },
    {
      next: (value) => {
        received.push(value);
        wake();
      },
      error: (error) => {
        ended = { error };
        wake();
      },
      complete: () => {
        ended = ended ?? {};
        wake();
      },
    },
  );
  return {
    received,
    get ended() {
      return ended;
    },
    unsubscribe,
    /** Resolves once `n` results arrived or the subscription ended. */
    async until(n: number, timeoutMs = 10_000): Promise<any[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < n && !ended) {
        if (Date.now() > deadline) throw new Error(`waited for ${n} results, got ${received.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received;
    },
  };
}

/** The server's own count of open subscriptions (GET /metrics): a subscription counts once it listens. */
async function activeSubscriptions(): Promise<number> {
  const text = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(/^graphql_subscriptions_active (\d+)/m.exec(text)?.[1] ?? NaN);
}

async function waitForSubscriptions(n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await activeSubscriptions()) !== n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} open subscriptions, found ${await activeSubscriptions()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let daysUsed = 1;
function reportInput(agreementId = seed.agreementId) {
  const completedOn = new Date(Date.parse(`${seed.lastDay}T00:00:00Z`) - daysUsed++ * 86_400_000).toISOString().slice(0, 10);
  return {
    agreementId: agreementGid(agreementId),
    beneficiaryId: encodeGlobalId('Enterprise', seed.beneficiaryId),
    technologyId: encodeGlobalId('SafetyTechnology', seed.technologyId),
    kind: 'PRODUCT_SUPPLY',
    title: `Machine-guard interlock #${daysUsed}`,
    description: 'Interlocks on two presses, tested with the site manager.',
    hazardsAddressed: ['CAUGHT_IN_MACHINERY'],
    workersCovered: 12,
    hazardsRemediated: 1,
    riskLevelBefore: 15,
    riskLevelAfter: 5,
    startedOn: completedOn,
    completedOn,
    evidence: [{ kind: 'PHOTO', uri: 's3://rbf-evidence/test/interlock.jpg' }],
  };
}

async function report(agreementId = seed.agreementId): Promise<string> {
  return (await api.reportActivity(app, actors.admin, reportInput(agreementId))).id;
}

/** Every ws close event of a raw socket that sends connection_init with this payload. */
function connectRaw(payload: unknown): Promise<{ code: number; reason: string; acked: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(app.url), 'graphql-transport-ws');
    let acked = false;
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') acked = true;
    });
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason), acked }));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  await addSecondFunder(app);
  const [{ today }] = await app.db.query(`SELECT (now() AT TIME ZONE 'Asia/Seoul')::date::text AS today`);
  const [chosen] = await app.db.query(
    `SELECT a.id, e.business_registration_number AS brn, LEAST(a.ends_on, $1::date)::text AS last_day,
            (SELECT t.id FROM safety_technology t WHERE t.provider_id = a.recipient_id ORDER BY t.id LIMIT 1) AS technology_id
       FROM funding_agreement a JOIN enterprise e ON e.id = a.recipient_id JOIN agency f ON f.id = a.funder_id
      WHERE a.status = 'ACTIVE' AND f.code = 'KB' AND a.starts_on <= $1::date - 60
        AND EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = a.recipient_id)
      ORDER BY a.id LIMIT 1`,
    [today],
  );
  const [other] = await app.db.query(
    `SELECT id FROM funding_agreement WHERE status = 'ACTIVE' AND recipient_id <> (SELECT recipient_id FROM funding_agreement WHERE id = $1)
      ORDER BY id LIMIT 1`,
    [chosen.id],
  );
  const [beneficiary] = await app.db.query(
    `SELECT id FROM enterprise WHERE id <> (SELECT recipient_id FROM funding_agreement WHERE id = $1) ORDER BY id DESC LIMIT 1`,
    [chosen.id],
  );
  const [stranger] = await app.db.query(
    `SELECT business_registration_number AS brn FROM enterprise e
      WHERE NOT EXISTS (SELECT 1 FROM funding_agreement a WHERE a.recipient_id = e.id) ORDER BY id LIMIT 1`,
  );
  Object.assign(seed, {
    agreementId: String(chosen.id),
    otherAgreementId: String(other.id),
    technologyId: String(chosen.technology_id),
    beneficiaryId: String(beneficiary.id),
    lastDay: chosen.last_day,
  });
  actors = await actorsOf(app);
  enterprises.recipient = await actors.enterprise(chosen.brn);
  enterprises.stranger = await actors.enterprise(stranger.brn);
  // R7: the beneficiary is matched with both agreements it receives activities under.
  for (const agreementId of [seed.agreementId, seed.otherAgreementId]) {
    await api.ensureMatch(app, actors, agreementGid(agreementId), encodeGlobalId('Enterprise', seed.beneficiaryId));
  }
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.dispose()));
  await waitForSubscriptions(0);
});

afterAll(() => app?.close());

describe('activityStatusChanged', () => {
  it('delivers a report and its verification, after each commits, to everyone who may see the agreement', async () => {
    const watchers = [actors.kosme, actors.kb, enterprises.recipient, actors.admin].map((token) =>
      subscribe(client(token), ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) }),
    );
    await waitForSubscriptions(4);

    const activityId = await report();
    const verified = await app.gql(VERIFY, { input: { id: activityId } }, actors.kosme);
    expect(verified.data.verifyImprovementActivity.userErrors).toEqual([]);

    for (const watcher of watchers) {
      const [reported, decided] = await watcher.until(2);
      expect(reported).toEqual({
        data: {
          activityStatusChanged: {
            id: activityId,
            // The activity as it is when delivered: the verification may already have committed.
            status: expect.stringMatching(/^(REPORTED|VERIFIED)$/),
            title: expect.stringContaining('Machine-guard interlock'),
            verifiedBy: reported.data.activityStatusChanged.status === 'VERIFIED' ? { code: 'KOSME' } : null,
            agreement: { id: agreementGid(seed.agreementId) },
            beneficiary: { id: encodeGlobalId('Enterprise', seed.beneficiaryId) },
          },
        },
      });
      expect(decided.data.activityStatusChanged).toMatchObject({ id: activityId, status: 'VERIFIED', verifiedBy: { code: 'KOSME' } });
    }
  });

  it('sends nothing for a refused mutation, nor for another agreement', async () => {
    const watcher = subscribe(client(actors.kb), ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
    await waitForSubscriptions(1);

    const activityId = await report();
    await watcher.until(1);
    await app.gql(VERIFY, { input: { id: activityId } }, actors.kosme);
    await watcher.until(2);
    // A second verification is refused (R8) and rolled back: no event.
    const again = await app.gql(VERIFY, { input: { id: activityId } }, actors.kosme);
    expect(again.data.verifyImprovementActivity.userErrors[0].code).toBe('INVALID_STATE');
    // An activity under another agreement: not this subscription's.
    const [{ id: otherTechnology }] = await app.db.query(
      'SELECT t.id FROM safety_technology t JOIN funding_agreement a ON a.recipient_id = t.provider_id WHERE a.id = $1 ORDER BY t.id LIMIT 1',
      [seed.otherAgreementId],
    );
    const otherReport = await app.gql(
      REPORT,
      { input: { ...reportInput(seed.otherAgreementId), technologyId: encodeGlobalId('SafetyTechnology', String(otherTechnology)) } },
      actors.admin,
    );
    expect(otherReport.data.reportImprovementActivity.userErrors).toEqual([]);
    // The next event this subscriber gets is the next change of its own agreement.
    const next = await report();
    const received = await watcher.until(3);
    expect(received.map((r) => r.data.activityStatusChanged.id)).toEqual([activityId, activityId, next]);
    // Each row was loaded before the next mutation started: the states in order.
    expect(received.map((r) => r.data.activityStatusChanged.status)).toEqual(['REPORTED', 'VERIFIED', 'REPORTED']);
  });

  it('refuses an agreement the caller may not see, as if it did not exist', async () => {
    for (const token of [actors.shinhan, enterprises.stranger]) {
      const watcher = subscribe(client(token), ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
      await watcher.until(1);
      expect(watcher.received[0].errors).toEqual([
        expect.objectContaining({
          message: 'agreementId: no funding agreement you may see has this id',
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
      expect(watcher.received[0].data).toBeUndefined();
    }
    const missing = subscribe(client(actors.admin), ACTIVITY_CHANGED, { agreementId: agreementGid('999999999') });
    await missing.until(1);
    expect(missing.received[0].errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const wrongType = subscribe(client(actors.admin), ACTIVITY_CHANGED, { agreementId: encodeGlobalId('Enterprise', '1') });
    await wrongType.until(1);
    expect(wrongType.received[0].errors[0].message).toBe('agreementId: must be the id of a FundingAgreement, not of a Enterprise');
  });

  it('runs the ActivityStatusChanged operation of examples/live-updates.graphql', async () => {
    const query = readFileSync(join(__dirname, '..', 'examples', 'live-updates.graphql'), 'utf8');
    const c = client(actors.kosme);
    const received: any[] = [];
    const done = new Promise<void>((resolve, reject) => {
      c.subscribe(
        { query, operationName: 'ActivityStatusChanged', variables: { agreementId: agreementGid(seed.agreementId) } },
        { next: (value) => void (received.push(value) && resolve()), error: reject, complete: resolve },
      );
    });
    await waitForSubscriptions(1);
    const activityId = await report();
    await done;
    expect(received[0].errors).toBeUndefined();
    expect(received[0].data.activityStatusChanged).toMatchObject({ id: activityId, status: 'REPORTED', verifiedBy: null, workersCovered: 12 });
  });
});

describe('evaluationFinalized', () => {
  it('delivers a finalization, not the draft before it, to the funder', async () => {
    // A KB agreement made through the API with a target over an ended period, met by its verified activity.
    const funded = await api.fundAgreement(app, actors, {
      startsOn: seoulDay(-120),
      endsOn: seoulDay(30),
      targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: seoulDay(-100), periodEnd: seoulDay(-20), targetValue: 1, maxPayout: '1000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
    });
    await api.activity(app, actors, funded, { beneficiaryId: encodeGlobalId('Enterprise', seed.beneficiaryId), completedOn: seoulDay(-50) });
    const [period] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM improvement_activity i WHERE i.agreement_id = t.agreement_id AND i.status = 'VERIFIED'
                 AND i.completed_on BETWEEN t.period_start AND t.period_end) AS verified
         FROM performance_target t WHERE t.id = $1`,
      [dbId(funded.targetIds[0])],
    );
    expect(period.verified).toBeGreaterThan(0);
    const targetId = dbId(funded.targetIds[0]);
    const kb = subscribe(client(actors.kb), EVALUATION_FINALIZED, { agreementId: funded.id });
    const shinhan = subscribe(client(actors.shinhan), EVALUATION_FINALIZED, { agreementId: funded.id });
    await shinhan.until(1);
    await waitForSubscriptions(1);

    const evaluationId = (await api.evaluate(app, actors.kosme, encodeGlobalId('PerformanceTarget', String(targetId)))).id;
    await api.finalize(app, actors.kb, evaluationId);

    const [event] = await kb.until(1);
    expect(event.data.evaluationFinalized).toEqual({
      id: evaluationId,
      status: 'FINALIZED',
      payout: expect.any(String),
      finalizedAt: expect.any(String),
      target: { id: encodeGlobalId('PerformanceTarget', String(targetId)) },
      disbursement: { kind: 'OUTCOME_PAYMENT', amount: event.data.evaluationFinalized.payout, status: 'SCHEDULED' },
    });
    const [row] = await app.db.query('SELECT payout::text FROM target_evaluation WHERE id = $1', [dbId(evaluationId)]);
    expect(event.data.evaluationFinalized.payout).toBe(row.payout);
    expect(shinhan.received[0].errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('supplierCallDecided', () => {
  it("delivers a call's decision to the program's subscribers after it commits; another funder's program is not found", async () => {
    const program = await api.createProgram(app, actors.kosme, { code: 'SUB-CALLS', name: 'Calls to watch', funderId: await api.agencyGid(app, 'KB'), budget: '1000000000' });
    const shinhanProgram = await api.testProgram(app, await api.agencyGid(app, 'SHINHAN'));
    const DECIDED = 'subscription ($programId: ID!) { supplierCallDecided(programId: $programId) { id status applications { nodes { status rank } } } }';
    const kb = subscribe(client(actors.kb), DECIDED, { programId: program.id });
    const hidden = subscribe(client(actors.kb), DECIDED, { programId: shinhanProgram });
    await hidden.until(1);
    expect(hidden.received[0].errors[0].extensions.code).toBe('BAD_USER_INPUT');
    await waitForSubscriptions(1);

    const [{ now }] = await app.db.query('SELECT clock_timestamp() AS now');
    const closesAt = new Date(new Date(now).getTime() + 2000);
    const call = await api.perform(app, 'publishSupplierCall', {
      programId: program.id, title: 'Watched call', opensAt: '2026-01-05T00:00:00Z', closesAt: closesAt.toISOString(), places: 1,
      eligibleHazards: ['STRUCK_BY'], minReadinessLevel: 1, maxBaseAmount: '1000000', criteria: [{ key: 'fit', description: 'Fit', maxPoints: 10 }],
      reviewsRequired: 1, passingScore: 5,
    }, actors.kosme);
    const [{ provider_id: applicantId, id: technologyId }] = await app.db.query(
      `SELECT provider_id, id FROM safety_technology WHERE 'STRUCK_BY' = ANY(hazards) ORDER BY id LIMIT 1`,
    );
    const application = await api.perform(app, 'submitSupplierApplication', {
      callId: call.id, applicantId: encodeGlobalId('Enterprise', String(applicantId)), technologyIds: [encodeGlobalId('SafetyTechnology', String(technologyId))],
      planSummary: 'Watched plan.', requestedBaseAmount: '1000000', plannedBeneficiaries: 1, serviceRegions: ['SEOUL'],
      proposedTargets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2027-01-01', periodEnd: '2027-06-30', targetValue: 1 }],
    }, actors.kosme);
    while (new Date((await app.db.query('SELECT clock_timestamp() AS now'))[0].now) <= closesAt) await new Promise((resolve) => setTimeout(resolve, 100));
    await api.perform(app, 'reviewSupplierApplication', { applicationId: application.id, scores: [{ key: 'fit', points: 8 }] }, actors.kosme);
    expect(kb.received).toEqual([]);
    await api.perform(app, 'decideSupplierCall', { id: call.id }, actors.kosme);
    const [event] = await kb.until(1);
    expect(event.data.supplierCallDecided).toEqual({ id: call.id, status: 'DECIDED', applications: { nodes: [{ status: 'SELECTED', rank: 1 }] } });
  });
});

describe('across API replicas', () => {
  it('delivers a change committed through one server to subscribers of another (LISTEN/NOTIFY)', async () => {
    const config = app.config;
    const second: RunningServer = await startServer({ schema: await createSchema(), db: app.db, config, logger: createLogger(config) }, 0);
    try {
      const onSecond = client(actors.kosme, second.url);
      const closed = new Promise<number>((resolve) => onSecond.on('closed', (event) => resolve((event as { code: number }).code)));
      const watcher = subscribe(onSecond, ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
      await waitForSubscriptions(1);
      const activityId = await report(); // through the first server
      const [event] = await watcher.until(1);
      expect(event.data.activityStatusChanged).toMatchObject({ id: activityId, status: 'REPORTED' });

      // A replica shutting down says "going away" (1001), which clients answer by reconnecting elsewhere.
      await second.stop();
      expect(await closed).toBe(1001);
      await waitForSubscriptions(0);
    } finally {
      await Promise.all(clients.splice(0).map((c) => c.dispose()));
      await second.stop();
    }
  });
});

describe('connection and operation rules', () => {
  it('closes a connection without a valid token with 4401 and a reason', async () => {
    expect(await connectRaw({})).toEqual({ code: 4401, reason: expect.stringContaining('authorization'), acked: false });
    expect(await connectRaw({ authorization: 'Bearer not-a-token' })).toEqual({
      code: 4401,
      reason: 'Unauthorized: Invalid token: token is malformed or not signed with the expected key',
      acked: false,
    });
    const expired = await app.token(Role.ADMIN, { expiresIn: -10 });
    expect((await connectRaw({ authorization: `Bearer ${expired}` })).reason).toBe('Unauthorized: Invalid token: token has expired');
  });

  it('closes the connection when its token expires', async () => {
    const shortLived = await app.token(Role.ADMIN, { expiresIn: '2s' });
    const closed = await connectRaw({ authorization: `Bearer ${shortLived}` });
    expect(closed).toEqual({ code: 4401, reason: 'Unauthorized: token has expired', acked: true });
  });

  it('serves only subscriptions, with the limits and error codes of HTTP', async () => {
    const c = client(actors.admin);
    const query = subscribe(c, '{ viewer { role } }', {});
    await query.until(1);
    expect((query.ended as any).error[0]).toMatchObject({ extensions: { code: 'BAD_REQUEST' } });

    const unknownField = subscribe(c, 'subscription { activityStatusChanged(agreementId: "x") { nope } }', {});
    await unknownField.until(1);
    expect((unknownField.ended as any).error[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const nested = (depth: number): string => (depth === 0 ? 'id' : `agreement { activities(first: 100) { nodes { ${nested(depth - 1)} } } }`);
    const tooCostly = subscribe(c, `subscription { activityStatusChanged(agreementId: "x") { ${nested(3)} } }`, {});
    await tooCostly.until(1);
    expect((tooCostly.ended as any).error[0].extensions.code).toBe('QUERY_TOO_COMPLEX');

    const syntax = subscribe(c, 'subscription {', {});
    await syntax.until(1);
    expect((syntax.ended as any).error[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses a subscription sent over HTTP with directions to WebSocket', async () => {
    const res = await app.gql(ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) }, actors.admin);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Subscriptions are served over WebSocket (graphql-ws protocol) at /graphql, not over HTTP',
        extensions: expect.objectContaining({ code: 'BAD_REQUEST' }),
      }),
    ]);
  });

  it('ends subscriptions with SUBSCRIPTION_INTERRUPTED when the event connection drops, then serves new ones', async () => {
    const watcher = subscribe(client(actors.kb), ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
    await waitForSubscriptions(1);
    await app.db.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'safety-rbf-api-events' AND datname = current_database()`,
    );
    await watcher.until(1);
    expect(watcher.received).toEqual([]);
    expect((watcher.ended as any).error[0]).toMatchObject({ extensions: { code: 'SUBSCRIPTION_INTERRUPTED' } });
    await waitForSubscriptions(0);

    // The bus reconnects by itself (after 0.5 s); until then a new subscription is refused the same way.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const again = subscribe(client(actors.kb), ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
      while (!again.ended && (await activeSubscriptions()) === 0) await new Promise((resolve) => setTimeout(resolve, 25));
      if (again.ended) {
        expect(again.received[0].errors[0].extensions.code).toBe('SUBSCRIPTION_INTERRUPTED');
        if (Date.now() > deadline) throw new Error('the event connection did not come back');
        await new Promise((resolve) => setTimeout(resolve, 100));
        continue;
      }
      const activityId = await report();
      const [event] = await again.until(1);
      expect(event.data.activityStatusChanged.id).toBe(activityId);
      break;
    }
  });

  it('holds at most 20 subscriptions per connection', async () => {
    const c = client(actors.kb);
    const open = Array.from({ length: 20 }, () => subscribe(c, ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) }));
    await waitForSubscriptions(20);
    const refused = subscribe(c, ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
    await refused.until(1);
    expect((refused.ended as any).error[0]).toMatchObject({
      message: 'A connection may hold at most 20 subscriptions',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(open.every((s) => s.ended === null)).toBe(true);
  });

  it('forgets a subscription when its client unsubscribes or disconnects', async () => {
    const c = client(actors.kb);
    const first = subscribe(c, ACTIVITY_CHANGED, { agreementId: agreementGid(seed.agreementId) });
    subscribe(c, ACTIVITY_CHANGED, { agreementId: agreementGid(seed.otherAgreementId) });
    await waitForSubscriptions(2);
    first.unsubscribe();
    await waitForSubscriptions(1);
    await c.dispose();
    await waitForSubscriptions(0);
  });
});
