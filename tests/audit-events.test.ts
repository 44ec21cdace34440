import { encodeGlobalId } from '../src/common/global-id';
import { startTestApp, TestApp } from './support/test-app';
import { connectionList } from './support/paging';
import { Actors, actorsOf } from './support/actors';
import { expectEachOnceInOrder, expectEmptyPage, expectErrorCode, expectNullNode } from './support/assertions';
import { expectedIdsOf, sqlFor } from './support/sql';

/**
 * R13: the audit log is append-only; beforeAll appends events with SQL (the
 * trigger refuses only UPDATE and DELETE). One event is appended out of time
 * order and two share an instant, so "newest first" is checked by `at` with the
 * id as tie-breaker. The five named ones fall after the demo's replayed
 * calendar (its matching story runs into November 2026), so that the time
 * filters meet only them there.
 */

let app: TestApp;
let actors: Actors;
/** An ENTERPRISE user of the first enterprise. */
let enterpriseUser: string;

const enterpriseGid = encodeGlobalId('Enterprise', '1');
const activityGid = encodeGlobalId('ImprovementActivity', '7');
const registrationChanges = {
  businessRegistrationNumber: '1018100007',
  name: '(주)세이프텍 한빛',
  employeeCount: 12,
  hazards: ['FALL', 'FIRE_EXPLOSION'],
  nested: { amount: '150000000', ratio: 0.6, flag: true, nothing: null },
};
const events = { registered: '', updated: '', verified: '', paid: '', backdated: '' };

const sql = sqlFor(() => app);

async function appendEvent(at: string, action: string, entityType: string, entityId: string, changes: unknown): Promise<string> {
  const [row] = await sql(
    `INSERT INTO audit_event (at, actor_subject, actor_role, action, entity_type, entity_id, changes, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'test-request') RETURNING id`,
    [at, `officer-${action}`, action === 'recordDisbursementPayment' ? 'FUNDER_OFFICER' : 'AGENCY_OFFICER', action, entityType, entityId,
      changes === null ? null : JSON.stringify(changes)],
  );
  return String(row.id);
}

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  await sql(
    `INSERT INTO audit_event (at, actor_subject, actor_role, action, entity_type, entity_id, changes)
     SELECT timestamptz '2026-09-01T00:00:00Z' + n * interval '1 hour', 'officer-bulk', 'AGENCY_OFFICER', 'reportImprovementActivity',
       'ImprovementActivity', 'bulk-' || n, jsonb_build_object('n', n)
     FROM generate_series(1, 30) AS n`,
  );
  events.registered = await appendEvent('2026-12-01T09:00:00.000Z', 'registerEnterprise', 'Enterprise', enterpriseGid, registrationChanges);
  events.updated = await appendEvent('2026-12-02T09:00:00.000Z', 'updateEnterprise', 'Enterprise', enterpriseGid, {
    employeeCount: { from: 12, to: 14 },
  });
  events.verified = await appendEvent('2026-12-02T09:00:00.000Z', 'verifyImprovementActivity', 'ImprovementActivity', activityGid, {
    status: { from: 'REPORTED', to: 'VERIFIED' },
  });
  events.paid = await appendEvent('2026-12-03T10:00:00.000Z', 'recordDisbursementPayment', 'Disbursement', encodeGlobalId('Disbursement', '3'), null);
  events.backdated = await appendEvent('2026-11-30T23:59:59.999Z', 'updateEnterprise', 'Enterprise', enterpriseGid, { region: { from: 'SEOUL', to: 'BUSAN' } });
  const [brn] = await sql(`SELECT business_registration_number FROM enterprise ORDER BY id LIMIT 1`);
  actors = await actorsOf(app);
  enterpriseUser = await actors.enterprise(brn.business_registration_number);
});
afterAll(() => app?.close());

const list = connectionList(() => app, 'auditEvents', 'AuditEventFilter');
const LIST = list.query;

/** The callers who may not read the audit log. */
const outsider = (who: 'analyst' | 'kb' | 'enterprise') => (who === 'enterprise' ? enterpriseUser : actors[who]);

const walk = (filter: Record<string, unknown> | null, token = actors.admin, pageSize = 100) => list.walk(filter, token, pageSize);

/** Event ids, newest first. */
const expectedIds = expectedIdsOf(() => app, (where) => `SELECT id FROM audit_event WHERE ${where} ORDER BY at DESC, id DESC`);

