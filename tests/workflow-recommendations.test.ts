import { TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, SECOND_FUNDER } from './support/actors';
import { expectAuditedOnce, expectErrorCode, expectUnchanged, expectUserError } from './support/assertions';
import { mutation, recommendation, startWorkflow } from './support/operations';
import { auditEventsOf } from './support/sql';

let app: TestApp;
/** The officers' subjects are the ones the audit assertions below name. */
let actors: Actors;
/** An ENTERPRISE user of the first enterprise. */
let enterpriseUser: string;
let ids: Record<'KOSME' | 'KB' | 'MSS' | typeof SECOND_FUNDER.code, string>;
/** Enterprises with no recommendation at all, handed out one per test so that R4's PENDING rule never trips across tests. */
let unrecommended: string[];

// The second funder is there so that "another funder" cases have someone to be.
beforeAll(async () => ({ app, actors, ids, unrecommended, enterpriseUser } = await startWorkflow({ kosme: 'kosme-officer-7', kb: 'kb-officer-7', adminShinhan: 'admin-shb' })));
afterAll(() => app?.close());

const RECOMMEND = mutation('recommendEnterprise');
const DECIDE = mutation('decideRecommendation');

function nextEnterprise(): string {
  const id = unrecommended.shift();
  if (!id) throw new Error('the demo data ran out of enterprises without recommendations');
  return id;
}

/** A provider with a technology and no PENDING recommendation to KB (funded suppliers hold only decided ones). */
async function providerWithTechnology(): Promise<{ enterpriseId: string; technologyId: string }> {
  const [row] = await app.db.query(
    `SELECT t.provider_id, t.id FROM safety_technology t
      WHERE NOT EXISTS (SELECT 1 FROM recommendation r WHERE r.enterprise_id = t.provider_id AND r.status = 'PENDING')
      ORDER BY t.id LIMIT 1`,
  );
  return { enterpriseId: String(row.provider_id), technologyId: String(row.id) };
}

function recommendInput(enterpriseId: string, overrides: Record<string, unknown> = {}): Record<string, any> {
  return {
    enterpriseId: gid('Enterprise', enterpriseId),
    funderId: gid('Agency', ids.KB),
    rationale: 'AI-vision forklift detection, field-proven at 30 worksites; targets struck-by accidents at small sites.',
    ...overrides,
  };
}

/** A PENDING recommendation of a fresh enterprise to the given funder, made by KOSME through the API. */
async function pendingRecommendation(funder: 'KB' | typeof SECOND_FUNDER.code = 'KB'): Promise<string> {
  return (await recommendation(app, actors, gid('Enterprise', nextEnterprise()), { funder, status: 'PENDING' })).id;
}

async function recommendationCount(): Promise<number> {
  return (await app.db.query('SELECT count(*)::int AS n FROM recommendation'))[0].n;
}

const auditEvents = (action: string, entityId?: string) => auditEventsOf(app, action, entityId);

async function auditTotal(): Promise<number> {
  return (await app.db.query('SELECT count(*)::int AS n FROM audit_event'))[0].n;
}

/** Runs a mutation expected to be refused with exactly one userError; asserts nothing was written. */
async function expectRefused(
  query: string,
  input: Record<string, unknown>,
  token: string,
  expected: { code: string; field: string[]; message?: RegExp },
): Promise<void> {
  const written = async () => [await recommendationCount(), await auditTotal()];
  await expectUnchanged(written, async () => expectUserError(await app.gql(query, { input }, token), expected.code, expected.field, expected.message));
}

async function expectTopLevel(query: string, input: Record<string, unknown>, token: string | null, code: string): Promise<void> {
  await expectUnchanged(auditTotal, async () => expectErrorCode(await app.gql(query, { input }, token), code));
}

/** Callers that are neither a public agency nor a funder, refused by both R4 mutations (test name, token). */
const NEITHER_AGENCY_NOR_FUNDER: [string, () => string][] = [
  ['ANALYST', () => actors.analyst],
  ['ENTERPRISE', () => enterpriseUser],
  ['ADMIN without an agency claim', () => actors.admin],
];

