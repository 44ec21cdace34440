import { encodeGlobalId } from '../src/common/global-id';
import { GqlResponse, startTestApp, TestApp } from './support/test-app';
import { connectionList } from './support/paging';
import { dbId, gid } from './support/ids';
import { Actors, actorsOf } from './support/actors';
import { expectEachOnceInOrder, expectEmptyPage, expectErrorCode, expectNullNode, expectSameStatements } from './support/assertions';
import { seoulDay } from './support/dates';
import { activity, fundAgreement, secondFunderAgreement, TargetInput } from './support/operations';
import { agencyIds, expectedIdsOf, sqlFor, sqlIds } from './support/sql';

/**
 * The seed has no evaluations: beforeAll adds, through the API, a KB agreement
 * with five targets and verified activities and a second funder (SHINHAN) with an
 * agreement of its own for the visibility rules; then one DRAFT per target
 * (counting the agreement's VERIFIED activities in the target's period, linked
 * through evaluation_activity) but the KB agreement's last two, and shapes its
 * targets into the latestEvaluation cases.
 */

let app: TestApp;
let actors: Actors;
/** An ENTERPRISE user of the recipient of fixture.agreementId. */
let recipient: string;

const fixture = {
  kbId: '',
  kosmeId: '',
  /** A KB agreement with at least three targets, one of them achieved. */
  agreementId: '',
  recipientId: '',
  /** The FINALIZED evaluation (capped, with an OUTCOME_PAYMENT) and the newer DRAFT of the same target. */
  finalizedTarget: '',
  finalized: '',
  draftAfterFinalized: '',
  /** Two DRAFTs and a newer VOID one, over an older VOID one. */
  draftsTarget: '',
  olderDraft: '',
  newestDraft: '',
  newestVoid: '',
  /** Only a VOID evaluation. */
  voidOnlyTarget: '',
  /** No evaluation at all. */
  unevaluatedTarget: '',
  /** baseline 5, targetValue 25: actual 17 -> 12 / 20 = 0.6; actual 3 -> below the baseline -> 0. */
  ratioSixTenths: '',
  ratioBelowBaseline: '',
  shinhanAgreementId: '',
  shinhanEvaluation: '',
};

const sql = sqlFor(() => app);

