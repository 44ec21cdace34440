import { createHash } from 'node:crypto';
import { brnCheckDigit } from '../src/modules/enterprises/brn';
import { TestApp } from './support/test-app';
import { Actors, startWithActors } from './support/actors';
import { mutation } from './support/operations';

let app: TestApp;
let actors: Actors;
let kosme: string;

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }, { kosme: 'kosme-kim' }));
  kosme = actors.kosme;
});
afterAll(() => app?.close());

const REGISTER = mutation('registerEnterprise');

function brn(serial: number): string {
  const nine = `3308${String(serial).padStart(5, '0')}`;
  return `${nine}${brnCheckDigit(nine)}`;
}

const input = (serial: number, overrides: Record<string, unknown> = {}) => ({
  businessRegistrationNumber: brn(serial), name: 'Seoul Press Works', size: 'SMALL', industryCode: 'C29',
  region: 'SEOUL', employeeCount: 30, ...overrides,
});

async function auditRows(): Promise<any[]> {
  return app.db.query('SELECT * FROM audit_event ORDER BY id');
}

describe('R13: the audit log', () => {
  it('R13: a successful mutation writes one event with actor, role, action, entity and changes, in its transaction', async () => {
    const before = await auditRows();
    const res: any = await app.gql(REGISTER, { input: input(1) }, kosme, { 'x-request-id': 'audit-1' });
    const id = res.data.registerEnterprise.enterprise.id;
    const added = (await auditRows()).slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      actor_subject: 'kosme-kim',
      actor_role: 'AGENCY_OFFICER',
      action: 'registerEnterprise',
      entity_type: 'Enterprise',
      entity_id: id,
      request_id: 'audit-1',
      changes: expect.objectContaining({ name: 'Seoul Press Works', businessRegistrationNumber: brn(1) }),
    });
  });

  it('R13: a failed mutation writes no event', async () => {
    const before = await auditRows();
    const invalid: any = await app.gql(REGISTER, { input: input(2, { employeeCount: 0 }) }, kosme);
    expect(invalid.data.registerEnterprise.userErrors).not.toEqual([]);
    const duplicate: any = await app.gql(REGISTER, { input: input(1) }, kosme);
    expect(duplicate.data.registerEnterprise.userErrors[0].code).toBe('DUPLICATE');
    const forbidden = await app.gql(REGISTER, { input: input(3) }, actors.analyst);
    expect(forbidden.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(await auditRows()).toEqual(before);
  });

  it('R13: nothing updates or deletes audit events, not even SQL through the application role', async () => {
    const [row] = await app.db.query('SELECT id, action FROM audit_event ORDER BY id LIMIT 1');
    await expect(app.db.query("UPDATE audit_event SET action = 'forged' WHERE id = $1", [row.id])).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM audit_event WHERE id = $1', [row.id])).rejects.toThrow(/append-only/);
    expect((await app.db.query('SELECT action FROM audit_event WHERE id = $1', [row.id]))[0].action).toBe(row.action);
  });

  it('R13: auditors read the log through auditEvents (ADMIN and AGENCY_OFFICER only)', async () => {
    const query = '{ auditEvents(filter: { action: "registerEnterprise" }) { totalCount nodes { action actorSubject actorRole entityType changes } } }';
    const officer: any = await app.gql(query, {}, kosme);
    expect(officer.data.auditEvents.totalCount).toBe(1);
    expect(officer.data.auditEvents.nodes[0]).toMatchObject({ action: 'registerEnterprise', actorSubject: 'kosme-kim', actorRole: 'AGENCY_OFFICER', entityType: 'Enterprise' });
    expect((await app.gql(query, {}, actors.admin)).data.auditEvents.totalCount).toBe(1);
    for (const token of [actors.analyst, actors.kb]) {
      const res = await app.gql(query, {}, token);
      expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });
});

describe('Request ids: the server keeps its own id beside the one the client quotes', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  it('a sane X-Request-Id is echoed and stored as the request id, the server\'s own id beside it (header X-Server-Request-Id)', async () => {
    const res = await app.gql(REGISTER, { input: input(300) }, kosme, { 'x-request-id': 'bank-batch-7' });
    const serverId = res.headers.get('x-server-request-id');
    expect(res.headers.get('x-request-id')).toBe('bank-batch-7');
    expect(serverId).toMatch(UUID);
    const [row] = await app.db.query('SELECT request_id, server_request_id FROM audit_event ORDER BY id DESC LIMIT 1');
    expect(row).toEqual({ request_id: 'bank-batch-7', server_request_id: serverId });
  });

  it.each([
    ['too long', 'r'.repeat(101), 301],
    ['with characters outside letters, digits and ._:-', 'batch 7; DROP TABLE', 302],
  ])('an X-Request-Id %s is not used: the server\'s own id serves for both', async (_name, header, serial) => {
    const res = await app.gql(REGISTER, { input: input(serial) }, kosme, { 'x-request-id': header });
    const serverId = res.headers.get('x-server-request-id');
    expect(serverId).toMatch(UUID);
    expect(res.headers.get('x-request-id')).toBe(serverId);
    const [row] = await app.db.query('SELECT request_id, server_request_id FROM audit_event ORDER BY id DESC LIMIT 1');
    expect(row).toEqual({ request_id: serverId, server_request_id: serverId });
  });
});

