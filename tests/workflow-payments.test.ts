import { Client } from 'pg';
import { encodeGlobalId } from '../src/common/global-id';
import { TestApp } from './support/test-app';
import { dbId } from './support/ids';
import { Actors, addSecondFunder, startWithActors } from './support/actors';
import { expectUnchanged, expectUserErrors } from './support/assertions';
import { seoulDay } from './support/dates';
import * as api from './support/operations';

let app: TestApp;
let actors: Actors;
let kbId: string;

const RECORD = api.mutation('recordDisbursementPayment');

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  [{ id: kbId }] = await app.db.query("SELECT id FROM agency WHERE code = 'KB'");
});
afterAll(() => app?.close());

/** An ACTIVE KB agreement made through the API; its base grant is SCHEDULED. */
async function activeAgreement(): Promise<api.FundedAgreement> {
  const [startsOn, endsOn] = [seoulDay(-30), seoulDay(300)];
  const target = { metric: 'VERIFIED_ACTIVITIES', periodStart: startsOn, periodEnd: endsOn, targetValue: 10, maxPayout: '10000000', payoutRule: { kind: 'ALL_OR_NOTHING' } };
  return api.fundAgreement(app, actors, { startsOn, endsOn, targets: [target] });
}

/** SCHEDULED disbursements no test has used yet: a refused test hands its own back. */
const unused: string[] = [];

/** A SCHEDULED disbursement no earlier test has used: the base grant of a KB agreement activated through the API. */
async function scheduledDisbursement(): Promise<string> {
  return unused.shift() ?? dbId((await activeAgreement()).agreement.disbursements[0].id);
}

let keySerial = 0;
const freshKey = () => `test-key-${process.pid}-${++keySerial}`;
/** Just now, to the second: the disbursements were scheduled moments ago, and a payment cannot precede its scheduling. */
const justNow = () => new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

function input(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id: encodeGlobalId('Disbursement', id),
    bankReference: 'KB-TRX-20260401-0042',
    paidAt: justNow(),
    idempotencyKey: freshKey(),
    ...overrides,
  };
}

async function record(variables: Record<string, unknown>, token: string | null = actors.kb): Promise<any> {
  return app.gql(RECORD, { input: variables }, token);
}

async function row(id: string): Promise<any> {
  const [r] = await app.db.query(
    'SELECT xmin::text AS version, status, paid_at, bank_reference, cancelled_at FROM disbursement WHERE id = $1',
    [id],
  );
  return r;
}

async function auditEvents(id: string): Promise<any[]> {
  return app.db.query(
    "SELECT actor_role, actor_subject, entity_type, changes FROM audit_event WHERE action = 'recordDisbursementPayment' AND entity_id = $1",
    [encodeGlobalId('Disbursement', id)],
  );
}

async function idempotencyRecords(key: string): Promise<any[]> {
  return app.db.query(
    `SELECT scope, operation, request_hash, response, created_at, expires_at,
            expires_at >= created_at + interval '24 hours' AS kept_a_day
       FROM idempotency_record WHERE key = $1`,
    [key],
  );
}

/** Asserts the call failed with exactly these userErrors and changed nothing. */
async function expectRefused(id: string, variables: Record<string, unknown>, errors: { field: string[]; code: string }[], token = actors.kb) {
  let userErrors: any[] = [];
  const state = async () => [await row(id), (await auditEvents(id)).length];
  await expectUnchanged(state, async () => (userErrors = expectUserErrors(await record(variables, token), errors)));
  return userErrors;
}

