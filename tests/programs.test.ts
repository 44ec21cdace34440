import { Actors, SECOND_FUNDER } from './support/actors';
import { expectAuditedOnce, expectErrorCode, expectUnchanged, expectUserError, expectUserErrors } from './support/assertions';
import { dbId, gid } from './support/ids';
import {
  activate,
  createAgreement,
  decide,
  mutate,
  perform,
  recommend,
  startWorkflow,
  supplier,
  terminate,
} from './support/operations';
import type { TestApp } from './support/test-app';

/** R15: programs, their budget, and how recommendations and agreements belong to one. */
let app: TestApp;
let actors: Actors;
let ids: Record<'KOSME' | 'KB' | 'MSS' | typeof SECOND_FUNDER.code, string>;

beforeAll(async () => ({ app, actors, ids } = await startWorkflow({ kosme: 'kosme-officer-9' })));
afterAll(() => app?.close());

let serial = 0;
function programInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  serial += 1;
  return {
    code: `P-${serial}-${Date.now()}`,
    name: 'Fall prevention pilot',
    funderId: gid('Agency', ids.KB),
    budget: '1000000000',
    startsOn: '2026-01-01',
    endsOn: '2027-12-31',
    ...overrides,
  };
}

const createProgram = (overrides: Record<string, unknown> = {}, token = actors.kosme) => perform(app, 'createProgram', programInput(overrides), token);

const PROGRAM = `query ($id: ID!) { node(id: $id) { ... on Program { id code budget budgetCommitted budgetRemaining
  agreements(first: 100) { totalCount nodes { id status } } } } }`;

async function programFigures(id: string, token = actors.analyst) {
  const res = await app.gql(PROGRAM, { id }, token);
  expect(res.errors).toBeUndefined();
  return res.data.node;
}

/** A DRAFT agreement in the program, through the API: recommendation, acceptance, draft with one target. */
async function draftIn(programId: string, amounts: { baseAmount: string; outcomeBudgetCap: string }, term = { startsOn: '2026-03-01', endsOn: '2026-12-31' }) {
  const recipient = await supplier(app, actors);
  const made = await recommend(app, actors.kosme, { enterpriseId: recipient.id, funderId: gid('Agency', ids.KB), programId });
  await decide(app, actors.kb, made.id, true);
  serial += 1;
  return createAgreement(app, actors.kb, {
    recommendationId: made.id,
    agreementNumber: `PRG-${serial}-${Date.now()}`,
    ...term,
    ...amounts,
    targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: term.startsOn, periodEnd: term.endsOn, targetValue: 5, maxPayout: amounts.outcomeBudgetCap, payoutRule: { kind: 'ALL_OR_NOTHING' } }],
  });
}

describe('createProgram', () => {
  it('R15, R13: an agency officer creates a program its agency operates; nothing is committed yet; one audit event', async () => {
    const program = await createProgram({ budget: '7000000000' });
    expect(program).toMatchObject({ budget: '7000000000', budgetCommitted: '0', budgetRemaining: '7000000000', operator: { code: 'KOSME' }, funder: { code: 'KB' } });
    await expectAuditedOnce(app, 'createProgram', program.id, { actor_subject: 'kosme-officer-9' });
  });

  it('R15: an ADMIN names the operator; an agency officer may name only its own agency', async () => {
    const byAdmin = await createProgram({ operatorId: gid('Agency', ids.KOSME) }, actors.admin);
    expect(byAdmin.operator.code).toBe('KOSME');
    const other = await mutate(app, 'createProgram', programInput({ operatorId: gid('Agency', ids.MSS) }), actors.kosme);
    expectUserError(other, 'INVALID_INPUT', ['input', 'operatorId'], /own agency/);
    const notPublic = await mutate(app, 'createProgram', programInput({ operatorId: gid('Agency', ids.MSS) }), actors.admin);
    expectUserError(notPublic, 'INVALID_INPUT', ['input', 'operatorId'], /PUBLIC_AGENCY/);
  });

  it('R15: a funder officer, an enterprise and an analyst may not create programs (FORBIDDEN)', async () => {
    for (const token of [actors.kb, actors.analyst, await actors.someEnterprise()]) {
      expectErrorCode(await mutate(app, 'createProgram', programInput(), token), 'FORBIDDEN');
    }
  });

  it('R15: code unique (DUPLICATE on code), startsOn < endsOn, budget > 0, a FINANCIAL_INSTITUTION as funder; nothing written', async () => {
    const first = await createProgram();
    const count = async () => (await app.db.query('SELECT count(*)::int AS n FROM program'))[0].n;
    await expectUnchanged(count, async () => {
      expectUserError(await mutate(app, 'createProgram', programInput({ code: first.code }), actors.kosme), 'DUPLICATE', ['input', 'code']);
      const bad = await mutate(app, 'createProgram', programInput({ startsOn: '2027-01-01', endsOn: '2027-01-01', budget: '0', funderId: gid('Agency', ids.KOSME) }), actors.kosme);
      expectUserErrors(bad, [
        { code: 'INVALID_INPUT', field: ['input', 'endsOn'] },
        { code: 'INVALID_INPUT', field: ['input', 'budget'] },
        { code: 'INVALID_INPUT', field: ['input', 'funderId'], message: /FINANCIAL_INSTITUTION/ },
      ]);
      expectUserError(await mutate(app, 'createProgram', programInput({ code: 'has space' }), actors.kosme), 'INVALID_INPUT', ['input', 'code']);
    });
  });

  it('R15: a funder officer sees its own funder\'s programs only; others read as not found', async () => {
    const kbProgram = await createProgram();
    const shinhanProgram = await createProgram({ funderId: gid('Agency', ids.SHINHAN) });
    const list = async (token: string) => (await app.gql('{ programs(first: 100) { nodes { id funder { code } } } }', {}, token)).data.programs.nodes;
    expect((await list(actors.kb)).every((p: any) => p.funder.code === 'KB')).toBe(true);
    expect((await list(actors.kb)).map((p: any) => p.id)).toContain(kbProgram.id);
    expect((await app.gql(PROGRAM, { id: shinhanProgram.id }, actors.kb)).data.node).toBeNull();
    expect((await list(await actors.someEnterprise())).map((p: any) => p.id)).toEqual(expect.arrayContaining([kbProgram.id, shinhanProgram.id]));
  });
});

