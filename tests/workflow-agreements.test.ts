import { LIST_LIMITS } from '../src/common/list-limits';
import { TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, SECOND_FUNDER } from './support/actors';
import { expectAuditedOnce, expectErrorCode, expectUnchanged, expectUserErrors } from './support/assertions';
import * as api from './support/operations';
import { auditEventsOf } from './support/sql';

let app: TestApp;
/** KB's officer has the subject the audit assertions below name. */
let actors: Actors;
/** An ENTERPRISE user of the first enterprise. */
let enterpriseUser: string;
let ids: Record<'KOSME' | 'KB' | 'MSS' | typeof SECOND_FUNDER.code, string>;
/** Enterprises handed out one per recommendation, so that R4's one-PENDING rule never trips across tests. */
let enterprises: string[];
let sequence = 0;

// The second funder is there so that "another funder" cases have someone to be.
beforeAll(async () => ({ app, actors, ids, unrecommended: enterprises, enterpriseUser } = await api.startWorkflow({ kb: 'kb-officer-7' })));
afterAll(() => app?.close());

const CREATE = api.mutation('createFundingAgreement');
const ADD_TARGET = api.mutation('addPerformanceTarget');
const ACTIVATE = api.mutation('activateFundingAgreement');
const COMPLETE = api.mutation('completeFundingAgreement');
const TERMINATE = api.mutation('terminateFundingAgreement');

const NODE = `query Node($id: ID!) { node(id: $id) { ... on FundingAgreement { ${api.FIELDS.fundingAgreement} } } }`;

const TERM = { startsOn: '2026-03-01', endsOn: '2027-02-28' };

function targetInput(overrides: Record<string, unknown> = {}) {
  return {
    metric: 'VERIFIED_ACTIVITIES',
    description: '20 verified on-site improvements at distinct SMEs between March and August',
    periodStart: '2026-03-01',
    periodEnd: '2026-08-31',
    baseline: 0,
    targetValue: 20,
    maxPayout: '30000000',
    payoutRule: { kind: 'ALL_OR_NOTHING' },
    ...overrides,
  };
}

function agreementInput(recommendationId: string, overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    recommendationId,
    agreementNumber: `TEST-RBF-${sequence}`,
    ...TERM,
    baseAmount: '50000000',
    outcomeBudgetCap: '100000000',
    targets: [targetInput()],
    ...overrides,
  };
}

type Funder = 'KB' | typeof SECOND_FUNDER.code;

/** A decided (or PENDING) recommendation to the funder, made through the API by KOSME and the funder. */
async function recommendation(status: 'ACCEPTED' | 'PENDING' | 'DECLINED' = 'ACCEPTED', funder: Funder = 'KB'): Promise<string> {
  const enterpriseId = enterprises.shift();
  if (!enterpriseId) throw new Error('the demo data ran out of enterprises without recommendations');
  return (await api.recommendation(app, actors, gid('Enterprise', enterpriseId), { funder, status })).id;
}

/** A DRAFT agreement of the funder, made through the API. */
async function draft(overrides: Record<string, unknown> = {}, funder: Funder = 'KB'): Promise<any> {
  const input = agreementInput(await recommendation('ACCEPTED', funder), overrides);
  return api.createAgreement(app, funder === 'KB' ? actors.kb : actors.adminShinhan, input);
}

async function run(query: string, input: Record<string, unknown>, token = actors.kb): Promise<any> {
  const res = await app.gql(query, { input }, token);
  expect(res.errors).toBeUndefined();
  return Object.values(res.data)[0];
}

/** An agreement in the given status, reached through the API. */
async function agreementIn(status: 'DRAFT' | 'ACTIVE' | 'COMPLETED' | 'TERMINATED', overrides: Record<string, unknown> = {}): Promise<string> {
  const { id } = await draft(overrides);
  if (status === 'ACTIVE' || status === 'COMPLETED') expect((await run(ACTIVATE, { id })).userErrors).toEqual([]);
  if (status === 'COMPLETED') expect((await run(COMPLETE, { id })).userErrors).toEqual([]);
  if (status === 'TERMINATED') expect((await run(TERMINATE, { id, reason: 'Supplier withdrew.' })).userErrors).toEqual([]);
  return id;
}

/** A fingerprint of everything R5/R6 mutations write, to prove a refused call wrote nothing. */
async function dbState(): Promise<string> {
  const [row] = await app.db.query(`
    SELECT (SELECT md5(coalesce(string_agg(a::text, '|' ORDER BY a.id), '')) FROM funding_agreement a) AS agreements,
           (SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) FROM performance_target t) AS targets,
           (SELECT md5(coalesce(string_agg(d::text, '|' ORDER BY d.id), '')) FROM disbursement d) AS disbursements,
           (SELECT count(*) FROM audit_event) AS audit_events`);
  return JSON.stringify(row);
}

const auditEvents = (action: string, entityId: string) => auditEventsOf(app, action, entityId);

/** A refused mutation: exactly the expected userErrors, a null object, and nothing written. */
async function expectRefused(
  query: string,
  input: Record<string, unknown>,
  expected: { code: string; field: string[]; message?: RegExp }[],
  token = actors.kb,
): Promise<void> {
  await expectUnchanged(dbState, async () => expectUserErrors(await app.gql(query, { input }, token), expected));
}

async function expectTopLevel(query: string, input: Record<string, unknown>, token: string | null, code: string): Promise<void> {
  await expectUnchanged(dbState, async () => expectErrorCode(await app.gql(query, { input }, token), code));
}