describe('recordDisbursementPayment', () => {
  it('R12/R13: records a SCHEDULED disbursement as PAID, audits it once and remembers the key for 24 hours', async () => {
    const id = await scheduledDisbursement();
    const vars = input(id, { bankReference: '  KB-TRX-20260401-0001  ' });
    const res = await record(vars);
    expect(res.errors).toBeUndefined();
    const payload = res.data.recordDisbursementPayment;
    expect(payload.userErrors).toEqual([]);
    expect(payload.disbursement).toMatchObject({ id: vars.id, status: 'PAID', paidAt: vars.paidAt, bankReference: 'KB-TRX-20260401-0001' });

    const saved = await row(id);
    expect(saved).toMatchObject({ status: 'PAID', bank_reference: 'KB-TRX-20260401-0001', cancelled_at: null });
    expect(saved.paid_at.toISOString()).toBe(vars.paidAt);

    expect(await auditEvents(id)).toEqual([
      {
        actor_role: 'FUNDER_OFFICER',
        actor_subject: 'test-funder_officer',
        entity_type: 'Disbursement',
        changes: {
          status: { from: 'SCHEDULED', to: 'PAID' },
          paidAt: { from: null, to: vars.paidAt },
          bankReference: { from: null, to: 'KB-TRX-20260401-0001' },
        },
      },
    ]);
    const records = await idempotencyRecords(vars.idempotencyKey);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      scope: `agency:${kbId}`,
      operation: 'recordDisbursementPayment',
      request_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      response: { disbursementId: id },
      kept_a_day: true,
    });
    expect(records[0].expires_at.getTime() - records[0].created_at.getTime()).toBeGreaterThanOrEqual(24 * 3600_000);
  });

  it('R12: the same key with the same arguments returns the first result and writes nothing', async () => {
    const id = await scheduledDisbursement();
    const vars = input(id);
    const first = await record(vars);
    expect(first.data.recordDisbursementPayment.userErrors).toEqual([]);
    const paidRow = await row(id);
    const recordsBefore = await idempotencyRecords(vars.idempotencyKey);

    // The same instant written in Korean time and the same reference with spaces around are the same arguments.
    const kst = new Date(Date.parse(vars.paidAt) + 9 * 3600_000).toISOString().replace('Z', '+09:00');
    for (const retry of [vars, { ...vars, bankReference: ` ${vars.bankReference} ` }, { ...vars, paidAt: kst }]) {
      const again = await record(retry);
      expect(again.errors).toBeUndefined();
      expect(again.data).toEqual(first.data);
    }
    expect(await row(id)).toEqual(paidRow); // same xmin: the row was not even rewritten
    expect(await auditEvents(id)).toHaveLength(1);
    expect(await idempotencyRecords(vars.idempotencyKey)).toEqual(recordsBefore);
  });

  it('R12: the same key with other arguments is IDEMPOTENCY_CONFLICT', async () => {
    const id = await scheduledDisbursement();
    const other = await scheduledDisbursement();
    const vars = input(id);
    expect((await record(vars)).data.recordDisbursementPayment.userErrors).toEqual([]);
    const recordsBefore = await idempotencyRecords(vars.idempotencyKey);
    const conflict = [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_CONFLICT' }];
    await expectRefused(id, { ...vars, bankReference: 'KB-TRX-OTHER' }, conflict);
    await expectRefused(id, { ...vars, paidAt: new Date(Date.parse(vars.paidAt) - 1).toISOString() }, conflict);
    await expectRefused(other, { ...vars, id: encodeGlobalId('Disbursement', other) }, conflict);
    expect((await row(other)).status).toBe('SCHEDULED');
    expect(await idempotencyRecords(vars.idempotencyKey)).toEqual(recordsBefore);
  });

  it('R12: a key used by another operation of the same agency is IDEMPOTENCY_CONFLICT', async () => {
    const id = await scheduledDisbursement();
    const vars = input(id);
    await app.db.query(
      `INSERT INTO idempotency_record (scope, key, operation, request_hash, response, expires_at)
       VALUES ($1, $2, 'someOtherMutation', 'x', '{}', now() + interval '1 day')`,
      [`agency:${kbId}`, vars.idempotencyKey],
    );
    await expectRefused(id, vars, [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_CONFLICT' }]);
  });

  it('R12: an expired key no longer binds: it is claimed afresh', async () => {
    const first = await scheduledDisbursement();
    const second = await scheduledDisbursement();
    const vars = input(first);
    expect((await record(vars)).data.recordDisbursementPayment.userErrors).toEqual([]);
    await app.db.query(
      "UPDATE idempotency_record SET created_at = now() - interval '25 hours', expires_at = now() - interval '1 hour' WHERE key = $1",
      [vars.idempotencyKey],
    );
    const res = await record({ ...vars, id: encodeGlobalId('Disbursement', second) });
    expect(res.data.recordDisbursementPayment.userErrors).toEqual([]);
    expect((await row(second)).status).toBe('PAID');
    const [replaced] = await idempotencyRecords(vars.idempotencyKey);
    expect(replaced.response).toEqual({ disbursementId: second });
    expect(replaced.kept_a_day).toBe(true);
  });

  it('R12: other expired keys are cleaned up in passing; unexpired ones stay', async () => {
    const scope = `agency:${kbId}`;
    const [stale, fresh] = [freshKey(), freshKey()];
    await app.db.query(
      `INSERT INTO idempotency_record (scope, key, operation, request_hash, response, created_at, expires_at) VALUES
         ($1, $2, 'recordDisbursementPayment', 'x', '{}', now() - interval '2 days', now() - interval '1 day'),
         ($1, $3, 'recordDisbursementPayment', 'x', '{}', now(), now() + interval '1 day')`,
      [scope, stale, fresh],
    );
    const id = await scheduledDisbursement();
    expect((await record(input(id))).data.recordDisbursementPayment.userErrors).toEqual([]);
    expect(await idempotencyRecords(stale)).toEqual([]);
    expect(await idempotencyRecords(fresh)).toHaveLength(1);
  });

  it('R12: a PAID disbursement under a new key is INVALID_STATE', async () => {
    const id = await scheduledDisbursement();
    expect((await record(input(id))).data.recordDisbursementPayment.userErrors).toEqual([]);
    const vars = input(id, { bankReference: 'KB-TRX-SECOND' });
    const [error] = await expectRefused(id, vars, [{ field: ['input', 'id'], code: 'INVALID_STATE' }]);
    expect(error.message).toMatch(/already PAID/);
    expect(await idempotencyRecords(vars.idempotencyKey)).toEqual([]);
  });

  it('R12: a seeded PAID disbursement under a new key is INVALID_STATE', async () => {
    const [paid] = await app.db.query(
      `SELECT d.id FROM disbursement d JOIN funding_agreement fa ON fa.id = d.agreement_id
        WHERE d.status = 'PAID' AND fa.funder_id = $1 ORDER BY d.id LIMIT 1`,
      [kbId],
    );
    await expectRefused(paid.id, input(paid.id), [{ field: ['input', 'id'], code: 'INVALID_STATE' }]);
  });

  it('R12: a CANCELLED disbursement is INVALID_STATE; the failed call stores no key, so a retry under it executes', async () => {
    let [cancelled] = await app.db.query(
      `SELECT d.id FROM disbursement d JOIN funding_agreement fa ON fa.id = d.agreement_id
        WHERE d.status = 'CANCELLED' AND fa.funder_id = $1 ORDER BY d.id LIMIT 1`,
      [kbId],
    );
    if (!cancelled) {
      // The demo data may have no terminated agreement with an unpaid base grant: terminate one (R6 cancels its base grant).
      const agreement = await activeAgreement();
      await api.terminate(app, actors.kb, agreement.id);
      cancelled = { id: dbId(agreement.agreement.disbursements[0].id) };
    }
    const vars = input(cancelled.id);
    const [error] = await expectRefused(cancelled.id, vars, [{ field: ['input', 'id'], code: 'INVALID_STATE' }]);
    expect(error.message).toMatch(/CANCELLED/);
    expect(await idempotencyRecords(vars.idempotencyKey)).toEqual([]);

    const scheduled = await scheduledDisbursement();
    const retry = await record({ ...vars, id: encodeGlobalId('Disbursement', scheduled) });
    expect(retry.data.recordDisbursementPayment.userErrors).toEqual([]);
    expect((await row(scheduled)).status).toBe('PAID');
  });

  it('R12: invalid inputs are INVALID_INPUT naming each field, all at once, and write nothing', async () => {
    const id = await scheduledDisbursement();
    const inFuture = new Date(Date.now() + 10 * 60_000).toISOString();
    const errors = await expectRefused(id, input(id, { bankReference: '   ', paidAt: inFuture, idempotencyKey: '' }), [
      { field: ['input', 'bankReference'], code: 'INVALID_INPUT' },
      { field: ['input', 'paidAt'], code: 'INVALID_INPUT' },
      { field: ['input', 'idempotencyKey'], code: 'INVALID_INPUT' },
    ]);
    expect(errors[1].message).toMatch(/future/);
  });

  it.each([
    ['an empty bankReference', { bankReference: '' }, 'bankReference'],
    ['a 101-character bankReference', { bankReference: 'R'.repeat(101) }, 'bankReference'],
    ['a bankReference with a NUL character', { bankReference: 'KB\u0000TRX' }, 'bankReference'],
    ['paidAt 10 minutes in the future', { paidAt: new Date(Date.now() + 10 * 60_000).toISOString() }, 'paidAt'],
    ['a 256-character idempotencyKey', { idempotencyKey: 'k'.repeat(256) }, 'idempotencyKey'],
    ['an idempotencyKey with a NUL character', { idempotencyKey: 'key\u0000' }, 'idempotencyKey'],
  ])('R12: %s is INVALID_INPUT', async (_name, overrides, field) => {
    const id = await scheduledDisbursement();
    unused.push(id); // refused: still SCHEDULED for later tests
    await expectRefused(id, input(id, overrides), [{ field: ['input', field], code: 'INVALID_INPUT' }]);
  });

  it.each([
    ['on 1970-01-01', () => '1970-01-01T00:00:00.000Z'],
    ['ten minutes before its disbursement was scheduled', (scheduledAt: Date) => new Date(scheduledAt.getTime() - 10 * 60_000).toISOString()],
  ])('paidAt lower bound: a payment dated %s is INVALID_INPUT on paidAt, and nothing is written', async (_name, paidAt) => {
    const id = await scheduledDisbursement();
    unused.push(id);
    const [{ scheduled_at: scheduledAt }] = await app.db.query('SELECT scheduled_at FROM disbursement WHERE id = $1', [id]);
    const errors = await expectRefused(id, input(id, { paidAt: paidAt(scheduledAt) }), [{ field: ['input', 'paidAt'], code: 'INVALID_INPUT' }]);
    expect(errors[0].message).toMatch(/before the disbursement was scheduled/);
  });

  it('paidAt lower bound: a bank clock up to five minutes behind ours is allowed', async () => {
    const id = await scheduledDisbursement();
    const [{ scheduled_at: scheduledAt }] = await app.db.query('SELECT scheduled_at FROM disbursement WHERE id = $1', [id]);
    const paidAt = new Date(scheduledAt.getTime() - 4 * 60_000).toISOString();
    const res = await record(input(id, { paidAt }));
    expect(res.data.recordDisbursementPayment.userErrors).toEqual([]);
    expect(res.data.recordDisbursementPayment.disbursement).toMatchObject({ status: 'PAID', paidAt });
  });

  it('R12: a paidAt that is not a DateTime is BAD_USER_INPUT', async () => {
    const id = await scheduledDisbursement();
    unused.push(id);
    const res = await record(input(id, { paidAt: 'yesterday' }));
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await row(id)).status).toBe('SCHEDULED');
  });

  it('R12: a 255-character key, a 100-character reference and paidAt within the clock-skew allowance are accepted', async () => {
    const id = await scheduledDisbursement();
    const vars = input(id, {
      idempotencyKey: `${freshKey()}-`.padEnd(255, 'k'),
      bankReference: 'R'.repeat(100),
      paidAt: new Date(Date.now() + 60_000).toISOString(),
    });
    const res = await record(vars);
    expect(res.data.recordDisbursementPayment.userErrors).toEqual([]);
    expect(await idempotencyRecords(vars.idempotencyKey)).toHaveLength(1);
    expect((await record(vars)).data).toEqual(res.data);
    expect(await auditEvents(id)).toHaveLength(1);
  });

  it('R12: a malformed id or an id of another type is BAD_USER_INPUT; an unknown one NOT_FOUND', async () => {
    const id = await scheduledDisbursement();
    unused.push(id);
    for (const badId of ['not-an-id', encodeGlobalId('FundingAgreement', id)]) {
      const res = await record(input(id, { id: badId }));
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    await expectRefused(id, input(id, { id: encodeGlobalId('Disbursement', '999999999') }), [{ field: ['input', 'id'], code: 'NOT_FOUND' }]);
  });

  it.each([
    ['AGENCY_OFFICER', 'kosme'],
    ['ANALYST', 'analyst'],
    ['ADMIN', 'admin'],
    ['ADMIN acting for KB', 'adminKb'],
  ] as const)('R12: %s may not record payments (FORBIDDEN)', async (_name, actor) => {
    const id = await scheduledDisbursement();
    unused.push(id);
    const before = await row(id);
    const res = await record(input(id), actors[actor]);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
    expect(await row(id)).toEqual(before);
    expect(await auditEvents(id)).toHaveLength(0);
  });

  it('R12: the recipient ENTERPRISE may not record payments (FORBIDDEN)', async () => {
    const id = await scheduledDisbursement();
    unused.push(id);
    const [recipient] = await app.db.query(
      `SELECT e.business_registration_number AS brn FROM disbursement d
         JOIN funding_agreement fa ON fa.id = d.agreement_id JOIN enterprise e ON e.id = fa.recipient_id WHERE d.id = $1`,
      [id],
    );
    const res = await record(input(id), await actors.enterprise(recipient.brn));
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect((await row(id)).status).toBe('SCHEDULED');
  });

  it('R12: no token is UNAUTHENTICATED', async () => {
    const id = await scheduledDisbursement();
    unused.push(id);
    const res = await record(input(id), null);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await row(id)).status).toBe('SCHEDULED');
  });

  it("R12: another funder's officer gets NOT_FOUND, and its keys are its own", async () => {
    await addSecondFunder(app);
    const paid = await scheduledDisbursement();
    const kbVars = input(paid);
    expect((await record(kbVars)).data.recordDisbursementPayment.userErrors).toEqual([]);

    const id = await scheduledDisbursement();
    unused.push(id);
    // KB's key in SHINHAN's scope is unused: no replay of KB's result, no conflict; the disbursement is simply not SHINHAN's.
    await expectRefused(id, input(id, { idempotencyKey: kbVars.idempotencyKey }), [{ field: ['input', 'id'], code: 'NOT_FOUND' }], actors.shinhan);
    await expectRefused(paid, kbVars, [{ field: ['input', 'id'], code: 'NOT_FOUND' }], actors.shinhan);
    expect(await idempotencyRecords(kbVars.idempotencyKey)).toHaveLength(1);
  });
});