describe('R13: the audit log proves itself (a hash chain in id order)', () => {
  const VERIFY = `query Verify($after: ID) { verifyAuditChain(after: $after) { eventsChecked intact firstBrokenEventId lastEventId lastHash } }`;
  const gidOf = (id: string) => Buffer.from(`AuditEvent:${id}`).toString('base64url');

  /** PostgreSQL's jsonb text form, written out independently: keys by length then bytes, ", " and ": " between. */
  function jsonbText(value: unknown): string {
    if (value === null || typeof value !== 'object') return JSON.stringify(value);
    if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
    const keys = Object.keys(value).sort((a, b) => Buffer.byteLength(a) - Buffer.byteLength(b) || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText((value as Record<string, unknown>)[key])}`).join(', ')}}`;
  }

  function expectedHash(previous: string | null, row: any): string {
    const canonical = jsonbText({
      id: Number(row.id),
      at: row.at.toISOString(),
      actorSubject: row.actor_subject,
      actorRole: row.actor_role,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      changes: row.changes,
      requestId: row.request_id,
    });
    return createHash('sha256').update(`${previous ?? ''}${canonical}`).digest('hex');
  }

  async function verify(after: string | null = null, token = actors.admin): Promise<any> {
    const res = await app.gql(VERIFY, { after }, token);
    expect(res.errors).toBeUndefined();
    return res.data.verifyAuditChain;
  }

  /** Runs SQL as the superuser with the append-only trigger set aside: what someone with database access could do. */
  async function tamper(sql: string, params: unknown[]): Promise<void> {
    await app.db.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    try {
      await app.db.query(sql, params);
    } finally {
      await app.db.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    }
  }

  it('R13: each event hashes the previous hash and its canonical JSON, as recomputed here from the row; the first links to nothing', async () => {
    for (let serial = 100; serial < 103; serial++) await app.gql(REGISTER, { input: input(serial) }, kosme);
    const rows = await auditRows();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    let previous: string | null = null;
    for (const row of rows) {
      expect(row.previous_hash).toBe(previous);
      expect(row.hash).toBe(expectedHash(previous, row));
      previous = row.hash;
    }
    const res = await app.gql('{ auditEvents(first: 1) { nodes { hash previousHash } } }', {}, actors.admin);
    expect(res.data.auditEvents.nodes[0]).toEqual({ hash: rows[rows.length - 1].hash, previousHash: rows[rows.length - 2].hash });
  });

  it('R13: 20 concurrent mutations extend one chain: no fork, ids in the order of the links, verifyAuditChain intact', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => app.gql(REGISTER, { input: input(200 + i) }, kosme)));
    const rows = await auditRows();
    for (let i = 1; i < rows.length; i++) expect(rows[i].previous_hash).toBe(rows[i - 1].hash);
    const result = await verify();
    expect(result).toEqual({ eventsChecked: rows.length, intact: true, firstBrokenEventId: null, lastEventId: gidOf(String(rows[rows.length - 1].id)), lastHash: rows[rows.length - 1].hash });
  });

  it('R13: verifyAuditChain(after:) checks only the events after a trusted one; ADMIN and AGENCY_OFFICER only', async () => {
    const rows = await auditRows();
    const trusted = rows[rows.length - 4];
    const result = await verify(gidOf(String(trusted.id)), kosme);
    expect(result).toMatchObject({ eventsChecked: 3, intact: true, lastHash: rows[rows.length - 1].hash });
    for (const token of [actors.kb, actors.analyst, await actors.someEnterprise()]) {
      expect((await app.gql(VERIFY, {}, token)).errors?.[0].extensions.code).toBe('FORBIDDEN');
    }
  });

  it('R13: an edit made directly in PostgreSQL is found: verifyAuditChain names the edited event, and is intact again once undone', async () => {
    const rows = await auditRows();
    const victim = rows[Math.floor(rows.length / 2)];
    await tamper(`UPDATE audit_event SET changes = jsonb_set(changes, '{name}', '"Forged Works"') WHERE id = $1`, [victim.id]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: gidOf(String(victim.id)) });
    await tamper('UPDATE audit_event SET changes = $2 WHERE id = $1', [victim.id, victim.changes]);
    expect((await verify()).intact).toBe(true);
  });

  it('R13: a deleted event is found: verifyAuditChain names the event that followed it', async () => {
    const rows = await auditRows();
    const victim = rows[Math.floor(rows.length / 2)];
    const next = rows[Math.floor(rows.length / 2) + 1];
    await tamper('DELETE FROM audit_event WHERE id = $1', [victim.id]);
    expect(await verify()).toMatchObject({ intact: false, firstBrokenEventId: gidOf(String(next.id)) });
  });
});