async function disbursementsOf(agreementId: string): Promise<any[]> {
  return app.db.query(
    'SELECT id, kind, amount, status, paid_at, bank_reference, cancelled_at FROM disbursement WHERE agreement_id = $1 ORDER BY id',
    [dbId(agreementId)],
  );
}

describe('createFundingAgreement', () => {
  it('R5, R13: the funder drafts an agreement from an ACCEPTED recommendation; funder and recipient come from it; one audit event', async () => {
    const recommendationId = await recommendation();
    const [rec] = await app.db.query('SELECT enterprise_id FROM recommendation WHERE id = $1', [dbId(recommendationId)]);
    const input = agreementInput(recommendationId);
    const payload = await run(CREATE, input);
    expect(payload.userErrors).toEqual([]);
    const agreement = payload.fundingAgreement;
    expect(agreement).toMatchObject({
      agreementNumber: input.agreementNumber,
      status: 'DRAFT',
      startsOn: TERM.startsOn,
      endsOn: TERM.endsOn,
      baseAmount: '50000000',
      outcomeBudgetCap: '100000000',
      funder: { code: 'KB' },
      recipient: { id: gid('Enterprise', rec.enterprise_id) },
      recommendation: { id: recommendationId },
      disbursements: [],
    });
    expect(agreement.targets).toHaveLength(1);

    const [row] = await app.db.query('SELECT * FROM funding_agreement WHERE id = $1', [dbId(agreement.id)]);
    expect(row).toMatchObject({
      agreement_number: input.agreementNumber,
      recommendation_id: dbId(recommendationId),
      funder_id: ids.KB,
      recipient_id: String(rec.enterprise_id),
      status: 'DRAFT',
      base_amount: '50000000',
      outcome_budget_cap: '100000000',
      activated_at: null,
      terminated_at: null,
    });
    const targets = await app.db.query('SELECT * FROM performance_target WHERE agreement_id = $1', [dbId(agreement.id)]);
    expect(targets).toEqual([
      expect.objectContaining({ metric: 'VERIFIED_ACTIVITIES', baseline: 0, target_value: 20, max_payout: '30000000', payout_rule_kind: 'ALL_OR_NOTHING' }),
    ]);

    await expectAuditedOnce(app, 'createFundingAgreement', agreement.id, {
      actor_subject: 'kb-officer-7',
      actor_role: 'FUNDER_OFFICER',
      entity_type: 'FundingAgreement',
      changes: expect.objectContaining({
        recommendationId,
        agreementNumber: input.agreementNumber,
        status: 'DRAFT',
        baseAmount: '50000000',
        outcomeBudgetCap: '100000000',
        targets: [expect.objectContaining({ id: agreement.targets[0].id, maxPayout: '30000000' })],
      }),
    });
  });

  it('R5: targets are optional', async () => {
    const payload = await run(CREATE, agreementInput(await recommendation(), { targets: null }));
    expect(payload.userErrors).toEqual([]);
    expect(payload.fundingAgreement.targets).toEqual([]);
  });

  it("R5, R11: targets of all three payout rules round-trip through the read side, ratios stored in basis points", async () => {
    const tiers = [
      { minAchievement: 0.5, share: 0.3 },
      { minAchievement: 1, share: 1 },
      { minAchievement: 1.2345, share: 1 },
    ];
    const targets = [
      targetInput({ payoutRule: { kind: 'ALL_OR_NOTHING' } }),
      targetInput({ metric: 'WORKERS_COVERED', baseline: 100, targetValue: 400, payoutRule: { kind: 'PRO_RATA', threshold: 0.57 } }),
      targetInput({ metric: 'DISTINCT_BENEFICIARIES', payoutRule: { kind: 'PRO_RATA' } }),
      targetInput({
        metric: 'RISK_POINTS_REDUCED',
        periodStart: '2026-09-01',
        periodEnd: '2027-02-28',
        maxPayout: '1000000000000000',
        payoutRule: { kind: 'TIERED', tiers },
      }),
    ];
    const created = await run(CREATE, agreementInput(await recommendation(), { targets }));
    expect(created.userErrors).toEqual([]);
    const read = await app.gql(NODE, { id: created.fundingAgreement.id }, actors.kb);
    const readTargets = read.data.node.targets;
    expect(readTargets.map((t: any) => t.payoutRule)).toEqual([
      { kind: 'ALL_OR_NOTHING', threshold: null, tiers: null },
      { kind: 'PRO_RATA', threshold: 0.57, tiers: null },
      { kind: 'PRO_RATA', threshold: 0, tiers: null },
      { kind: 'TIERED', threshold: null, tiers },
    ]);
    readTargets.forEach((t: any, i: number) => {
      const { payoutRule: _rule, ...given } = targets[i];
      expect(t).toMatchObject({ ...given, agreement: { id: created.fundingAgreement.id } });
    });
    const rows = await app.db.query(
      'SELECT payout_rule_kind, payout_threshold_bp, payout_tiers FROM performance_target WHERE agreement_id = $1 ORDER BY id',
      [dbId(created.fundingAgreement.id)],
    );
    expect(rows).toEqual([
      { payout_rule_kind: 'ALL_OR_NOTHING', payout_threshold_bp: null, payout_tiers: null },
      { payout_rule_kind: 'PRO_RATA', payout_threshold_bp: 5700, payout_tiers: null },
      { payout_rule_kind: 'PRO_RATA', payout_threshold_bp: 0, payout_tiers: null },
      {
        payout_rule_kind: 'TIERED',
        payout_threshold_bp: null,
        payout_tiers: [
          { minAchievementBp: 5000, shareBp: 3000 },
          { minAchievementBp: 10000, shareBp: 10000 },
          { minAchievementBp: 12345, shareBp: 10000 },
        ],
      },
    ]);
  });

  it("R5: the targets' maxPayouts may add up to more than the outcome budget cap", async () => {
    const payload = await run(
      CREATE,
      agreementInput(await recommendation(), {
        outcomeBudgetCap: '1000',
        targets: [targetInput({ maxPayout: '800' }), targetInput({ maxPayout: '900' })],
      }),
    );
    expect(payload.userErrors).toEqual([]);
  });

  it('R5: amounts of 0 are allowed', async () => {
    const payload = await run(CREATE, agreementInput(await recommendation(), { baseAmount: '0', outcomeBudgetCap: '0', targets: [targetInput({ maxPayout: '0' })] }));
    expect(payload.userErrors).toEqual([]);
  });

  it.each([
    ['baseAmount', { baseAmount: '-1' }],
    ['outcomeBudgetCap', { outcomeBudgetCap: '-5' }],
    ['a target maxPayout', { targets: [targetInput({ maxPayout: '-1' })] }],
  ])('R5, R14: a negative %s is refused by the Won scalar (BAD_USER_INPUT), nothing written', async (_name, overrides) => {
    await expectTopLevel(CREATE, agreementInput(await recommendation(), overrides), actors.kb, 'BAD_USER_INPUT');
  });

  it.each(['PENDING', 'DECLINED'] as const)('R5: a %s recommendation is INVALID_STATE on recommendationId, naming its status', async (status) => {
    await expectRefused(CREATE, agreementInput(await recommendation(status)), [
      { code: 'INVALID_STATE', field: ['input', 'recommendationId'], message: new RegExp(status) },
    ]);
  });

  it('R5: an unknown recommendation is NOT_FOUND; a malformed id BAD_USER_INPUT', async () => {
    await expectRefused(CREATE, agreementInput(gid('Recommendation', '999999999')), [{ code: 'NOT_FOUND', field: ['input', 'recommendationId'] }]);
    const res = await app.gql(CREATE, { input: agreementInput(gid('Agency', ids.KB)) }, actors.kb);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.recommendationId' });
  });

  it('R5: agreementNumber is unique (DUPLICATE on agreementNumber)', async () => {
    const [seeded] = await app.db.query('SELECT agreement_number FROM funding_agreement ORDER BY id LIMIT 1');
    await expectRefused(CREATE, agreementInput(await recommendation(), { agreementNumber: seeded.agreement_number }), [
      { code: 'DUPLICATE', field: ['input', 'agreementNumber'] },
    ]);
  });

  it('R5: one agreement per recommendation (DUPLICATE on recommendationId)', async () => {
    const recommendationId = await recommendation();
    expect((await run(CREATE, agreementInput(recommendationId))).userErrors).toEqual([]);
    await expectRefused(CREATE, agreementInput(recommendationId), [{ code: 'DUPLICATE', field: ['input', 'recommendationId'] }]);
  });

  it('R5: concurrent drafts from one recommendation: exactly one succeeds, the rest are DUPLICATE userErrors', async () => {
    const recommendationId = await recommendation();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => app.gql(CREATE, { input: agreementInput(recommendationId) }, actors.kb)),
    );
    for (const res of results) expect(res.errors).toBeUndefined();
    const payloads = results.map((res) => res.data.createFundingAgreement);
    expect(payloads.filter((p) => p.fundingAgreement !== null)).toHaveLength(1);
    for (const p of payloads.filter((p) => p.fundingAgreement === null)) {
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'recommendationId'] })]);
    }
  });

  it.each([
    ['empty', ''],
    ['longer than 50 characters', 'N'.repeat(51)],
  ])('R5: an agreementNumber that is %s is INVALID_INPUT', async (_name, agreementNumber) => {
    await expectRefused(CREATE, agreementInput(await recommendation(), { agreementNumber }), [
      { code: 'INVALID_INPUT', field: ['input', 'agreementNumber'] },
    ]);
  });

  it.each([
    ['equal to', '2026-03-01'],
    ['before', '2026-02-01'],
  ])('R5: endsOn %s startsOn is INVALID_INPUT on endsOn', async (_name, endsOn) => {
    await expectRefused(CREATE, agreementInput(await recommendation(), { endsOn, targets: null }), [
      { code: 'INVALID_INPUT', field: ['input', 'endsOn'], message: /after startsOn/ },
    ]);
  });

  it("R5: every target is checked; all problems come back at once with each target's index in the path", async () => {
    const input = agreementInput(await recommendation(), {
      agreementNumber: '',
      targets: [
        targetInput(),
        targetInput({ periodStart: '2026-02-28', periodEnd: '2027-03-01' }),
        targetInput({ baseline: 5, targetValue: 5, payoutRule: { kind: 'TIERED', tiers: [{ minAchievement: 1, share: 1.5 }] } }),
      ],
    });
    await expectRefused(CREATE, input, [
      { code: 'INVALID_INPUT', field: ['input', 'agreementNumber'] },
      { code: 'INVALID_INPUT', field: ['input', 'targets', '1', 'periodStart'], message: /2026-03-01 to 2027-02-28/ },
      { code: 'INVALID_INPUT', field: ['input', 'targets', '1', 'periodEnd'] },
      { code: 'INVALID_INPUT', field: ['input', 'targets', '2', 'targetValue'] },
      { code: 'INVALID_INPUT', field: ['input', 'targets', '2', 'payoutRule', 'tiers', '0', 'share'] },
    ]);
  });

  it("R5: another funder's officer cannot see the recommendation: NOT_FOUND", async () => {
    await expectRefused(CREATE, agreementInput(await recommendation('ACCEPTED', 'KB')), [{ code: 'NOT_FOUND', field: ['input', 'recommendationId'] }], actors.shinhan);
  });

  it("R5: an ADMIN acting for KB may not draft from SHINHAN's recommendation: FORBIDDEN", async () => {
    await expectTopLevel(CREATE, agreementInput(await recommendation('ACCEPTED', SECOND_FUNDER.code)), actors.adminKb, 'FORBIDDEN');
  });

  it('R5: an ADMIN acting for the funder drafts the agreement', async () => {
    const payload = await run(CREATE, agreementInput(await recommendation()), actors.adminKb);
    expect(payload.userErrors).toEqual([]);
    await expectAuditedOnce(app, 'createFundingAgreement', payload.fundingAgreement.id, { actor_subject: 'admin-kb', actor_role: 'ADMIN' });
  });
});

