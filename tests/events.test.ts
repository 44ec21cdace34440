import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { TestApp } from './support/test-app';
import { Actors, addSecondFunder, startWithActors } from './support/actors';
import { dbId, gid } from './support/ids';
import { seoulDay } from './support/dates';
import { EventType } from '../src/common/enums';
import { sqlIds, sqlValue } from './support/sql';
import * as api from './support/operations';

let app: TestApp;
let actors: Actors;

const EVENTS = `query Events($first: Int, $after: String, $last: Int, $before: String, $types: [EventType!]) {
  events(first: $first, after: $after, last: $last, before: $before, types: $types) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id type position occurredAt data subject { id __typename } agreement { id } program { id } } }
  }
}`;

interface FeedEvent {
  id: string;
  type: string;
  position: string;
  data: Record<string, unknown>;
  subject: { id: string; __typename: string };
  agreement: { id: string } | null;
  program: { id: string } | null;
}

async function page(token: string, variables: Record<string, unknown>) {
  const res = await app.gql(EVENTS, variables, token);
  expect(res.errors).toBeUndefined();
  return res.data.events as { totalCount: number; pageInfo: any; edges: { cursor: string; node: FeedEvent }[] };
}

/** Every event the caller sees after `after`, paged as a back office resumes: 7 at a time from its last cursor. */
async function eventsAfter(token: string, after: string | null, types?: string[]): Promise<{ events: FeedEvent[]; cursor: string | null }> {
  const events: FeedEvent[] = [];
  let cursor = after;
  for (;;) {
    const { edges, pageInfo } = await page(token, { first: 7, after: cursor, types });
    events.push(...edges.map((edge) => edge.node));
    if (edges.length) cursor = pageInfo.endCursor;
    if (!pageInfo.hasNextPage) return { events, cursor };
  }
}

/** The cursor of the last event the caller sees now (null when it sees none): where a new consumer starts. */
async function lastCursor(token: string): Promise<string | null> {
  return (await page(token, { last: 1 })).pageInfo.endCursor;
}

const lastPosition = async () => Number(await sqlValue(app, 'SELECT coalesce(max(id), 0) FROM business_event'));

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  await addSecondFunder(app);
});
afterAll(() => app?.close());

const TARGET = { metric: 'VERIFIED_ACTIVITIES', periodStart: seoulDay(-30), periodEnd: seoulDay(300), targetValue: 10, maxPayout: '10000000', payoutRule: { kind: 'ALL_OR_NOTHING' } };

