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
    const [row] = await app.db.query('SELECT id FROM audit_event ORDER BY id LIMIT 1');
    await expect(app.db.query("UPDATE audit_event SET action = 'forged' WHERE id = $1", [row.id])).rejects.toThrow(/append-only/);
    await expect(app.db.query('DELETE FROM audit_event WHERE id = $1', [row.id])).rejects.toThrow(/append-only/);
    expect((await app.db.query('SELECT action FROM audit_event WHERE id = $1', [row.id]))[0].action).toBe('registerEnterprise');
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