describe('addPerformanceTarget', () => {
  let agreement: any;
  beforeAll(async () => {
    agreement = await draft();
  });
  const add = (target: Record<string, unknown>, agreementId = agreement.id) => ({ agreementId, target });

  it('R5, R13: the funder adds a target to its DRAFT agreement; baseline defaults to 0; one audit event', async () => {
    const { baseline: _omitted, ...target } = targetInput({ metric: 'HAZARDS_REMEDIATED', targetValue: 50, maxPayout: '12000000' });
    const payload = await run(ADD_TARGET, add(target));
    expect(payload.userErrors).toEqual([]);
    const saved = payload.performanceTarget;
    expect(saved).toMatchObject({ ...target, baseline: 0, agreement: { id: agreement.id }, payoutRule: { kind: 'ALL_OR_NOTHING' } });
    const [row] = await app.db.query('SELECT * FROM performance_target WHERE id = $1', [dbId(saved.id)]);
    expect(row).toMatchObject({
      agreement_id: dbId(agreement.id),
      metric: 'HAZARDS_REMEDIATED',
      baseline: 0,
      target_value: 50,
      max_payout: '12000000',
      period_start: target.periodStart,
      period_end: target.periodEnd,
    });
    await expectAuditedOnce(app, 'addPerformanceTarget', saved.id, {
      actor_subject: 'kb-officer-7',
      entity_type: 'PerformanceTarget',
      changes: expect.objectContaining({ agreementId: agreement.id, metric: 'HAZARDS_REMEDIATED', baseline: 0, maxPayout: '12000000' }),
    });
  });

  it('R5: a period of one day at the very end of the term, and one spanning the whole term, are allowed', async () => {
    for (const period of [
      { periodStart: TERM.endsOn, periodEnd: TERM.endsOn },
      { periodStart: TERM.startsOn, periodEnd: TERM.endsOn },
    ]) {
      expect((await run(ADD_TARGET, add(targetInput(period)))).userErrors).toEqual([]);
    }
  });

  it.each([
    ['periodStart before the term', { periodStart: '2026-02-28' }, 'periodStart'],
    ['periodEnd after the term', { periodEnd: '2027-03-01' }, 'periodEnd'],
    ['periodStart after periodEnd', { periodStart: '2026-06-02', periodEnd: '2026-06-01' }, 'periodEnd'],
    ['targetValue equal to baseline', { baseline: 20, targetValue: 20 }, 'targetValue'],
    ['targetValue below baseline', { baseline: 20, targetValue: 10 }, 'targetValue'],
    ['targetValue 0 with the default baseline', { baseline: null, targetValue: 0 }, 'targetValue'],
    ['a negative baseline', { baseline: -1, targetValue: 5 }, 'baseline'],
    ['a description longer than 2000 characters', { description: 'd'.repeat(2001) }, 'description'],
  ])('R5: %s is INVALID_INPUT on that field', async (_name, overrides, field) => {
    await expectRefused(ADD_TARGET, add(targetInput(overrides)), [{ code: 'INVALID_INPUT', field: ['input', 'target', field] }]);
  });

  it.each([
    ['ALL_OR_NOTHING with a threshold', { kind: 'ALL_OR_NOTHING', threshold: 0.5 }, ['threshold'], null],
    ['ALL_OR_NOTHING with tiers', { kind: 'ALL_OR_NOTHING', tiers: [{ minAchievement: 1, share: 1 }] }, ['tiers'], null],
    ['PRO_RATA with tiers', { kind: 'PRO_RATA', tiers: [{ minAchievement: 1, share: 1 }] }, ['tiers'], null],
    ['PRO_RATA threshold above 1', { kind: 'PRO_RATA', threshold: 1.0001 }, ['threshold'], null],
    ['PRO_RATA threshold below 0', { kind: 'PRO_RATA', threshold: -0.1 }, ['threshold'], null],
    ['PRO_RATA threshold with 5 decimals', { kind: 'PRO_RATA', threshold: 0.12345 }, ['threshold'], /4 decimals/],
    ['TIERED without tiers', { kind: 'TIERED' }, ['tiers'], /at least one tier/],
    ['TIERED with no tiers', { kind: 'TIERED', tiers: [] }, ['tiers'], /at least one tier/],
    ['TIERED with a threshold', { kind: 'TIERED', threshold: 0.5, tiers: [{ minAchievement: 1, share: 1 }] }, ['threshold'], null],
    [
      'TIERED minAchievement repeated',
      { kind: 'TIERED', tiers: [{ minAchievement: 0.5, share: 0.2 }, { minAchievement: 0.5, share: 0.4 }] },
      ['tiers', '1', 'minAchievement'],
      /strictly increasing/,
    ],
    [
      'TIERED minAchievement decreasing',
      { kind: 'TIERED', tiers: [{ minAchievement: 0.5, share: 0.2 }, { minAchievement: 1, share: 0.4 }, { minAchievement: 0.8, share: 0.5 }] },
      ['tiers', '2', 'minAchievement'],
      null,
    ],
    ['TIERED minAchievement above 10', { kind: 'TIERED', tiers: [{ minAchievement: 10.0001, share: 1 }] }, ['tiers', '0', 'minAchievement'], null],
    ['TIERED minAchievement below 0', { kind: 'TIERED', tiers: [{ minAchievement: -0.5, share: 1 }] }, ['tiers', '0', 'minAchievement'], null],
    ['TIERED minAchievement with 5 decimals', { kind: 'TIERED', tiers: [{ minAchievement: 0.00001, share: 1 }] }, ['tiers', '0', 'minAchievement'], /4 decimals/],
    ['TIERED share above 1', { kind: 'TIERED', tiers: [{ minAchievement: 1, share: 1.5 }] }, ['tiers', '0', 'share'], null],
    ['TIERED share below 0', { kind: 'TIERED', tiers: [{ minAchievement: 1, share: -0.25 }] }, ['tiers', '0', 'share'], null],
    ['TIERED share with 5 decimals', { kind: 'TIERED', tiers: [{ minAchievement: 1, share: 0.33333 }] }, ['tiers', '0', 'share'], /4 decimals/],
    [
      'TIERED share decreasing',
      { kind: 'TIERED', tiers: [{ minAchievement: 0.5, share: 0.6 }, { minAchievement: 1, share: 0.5 }] },
      ['tiers', '1', 'share'],
      /must not decrease/,
    ],
  ] as [string, Record<string, unknown>, string[], RegExp | null][])('R11: %s is INVALID_INPUT on its field', async (_name, payoutRule, field, message) => {
    await expectRefused(ADD_TARGET, add(targetInput({ payoutRule })), [
      { code: 'INVALID_INPUT', field: ['input', 'target', 'payoutRule', ...field], message: message ?? undefined },
    ]);
  });

  it('R11: the bounds themselves are allowed (threshold 0 and 1, minAchievement 0 and 10, share 0 and 1, equal shares)', async () => {
    for (const payoutRule of [
      { kind: 'PRO_RATA', threshold: 1 },
      { kind: 'PRO_RATA', threshold: 0 },
      { kind: 'TIERED', tiers: [{ minAchievement: 0, share: 0 }, { minAchievement: 1, share: 0 }, { minAchievement: 10, share: 1 }] },
    ]) {
      const payload = await run(ADD_TARGET, add(targetInput({ payoutRule })));
      expect(payload.userErrors).toEqual([]);
      expect(payload.performanceTarget.payoutRule).toMatchObject(payoutRule);
    }
  });

  it.each(['ACTIVE', 'COMPLETED', 'TERMINATED'] as const)('R5: targets are added only in DRAFT; on a %s agreement it is INVALID_STATE', async (status) => {
    const agreementId = await agreementIn(status);
    await expectRefused(ADD_TARGET, add(targetInput(), agreementId), [
      { code: 'INVALID_STATE', field: ['input', 'agreementId'], message: new RegExp(`that is ${status}`) },
    ]);
  });

  it('R5: an unknown agreement is NOT_FOUND; a malformed id BAD_USER_INPUT', async () => {
    await expectRefused(ADD_TARGET, add(targetInput(), gid('FundingAgreement', '999999999')), [{ code: 'NOT_FOUND', field: ['input', 'agreementId'] }]);
    const res = await app.gql(ADD_TARGET, { input: add(targetInput(), 'nope') }, actors.kb);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.agreementId' });
  });
});