/**
 * Runs the calls while another connection holds the disbursement's row lock,
 * and lets go only once all of them wait inside the database, so they truly
 * overlap: with one key, the first waits for the row and the others for its
 * idempotency record; with many keys, all wait for the row.
 */
async function allAtOnce(id: string, calls: Record<string, unknown>[]): Promise<any[]> {
  const blocker = new Client({ connectionString: app.config.databaseUrl! });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('SELECT id FROM disbursement WHERE id = $1 FOR UPDATE', [id]);
    const pending = Promise.all(calls.map((vars) => record(vars)));
    let waiting = 0;
    for (let i = 0; i < 200 && waiting < calls.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      await blocker.query('SELECT pg_stat_clear_snapshot()'); // statistics are otherwise frozen for the transaction
      const [row] = (
        await blocker.query(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
      ).rows;
      waiting = row.n;
    }
    expect(waiting).toBe(calls.length);
    await blocker.query('COMMIT');
    return await pending;
  } finally {
    await blocker.end();
  }
}

describe('recordDisbursementPayment under concurrency', () => {
  it('R12/R13: 20 concurrent calls with one key and the same arguments all return the first result; one write, one audit event', async () => {
    const id = await scheduledDisbursement();
    const vars = input(id);
    const results = await allAtOnce(id, Array.from({ length: 20 }, () => vars));
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
      expect(res.data.recordDisbursementPayment.userErrors).toEqual([]);
      expect(res.data).toEqual(results[0].data);
    }
    expect(results[0].data.recordDisbursementPayment.disbursement).toMatchObject({ status: 'PAID', paidAt: vars.paidAt });
    expect(await auditEvents(id)).toHaveLength(1);
    expect(await idempotencyRecords(vars.idempotencyKey)).toHaveLength(1);
  });

  it('R12: 20 concurrent calls with 20 keys pay once; the other 19 are INVALID_STATE', async () => {
    const id = await scheduledDisbursement();
    const calls = Array.from({ length: 20 }, (_, i) => input(id, { bankReference: `KB-TRX-RACE-${i}` }));
    const results = await allAtOnce(id, calls);
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    }
    const payloads = results.map((res) => res.data.recordDisbursementPayment);
    const winners = payloads.filter((p) => p.userErrors.length === 0);
    expect(winners).toHaveLength(1);
    const losers = payloads.filter((p) => p.userErrors.length > 0);
    expect(losers.map((p) => p.userErrors)).toEqual(
      Array.from({ length: 19 }, () => [{ field: ['input', 'id'], code: 'INVALID_STATE', message: expect.stringMatching(/already PAID/) }]),
    );
    expect((await row(id)).bank_reference).toBe(winners[0].disbursement.bankReference);
    expect(await auditEvents(id)).toHaveLength(1);
    const [{ n }] = await app.db.query('SELECT count(*)::int AS n FROM idempotency_record WHERE key = ANY($1)', [
      calls.map((c) => c.idempotencyKey),
    ]);
    expect(n).toBe(1);
  });
});
