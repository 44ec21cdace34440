import { encodeGlobalId } from '../src/common/global-id';
import { startTestApp, TestApp } from './support/test-app';
import { connectionList } from './support/paging';
import { dbId } from './support/ids';
import { Actors, actorsOf, addSecondFunder } from './support/actors';
import { expectEachOnceInOrder, expectEmptyPage, expectErrorCode, expectNullNode, expectSameStatements } from './support/assertions';
import { secondFunderAgreement } from './support/operations';
import { expectedIdsOf, sqlFor } from './support/sql';

/**
 * The seed has one BASE_GRANT per activated agreement. beforeAll adds finalized
 * evaluations with OUTCOME_PAYMENT disbursements (several scheduled at the same
 * instant, so the id tie-breaker matters; some of them PAID), and a second funder
 * (SHINHAN) with an agreement and a base grant of its own for the visibility rules,
 * made through the API.
 */

let app: TestApp;
let actors: Actors;
/** An ENTERPRISE user of the recipient of fixture.agreementId. */
let recipient: string;

const fixture = {
  kbId: '',
  shinhanId: '',
  shinhanAgreementId: '',
  shinhanBaseGrant: '',
  /** A KB agreement with a PAID outcome payment. */
  agreementId: '',
  recipientId: '',
  paidOutcomePayment: '',
  baseGrant: '',
  /** An instant at which several outcome payments are scheduled. */
  sharedInstant: '',
};

const sql = sqlFor(() => app);

/** Starts the app on the seed and adds the fixture described above. */
async function buildFixture(): Promise<void> {
  app = await startTestApp({ seed: true });
  actors = await actorsOf(app);
  const agencies = await sql<{ id: string; code: string }>(`SELECT id, code FROM agency`);
  const agencyId = (code: string) => String(agencies.find((a) => a.code === code)!.id);
  fixture.kbId = agencyId('KB');

  const shinhan = await secondFunderAgreement(app, actors, { agreementNumber: 'SH-RBF-2026-001' });
  fixture.shinhanId = await addSecondFunder(app);
  fixture.shinhanAgreementId = dbId(shinhan.id);
  fixture.shinhanBaseGrant = dbId(shinhan.agreement.disbursements[0].id);

  // R10: a pro-rata outcome for every target with verified activities in its period, finalized in groups of three per hour.
  await sql(
    `INSERT INTO target_evaluation (target_id, status, actual_value, achieved, computed_payout, payout, capped, explanation,
       prepared_by_id, prepared_by_subject, prepared_at, finalized_by_id, finalized_by_subject, finalized_at)
     SELECT t.id, 'FINALIZED', c.n, c.n >= t.target_value, t.max_payout * LEAST(c.n, t.target_value) / t.target_value,
       t.max_payout * LEAST(c.n, t.target_value) / t.target_value, false, 'test fixture', $1, 'test-kosme',
       timestamptz '2026-09-01T00:00:00Z', $2, 'test-kb', timestamptz '2026-10-01T00:00:00Z' + (t.id / 3) * interval '1 hour'
     FROM performance_target t
     CROSS JOIN LATERAL (SELECT count(*) AS n FROM improvement_activity a WHERE a.agreement_id = t.agreement_id
       AND a.status = 'VERIFIED' AND a.completed_on BETWEEN t.period_start AND t.period_end) c
     WHERE c.n > 0
     ORDER BY t.id`,
    [agencyId('KOSME'), fixture.kbId],
  );
  await sql(
    `INSERT INTO disbursement (agreement_id, evaluation_id, kind, amount, status, scheduled_at, paid_at, bank_reference)
     SELECT t.agreement_id, e.id, 'OUTCOME_PAYMENT', e.payout,
       CASE WHEN e.id % 4 = 0 THEN 'PAID' ELSE 'SCHEDULED' END, e.finalized_at,
       CASE WHEN e.id % 4 = 0 THEN e.finalized_at + interval '3 days' END,
       CASE WHEN e.id % 4 = 0 THEN 'KB-TRX-TEST-' || e.id END
     FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id
     ORDER BY e.id`,
  );

  const [paid] = await sql(
    `SELECT d.id, d.agreement_id, a.recipient_id FROM disbursement d JOIN funding_agreement a ON a.id = d.agreement_id
     WHERE d.kind = 'OUTCOME_PAYMENT' AND d.status = 'PAID' AND a.funder_id = $1
       AND EXISTS (SELECT 1 FROM disbursement b WHERE b.agreement_id = a.id AND b.kind = 'BASE_GRANT')
     ORDER BY d.id LIMIT 1`,
    [fixture.kbId],
  );
  fixture.paidOutcomePayment = String(paid.id);
  fixture.agreementId = String(paid.agreement_id);
  fixture.recipientId = String(paid.recipient_id);
  const [baseGrant] = await sql(`SELECT id FROM disbursement WHERE agreement_id = $1 AND kind = 'BASE_GRANT'`, [fixture.agreementId]);
  fixture.baseGrant = String(baseGrant.id);
  const [shared] = await sql(
    `SELECT scheduled_at FROM disbursement WHERE kind = 'OUTCOME_PAYMENT' GROUP BY scheduled_at HAVING count(*) > 1 ORDER BY scheduled_at LIMIT 1`,
  );
  fixture.sharedInstant = shared.scheduled_at.toISOString();
  recipient = await actors.enterpriseWithId(fixture.recipientId);
}