describe('agreement lifecycle', () => {
  const ACTIONS = { activate: ACTIVATE, complete: COMPLETE, terminate: TERMINATE } as const;
  const LEGAL: Record<string, string[]> = { DRAFT: ['activate', 'terminate'], ACTIVE: ['complete', 'terminate'], COMPLETED: [], TERMINATED: [] };
  const ILLEGAL = (['DRAFT', 'ACTIVE', 'COMPLETED', 'TERMINATED'] as const).flatMap((status) =>
    (Object.keys(ACTIONS) as (keyof typeof ACTIONS)[]).filter((action) => !LEGAL[status].includes(action)).map((action) => [status, action] as const),
  );

  it('R6: the table of illegal transitions has 8 entries', () => {
    expect(ILLEGAL).toHaveLength(8);
  });

  it.each(ILLEGAL)('R6: from %s, %s is INVALID_STATE naming the current state; nothing written', async (status, action) => {
    const id = await agreementIn(status);
    await expectRefused(ACTIONS[action], { id, reason: 'Testing the lifecycle.' }, [
      { code: 'INVALID_STATE', field: ['input', 'id'], message: new RegExp(`Cannot ${action} an agreement that is ${status}`) },
    ]);
  });

  it('R6, R13: activation sets ACTIVE and activated_at and schedules exactly one BASE_GRANT of baseAmount; one audit event', async () => {
    const { id } = await draft({ baseAmount: '70000000' });
    const payload = await run(ACTIVATE, { id });
    expect(payload.userErrors).toEqual([]);
    expect(payload.fundingAgreement).toMatchObject({
      status: 'ACTIVE',
      disbursements: [{ kind: 'BASE_GRANT', amount: '70000000', status: 'SCHEDULED' }],
    });
    const [row] = await app.db.query('SELECT status, activated_at FROM funding_agreement WHERE id = $1', [dbId(id)]);
    expect(row.status).toBe('ACTIVE');
    expect(row.activated_at).not.toBeNull();
    const disbursements = await disbursementsOf(id);
    expect(disbursements).toEqual([
      expect.objectContaining({ kind: 'BASE_GRANT', amount: '70000000', status: 'SCHEDULED', paid_at: null, cancelled_at: null }),
    ]);
    await expectAuditedOnce(app, 'activateFundingAgreement', id, {
      actor_subject: 'kb-officer-7',
      entity_type: 'FundingAgreement',
      changes: expect.objectContaining({
        status: { from: 'DRAFT', to: 'ACTIVE' },
        baseGrantScheduled: { id: gid('Disbursement', disbursements[0].id), amount: '70000000' },
      }),
    });
  });

  it('R6: activation with a baseAmount of "0" schedules no disbursement', async () => {
    const { id } = await draft({ baseAmount: '0' });
    const payload = await run(ACTIVATE, { id });
    expect(payload.userErrors).toEqual([]);
    expect(payload.fundingAgreement.disbursements).toEqual([]);
    expect(await disbursementsOf(id)).toEqual([]);
  });

  it('R6: activation needs at least one target (INVALID_STATE saying so)', async () => {
    const { id } = await draft({ targets: [] });
    await expectRefused(ACTIVATE, { id }, [{ code: 'INVALID_STATE', field: ['input', 'id'], message: /at least one performance target/ }]);
  });

  it('R6: concurrent activations of one agreement: exactly one succeeds and exactly one BASE_GRANT is scheduled', async () => {
    const { id } = await draft();
    const results = await Promise.all(Array.from({ length: 5 }, () => app.gql(ACTIVATE, { input: { id } }, actors.kb)));
    for (const res of results) expect(res.errors).toBeUndefined();
    const payloads = results.map((res) => res.data.activateFundingAgreement);
    expect(payloads.filter((p) => p.fundingAgreement !== null)).toHaveLength(1);
    for (const p of payloads.filter((p) => p.fundingAgreement === null)) {
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', message: expect.stringMatching(/that is ACTIVE/) })]);
    }
    expect(await disbursementsOf(id)).toHaveLength(1);
    expect(await auditEvents('activateFundingAgreement', id)).toHaveLength(1);
  });

  it('R6, R13: completion sets COMPLETED and completed_at; one audit event', async () => {
    const id = await agreementIn('ACTIVE');
    const payload = await run(COMPLETE, { id });
    expect(payload.userErrors).toEqual([]);
    expect(payload.fundingAgreement.status).toBe('COMPLETED');
    const [row] = await app.db.query('SELECT status, completed_at FROM funding_agreement WHERE id = $1', [dbId(id)]);
    expect(row.status).toBe('COMPLETED');
    expect(row.completed_at).not.toBeNull();
    await expectAuditedOnce(app, 'completeFundingAgreement', id, { changes: expect.objectContaining({ status: { from: 'ACTIVE', to: 'COMPLETED' } }) });
  });

  it('R6, R13: terminating a DRAFT sets TERMINATED, terminated_at and termination_reason; one audit event', async () => {
    const { id } = await draft();
    const payload = await run(TERMINATE, { id, reason: 'The supplier withdrew before signing.' });
    expect(payload.userErrors).toEqual([]);
    expect(payload.fundingAgreement.status).toBe('TERMINATED');
    const [row] = await app.db.query('SELECT status, terminated_at, termination_reason FROM funding_agreement WHERE id = $1', [dbId(id)]);
    expect(row).toMatchObject({ status: 'TERMINATED', termination_reason: 'The supplier withdrew before signing.' });
    expect(row.terminated_at).not.toBeNull();
    await expectAuditedOnce(app, 'terminateFundingAgreement', id, {
      changes: expect.objectContaining({
        status: { from: 'DRAFT', to: 'TERMINATED' },
        terminationReason: { from: null, to: 'The supplier withdrew before signing.' },
      }),
    });
  });

  it('R6: terminating an ACTIVE agreement cancels its SCHEDULED base grant but leaves outcome payments due', async () => {
    const id = await agreementIn('ACTIVE', EARNING);
    await verifiedActivity(id);
    const earned = await outcomePayment(id, 'SCHEDULED');
    const payload = await run(TERMINATE, { id, reason: 'Supplier insolvent.' });
    expect(payload.userErrors).toEqual([]);
    const rows = await disbursementsOf(id);
    expect(rows).toEqual([
      expect.objectContaining({ kind: 'BASE_GRANT', status: 'CANCELLED', cancelled_at: expect.any(Date) }),
      { ...earned },
    ]);
    expect(payload.fundingAgreement.disbursements.map((d: any) => [d.kind, d.status])).toEqual([
      ['BASE_GRANT', 'CANCELLED'],
      ['OUTCOME_PAYMENT', 'SCHEDULED'],
    ]);
    expect((await auditEvents('terminateFundingAgreement', id))[0].changes.baseGrantCancelled).toBe(gid('Disbursement', rows[0].id));
  });

  it('R6: terminating keeps a PAID base grant PAID, and paid and scheduled outcome payments as they are', async () => {
    const id = await agreementIn('ACTIVE', EARNING);
    await pay(gid('Disbursement', (await disbursementsOf(id))[0].id), 'KB-TX-0001');
    await verifiedActivity(id);
    await outcomePayment(id, 'SCHEDULED');
    await outcomePayment(id, 'PAID');
    const before = await disbursementsOf(id);
    const payload = await run(TERMINATE, { id, reason: 'Program ended early.' });
    expect(payload.userErrors).toEqual([]);
    expect(await disbursementsOf(id)).toEqual(before);
    expect(before.map((d) => [d.kind, d.status])).toEqual([
      ['BASE_GRANT', 'PAID'],
      ['OUTCOME_PAYMENT', 'SCHEDULED'],
      ['OUTCOME_PAYMENT', 'PAID'],
    ]);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['blank', '  \n '],
    ['longer than 2000 characters', 'r'.repeat(2001)],
  ])('R6: a termination reason that is %s is INVALID_INPUT on reason', async (_name, reason) => {
    const { id } = await draft();
    await expectRefused(TERMINATE, { id, reason }, [{ code: 'INVALID_INPUT', field: ['input', 'reason'] }]);
  });

  it('R6: an unknown agreement is NOT_FOUND; a malformed id BAD_USER_INPUT', async () => {
    for (const query of Object.values(ACTIONS)) {
      await expectRefused(query, { id: gid('FundingAgreement', '999999999'), reason: 'x' }, [{ code: 'NOT_FOUND', field: ['input', 'id'] }]);
      const res = await app.gql(query, { input: { id: gid('PerformanceTarget', '1'), reason: 'x' } }, actors.kb);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.id' });
    }
  });
});