describe('auditEvents', () => {
  it('lists every event once, newest first by time with the id as tie-breaker, across pages', async () => {
    const ids = await walk(null, actors.admin, 7);
    expectEachOnceInOrder(ids, await expectedIds());
    expect(ids.length).toBeGreaterThanOrEqual(35);
    // Appended last but the oldest of the five; the two events of one instant come newest id first.
    expect(ids.indexOf(events.backdated)).toBeGreaterThan(ids.indexOf(events.registered));
    expect(ids.indexOf(events.verified)).toBe(ids.indexOf(events.updated) - 1);
  });

  it('filters by entityId, matching the stored global id exactly', async () => {
    expect(await walk({ entityId: enterpriseGid })).toEqual([events.updated, events.registered, events.backdated]);
    expect(await walk({ entityId: activityGid })).toEqual([events.verified]);
    expect(await walk({ entityId: 'bulk-7' })).toEqual(await expectedIds(`entity_id = 'bulk-7'`));
    expect(await walk({ entityId: encodeGlobalId('Enterprise', '2') })).toEqual([]);
  });

  it('filters by action', async () => {
    expect(await walk({ action: 'updateEnterprise' })).toEqual([events.updated, events.backdated]);
    expect(await walk({ action: 'reportImprovementActivity' })).toEqual(await expectedIds(`action = 'reportImprovementActivity'`));
    expect(await walk({ action: 'UPDATEENTERPRISE' })).toEqual([]);
  });

  it('from and to are inclusive bounds', async () => {
    const instant = '2026-12-02T09:00:00.000Z';
    expect(await walk({ from: instant })).toEqual([events.paid, events.verified, events.updated]);
    expect(await walk({ to: instant })).toEqual(await expectedIds('at <= $1', [instant]));
    expect(await walk({ from: instant, to: instant })).toEqual([events.verified, events.updated]);
    expect(await walk({ from: '2026-12-02T09:00:00.001Z', to: '2026-12-03T10:00:00.000Z' })).toEqual([events.paid]);
    expect(await walk({ from: '2026-11-30T23:59:59.999Z', to: '2026-12-01T09:00:00.000Z' })).toEqual([events.registered, events.backdated]);
  });

  it('combines filters', async () => {
    expect(await walk({ entityId: enterpriseGid, action: 'updateEnterprise', from: '2026-12-01T00:00:00Z' })).toEqual([events.updated]);
  });

  it('answers an empty page when nothing matches', async () => {
    const res = await app.gql(LIST, { filter: { action: 'noSuchMutation' } }, actors.admin);
    expect(res.errors).toBeUndefined();
    expectEmptyPage(res.data.auditEvents);
  });

  it('refuses an invalid cursor, first over 100, and an entityId longer than any id with BAD_USER_INPUT', async () => {
    const otherOrdering = Buffer.from(JSON.stringify(['id:ASC', events.paid])).toString('base64url');
    for (const variables of [{ after: 'garbage' }, { after: otherOrdering }, { first: 101 }]) {
      const res = await app.gql(LIST, variables, actors.admin);
      expectErrorCode(res, 'BAD_USER_INPUT');
    }
    const res = await app.gql(LIST, { filter: { entityId: 'x'.repeat(101) } }, actors.admin);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.entityId' });
  });
});

const NODE = `query($id: ID!) {
  node(id: $id) { id ... on AuditEvent { at actorSubject actorRole action entityType entityId changes } }
}`;

describe('AuditEvent', () => {
  it('node(id) answers every field as stored, and changes round-trips as JSON', async () => {
    const res = await app.gql(NODE, { id: encodeGlobalId('AuditEvent', events.registered) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      id: encodeGlobalId('AuditEvent', events.registered),
      at: '2026-12-01T09:00:00.000Z',
      actorSubject: 'officer-registerEnterprise',
      actorRole: 'AGENCY_OFFICER',
      action: 'registerEnterprise',
      entityType: 'Enterprise',
      entityId: enterpriseGid,
      changes: registrationChanges,
    });
  });

  it('changes may be null', async () => {
    const res = await app.gql(NODE, { id: encodeGlobalId('AuditEvent', events.paid) }, actors.kosme);
    expect(res.data.node).toMatchObject({ actorRole: 'FUNDER_OFFICER', changes: null });
  });

  it('the list carries the same fields', async () => {
    const res = await app.gql(
      `query($filter: AuditEventFilter) { auditEvents(filter: $filter) { nodes { entityId changes } } }`,
      { filter: { action: 'verifyImprovementActivity' } },
      actors.kosme,
    );
    expect(res.data.auditEvents.nodes).toEqual([{ entityId: activityGid, changes: { status: { from: 'REPORTED', to: 'VERIFIED' } } }]);
  });
});

describe('who reads the audit log', () => {
  it('ADMIN and AGENCY_OFFICER read every event', async () => {
    const all = await expectedIds();
    expect(await walk(null, actors.admin)).toEqual(all);
    expect(await walk(null, actors.kosme)).toEqual(all);
  });

  it.each(['analyst', 'kb', 'enterprise'] as const)('%s gets FORBIDDEN on auditEvents', async (who) => {
    const res = await app.gql(LIST, {}, outsider(who));
    expectErrorCode(res, 'FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it.each(['analyst', 'kb', 'enterprise'] as const)('%s reads an audit event through node(id) as null', async (who) => {
    expectNullNode(await app.gql(NODE, { id: encodeGlobalId('AuditEvent', events.registered) }, outsider(who)));
  });

  it('no token: UNAUTHENTICATED', async () => {
    expectErrorCode(await app.gql(LIST, {}, null), 'UNAUTHENTICATED');
  });
});