beforeAll(buildFixture);
afterAll(() => app?.close());

const { query: LIST, walk } = connectionList(() => app, 'disbursements', 'DisbursementFilter');
const JOINED = 'disbursement d JOIN funding_agreement a ON a.id = d.agreement_id';
/** Disbursement ids, oldest scheduled first, under a condition on d (disbursement) and a (its agreement). */
const expectedIds = expectedIdsOf(() => app, (where) => `SELECT d.id FROM ${JOINED} WHERE ${where} ORDER BY d.scheduled_at, d.id`);

const agreementGid = (id: string) => encodeGlobalId('FundingAgreement', id);
const agencyGid = (id: string) => encodeGlobalId('Agency', id);

describe('disbursements', () => {
  it('lists every disbursement once, oldest scheduled first, ties broken by id, across pages', async () => {
    const ids = await walk(null, actors.admin, 7);
    expectEachOnceInOrder(ids, await expectedIds());
    const [{ instants }] = await sql(`SELECT count(DISTINCT scheduled_at)::int AS instants FROM disbursement`);
    expect(instants).toBeLessThan(ids.length);
  });

  it('filters by status', async () => {
    expect(await walk({ status: ['SCHEDULED'] }, actors.admin)).toEqual(await expectedIds(`d.status = 'SCHEDULED'`));
    const done = await walk({ status: ['PAID', 'CANCELLED'] }, actors.admin);
    expect(done).toEqual(await expectedIds(`d.status IN ('PAID', 'CANCELLED')`));
    expect(done).toContain(fixture.paidOutcomePayment);
  });

  it('filters by kind', async () => {
    const outcome = await walk({ kind: ['OUTCOME_PAYMENT'] }, actors.admin);
    expect(outcome).toEqual(await expectedIds(`d.kind = 'OUTCOME_PAYMENT'`));
    expect(outcome.length).toBeGreaterThan(50);
    expect(await walk({ kind: ['BASE_GRANT'] }, actors.admin)).toEqual(await expectedIds(`d.kind = 'BASE_GRANT'`));
  });

  it('filters by agreement', async () => {
    const ids = await walk({ agreementId: agreementGid(fixture.agreementId) }, actors.admin);
    expect(ids).toEqual(await expectedIds('d.agreement_id = $1', [fixture.agreementId]));
    expect(ids).toEqual(expect.arrayContaining([fixture.baseGrant, fixture.paidOutcomePayment]));
  });

  it('filters by funder', async () => {
    expect(await walk({ funderId: agencyGid(fixture.kbId) }, actors.admin)).toEqual(await expectedIds('a.funder_id = $1', [fixture.kbId]));
    expect(await walk({ funderId: agencyGid(fixture.shinhanId) }, actors.admin)).toEqual([fixture.shinhanBaseGrant]);
  });

  it('scheduledFrom and scheduledTo are inclusive bounds', async () => {
    const instant = fixture.sharedInstant;
    const atInstant = await expectedIds('d.scheduled_at = $1', [instant]);
    expect(atInstant.length).toBeGreaterThan(1);
    expect(await walk({ scheduledFrom: instant }, actors.admin)).toEqual(await expectedIds('d.scheduled_at >= $1', [instant]));
    expect(await walk({ scheduledTo: instant }, actors.admin)).toEqual(await expectedIds('d.scheduled_at <= $1', [instant]));
    expect(await walk({ scheduledFrom: instant, scheduledTo: instant }, actors.admin)).toEqual(atInstant);
    const justAfter = new Date(new Date(instant).getTime() + 1).toISOString();
    const justBefore = new Date(new Date(instant).getTime() - 1).toISOString();
    expect(await walk({ scheduledFrom: justAfter, scheduledTo: justAfter }, actors.admin)).toEqual([]);
    expect(await walk({ scheduledFrom: justBefore, scheduledTo: justAfter }, actors.admin)).toEqual(atInstant);
  });

  it("combines filters: a funder's scheduled outcome payments, the back office's queue", async () => {
    const filter = { funderId: agencyGid(fixture.kbId), status: ['SCHEDULED'], kind: ['OUTCOME_PAYMENT'], scheduledFrom: fixture.sharedInstant };
    const ids = await walk(filter, actors.kb, 10);
    expect(ids).toEqual(
      await expectedIds(`a.funder_id = $1 AND d.status = 'SCHEDULED' AND d.kind = 'OUTCOME_PAYMENT' AND d.scheduled_at >= $2`, [
        fixture.kbId,
        fixture.sharedInstant,
      ]),
    );
    expect(ids.length).toBeGreaterThan(10);
  });

  it('answers an empty page when nothing matches', async () => {
    const res = await app.gql(LIST, { filter: { funderId: agencyGid(fixture.shinhanId), kind: ['OUTCOME_PAYMENT'] } }, actors.admin);
    expect(res.errors).toBeUndefined();
    expectEmptyPage(res.data.disbursements);
  });

  it('refuses an invalid cursor, a cursor of another list, and first over 100 with BAD_USER_INPUT', async () => {
    const otherList = Buffer.from(JSON.stringify(['id:ASC', fixture.baseGrant])).toString('base64url');
    for (const variables of [{ after: 'not-a-cursor' }, { after: otherList }, { first: 101 }]) {
      expectErrorCode(await app.gql(LIST, variables, actors.admin), 'BAD_USER_INPUT');
    }
  });

  it('refuses malformed agreementId and funderId, or ids of another type, with BAD_USER_INPUT', async () => {
    const cases = [
      { filter: { agreementId: 'nope' }, argument: 'filter.agreementId' },
      { filter: { agreementId: agencyGid(fixture.kbId) }, argument: 'filter.agreementId' },
      { filter: { funderId: 'nope' }, argument: 'filter.funderId' },
      { filter: { funderId: agreementGid(fixture.agreementId) }, argument: 'filter.funderId' },
    ];
    for (const { filter, argument } of cases) {
      const res = await app.gql(LIST, { filter }, actors.admin);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });

  it('refuses a scheduledFrom that is not a DateTime', async () => {
    const res = await app.gql(LIST, { filter: { scheduledFrom: 'yesterday' } }, actors.admin);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

const NODE = `query($id: ID!) {
  node(id: $id) {
    id
    ... on Disbursement {
      agreement { id } evaluation { id } kind amount status scheduledAt paidAt bankReference
    }
  }
}`;

describe('Disbursement', () => {
  it('node(id) of a paid outcome payment answers every field as stored', async () => {
    const [row] = await sql(`SELECT * FROM disbursement WHERE id = $1`, [fixture.paidOutcomePayment]);
    const res = await app.gql(NODE, { id: encodeGlobalId('Disbursement', fixture.paidOutcomePayment) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      id: encodeGlobalId('Disbursement', fixture.paidOutcomePayment),
      agreement: { id: agreementGid(fixture.agreementId) },
      evaluation: { id: encodeGlobalId('TargetEvaluation', String(row.evaluation_id)) },
      kind: 'OUTCOME_PAYMENT',
      amount: String(row.amount),
      status: 'PAID',
      scheduledAt: row.scheduled_at.toISOString(),
      paidAt: row.paid_at.toISOString(),
      bankReference: row.bank_reference,
    });
  });

  it('a base grant has no evaluation', async () => {
    const [row] = await sql(`SELECT * FROM disbursement WHERE id = $1`, [fixture.baseGrant]);
    const res = await app.gql(NODE, { id: encodeGlobalId('Disbursement', fixture.baseGrant) }, actors.admin);
    expect(res.data.node).toMatchObject({ kind: 'BASE_GRANT', evaluation: null, amount: String(row.amount), status: row.status });
  });

  it('amounts are exact decimal strings (R14)', async () => {
    const res = await app.gql(`{ disbursements(first: 100) { nodes { id amount } } }`, {}, actors.admin);
    const rows = await sql(`SELECT id, amount::text AS amount FROM disbursement ORDER BY scheduled_at, id LIMIT 100`);
    expect(res.data.disbursements.nodes.map((n: any) => [dbId(n.id), n.amount])).toEqual(rows.map((r) => [String(r.id), r.amount]));
  });
});

describe('visibility', () => {
  it('an ENTERPRISE sees only the disbursements of its own agreements', async () => {
    const ids = await walk(null, recipient);
    expect(ids).toEqual(await expectedIds('a.recipient_id = $1', [fixture.recipientId]));
    expect(ids).toContain(fixture.paidOutcomePayment);
    expect(await walk({ funderId: agencyGid(fixture.shinhanId) }, recipient)).toEqual([]);
  });

  it("a FUNDER_OFFICER of KB sees KB's disbursements, and another funder's read as not found", async () => {
    const ids = await walk(null, actors.kb);
    expect(ids).toEqual(await expectedIds('a.funder_id = $1', [fixture.kbId]));
    expect(ids).not.toContain(fixture.shinhanBaseGrant);
    expectNullNode(await app.gql(NODE, { id: encodeGlobalId('Disbursement', fixture.shinhanBaseGrant) }, actors.kb));
  });

  it("a FUNDER_OFFICER of another funder sees only that funder's disbursements", async () => {
    expect(await walk(null, actors.shinhan)).toEqual([fixture.shinhanBaseGrant]);
    const res = await app.gql(NODE, { id: encodeGlobalId('Disbursement', fixture.paidOutcomePayment) }, actors.shinhan);
    expect(res.data.node).toBeNull();
  });

  it('ANALYST and AGENCY_OFFICER see every disbursement', async () => {
    const all = await expectedIds();
    expect(await walk(null, actors.analyst)).toEqual(all);
    expect(await walk(null, actors.kosme)).toEqual(all);
  });

  it('needs a token', async () => {
    expectErrorCode(await app.gql(LIST, {}, null), 'UNAUTHENTICATED');
  });
});

describe('SQL statements', () => {
  it('a page of 50 outcome payments with their relations costs what a page of 5 costs', async () => {
    const query = `query($first: Int) { disbursements(first: $first, filter: { kind: [OUTCOME_PAYMENT] }) { totalCount nodes {
      id amount
      agreement { agreementNumber }
      evaluation { id actualValue disbursement { id } target { metric } }
    } } }`;
    const { small, large } = await expectSameStatements(app, query, actors.admin, { first: 5 }, { first: 50 });
    expect(large.data.disbursements.nodes).toHaveLength(50);
    for (const node of large.data.disbursements.nodes) expect(node.evaluation.disbursement.id).toBe(node.id);
    expect(typeof small.extensions?.sqlStatements).toBe('number');
  });
});