/** Two targets one verified activity meets (ALL_OR_NOTHING, 30,000,000 each), so that outcome payments can be earned. */
const EARNING = { targets: [targetInput({ targetValue: 1 }), targetInput({ targetValue: 1 })] };

/** One activity of the agreement's recipient (with a technology registered for it) in the targets' period, verified by KOSME. */
async function verifiedActivity(agreementId: string): Promise<void> {
  const [row] = await app.db.query('SELECT recipient_id FROM funding_agreement WHERE id = $1', [dbId(agreementId)]);
  const technology = await api.registerTechnology(app, actors.kosme, gid('Enterprise', row.recipient_id));
  const [beneficiary] = await app.db.query('SELECT id FROM enterprise WHERE id <> $1 ORDER BY id LIMIT 1', [row.recipient_id]);
  const agreement = { id: agreementId, technologyId: technology.id };
  await api.activity(app, actors, agreement, { beneficiaryId: gid('Enterprise', beneficiary.id), completedOn: '2026-04-01' });
}

/** KB's back office records the disbursement as paid (R12). */
function pay(id: string, bankReference: string): Promise<unknown> {
  return api.recordPayment(app, actors.kb, { id, bankReference, paidAt: new Date().toISOString(), idempotencyKey: `${bankReference}-${id}` });
}