describe('Event feed: every business event, in the transaction of its change, in commit order', () => {
  it('an agreement played through the API tells its story in order: recommendation, activation, base grant, match, activity, payment, termination', async () => {
    const start = await lastCursor(actors.kb);
    const funded = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [TARGET] });
    const [beneficiary] = await sqlIds(app, 'SELECT id FROM enterprise WHERE id <> $1 ORDER BY id LIMIT 1', [dbId(funded.recipientId)]);
    const activityId = await api.activity(app, actors, funded, { beneficiaryId: gid('Enterprise', beneficiary), completedOn: seoulDay(-1) });
    const grant = funded.agreement.disbursements[0];
    await api.recordPayment(app, actors.kb, { id: grant.id, bankReference: 'KB-TRX-EVENTS-1', paidAt: new Date().toISOString(), idempotencyKey: `events-${process.pid}` });
    await api.terminate(app, actors.kb, funded.id);

    const { events } = await eventsAfter(actors.kb, start);
    const mine = events.filter((event) => event.agreement?.id === funded.id || event.subject.id === funded.agreement.recommendation.id);
    expect(mine.map((event) => event.type)).toEqual([
      'RECOMMENDATION_MADE',
      'RECOMMENDATION_ACCEPTED',
      'AGREEMENT_ACTIVATED',
      'DISBURSEMENT_SCHEDULED',
      'SUPPLIER_MATCH_PROPOSED',
      'SUPPLIER_MATCH_ACCEPTED',
      'ACTIVITY_REPORTED',
      'ACTIVITY_VERIFIED',
      'DISBURSEMENT_PAID',
      'AGREEMENT_TERMINATED',
    ]);
    const byType = Object.fromEntries(mine.map((event) => [event.type, event]));
    expect(byType.ACTIVITY_VERIFIED.subject).toEqual({ id: activityId, __typename: 'ImprovementActivity' });
    expect(byType.ACTIVITY_VERIFIED.data).toEqual({
      id: byType.ACTIVITY_VERIFIED.id,
      position: byType.ACTIVITY_VERIFIED.position,
      subject: { type: 'ImprovementActivity', id: activityId },
      status: 'VERIFIED',
      beneficiaryId: gid('Enterprise', beneficiary),
      completedOn: seoulDay(-1),
    });
    expect(byType.ACTIVITY_VERIFIED.agreement).toEqual({ id: funded.id });
    expect(byType.DISBURSEMENT_SCHEDULED.data).toMatchObject({ kind: 'BASE_GRANT', amount: '50000000', status: 'SCHEDULED' });
    expect(byType.DISBURSEMENT_PAID.subject.id).toBe(grant.id);
    expect(byType.AGREEMENT_ACTIVATED.program).not.toBeNull();
    // Positions increase by one across everything the funder sees here, and the cursor is the position's.
    const positions = events.map((event) => Number(event.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('a refused mutation writes no event and leaves no gap: the next event takes the next position', async () => {
    const before = await lastPosition();
    // Activation without a target is refused after the activation event was emitted: the transaction rolls it back.
    const draft = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [], status: 'DRAFT' });
    const afterDraft = await lastPosition();
    const refused = await app.gql(api.mutation('activateFundingAgreement'), { input: { id: draft.id } }, actors.kb);
    expect(refused.data.activateFundingAgreement.userErrors).not.toEqual([]);
    expect(await lastPosition()).toBe(afterDraft);
    await api.terminate(app, actors.kb, draft.id);
    expect(await lastPosition()).toBe(afterDraft + 1);
    // Every position from the first is there: none skipped, none twice.
    const [{ count, max }] = await app.db.query('SELECT count(*)::int AS count, max(id)::int AS max FROM business_event');
    expect(count).toBe(max);
    expect(afterDraft).toBeGreaterThan(before);
  });

  it('20 concurrent mutations take 20 consecutive positions, in the order of their audit events (one commit order)', async () => {
    const before = await lastPosition();
    const programId = await api.testProgram(app, await api.agencyGid(app, 'KB'));
    const beneficiaries = await sqlIds(app, 'SELECT id FROM enterprise ORDER BY id DESC LIMIT 20');
    await Promise.all(
      beneficiaries.map((id, index) =>
        api.perform(app, 'submitSupportRequest', {
          programId,
          beneficiaryId: gid('Enterprise', id),
          worksiteName: `Concurrent worksite ${process.pid}-${index}`,
          worksiteRegion: 'SEOUL',
          workersAtWorksite: 12,
          hazards: ['FALL'],
          needs: 'Guard rails.',
        }, actors.kosme),
      ),
    );
    const events: { position: number; subject_id: string }[] = await app.db.query(
      `SELECT id::int AS position, subject_id::text FROM business_event WHERE id > $1 ORDER BY id`,
      [before],
    );
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: 20 }, (_, i) => before + 1 + i));
    const auditOrder: string[] = (
      await app.db.query(`SELECT entity_id FROM audit_event WHERE action = 'submitSupportRequest' ORDER BY id DESC LIMIT 20`)
    ).map((row: { entity_id: string }) => row.entity_id).reverse();
    expect(events.map((event) => gid('SupportRequest', event.subject_id))).toEqual(auditOrder);
  });

  it('a consumer resumes from its last cursor and misses nothing: events after it, and only those', async () => {
    const cursor = await lastCursor(actors.kb);
    const first = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [TARGET] });
    const { events, cursor: resumed } = await eventsAfter(actors.kb, cursor);
    expect(events.map((event) => event.type)).toEqual(['RECOMMENDATION_MADE', 'RECOMMENDATION_ACCEPTED', 'AGREEMENT_ACTIVATED', 'DISBURSEMENT_SCHEDULED']);
    await api.complete(app, actors.kb, first.id);
    const next = await eventsAfter(actors.kb, resumed);
    expect(next.events.map((event) => [event.type, event.subject.id])).toEqual([['AGREEMENT_COMPLETED', first.id]]);
    expect((await eventsAfter(actors.kb, next.cursor)).events).toEqual([]);
  });

  it('types: only events of those types', async () => {
    const { events } = await eventsAfter(actors.kb, null, ['AGREEMENT_ACTIVATED', 'AGREEMENT_COMPLETED']);
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(['AGREEMENT_ACTIVATED', 'AGREEMENT_COMPLETED']));
    const { totalCount } = await page(actors.kb, { first: 1, types: ['AGREEMENT_ACTIVATED', 'AGREEMENT_COMPLETED'] });
    expect(totalCount).toBe(events.length);
  });

  it("visibility: a funder sees only its agreements' events; a beneficiary sees its activity's events without the agreement; the operator sees all", async () => {
    const shinhanStart = await lastCursor(actors.shinhan);
    const kbStart = await lastCursor(actors.kb);
    const funded = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [TARGET] });
    const [beneficiary] = await sqlIds(app, `SELECT id FROM enterprise WHERE id NOT IN (SELECT recipient_id FROM funding_agreement) ORDER BY id LIMIT 1`);
    const activityId = await api.activity(app, actors, funded, { beneficiaryId: gid('Enterprise', beneficiary), completedOn: seoulDay(-1) });

    // A funder officer may read every activity, not another funder's agreement: the activity's events, with a null agreement.
    const shinhanSees = (await eventsAfter(actors.shinhan, shinhanStart)).events;
    expect(shinhanSees.map((event) => [event.type, event.subject.id, event.agreement])).toEqual([
      ['ACTIVITY_REPORTED', activityId, null],
      ['ACTIVITY_VERIFIED', activityId, null],
    ]);
    expect(shinhanSees.every((event) => !('agreementId' in event.data))).toBe(true);
    expect((await eventsAfter(actors.kb, kbStart)).events.length).toBeGreaterThanOrEqual(8);

    const beneficiaryToken = await actors.enterpriseWithId(beneficiary);
    const seen = (await eventsAfter(beneficiaryToken, null)).events;
    const activityEvents = seen.filter((event) => event.subject.id === activityId);
    expect(activityEvents.map((event) => event.type)).toEqual(['ACTIVITY_REPORTED', 'ACTIVITY_VERIFIED']);
    // The beneficiary may see the activity, not the supplier's agreement: the pointer is null.
    expect(activityEvents.every((event) => event.agreement === null)).toBe(true);
    expect(seen.some((event) => event.type === 'AGREEMENT_ACTIVATED')).toBe(false);

    const all = Number(await sqlValue(app, 'SELECT count(*) FROM business_event'));
    expect((await page(actors.kosme, { first: 1 })).totalCount).toBe(all);
    expect((await page(actors.admin, { first: 1 })).totalCount).toBe(all);
    // node(id:) reads an event with the same visibility.
    const node = `query($id: ID!) { node(id: $id) { id ... on Event { type } } }`;
    const activated = (await eventsAfter(actors.kb, kbStart)).events.find((event) => event.type === 'AGREEMENT_ACTIVATED')!;
    expect((await app.gql(node, { id: activated.id }, actors.kb)).data.node).toEqual({ id: activated.id, type: 'AGREEMENT_ACTIVATED' });
    expect((await app.gql(node, { id: activated.id }, actors.shinhan)).data.node).toBeNull();
  });

  it('the demo played through the services has its events: the call, its decision and the recommendations it made', async () => {
    const { events } = await eventsAfter(actors.kosme, null, ['SUPPLIER_CALL_DECIDED']);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events[0].data).toMatchObject({ applications: 65, selected: 50 });
  });

  it('every event type is written by its flow: the flows above, and here a rejection, a finalization, a withdrawn application and a cancelled grant', async () => {
    const funded = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [{ ...TARGET, targetValue: 1 }] });
    const [beneficiary] = await sqlIds(app, 'SELECT id FROM enterprise WHERE id <> $1 ORDER BY id LIMIT 1', [dbId(funded.recipientId)]);
    const rejected = await api.activity(app, actors, funded, { beneficiaryId: gid('Enterprise', beneficiary), completedOn: seoulDay(-2), verified: false });
    await api.reject(app, actors.kosme, rejected);
    await api.activity(app, actors, funded, { beneficiaryId: gid('Enterprise', beneficiary), completedOn: seoulDay(-1) });
    const evaluation = await api.evaluate(app, actors.kosme, funded.targetIds[0]);
    await api.finalize(app, actors.kb, evaluation.id);

    const call = await api.perform(app, 'publishSupplierCall', {
      programId: await api.testProgram(app, await api.agencyGid(app, 'KB')),
      title: 'Suppliers of fall prevention',
      opensAt: new Date(Date.now() - 3600_000).toISOString(),
      closesAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
      places: 1,
      eligibleHazards: ['FALL'],
      minReadinessLevel: 9,
      maxBaseAmount: '100000000',
      criteria: [{ key: 'plan', description: 'Plan', maxPoints: 100 }],
      reviewsRequired: 1,
      passingScore: 50,
    }, actors.kosme);
    const applicant = await api.registerEnterprise(app, actors.kosme);
    const technology = await api.registerTechnology(app, actors.kosme, applicant.id, { category: 'FALL_PROTECTION', hazards: ['FALL'], readinessLevel: 9 });
    const application = await api.perform(app, 'submitSupplierApplication', {
      callId: call.id,
      applicantId: applicant.id,
      technologyIds: [technology.id],
      planSummary: 'Fall-arrest anchors at small sites.',
      requestedBaseAmount: '50000000',
      plannedBeneficiaries: 5,
      serviceRegions: ['SEOUL'],
      proposedTargets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: seoulDay(30), periodEnd: seoulDay(200), targetValue: 5 }],
    }, actors.kosme);
    await api.perform(app, 'withdrawSupplierApplication', { id: application.id, reason: 'Plan revised' }, actors.kosme);
    // Terminated before its base grant was paid: the grant is cancelled (the outcome payment stays due).
    await api.terminate(app, actors.kb, funded.id);
    const types = (await app.db.query('SELECT DISTINCT type FROM business_event ORDER BY type')).map((row: { type: string }) => row.type);
    expect(types).toEqual(Object.values(EventType).sort());
    const cancelled = (await eventsAfter(actors.kb, null, ['DISBURSEMENT_CANCELLED'])).events.at(-1)!;
    expect(cancelled.subject.id).toBe(funded.agreement.disbursements[0].id);
    expect(cancelled.data).toMatchObject({ kind: 'BASE_GRANT', status: 'CANCELLED', amount: '50000000' });
  });

  it('the feed is append-only: an UPDATE or DELETE is refused by the database', async () => {
    await expect(app.db.query('UPDATE business_event SET type = type WHERE id = 1')).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM business_event WHERE id = 1')).rejects.toThrow(/append-only/);
  });

  it('a cursor of another list or a page size out of range is BAD_USER_INPUT naming the argument', async () => {
    const res = await app.gql(EVENTS, { first: 1000 }, actors.kb);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const bad = await app.gql(EVENTS, { after: 'not-a-cursor' }, actors.kb);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  describe('Subscription.events: the feed, live, resumable from a cursor', () => {
    const FEED = `subscription Feed($after: String, $types: [EventType!]) { events(after: $after, types: $types) { cursor node { id type subject { id } } } }`;

    /** Waits until the server counts `n` open subscriptions (GET /metrics): one counts once it listens. */
    async function waitForSubscriptions(n: number): Promise<void> {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const text = await (await fetch(app.url.replace(/\/graphql$/, '/metrics'))).text();
        if (Number(/^graphql_subscriptions_active (\d+)/m.exec(text)?.[1]) === n) return;
        if (Date.now() > deadline) throw new Error(`expected ${n} open subscriptions`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    }

    /** Receives a subscription's edges until `count` have come (or fails after `waitMs`). */
    async function receive(token: string, variables: Record<string, unknown>, count: number, during: () => Promise<unknown> = async () => undefined, waitMs = 10_000) {
      const client = createClient({ url: app.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
      const edges: any[] = [];
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`received ${edges.length} of ${count} events`)), waitMs);
          const unsubscribe = client.subscribe({ query: FEED, variables }, {
            next: (message) => {
              if (message.errors) return reject(new Error(JSON.stringify(message.errors)));
              edges.push((message.data as any).events);
              if (edges.length === count) {
                clearTimeout(timer);
                unsubscribe();
                resolve();
              }
            },
            error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
            complete: () => undefined,
          });
          // The mutations run once the server counts the subscription: from then on it reads every commit.
          void waitForSubscriptions(1).then(during).catch(reject);
        });
      } finally {
        await client.dispose();
      }
      return edges;
    }

    it('from a cursor: the events already written after it, then each new one as it commits, with cursors Query.events accepts', async () => {
      const cursor = await lastCursor(actors.kb);
      const funded = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), targets: [TARGET] });
      const types = ['AGREEMENT_ACTIVATED', 'AGREEMENT_COMPLETED'];
      const edges = await receive(actors.kb, { after: cursor, types }, 2, () => api.complete(app, actors.kb, funded.id));
      expect(edges.map((edge) => [edge.node.type, edge.node.subject.id])).toEqual([
        ['AGREEMENT_ACTIVATED', funded.id],
        ['AGREEMENT_COMPLETED', funded.id],
      ]);
      // The last cursor received resumes the query feed where the subscription stopped.
      const { events } = await eventsAfter(actors.kb, edges[1].cursor, types);
      expect(events).toEqual([]);
    });

    it('without a cursor it starts from now; another funder receives nothing of KB agreements', async () => {
      const funded = await api.fundAgreement(app, actors, { startsOn: seoulDay(-30), endsOn: seoulDay(300), status: 'DRAFT', targets: [TARGET] });
      const edges = await receive(actors.kb, { types: ['AGREEMENT_ACTIVATED'] }, 1, () => api.activate(app, actors.kb, funded.id));
      expect(edges.map((edge) => [edge.node.type, edge.node.subject.id])).toEqual([['AGREEMENT_ACTIVATED', funded.id]]);
      await expect(receive(actors.shinhan, { after: edges[0].cursor, types: ['AGREEMENT_COMPLETED'] }, 1, () => api.complete(app, actors.kb, funded.id), 2_000)).rejects.toThrow(/received 0 of 1/);
    });

    it('a cursor that is not one of the feed is refused when subscribing, as BAD_USER_INPUT', async () => {
      await expect(receive(actors.kb, { after: 'nonsense' }, 1)).rejects.toThrow(/BAD_USER_INPUT/);
    });
  });
});