async function insertEvaluation(targetId: string, values: { status: string; actual: number; at: string; payout?: number }): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO target_evaluation (target_id, status, actual_value, achieved, computed_payout, payout, capped, explanation,
       prepared_by_id, prepared_by_subject, prepared_at, voided_at)
     SELECT t.id, $2::text, $3::bigint, $3::bigint >= t.target_value, $4::bigint, $4::bigint, false, 'test fixture', $5::bigint,
       'test-kosme', $6::timestamptz, CASE WHEN $2::text = 'VOID' THEN $6::timestamptz + interval '1 day' END
     FROM performance_target t WHERE t.id = $1 RETURNING id`,
    [targetId, values.status, values.actual, values.payout ?? 0, fixture.kosmeId, values.at],
  );
  return String(row.id);
}

/** Links the same activities the target's first evaluation counted. */
async function copyCountedActivities(fromEvaluation: string, toEvaluation: string): Promise<void> {
  await sql(`INSERT INTO evaluation_activity (evaluation_id, activity_id) SELECT $2, activity_id FROM evaluation_activity WHERE evaluation_id = $1`, [
    fromEvaluation,
    toEvaluation,
  ]);
}

/**
 * A KB agreement of its own: five verified activities, and targets that become the
 * finalized, the drafts and the void-only cases (the first achieved), then one
 * never evaluated and one of baseline 5 and targetValue 25.
 */
async function kbAgreement() {
  const [startsOn, endsOn] = [seoulDay(-200), seoulDay(100)];
  const verified = (targetValue: number): TargetInput => ({
    metric: 'VERIFIED_ACTIVITIES', periodStart: startsOn, periodEnd: seoulDay(-10), baseline: 0, targetValue, maxPayout: '10000000', payoutRule: { kind: 'ALL_OR_NOTHING' },
  });
  const workers = (baseline: number, targetValue: number): TargetInput => ({
    metric: 'WORKERS_COVERED', periodStart: startsOn, periodEnd: endsOn, baseline, targetValue, maxPayout: '10000000', payoutRule: { kind: 'ALL_OR_NOTHING' },
  });
  const agreement = await fundAgreement(app, actors, { startsOn, endsOn, targets: [verified(4), verified(50), verified(60), workers(0, 10), workers(5, 25)] });
  const beneficiaries = await sqlIds(app, 'SELECT id FROM enterprise WHERE id <> $1 ORDER BY id LIMIT 5', [dbId(agreement.recipientId)]);
  for (const [i, beneficiary] of beneficiaries.entries()) {
    await activity(app, actors, agreement, { beneficiaryId: gid('Enterprise', beneficiary), completedOn: seoulDay(-150 + 10 * i) });
  }
  return agreement;
}

/** Starts the app on the seed and adds the fixture described above. */
async function buildFixture(): Promise<void> {
  app = await startTestApp({ seed: true });
  actors = await actorsOf(app);
  const agencies = await agencyIds(app);
  fixture.kbId = agencies.KB;
  fixture.kosmeId = agencies.KOSME;

  fixture.shinhanAgreementId = dbId((await secondFunderAgreement(app, actors, { agreementNumber: 'SH-RBF-2026-001' })).id);
  const agreement = await kbAgreement();
  fixture.agreementId = dbId(agreement.id);
  fixture.recipientId = dbId(agreement.recipientId);
  const [, , , unevaluatedTarget, ratioTarget] = agreement.targetIds.map(dbId);

  // One DRAFT per target but the last two above, counting the agreement's verified activities in the period.
  await sql(
    `INSERT INTO target_evaluation (target_id, status, actual_value, achieved, computed_payout, payout, capped, explanation,
       prepared_by_id, prepared_by_subject, prepared_at)
     SELECT t.id, 'DRAFT', c.n, c.n >= t.target_value, CASE WHEN c.n >= t.target_value THEN t.max_payout ELSE 0 END,
       CASE WHEN c.n >= t.target_value THEN t.max_payout ELSE 0 END, false, 'test fixture', $1, 'test-kosme',
       timestamptz '2026-09-01T00:00:00Z' + t.id * interval '1 minute'
     FROM performance_target t
     CROSS JOIN LATERAL (SELECT count(*) AS n FROM improvement_activity a WHERE a.agreement_id = t.agreement_id
       AND a.status = 'VERIFIED' AND a.completed_on BETWEEN t.period_start AND t.period_end) c
     WHERE t.id <> ALL($2::bigint[])
     ORDER BY t.id`,
    [fixture.kosmeId, [unevaluatedTarget, ratioTarget]],
  );
  await sql(
    `INSERT INTO evaluation_activity (evaluation_id, activity_id)
     SELECT e.id, a.id FROM target_evaluation e
     JOIN performance_target t ON t.id = e.target_id
     JOIN improvement_activity a ON a.agreement_id = t.agreement_id AND a.status = 'VERIFIED'
       AND a.completed_on BETWEEN t.period_start AND t.period_end`,
  );
  const [shinhanEvaluation] = await sql(
    `SELECT e.id FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id WHERE t.agreement_id = $1`,
    [fixture.shinhanAgreementId],
  );
  fixture.shinhanEvaluation = String(shinhanEvaluation.id);

  const targets = await sql<{ id: string; evaluation_id: string }>(
    `SELECT t.id, e.id AS evaluation_id FROM performance_target t JOIN target_evaluation e ON e.target_id = t.id
     WHERE t.agreement_id = $1 ORDER BY e.achieved DESC, t.id`,
    [fixture.agreementId],
  );
  const [finalized, drafts, voidOnly] = targets.map((t) => ({ target: String(t.id), evaluation: String(t.evaluation_id) }));

  // R10: finalized with the remaining budget binding (capped), and a newer draft prepared afterwards.
  fixture.finalizedTarget = finalized.target;
  fixture.finalized = finalized.evaluation;
  await sql(
    `UPDATE target_evaluation SET status = 'FINALIZED', payout = computed_payout / 2, capped = true,
       finalized_by_id = $2, finalized_by_subject = 'test-kb', finalized_at = '2026-10-01T00:00:00Z' WHERE id = $1`,
    [fixture.finalized, fixture.kbId],
  );
  await sql(
    `INSERT INTO disbursement (agreement_id, evaluation_id, kind, amount, status, scheduled_at)
     SELECT $1, id, 'OUTCOME_PAYMENT', payout, 'SCHEDULED', finalized_at FROM target_evaluation WHERE id = $2`,
    [fixture.agreementId, fixture.finalized],
  );
  const [{ actual_value: finalizedActual }] = await sql(`SELECT actual_value FROM target_evaluation WHERE id = $1`, [fixture.finalized]);
  fixture.draftAfterFinalized = await insertEvaluation(finalized.target, { status: 'DRAFT', actual: Number(finalizedActual), at: '2026-10-05T00:00:00Z' });
  await copyCountedActivities(fixture.finalized, fixture.draftAfterFinalized);

  fixture.draftsTarget = drafts.target;
  await sql(`UPDATE target_evaluation SET status = 'VOID', voided_at = '2026-10-02T00:00:00Z' WHERE id = $1`, [drafts.evaluation]);
  fixture.olderDraft = await insertEvaluation(drafts.target, { status: 'DRAFT', actual: 1, at: '2026-10-02T00:00:00Z' });
  fixture.newestDraft = await insertEvaluation(drafts.target, { status: 'DRAFT', actual: 2, at: '2026-10-03T00:00:00Z' });
  fixture.newestVoid = await insertEvaluation(drafts.target, { status: 'VOID', actual: 3, at: '2026-10-04T00:00:00Z' });
  await copyCountedActivities(drafts.evaluation, fixture.newestDraft);

  fixture.voidOnlyTarget = voidOnly.target;
  await sql(`UPDATE target_evaluation SET status = 'VOID', voided_at = '2026-10-02T00:00:00Z' WHERE id = $1`, [voidOnly.evaluation]);

  fixture.unevaluatedTarget = unevaluatedTarget;
  fixture.ratioBelowBaseline = await insertEvaluation(ratioTarget, { status: 'VOID', actual: 3, at: '2026-10-06T00:00:00Z' });
  fixture.ratioSixTenths = await insertEvaluation(ratioTarget, { status: 'DRAFT', actual: 17, at: '2026-10-07T00:00:00Z' });
  recipient = await actors.enterpriseWithId(fixture.recipientId);
}

beforeAll(buildFixture);
afterAll(() => app?.close());

/** The list, and every id of it page by page, checking totalCount and the page flags on the way. */
const { query: LIST, walk } = connectionList(() => app, 'targetEvaluations', 'TargetEvaluationFilter');
const JOINED = 'target_evaluation e JOIN performance_target t ON t.id = e.target_id JOIN funding_agreement a ON a.id = t.agreement_id';
/** Evaluation ids in id order, under a condition on e (target_evaluation), t (its target) and a (its agreement). */
const expectedIds = expectedIdsOf(() => app, (where) => `SELECT e.id FROM ${JOINED} WHERE ${where} ORDER BY e.id`);

describe('targetEvaluations', () => {
  it('lists every evaluation once, in id order, across pages', async () => {
    const ids = await walk(null, actors.admin, 17);
    expectEachOnceInOrder(ids, await expectedIds());
    expect(ids.length).toBeGreaterThan(100);
  });

  it('filters by status', async () => {
    expect(await walk({ status: ['FINALIZED'] }, actors.admin)).toEqual(await expectedIds(`e.status = 'FINALIZED'`));
    const draftOrVoid = await walk({ status: ['DRAFT', 'VOID'] }, actors.admin);
    expect(draftOrVoid).toEqual(await expectedIds(`e.status IN ('DRAFT', 'VOID')`));
    expect(draftOrVoid).toEqual(expect.arrayContaining([fixture.newestVoid, fixture.newestDraft]));
  });

  it('filters by agreement', async () => {
    const ids = await walk({ agreementId: gid('FundingAgreement', fixture.agreementId) }, actors.admin);
    expect(ids).toEqual(await expectedIds('t.agreement_id = $1', [fixture.agreementId]));
    expect(ids).toContain(fixture.ratioSixTenths);
  });

  it('filters by achieved', async () => {
    const achieved = await walk({ achieved: true }, actors.admin);
    expect(achieved).toEqual(await expectedIds('e.achieved'));
    expect(achieved.length).toBeGreaterThan(0);
    expect(await walk({ achieved: false }, actors.admin)).toEqual(await expectedIds('NOT e.achieved'));
  });

  it('combines filters', async () => {
    const filter = { agreementId: gid('FundingAgreement', fixture.agreementId), status: ['DRAFT'], achieved: false };
    const ids = await walk(filter, actors.admin);
    expect(ids).toEqual(await expectedIds(`t.agreement_id = $1 AND e.status = 'DRAFT' AND NOT e.achieved`, [fixture.agreementId]));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('answers an empty page when nothing matches', async () => {
    const filter = { agreementId: gid('FundingAgreement', fixture.shinhanAgreementId), status: ['FINALIZED'] };
    const res = await app.gql(LIST, { filter }, actors.admin);
    expect(res.errors).toBeUndefined();
    expectEmptyPage(res.data.targetEvaluations);
  });

  it('refuses an invalid cursor and first over 100 with BAD_USER_INPUT', async () => {
    for (const variables of [{ after: 'not-a-cursor' }, { after: Buffer.from('["id:ASC","x"]').toString('base64url') }, { first: 101 }, { first: -1 }]) {
      expectErrorCode(await app.gql(LIST, variables, actors.admin), 'BAD_USER_INPUT');
    }
  });

  it('refuses a malformed agreementId, or the id of another type, with BAD_USER_INPUT', async () => {
    for (const agreementId of ['not-an-id', gid('Agency', fixture.kbId)]) {
      const res = await app.gql(LIST, { filter: { agreementId } }, actors.admin);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.agreementId' });
    }
  });

  it('needs a token', async () => {
    expectErrorCode(await app.gql(LIST, {}, null), 'UNAUTHENTICATED');
  });
});

const NODE = `query($id: ID!) {
  node(id: $id) {
    id
    ... on TargetEvaluation {
      status actualValue achievementRatio achieved computedPayout payout capped preparedAt finalizedAt
      target { id }
      preparedBy { code }
      disbursement { id kind amount }
    }
  }
}`;

describe('TargetEvaluation', () => {
  it('node(id) answers every field as stored (R10: a capped, finalized evaluation with its outcome payment)', async () => {
    const [row] = await sql(
      `SELECT e.*, d.id AS disbursement_id, d.amount FROM target_evaluation e JOIN disbursement d ON d.evaluation_id = e.id WHERE e.id = $1`,
      [fixture.finalized],
    );
    const res = await app.gql(NODE, { id: gid('TargetEvaluation', fixture.finalized) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toMatchObject({
      id: gid('TargetEvaluation', fixture.finalized),
      status: 'FINALIZED',
      actualValue: Number(row.actual_value),
      achieved: true,
      computedPayout: String(row.computed_payout),
      payout: String(row.payout),
      capped: true,
      preparedAt: row.prepared_at.toISOString(),
      finalizedAt: '2026-10-01T00:00:00.000Z',
      target: { id: gid('PerformanceTarget', fixture.finalizedTarget) },
      preparedBy: { code: 'KOSME' },
      disbursement: { id: encodeGlobalId('Disbursement', String(row.disbursement_id)), kind: 'OUTCOME_PAYMENT', amount: String(row.amount) },
    });
    expect(BigInt(res.data.node.payout)).toBeLessThan(BigInt(res.data.node.computedPayout));
  });

  it('a draft has no finalizedAt and no disbursement', async () => {
    const res = await app.gql(NODE, { id: gid('TargetEvaluation', fixture.newestDraft) }, actors.admin);
    expect(res.data.node).toMatchObject({ status: 'DRAFT', actualValue: 2, finalizedAt: null, disbursement: null });
  });

  it('R11: achievementRatio is (actual - baseline) / (targetValue - baseline), exactly', async () => {
    const sixTenths = await app.gql(NODE, { id: gid('TargetEvaluation', fixture.ratioSixTenths) }, actors.admin);
    expect(sixTenths.data.node).toMatchObject({ actualValue: 17, achievementRatio: 0.6, achieved: false });
  });

  it('R11: achievementRatio is 0, not negative, below the baseline', async () => {
    const below = await app.gql(NODE, { id: gid('TargetEvaluation', fixture.ratioBelowBaseline) }, actors.admin);
    expect(below.data.node).toMatchObject({ status: 'VOID', actualValue: 3, achievementRatio: 0 });
  });

  it('R11: achievementRatio matches the stored numbers on a whole page', async () => {
    const res = await app.gql(`{ targetEvaluations(first: 100) { nodes { id achievementRatio } } }`, {}, actors.admin);
    expect(res.errors).toBeUndefined();
    const rows = await sql(
      `SELECT e.id, GREATEST(0, e.actual_value - t.baseline)::float8 / (t.target_value - t.baseline) AS ratio
       FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id ORDER BY e.id LIMIT 100`,
    );
    expect(res.data.targetEvaluations.nodes.map((n: any) => [dbId(n.id), n.achievementRatio])).toEqual(
      rows.map((row) => [String(row.id), row.ratio]),
    );
  });

  it('R9: countedActivities are exactly the activities the evaluation counted', async () => {
    const query = `query($id: ID!, $after: String) { node(id: $id) { ... on TargetEvaluation {
      countedActivities(first: 3, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } } } }`;
    const expected = (
      await sql(`SELECT activity_id FROM evaluation_activity WHERE evaluation_id = $1 ORDER BY activity_id`, [fixture.finalized])
    ).map((row) => encodeGlobalId('ImprovementActivity', String(row.activity_id)));
    expect(expected.length).toBeGreaterThan(3);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GqlResponse = await app.gql(query, { id: gid('TargetEvaluation', fixture.finalized), after }, actors.admin);
      expect(res.errors).toBeUndefined();
      const connection = res.data.node.countedActivities;
      expect(connection.totalCount).toBe(expected.length);
      seen.push(...connection.nodes.map((n: { id: string }) => n.id));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('R9: an evaluation that counted nothing has no countedActivities', async () => {
    const res = await app.gql(
      `query($id: ID!) { node(id: $id) { ... on TargetEvaluation { countedActivities { totalCount nodes { id } } } } }`,
      { id: gid('TargetEvaluation', fixture.ratioSixTenths) },
      actors.admin,
    );
    expect(res.data.node.countedActivities).toEqual({ totalCount: 0, nodes: [] });
  });

  it('node(id) of an evaluation that does not exist is null', async () => {
    expectNullNode(await app.gql(NODE, { id: gid('TargetEvaluation', '999999999') }, actors.admin));
  });
});

describe('visibility', () => {
  it('an ENTERPRISE sees only the evaluations of its own agreements', async () => {
    const ids = await walk(null, recipient);
    expect(ids).toEqual(await expectedIds('a.recipient_id = $1', [fixture.recipientId]));
    expect(ids).toContain(fixture.finalized);
  });

  it("an ENTERPRISE reads another enterprise's evaluation as null", async () => {
    expectNullNode(await app.gql(NODE, { id: gid('TargetEvaluation', fixture.shinhanEvaluation) }, recipient));
  });

  it("a FUNDER_OFFICER of KB sees KB's evaluations and not another funder's", async () => {
    const ids = await walk(null, actors.kb);
    expect(ids).toEqual(await expectedIds('a.funder_id = $1', [fixture.kbId]));
    expect(ids).not.toContain(fixture.shinhanEvaluation);
    const res = await app.gql(NODE, { id: gid('TargetEvaluation', fixture.shinhanEvaluation) }, actors.kb);
    expect(res.data.node).toBeNull();
  });

  it("a FUNDER_OFFICER of another funder sees only that funder's evaluations", async () => {
    expect(await walk(null, actors.shinhan)).toEqual([fixture.shinhanEvaluation]);
    const res = await app.gql(NODE, { id: gid('TargetEvaluation', fixture.finalized) }, actors.shinhan);
    expect(res.data.node).toBeNull();
  });

  it('ANALYST and AGENCY_OFFICER see every evaluation', async () => {
    const all = await expectedIds();
    expect(await walk(null, actors.analyst)).toEqual(all);
    expect(await walk(null, actors.kosme)).toEqual(all);
  });
});

describe('PerformanceTarget.latestEvaluation and evaluations', () => {
  const TARGET = `query($id: ID!) { node(id: $id) { ... on PerformanceTarget { latestEvaluation { id status } evaluations { id } } } }`;

  async function target(targetId: string, token = actors.admin) {
    const res = await app.gql(TARGET, { id: gid('PerformanceTarget', targetId) }, token);
    expect(res.errors).toBeUndefined();
    return res.data.node as { latestEvaluation: { id: string; status: string } | null; evaluations: { id: string }[] };
  }

  async function evaluationIdsOf(targetId: string): Promise<string[]> {
    return (await sql(`SELECT id FROM target_evaluation WHERE target_id = $1 ORDER BY id`, [targetId])).map((row) =>
      gid('TargetEvaluation', String(row.id)),
    );
  }

  it('R10: the finalized evaluation beats a newer draft', async () => {
    const node = await target(fixture.finalizedTarget);
    expect(node.latestEvaluation).toEqual({ id: gid('TargetEvaluation', fixture.finalized), status: 'FINALIZED' });
    expect(node.evaluations.map((e) => e.id)).toEqual(await evaluationIdsOf(fixture.finalizedTarget));
    expect(node.evaluations.map((e) => e.id)).toContain(gid('TargetEvaluation', fixture.draftAfterFinalized));
  });

  it('without a finalized one, the newest draft; a VOID evaluation never, even when newer', async () => {
    const node = await target(fixture.draftsTarget);
    expect(node.latestEvaluation).toEqual({ id: gid('TargetEvaluation', fixture.newestDraft), status: 'DRAFT' });
    expect(node.evaluations.map((e) => e.id)).toEqual(await evaluationIdsOf(fixture.draftsTarget));
    expect(node.evaluations.map((e) => e.id)).toEqual(
      expect.arrayContaining([fixture.olderDraft, fixture.newestVoid].map((id) => gid('TargetEvaluation', id))),
    );
  });

  it('null when every evaluation is VOID', async () => {
    const node = await target(fixture.voidOnlyTarget);
    expect(node.latestEvaluation).toBeNull();
    expect(node.evaluations).toHaveLength(1);
  });

  it('null, and no evaluations, for a target never evaluated', async () => {
    expect(await target(fixture.unevaluatedTarget)).toEqual({ latestEvaluation: null, evaluations: [] });
  });

  it('answers many targets in one request with a fixed number of statements', async () => {
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on PerformanceTarget { latestEvaluation { id } evaluations { id } } } }`;
    const few = [fixture.finalizedTarget];
    const many = [fixture.finalizedTarget, fixture.draftsTarget, fixture.voidOnlyTarget, fixture.unevaluatedTarget];
    const small = await app.gql(query, { ids: few.map((id) => gid('PerformanceTarget', id)) }, actors.admin);
    const large = await app.gql(query, { ids: many.map((id) => gid('PerformanceTarget', id)) }, actors.admin);
    expect(large.errors).toBeUndefined();
    expect(large.data.nodes.map((n: any) => n.latestEvaluation?.id ?? null)).toEqual([
      gid('TargetEvaluation', fixture.finalized),
      gid('TargetEvaluation', fixture.newestDraft),
      null,
      null,
    ]);
    expect(large.extensions?.sqlStatements).toBe(small.extensions?.sqlStatements);
  });
});

describe('SQL statements', () => {
  it('a page of 50 evaluations with their relations costs what a page of 5 costs', async () => {
    const query = `query($first: Int) { targetEvaluations(first: $first) { nodes {
      id achievementRatio
      target { metric }
      preparedBy { code }
      countedActivities(first: 3) { totalCount nodes { id } }
      disbursement { amount }
    } } }`;
    const { small, large } = await expectSameStatements(app, query, actors.admin, { first: 5 }, { first: 50 });
    expect(large.data.targetEvaluations.nodes).toHaveLength(50);
    expect(typeof small.extensions?.sqlStatements).toBe('number');
  });
});