/**
 * An OUTCOME_PAYMENT earned through the API: KOSME evaluates the agreement's
 * first target not yet finalized, KB finalizes it (R9, R10) and, when asked,
 * pays it. Returns its row.
 */
async function outcomePayment(agreementId: string, status: 'SCHEDULED' | 'PAID'): Promise<any> {
  const [target] = await app.db.query(
    `SELECT t.id FROM performance_target t WHERE t.agreement_id = $1
        AND NOT EXISTS (SELECT 1 FROM target_evaluation e WHERE e.target_id = t.id AND e.status = 'FINALIZED') ORDER BY t.id LIMIT 1`,
    [dbId(agreementId)],
  );
  const draft = await api.evaluate(app, actors.kosme, gid('PerformanceTarget', target.id));
  const { disbursement } = await api.finalize(app, actors.kb, draft.id);
  if (status === 'PAID') await pay(disbursement.id, 'KB-TX-OUT');
  return (await disbursementsOf(agreementId)).find((row) => gid('Disbursement', row.id) === disbursement.id);
}

describe('who may write agreements (R5, R6)', () => {
  type Case = { query: string; input: () => Promise<Record<string, unknown>>; notFoundField: string };
  const MUTATIONS: Record<string, Case> = {
    createFundingAgreement: { query: CREATE, input: async () => agreementInput(await recommendation()), notFoundField: 'recommendationId' },
    addPerformanceTarget: { query: ADD_TARGET, input: async () => ({ agreementId: (await draft()).id, target: targetInput() }), notFoundField: 'agreementId' },
    activateFundingAgreement: { query: ACTIVATE, input: async () => ({ id: (await draft()).id }), notFoundField: 'id' },
    completeFundingAgreement: { query: COMPLETE, input: async () => ({ id: await agreementIn('ACTIVE') }), notFoundField: 'id' },
    terminateFundingAgreement: { query: TERMINATE, input: async () => ({ id: (await draft()).id, reason: 'Testing roles.' }), notFoundField: 'id' },
  };
  const NAMES = Object.keys(MUTATIONS);
  const TOKENS: [string, () => string][] = [
    ['AGENCY_OFFICER', () => actors.kosme],
    ['ANALYST', () => actors.analyst],
    ['ENTERPRISE', () => enterpriseUser],
    ['ADMIN without an agency claim', () => actors.admin],
    ['ADMIN acting for a public agency', () => actors.adminKosme],
  ];

  it.each(NAMES.flatMap((name) => TOKENS.map(([role, token]) => [name, role, token] as const)))(
    'R5, R6: %s by %s is FORBIDDEN, nothing written',
    async (name, _role, token) => {
      const { query, input } = MUTATIONS[name];
      await expectTopLevel(query, await input(), token(), 'FORBIDDEN');
    },
  );

  it.each(NAMES)('R5, R6: %s without a token is UNAUTHENTICATED', async (name) => {
    const { query, input } = MUTATIONS[name];
    await expectTopLevel(query, await input(), null, 'UNAUTHENTICATED');
  });

  it.each(NAMES)("R5, R6, R13: %s by an ADMIN acting for the agreement's funder (agency: 'KB') succeeds and is audited as ADMIN", async (name) => {
    const { query, input } = MUTATIONS[name];
    const payload = await run(query, await input(), actors.adminKb);
    expect(payload.userErrors).toEqual([]);
    const object: any = Object.entries(payload).find(([key]) => key !== 'userErrors')![1];
    await expectAuditedOnce(app, name, object.id, { actor_subject: 'admin-kb', actor_role: 'ADMIN' });
  });

  it.each(NAMES)("R5, R6: %s by another funder's officer reads as NOT_FOUND", async (name) => {
    const { query, input, notFoundField } = MUTATIONS[name];
    await expectRefused(query, await input(), [{ code: 'NOT_FOUND', field: ['input', notFoundField] }], actors.shinhan);
  });

  it.each(NAMES)("R5, R6: %s by an ADMIN acting for another funder is FORBIDDEN", async (name) => {
    const { query, input } = MUTATIONS[name];
    await expectTopLevel(query, await input(), actors.adminShinhan, 'FORBIDDEN');
  });

  it("R5, R6: SHINHAN's officer manages SHINHAN's own agreement end to end", async () => {
    const { id } = await draft({}, SECOND_FUNDER.code);
    expect((await run(ADD_TARGET, { agreementId: id, target: targetInput() }, actors.shinhan)).userErrors).toEqual([]);
    expect((await run(ACTIVATE, { id }, actors.shinhan)).fundingAgreement.status).toBe('ACTIVE');
    expect((await run(COMPLETE, { id }, actors.shinhan)).fundingAgreement.status).toBe('COMPLETED');
    const [row] = await app.db.query('SELECT funder_id FROM funding_agreement WHERE id = $1', [dbId(id)]);
    expect(row.funder_id).toBe(ids.SHINHAN);
  });
});