describe('recommendEnterprise', () => {
  it('R4, R13: an agency officer recommends an enterprise and one of its technologies; one audit event', async () => {
    const { enterpriseId, technologyId } = await providerWithTechnology();
    const input = recommendInput(enterpriseId, { technologyId: gid('SafetyTechnology', technologyId) });
    const res = await app.gql(RECOMMEND, { input }, actors.kosme);
    expect(res.errors).toBeUndefined();
    const { recommendation, userErrors } = res.data.recommendEnterprise;
    expect(userErrors).toEqual([]);
    expect(recommendation).toMatchObject({
      status: 'PENDING',
      rationale: input.rationale,
      decidedAt: null,
      recommender: { code: 'KOSME' },
      funder: { code: 'KB' },
      enterprise: { id: input.enterpriseId },
      technology: { id: input.technologyId },
    });

    const [row] = await app.db.query('SELECT * FROM recommendation WHERE id = $1', [dbId(recommendation.id)]);
    expect(row).toMatchObject({
      recommender_id: ids.KOSME,
      funder_id: ids.KB,
      enterprise_id: enterpriseId,
      technology_id: technologyId,
      rationale: input.rationale,
      status: 'PENDING',
      recommended_by: 'kosme-officer-7',
      decided_at: null,
      decided_by: null,
    });
    expect(new Date(recommendation.recommendedAt).getTime()).toBe(row.recommended_at.getTime());

    await expectAuditedOnce(app, 'recommendEnterprise', recommendation.id, {
      actor_subject: 'kosme-officer-7',
      actor_role: 'AGENCY_OFFICER',
      entity_type: 'Recommendation',
      changes: expect.objectContaining({ enterpriseId: input.enterpriseId, funderId: input.funderId, status: 'PENDING' }),
    });
  });

  it('R4: an ADMIN acting for KOSME recommends an enterprise as a whole (no technology)', async () => {
    const enterpriseId = nextEnterprise();
    const res = await app.gql(RECOMMEND, { input: recommendInput(enterpriseId) }, actors.adminKosme);
    expect(res.data.recommendEnterprise.userErrors).toEqual([]);
    expect(res.data.recommendEnterprise.recommendation).toMatchObject({ technology: null, recommender: { code: 'KOSME' } });
    const [row] = await app.db.query('SELECT recommender_id, technology_id FROM recommendation WHERE enterprise_id = $1', [enterpriseId]);
    expect(row).toEqual({ recommender_id: ids.KOSME, technology_id: null });
    expect(await auditEvents('recommendEnterprise', res.data.recommendEnterprise.recommendation.id)).toHaveLength(1);
  });

  it('R4: a recommendation may go to another FINANCIAL_INSTITUTION too', async () => {
    const res = await app.gql(RECOMMEND, { input: recommendInput(nextEnterprise(), { funderId: gid('Agency', ids.SHINHAN) }) }, actors.kosme);
    expect(res.data.recommendEnterprise.userErrors).toEqual([]);
    expect(res.data.recommendEnterprise.recommendation.funder).toEqual({ code: SECOND_FUNDER.code });
  });

  it.each([['FUNDER_OFFICER', () => actors.kb], ...NEITHER_AGENCY_NOR_FUNDER, ['ADMIN acting for a funder, not a public agency', () => actors.adminKb]])('R4: %s may not recommend (FORBIDDEN, nothing written)', async (_name, token) => {
    const before = await recommendationCount();
    await expectTopLevel(RECOMMEND, recommendInput(nextEnterprise()), token(), 'FORBIDDEN');
    expect(await recommendationCount()).toBe(before);
  });

  it('R4: an ADMIN acting for the ministry is no public agency (FORBIDDEN)', async () => {
    await expectTopLevel(RECOMMEND, recommendInput(nextEnterprise()), actors.adminMss, 'FORBIDDEN');
  });

  it('R4: no token is UNAUTHENTICATED', async () => {
    await expectTopLevel(RECOMMEND, recommendInput(nextEnterprise()), null, 'UNAUTHENTICATED');
  });

  it.each([
    ['a PUBLIC_AGENCY', 'KOSME'],
    ['the MINISTRY', 'MSS'],
  ] as const)('R4: the funder must be a FINANCIAL_INSTITUTION, not %s (INVALID_INPUT)', async (_name, code) => {
    await expectRefused(RECOMMEND, recommendInput(nextEnterprise(), { funderId: gid('Agency', ids[code]) }), actors.kosme, {
      code: 'INVALID_INPUT',
      field: ['input', 'funderId'],
      message: /FINANCIAL_INSTITUTION/,
    });
  });

  it('R4: an unknown funder, enterprise or technology is NOT_FOUND on its field', async () => {
    await expectRefused(RECOMMEND, recommendInput(nextEnterprise(), { funderId: gid('Agency', '999999') }), actors.kosme, {
      code: 'NOT_FOUND',
      field: ['input', 'funderId'],
    });
    await expectRefused(RECOMMEND, recommendInput('999999999'), actors.kosme, { code: 'NOT_FOUND', field: ['input', 'enterpriseId'] });
    await expectRefused(
      RECOMMEND,
      recommendInput(nextEnterprise(), { technologyId: gid('SafetyTechnology', '999999999') }),
      actors.kosme,
      { code: 'NOT_FOUND', field: ['input', 'technologyId'] },
    );
  });

  it('R4: a technology must belong to the recommended enterprise (INVALID_INPUT on technologyId)', async () => {
    const { technologyId } = await providerWithTechnology();
    await expectRefused(
      RECOMMEND,
      recommendInput(nextEnterprise(), { technologyId: gid('SafetyTechnology', technologyId) }),
      actors.kosme,
      { code: 'INVALID_INPUT', field: ['input', 'technologyId'], message: /belong/ },
    );
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['longer than 2000 characters', 'x'.repeat(2001)],
  ])('R4: a rationale that is %s is INVALID_INPUT', async (_name, rationale) => {
    await expectRefused(RECOMMEND, recommendInput(nextEnterprise(), { rationale }), actors.kosme, {
      code: 'INVALID_INPUT',
      field: ['input', 'rationale'],
    });
  });

  it('R4: a rationale of exactly 2000 characters is accepted', async () => {
    const res = await app.gql(RECOMMEND, { input: recommendInput(nextEnterprise(), { rationale: 'x'.repeat(2000) }) }, actors.kosme);
    expect(res.data.recommendEnterprise.userErrors).toEqual([]);
  });

  it.each([
    ['enterpriseId', { enterpriseId: 'nope' }],
    ['funderId', { funderId: gid('Enterprise', '1') }],
    ['technologyId', { technologyId: 'bad!' }],
  ])('R4: a malformed %s is BAD_USER_INPUT naming the argument', async (field, overrides) => {
    const res = await app.gql(RECOMMEND, { input: recommendInput(nextEnterprise(), overrides) }, actors.kosme);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: `input.${field}` });
  });

  it('R4: a second PENDING recommendation of the same enterprise to the same funder is DUPLICATE; to another funder it is fine', async () => {
    const enterpriseId = nextEnterprise();
    const first = await app.gql(RECOMMEND, { input: recommendInput(enterpriseId) }, actors.kosme);
    expect(first.data.recommendEnterprise.userErrors).toEqual([]);
    await expectRefused(RECOMMEND, recommendInput(enterpriseId), actors.adminKosme, {
      code: 'DUPLICATE',
      field: ['input', 'enterpriseId'],
      message: /PENDING/,
    });
    const other = await app.gql(RECOMMEND, { input: recommendInput(enterpriseId, { funderId: gid('Agency', ids.SHINHAN) }) }, actors.kosme);
    expect(other.data.recommendEnterprise.userErrors).toEqual([]);
  });

  it('R4: once the funder has decided, the enterprise may be recommended to it again', async () => {
    const enterpriseId = nextEnterprise();
    const first = await app.gql(RECOMMEND, { input: recommendInput(enterpriseId) }, actors.kosme);
    const decided = await app.gql(DECIDE, { input: { id: first.data.recommendEnterprise.recommendation.id, accept: false } }, actors.kb);
    expect(decided.data.decideRecommendation.userErrors).toEqual([]);
    const again = await app.gql(RECOMMEND, { input: recommendInput(enterpriseId) }, actors.kosme);
    expect(again.data.recommendEnterprise.userErrors).toEqual([]);
  });

  it('R4, R13: 10 concurrent recommendations of the same pair: exactly one succeeds, the rest are DUPLICATE userErrors', async () => {
    const enterpriseId = nextEnterprise();
    const auditBefore = (await auditEvents('recommendEnterprise')).length;
    const results = await Promise.all(
      Array.from({ length: 10 }, () => app.gql(RECOMMEND, { input: recommendInput(enterpriseId) }, actors.kosme)),
    );
    for (const res of results) {
      expect(res.status).toBe(200);
      expect(res.errors).toBeUndefined();
    }
    const payloads = results.map((res) => res.data.recommendEnterprise);
    expect(payloads.filter((p) => p.recommendation !== null)).toHaveLength(1);
    const refused = payloads.filter((p) => p.recommendation === null);
    expect(refused).toHaveLength(9);
    for (const p of refused) expect(p.userErrors).toEqual([expect.objectContaining({ code: 'DUPLICATE', field: ['input', 'enterpriseId'] })]);
    const rows = await app.db.query('SELECT status FROM recommendation WHERE enterprise_id = $1', [enterpriseId]);
    expect(rows).toEqual([{ status: 'PENDING' }]);
    expect((await auditEvents('recommendEnterprise')).length).toBe(auditBefore + 1);
  });
});