describe('the program of a recommendation and an agreement', () => {
  it('R15: a direct recommendation names its program; its funder comes from it; a funderId of another funder is INVALID_INPUT', async () => {
    const program = await createProgram();
    const recipient = await supplier(app, actors);
    const res = await app.gql(
      'mutation ($input: RecommendEnterpriseInput!) { recommendEnterprise(input: $input) { recommendation { id funder { code } program { id } } userErrors { field code message } } }',
      { input: { enterpriseId: recipient.id, programId: program.id, rationale: 'Fits the pilot.' } },
      actors.kosme,
    );
    expect(res.data.recommendEnterprise).toMatchObject({ userErrors: [], recommendation: { funder: { code: 'KB' }, program: { id: program.id } } });
    const other = await mutate(app, 'recommendEnterprise', { enterpriseId: (await supplier(app, actors)).id, programId: program.id, funderId: gid('Agency', ids.SHINHAN), rationale: 'x' }, actors.kosme);
    expectUserError(other, 'INVALID_INPUT', ['input', 'funderId'], /another funder/);
  });

  it("R15: without programId the funder's one program run by the caller's agency that runs today; none or several is INVALID_INPUT on programId", async () => {
    const funder = await app.db.query(`INSERT INTO agency (code, name, kind) VALUES ('HANA', 'Hana Bank', 'FINANCIAL_INSTITUTION') RETURNING id`);
    const hana = gid('Agency', funder[0].id);
    const input = async () => ({ enterpriseId: (await supplier(app, actors)).id, funderId: hana, rationale: 'Fits.' });
    expectUserError(await mutate(app, 'recommendEnterprise', await input(), actors.kosme), 'INVALID_INPUT', ['input', 'programId'], /No program of HANA/);
    // A program that ended, and one another agency runs, do not count.
    await createProgram({ funderId: hana, startsOn: '2020-01-01', endsOn: '2020-12-31' });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
    const running = await createProgram({ funderId: hana, startsOn: today, endsOn: '2099-12-31' });
    const made = await perform(app, 'recommendEnterprise', await input(), actors.kosme);
    expect((await app.db.query('SELECT program_id FROM recommendation WHERE id = $1', [dbId(made.id)]))[0].program_id).toBe(dbId(running.id));
    await createProgram({ funderId: hana, startsOn: '2026-01-01', endsOn: '2099-12-31' });
    expectUserError(await mutate(app, 'recommendEnterprise', await input(), actors.kosme), 'INVALID_INPUT', ['input', 'programId'], /2 programs of HANA/);
  });

  it("R15: an agreement's term lies within its program's dates (INVALID_INPUT on startsOn / endsOn)", async () => {
    const program = await createProgram({ startsOn: '2026-01-01', endsOn: '2026-12-31' });
    const recipient = await supplier(app, actors);
    const made = await recommend(app, actors.kosme, { enterpriseId: recipient.id, funderId: gid('Agency', ids.KB), programId: program.id });
    await decide(app, actors.kb, made.id, true);
    const res = await mutate(app, 'createFundingAgreement', { recommendationId: made.id, agreementNumber: `OUT-${Date.now()}`, startsOn: '2025-12-01', endsOn: '2027-01-31', baseAmount: '1', outcomeBudgetCap: '1' }, actors.kb);
    expectUserErrors(res, [
      { code: 'INVALID_INPUT', field: ['input', 'startsOn'], message: /within the program/ },
      { code: 'INVALID_INPUT', field: ['input', 'endsOn'], message: /within the program/ },
    ]);
  });

  it('R15: Program.agreements, FundingAgreement.program, FundingAgreementFilter.programId and programSummary(programId:) agree', async () => {
    const program = await createProgram();
    const draft = await draftIn(program.id, { baseAmount: '10000000', outcomeBudgetCap: '20000000' });
    const res = await app.gql(
      `query ($programId: ID!, $id: ID!) {
        fundingAgreements(filter: { programId: $programId }) { nodes { id program { id code } } }
        programSummary(programId: $programId) { agreementsByStatus { status count } }
        node(id: $id) { ... on Program { agreements(filter: { status: [DRAFT] }) { nodes { id } } } } }`,
      { programId: program.id, id: program.id },
      actors.analyst,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.fundingAgreements.nodes).toEqual([{ id: draft.id, program: { id: program.id, code: program.code } }]);
    expect(res.data.node.agreements.nodes).toEqual([{ id: draft.id }]);
    expect(res.data.programSummary.agreementsByStatus).toContainEqual({ status: 'DRAFT', count: 1 });
  });
});