describe('Targets per agreement (the cost limit counts them at their bound)', () => {
  const MAX = LIST_LIMITS.targetsPerAgreement;

  it('createFundingAgreement takes at most LIST_LIMITS.targetsPerAgreement targets: one more is INVALID_INPUT on targets, nothing written', async () => {
    const input = agreementInput(await recommendation(), { targets: Array.from({ length: MAX + 1 }, () => targetInput()) });
    await expectRefused(CREATE, input, [{ code: 'INVALID_INPUT', field: ['input', 'targets'], message: new RegExp(`at most ${MAX}`) }]);
  });

  it('addPerformanceTarget refuses one target more than the bound with INVALID_STATE on agreementId, nothing written', async () => {
    const agreement = await draft({ targets: Array.from({ length: MAX }, () => targetInput()) });
    expect(agreement.targets).toHaveLength(MAX);
    await expectRefused(ADD_TARGET, { agreementId: agreement.id, target: targetInput() }, [
      { code: 'INVALID_STATE', field: ['input', 'agreementId'], message: new RegExp(`at most ${MAX}`) },
    ]);
  });

  it('a TIERED rule has at most 10 tiers (INVALID_INPUT on the tiers)', async () => {
    const tiers = Array.from({ length: 11 }, (_, i) => ({ minAchievement: (i + 1) / 10, share: (i + 1) / 20 }));
    const input = agreementInput(await recommendation(), { targets: [targetInput({ payoutRule: { kind: 'TIERED', tiers } })] });
    await expectRefused(CREATE, input, [{ code: 'INVALID_INPUT', field: ['input', 'targets', '0', 'payoutRule', 'tiers'], message: /at most 10/ }]);
  });

  it('userErrors are bounded too: an input that breaks more than 100 rules hears of the first 100', async () => {
    const broken = targetInput({ periodStart: '2025-01-01', periodEnd: '2024-01-01', baseline: -1, targetValue: -5, payoutRule: { kind: 'ALL_OR_NOTHING', threshold: 0.5, tiers: [] } });
    const input = agreementInput(await recommendation(), { targets: Array.from({ length: MAX }, () => broken) });
    const res = await app.gql(CREATE, { input }, actors.kb);
    const { userErrors } = res.data.createFundingAgreement;
    expect(userErrors).toHaveLength(100);
    expect(userErrors.every((error: { code: string }) => error.code === 'INVALID_INPUT')).toBe(true);
  });
});