describe('decideRecommendation', () => {
  it('R4, R13: the funder officer accepts a PENDING recommendation; decided_by, decided_at, decision_note; one audit event', async () => {
    const id = await pendingRecommendation();
    const res = await app.gql(DECIDE, { input: { id, accept: true, note: 'Fits the 2026 cohort.' } }, actors.kb);
    expect(res.errors).toBeUndefined();
    const { recommendation, userErrors } = res.data.decideRecommendation;
    expect(userErrors).toEqual([]);
    expect(recommendation).toMatchObject({ id, status: 'ACCEPTED', funder: { code: 'KB' } });
    expect(recommendation.decidedAt).not.toBeNull();
    const [row] = await app.db.query('SELECT status, decided_by, decided_at, decision_note FROM recommendation WHERE id = $1', [dbId(id)]);
    expect(row).toMatchObject({ status: 'ACCEPTED', decided_by: 'kb-officer-7', decision_note: 'Fits the 2026 cohort.' });
    expect(row.decided_at.toISOString()).toBe(recommendation.decidedAt);
    await expectAuditedOnce(app, 'decideRecommendation', id, {
      actor_subject: 'kb-officer-7',
      actor_role: 'FUNDER_OFFICER',
      entity_type: 'Recommendation',
      changes: { status: { from: 'PENDING', to: 'ACCEPTED' }, decisionNote: 'Fits the 2026 cohort.' },
    });
  });

  it('R4: the funder declines, without a note', async () => {
    const id = await pendingRecommendation();
    const res = await app.gql(DECIDE, { input: { id, accept: false } }, actors.kb);
    expect(res.data.decideRecommendation.userErrors).toEqual([]);
    expect(res.data.decideRecommendation.recommendation.status).toBe('DECLINED');
    const [row] = await app.db.query('SELECT status, decision_note FROM recommendation WHERE id = $1', [dbId(id)]);
    expect(row).toEqual({ status: 'DECLINED', decision_note: null });
  });

  it.each(['ACCEPTED', 'DECLINED'])('R4: only a PENDING recommendation can be decided; one that is %s is INVALID_STATE naming its status', async (status) => {
    const [row] = await app.db.query(`SELECT id FROM recommendation WHERE status = $1 AND funder_id = $2 ORDER BY id LIMIT 1`, [
      status,
      ids.KB,
    ]);
    const id = gid('Recommendation', row.id);
    const before = await app.db.query('SELECT * FROM recommendation WHERE id = $1', [row.id]);
    await expectRefused(DECIDE, { id, accept: true }, actors.kb, {
      code: 'INVALID_STATE',
      field: ['input', 'id'],
      message: new RegExp(status),
    });
    expect(await app.db.query('SELECT * FROM recommendation WHERE id = $1', [row.id])).toEqual(before);
  });

  it("R4: another funder's officer cannot see the recommendation: NOT_FOUND", async () => {
    const id = await pendingRecommendation('KB');
    await expectRefused(DECIDE, { id, accept: true }, actors.shinhan, { code: 'NOT_FOUND', field: ['input', 'id'] });
    const [row] = await app.db.query('SELECT status FROM recommendation WHERE id = $1', [dbId(id)]);
    expect(row.status).toBe('PENDING');
  });

  it('R4: an ADMIN acting for another funder sees it but may not decide it: FORBIDDEN', async () => {
    const id = await pendingRecommendation(SECOND_FUNDER.code);
    await expectTopLevel(DECIDE, { id, accept: true }, actors.adminKb, 'FORBIDDEN');
  });

  it('R4: an ADMIN acting for the recommendation\'s funder decides it', async () => {
    const id = await pendingRecommendation(SECOND_FUNDER.code);
    const res = await app.gql(DECIDE, { input: { id, accept: true } }, actors.adminShinhan);
    expect(res.data.decideRecommendation.userErrors).toEqual([]);
    expect(res.data.decideRecommendation.recommendation.status).toBe('ACCEPTED');
    await expectAuditedOnce(app, 'decideRecommendation', id, { actor_subject: 'admin-shb', actor_role: 'ADMIN' });
  });

  it.each([['AGENCY_OFFICER', () => actors.kosme], ...NEITHER_AGENCY_NOR_FUNDER, ['ADMIN acting for a public agency', () => actors.adminKosme]])('R4: %s may not decide (FORBIDDEN, nothing written)', async (_name, token) => {
    const id = await pendingRecommendation();
    await expectTopLevel(DECIDE, { id, accept: true }, token(), 'FORBIDDEN');
    const [row] = await app.db.query('SELECT status FROM recommendation WHERE id = $1', [dbId(id)]);
    expect(row.status).toBe('PENDING');
  });

  it('R4: no token is UNAUTHENTICATED', async () => {
    await expectTopLevel(DECIDE, { id: await pendingRecommendation(), accept: true }, null, 'UNAUTHENTICATED');
  });

  it('R4: a note longer than 2000 characters is INVALID_INPUT', async () => {
    const id = await pendingRecommendation();
    await expectRefused(DECIDE, { id, accept: true, note: 'n'.repeat(2001) }, actors.kb, {
      code: 'INVALID_INPUT',
      field: ['input', 'note'],
    });
  });

  it('R4: an unknown id is NOT_FOUND; a malformed one BAD_USER_INPUT', async () => {
    await expectRefused(DECIDE, { id: gid('Recommendation', '999999999'), accept: true }, actors.kb, {
      code: 'NOT_FOUND',
      field: ['input', 'id'],
    });
    const res = await app.gql(DECIDE, { input: { id: gid('Agency', ids.KB), accept: true } }, actors.kb);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.id' });
  });

  it('R4: concurrent decisions on one recommendation: exactly one wins, the others are INVALID_STATE', async () => {
    const id = await pendingRecommendation();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => app.gql(DECIDE, { input: { id, accept: i % 2 === 0 } }, actors.kb)),
    );
    for (const res of results) expect(res.errors).toBeUndefined();
    const payloads = results.map((res) => res.data.decideRecommendation);
    const winners = payloads.filter((p) => p.recommendation !== null);
    expect(winners).toHaveLength(1);
    for (const p of payloads.filter((p) => p.recommendation === null)) {
      expect(p.userErrors).toEqual([expect.objectContaining({ code: 'INVALID_STATE', field: ['input', 'id'] })]);
    }
    const [row] = await app.db.query('SELECT status FROM recommendation WHERE id = $1', [dbId(id)]);
    expect(row.status).toBe(winners[0].recommendation.status);
    expect(await auditEvents('decideRecommendation', id)).toHaveLength(1);
  });
});