describe('the budget (R15)', () => {
  it('R15: budgetCommitted is 0 for DRAFT, base + cap for ACTIVE, what was disbursed or is due once TERMINATED', async () => {
    const program = await createProgram({ budget: '500000000' });
    const first = await draftIn(program.id, { baseAmount: '100000000', outcomeBudgetCap: '50000000' });
    expect(await programFigures(program.id)).toMatchObject({ budgetCommitted: '0', budgetRemaining: '500000000' });
    await activate(app, actors.kb, first.id);
    expect(await programFigures(program.id)).toMatchObject({ budgetCommitted: '150000000', budgetRemaining: '350000000' });
    // Terminated before the base grant was paid: it is cancelled, nothing stays committed.
    await terminate(app, actors.kb, first.id);
    expect(await programFigures(program.id)).toMatchObject({ budgetCommitted: '0', budgetRemaining: '500000000' });
  });

  it('R15: an activation beyond budgetRemaining is BUDGET_EXCEEDED naming the amounts; nothing is written', async () => {
    const program = await createProgram({ budget: '200000000' });
    const first = await draftIn(program.id, { baseAmount: '100000000', outcomeBudgetCap: '50000000' });
    await activate(app, actors.kb, first.id);
    const second = await draftIn(program.id, { baseAmount: '30000000', outcomeBudgetCap: '20000001' });
    const state = async () => [await programFigures(program.id), await app.db.query('SELECT count(*)::int AS n FROM disbursement')];
    await expectUnchanged(state, async () => {
      const res = await mutate(app, 'activateFundingAgreement', { id: second.id }, actors.kb);
      expectUserError(res, 'BUDGET_EXCEEDED', ['input', 'id'], /₩50000001 .* ₩50000000 left/);
    });
    // Exactly the remaining budget fits.
    const third = await draftIn(program.id, { baseAmount: '30000000', outcomeBudgetCap: '20000000' });
    await activate(app, actors.kb, third.id);
    expect(await programFigures(program.id)).toMatchObject({ budgetCommitted: '200000000', budgetRemaining: '0' });
  });

  it('R15: 20 concurrent activations that together exceed the budget commit at most the budget', async () => {
    // Room for 7 of 20 agreements of ₩150m each.
    const program = await createProgram({ budget: '1050000000' });
    const drafts = [];
    for (let i = 0; i < 20; i++) drafts.push(await draftIn(program.id, { baseAmount: '100000000', outcomeBudgetCap: '50000000' }));
    const results = await Promise.all(drafts.map((draft) => mutate(app, 'activateFundingAgreement', { id: draft.id }, actors.kb)));
    for (const res of results) expect(res.errors).toBeUndefined();
    const activated = results.filter((res) => res.data.activateFundingAgreement.fundingAgreement);
    const refused = results.filter((res) => res.data.activateFundingAgreement.userErrors.some((e: any) => e.code === 'BUDGET_EXCEEDED'));
    expect(activated).toHaveLength(7);
    expect(refused).toHaveLength(13);
    expect(await programFigures(program.id)).toMatchObject({ budgetCommitted: '1050000000', budgetRemaining: '0' });
    const [{ n }] = await app.db.query(
      `SELECT count(*)::int AS n FROM disbursement d JOIN funding_agreement a ON a.id = d.agreement_id WHERE a.program_id = $1`,
      [dbId(program.id)],
    );
    expect(n).toBe(7);
  }, 120_000);

  it("R15: the demo program's agreements belong to it and its figures add up", async () => {
    const res = await app.gql('{ programs(first: 100) { nodes { code budget budgetCommitted budgetRemaining agreements { totalCount } } } }', {}, actors.analyst);
    const demo = res.data.programs.nodes.find((p: any) => p.code === 'SAFETY-RBF-2026');
    expect(demo.budget).toBe('7000000000');
    expect(BigInt(demo.budgetCommitted) + BigInt(demo.budgetRemaining)).toBe(7_000_000_000n);
    expect(BigInt(demo.budgetCommitted)).toBeGreaterThan(0n);
    expect(demo.agreements.totalCount).toBeGreaterThan(40);
  });
});
