import { Actors } from './support/actors';
import { expectAuditedOnce, expectErrorCode, expectUnchanged, expectUserError, expectUserErrors } from './support/assertions';
import { dbId, gid } from './support/ids';
import { activity, createProgram, fundAgreement, mutate, perform, registerEnterprise, registerTechnology, startWorkflow, terminate } from './support/operations';
import type { TestApp } from './support/test-app';

/** R20-R22: support requests, suggestions, matches and worksite assessments, through the API. */
let app: TestApp;
let actors: Actors;
let ids: Record<string, string>;
let programId: string;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());

beforeAll(async () => {
  ({ app, actors, ids } = await startWorkflow({ kosme: 'kosme-officer-3' }));
  const program = await createProgram(app, actors.kosme, { code: 'MATCH-TEST', name: 'Matching test program', funderId: gid('Agency', ids.KB) });
  programId = program.id;
});
afterAll(() => app?.close());

const TERM = { startsOn: '2026-01-01', endsOn: '2027-12-31' };
const TARGETS = [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-01-01', periodEnd: '2027-12-31', targetValue: 5, maxPayout: '1000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }];

/** A supplier in the test program: an enterprise in `region` with one technology addressing `hazards`, and its ACTIVE agreement. */
async function supplierWith(hazards: string[], region = 'GYEONGGI', targets: unknown[] = TARGETS) {
  const enterprise = await registerEnterprise(app, actors.kosme, { region });
  const technology = await registerTechnology(app, actors.kosme, enterprise.id, { hazards, readinessLevel: 9 });
  const funded = await fundAgreement(app, actors, { programId, recipient: { id: enterprise.id, technologyId: technology.id }, ...TERM, baseAmount: '1000000', outcomeBudgetCap: '1000000', targets: targets as any });
  return { id: enterprise.id, brn: enterprise.businessRegistrationNumber.replace(/-/g, ''), agreementId: funded.id, technologyId: technology.id, targetIds: funded.targetIds };
}

async function beneficiary(overrides: Record<string, unknown> = {}) {
  const enterprise = await registerEnterprise(app, actors.kosme, { industryCode: 'C25', employeeCount: 18, ...overrides });
  return { id: enterprise.id, brn: enterprise.businessRegistrationNumber.replace(/-/g, '') };
}

let worksite = 0;
function requestInput(beneficiaryId: string, overrides: Record<string, unknown> = {}) {
  worksite += 1;
  return {
    programId,
    beneficiaryId,
    worksiteName: `Ansan plant ${worksite}`,
    worksiteRegion: 'GYEONGGI',
    workersAtWorksite: 23,
    hazards: ['FALL', 'CAUGHT_IN_MACHINERY'],
    needs: 'Guarding for two presses and fall protection on the mezzanine.',
    ...overrides,
  };
}

const submit = (beneficiaryId: string, overrides: Record<string, unknown> = {}, token = actors.kosme) =>
  perform(app, 'submitSupportRequest', requestInput(beneficiaryId, overrides), token);

const propose = (requestId: string, agreementId: string) => perform(app, 'proposeSupplierMatch', { requestId, agreementId }, actors.kosme);

/** Both sides accept, recorded by the operator's officer on the given day. */
async function acceptBoth(matchId: string, answeredOn = today()) {
  await perform(app, 'respondToSupplierMatch', { id: matchId, accept: true, onBehalfOf: 'SUPPLIER', answeredOn }, actors.kosme);
  return perform(app, 'respondToSupplierMatch', { id: matchId, accept: true, onBehalfOf: 'BENEFICIARY', answeredOn }, actors.kosme);
}

const SUGGESTIONS = `query ($id: ID!, $first: Int) { node(id: $id) { ... on SupportRequest { matchSuggestions(first: $first) {
  score hazardsCovered servesRegion industryExperience openMatches reasons agreement { id } supplier { id } } } } }`;

describe('support requests (R20)', () => {
  it("R20, R13: the beneficiary's enterprise user asks for support at a worksite; one audit event", async () => {
    const who = await beneficiary();
    const request = await submit(who.id, {}, await actors.enterprise(who.brn));
    expect(request).toMatchObject({ status: 'OPEN', workersAtWorksite: 23, hazards: ['FALL', 'CAUGHT_IN_MACHINERY'], beneficiary: { id: who.id }, program: { id: programId } });
    await expectAuditedOnce(app, 'submitSupportRequest', request.id, { actor_role: 'ENTERPRISE' });
  });

  it('R20: an agency officer of the operator asks on its behalf; another enterprise may not (FORBIDDEN)', async () => {
    const who = await beneficiary();
    expect((await submit(who.id)).status).toBe('OPEN');
    const other = await beneficiary();
    expectErrorCode(await mutate(app, 'submitSupportRequest', requestInput(who.id), await actors.enterprise(other.brn)), 'FORBIDDEN');
    expectErrorCode(await mutate(app, 'submitSupportRequest', requestInput(who.id), actors.kb), 'FORBIDDEN');
  });

  it('R20: workers ≥ 1, hazards ≥ 1, a worksite name and needs; one OPEN request per (program, beneficiary, worksite) (DUPLICATE); nothing written', async () => {
    const who = await beneficiary();
    const count = async () => (await app.db.query('SELECT count(*)::int AS n FROM support_request'))[0].n;
    await expectUnchanged(count, async () => {
      const res = await mutate(app, 'submitSupportRequest', requestInput(who.id, { workersAtWorksite: 0, hazards: [], worksiteName: ' ', needs: '' }), actors.kosme);
      expectUserErrors(res, [
        { code: 'INVALID_INPUT', field: ['input', 'worksiteName'] },
        { code: 'INVALID_INPUT', field: ['input', 'workersAtWorksite'] },
        { code: 'INVALID_INPUT', field: ['input', 'hazards'] },
        { code: 'INVALID_INPUT', field: ['input', 'needs'] },
      ]);
    });
    const first = await submit(who.id, { worksiteName: 'Siheung yard' });
    expectUserError(await mutate(app, 'submitSupportRequest', requestInput(who.id, { worksiteName: 'Siheung yard' }), actors.kosme), 'DUPLICATE', ['input', 'worksiteName']);
    const withdrawn = await perform(app, 'withdrawSupportRequest', { id: first.id, reason: 'Handled in-house' }, await actors.enterprise(who.brn));
    expect(withdrawn.status).toBe('WITHDRAWN');
    expectUserError(await mutate(app, 'withdrawSupportRequest', { id: first.id }, actors.kosme), 'INVALID_STATE', ['input', 'id'], /WITHDRAWN/);
    expect((await submit(who.id, { worksiteName: 'Siheung yard' })).status).toBe('OPEN');
  });

  it('R20: requests are taken only while the program runs', async () => {
    const ended = await createProgram(app, actors.kosme, { code: 'ENDED-2021', name: 'Ended', funderId: gid('Agency', ids.KB), budget: '1', startsOn: '2021-01-01', endsOn: '2021-12-31' });
    const res = await mutate(app, 'submitSupportRequest', requestInput((await beneficiary()).id, { programId: ended.id }), actors.kosme);
    expectUserError(res, 'INVALID_STATE', ['input', 'programId'], /runs from 2021-01-01 to 2021-12-31/);
  });
});

describe('match suggestions (R20)', () => {
  it('R20: candidates ordered by the formula, computed here from the data this test made; ties by agreement id; reasons in words', async () => {
    // A program of its own, so that only these suppliers are candidates.
    const own = await createProgram(app, actors.kosme, { code: `SUGGEST-${Date.now()}`, name: 'Suggestions', funderId: gid('Agency', ids.KB) });
    const saved = programId;
    programId = own.id;
    try {
      const both = await supplierWith(['FALL', 'CAUGHT_IN_MACHINERY'], 'GYEONGGI'); // 2 of 2 hazards, serves the region
      const fallBusan = await supplierWith(['FALL'], 'BUSAN'); // 1 of 2, does not serve
      const busy = await supplierWith(['CAUGHT_IN_MACHINERY'], 'GYEONGGI'); // 1 of 2, serves, 3 open matches
      const twin = await supplierWith(['CAUGHT_IN_MACHINERY'], 'GYEONGGI'); // the same figures as busy before its matches
      await supplierWith(['VEHICLE'], 'GYEONGGI'); // addresses none of the hazards: no candidate
      for (let i = 0; i < 3; i++) await propose((await submit((await beneficiary()).id)).id, busy.agreementId);

      const who = await beneficiary();
      const request = await submit(who.id);
      // R20: 0.5·covered/asked + 0.2·serves + 0.2·min(1, experience/10) + 0.1·(1 − min(1, open/10)).
      const score = (covered: number, serves: boolean, experience: number, open: number) =>
        0.5 * (covered / 2) + 0.2 * (serves ? 1 : 0) + 0.2 * Math.min(1, experience / 10) + 0.1 * (1 - Math.min(1, open / 10));
      const expected = [
        { supplier: both, score: score(2, true, 0, 0), covered: ['CAUGHT_IN_MACHINERY', 'FALL'], serves: true, open: 0 },
        { supplier: twin, score: score(1, true, 0, 0), covered: ['CAUGHT_IN_MACHINERY'], serves: true, open: 0 },
        { supplier: busy, score: score(1, true, 0, 3), covered: ['CAUGHT_IN_MACHINERY'], serves: true, open: 3 },
        { supplier: fallBusan, score: score(1, false, 0, 0), covered: ['FALL'], serves: false, open: 0 },
      ].sort((a, b) => b.score - a.score || Number(dbId(a.supplier.agreementId)) - Number(dbId(b.supplier.agreementId)));

      const res = await app.gql(SUGGESTIONS, { id: request.id, first: 10 }, actors.kosme);
      expect(res.errors).toBeUndefined();
      const suggestions = res.data.node.matchSuggestions;
      expect(suggestions.map((s: any) => s.agreement.id)).toEqual(expected.map((e) => e.supplier.agreementId));
      suggestions.forEach((suggestion: any, i: number) => {
        expect(suggestion.score).toBeCloseTo(expected[i].score, 12);
        expect(suggestion).toMatchObject({ hazardsCovered: expected[i].covered, servesRegion: expected[i].serves, industryExperience: 0, openMatches: expected[i].open, supplier: { id: expected[i].supplier.id } });
      });
      expect(suggestions[0].reasons).toEqual([
        'Covers 2 of the 2 requested hazards: CAUGHT_IN_MACHINERY, FALL',
        'Serves GYEONGGI (its own region)',
        '0 verified activities at worksites of KSIC section C',
        'Carries 0 PROPOSED or ACCEPTED matches now',
      ]);
      expect((await app.gql(SUGGESTIONS, { id: request.id, first: 2 }, actors.kosme)).data.node.matchSuggestions).toHaveLength(2);

      // Only the operator's and the funder's officers and ADMIN see them.
      for (const token of [actors.kb, actors.admin]) expect((await app.gql(SUGGESTIONS, { id: request.id }, token)).data.node.matchSuggestions).toHaveLength(4);
      for (const token of [actors.analyst, actors.shinhan, await actors.enterprise(who.brn)]) {
        const node = (await app.gql(SUGGESTIONS, { id: request.id }, token)).data.node;
        expect(node === null || node.matchSuggestions.length === 0).toBe(true);
      }
      // A terminated agreement is no candidate; a withdrawn request has none.
      await terminate(app, actors.kb, fallBusan.agreementId);
      expect((await app.gql(SUGGESTIONS, { id: request.id }, actors.kosme)).data.node.matchSuggestions).toHaveLength(3);
      await perform(app, 'withdrawSupportRequest', { id: request.id }, actors.kosme);
      expect((await app.gql(SUGGESTIONS, { id: request.id }, actors.kosme)).data.node.matchSuggestions).toEqual([]);
    } finally {
      programId = saved;
    }
  });
  it('R20: industry experience and open matches above 10 are shown exactly, while the score reads them only up to 10', async () => {
    const own = await createProgram(app, actors.kosme, { code: `SUGGEST-MANY-${Date.now()}`, name: 'Suggestions, busy suppliers', funderId: gid('Agency', ids.KB) });
    const saved = programId;
    programId = own.id;
    try {
      const busy = await supplierWith(['FALL']); // 1 of 2 hazards; 11 verified activities in section C, 1 in F; 12 accepted matches
      const both = await supplierWith(['CAUGHT_IN_MACHINERY', 'FALL']); // 2 of 2; 2 verified activities in C, one more REPORTED
      const done = async (supplier: { agreementId: string; technologyId: string }, industryCode: string, n: number, verified = true) => {
        for (let i = 0; i < n; i++) {
          await activity(app, actors, { id: supplier.agreementId, technologyId: supplier.technologyId }, { beneficiaryId: (await beneficiary({ industryCode })).id, completedOn: '2026-03-02', verified });
        }
      };
      await done(busy, 'C25', 10);
      await done(busy, '25112', 1);
      await done(busy, 'F41', 1);
      await done(both, 'C29', 2);
      await done(both, 'C22', 1, false);

      const request = await submit((await beneficiary({ industryCode: 'C24' })).id);
      const score = (covered: number, experience: number, open: number) =>
        0.5 * (covered / 2) + 0.2 + 0.2 * Math.min(1, experience / 10) + 0.1 * (1 - Math.min(1, open / 10));
      const res = await app.gql(SUGGESTIONS, { id: request.id, first: 10 }, actors.kosme);
      expect(res.errors).toBeUndefined();
      const suggestions = res.data.node.matchSuggestions;
      expect(suggestions.map((s: any) => s.agreement.id)).toEqual([both.agreementId, busy.agreementId]);
      expect(suggestions[0]).toMatchObject({ industryExperience: 2, openMatches: 3 });
      expect(suggestions[0].score).toBeCloseTo(score(2, 2, 3), 12);
      expect(suggestions[1]).toMatchObject({ industryExperience: 11, openMatches: 12 });
      expect(suggestions[1].score).toBeCloseTo(score(1, 11, 12), 12);
      expect(suggestions[1].reasons.slice(2)).toEqual(['11 verified activities at worksites of KSIC section C', 'Carries 12 PROPOSED or ACCEPTED matches now']);
      // The first one alone carries the same exact figures.
      expect((await app.gql(SUGGESTIONS, { id: request.id, first: 1 }, actors.kosme)).data.node.matchSuggestions).toEqual([suggestions[0]]);
    } finally {
      programId = saved;
    }
  });
});

describe('matches (R21)', () => {
  it('R21, R13: proposed by the operator; each side accepts for itself; ACCEPTED on the later answer day, the request MATCHED', async () => {
    const supplier = await supplierWith(['FALL']);
    const who = await beneficiary();
    const request = await submit(who.id);
    const match = await propose(request.id, supplier.agreementId);
    expect(match).toMatchObject({ status: 'PROPOSED', supplier: { id: supplier.id }, beneficiary: { id: who.id }, agreement: { id: supplier.agreementId }, request: { id: request.id, status: 'OPEN' } });
    await expectAuditedOnce(app, 'proposeSupplierMatch', match.id, { actor_subject: 'kosme-officer-3' });
    const bySupplier = await perform(app, 'respondToSupplierMatch', { id: match.id, accept: true }, await actors.enterprise(supplier.brn));
    expect(bySupplier).toMatchObject({ status: 'PROPOSED', supplierAcceptedAt: expect.any(String), beneficiaryAcceptedAt: null });
    const accepted = await perform(app, 'respondToSupplierMatch', { id: match.id, accept: true }, await actors.enterprise(who.brn));
    expect(accepted).toMatchObject({ status: 'ACCEPTED', request: { status: 'MATCHED' } });
    expect((await app.db.query('SELECT accepted_on FROM supplier_match WHERE id = $1', [dbId(match.id)]))[0].accepted_on).toBe(today());
    // Answering twice is INVALID_STATE.
    expectUserError(await mutate(app, 'respondToSupplierMatch', { id: match.id, accept: true }, await actors.enterprise(who.brn)), 'INVALID_STATE', ['input', 'id']);
    // The beneficiary sees the match, its agreement and the request; another enterprise sees none of it.
    const read = `query ($id: ID!) { node(id: $id) { ... on SupplierMatch { id agreement { id } request { id } } } }`;
    expect((await app.gql(read, { id: match.id }, await actors.enterprise(who.brn))).data.node).toEqual({ id: match.id, agreement: { id: supplier.agreementId }, request: { id: request.id } });
    expect((await app.gql(read, { id: match.id }, await actors.enterprise(supplier.brn))).data.node).toEqual({ id: match.id, agreement: { id: supplier.agreementId }, request: { id: request.id } });
    expect((await app.gql(read, { id: match.id }, await actors.enterprise((await beneficiary()).brn))).data.node).toBeNull();
  });

  it('R21: an officer records answers given by phone or paper on their day (answeredOn, not in the future, within the program); the later day counts', async () => {
    const supplier = await supplierWith(['FALL']);
    const match = await propose((await submit((await beneficiary()).id)).id, supplier.agreementId);
    const future = await mutate(app, 'respondToSupplierMatch', { id: match.id, accept: true, onBehalfOf: 'SUPPLIER', answeredOn: '2099-01-01' }, actors.kosme);
    expectUserError(future, 'INVALID_INPUT', ['input', 'answeredOn'], /not be after today/);
    expectUserError(await mutate(app, 'respondToSupplierMatch', { id: match.id, accept: true }, actors.kosme), 'INVALID_INPUT', ['input', 'onBehalfOf']);
    await perform(app, 'respondToSupplierMatch', { id: match.id, accept: true, onBehalfOf: 'SUPPLIER', answeredOn: '2026-03-02' }, actors.kosme);
    await perform(app, 'respondToSupplierMatch', { id: match.id, accept: true, onBehalfOf: 'BENEFICIARY', answeredOn: '2026-02-20' }, actors.kosme);
    expect((await app.db.query('SELECT accepted_on FROM supplier_match WHERE id = $1', [dbId(match.id)]))[0].accepted_on).toBe('2026-03-02');
  });

  it('R21: a decline needs a reason and ends the match DECLINED; an enterprise answers for itself only', async () => {
    const supplier = await supplierWith(['FALL']);
    const who = await beneficiary();
    const match = await propose((await submit(who.id)).id, supplier.agreementId);
    const token = await actors.enterprise(who.brn);
    expectUserError(await mutate(app, 'respondToSupplierMatch', { id: match.id, accept: false }, token), 'INVALID_INPUT', ['input', 'reason']);
    expectUserError(await mutate(app, 'respondToSupplierMatch', { id: match.id, accept: true, onBehalfOf: 'SUPPLIER' }, token), 'INVALID_INPUT', ['input', 'onBehalfOf']);
    const declined = await perform(app, 'respondToSupplierMatch', { id: match.id, accept: false, reason: 'The plant closes for renovation' }, token);
    expect(declined).toMatchObject({ status: 'DECLINED', reason: 'The plant closes for renovation', request: { status: 'OPEN' } });
    expectUserError(await mutate(app, 'respondToSupplierMatch', { id: match.id, accept: true }, await actors.enterprise(supplier.brn)), 'INVALID_STATE', ['input', 'id'], /PROPOSED/);
  });

  it('R21: a WITHDRAWN request, a non-ACTIVE agreement, another program and the supplier as its own beneficiary are refused; one live match per pair (DUPLICATE)', async () => {
    const supplier = await supplierWith(['FALL']);
    const request = await submit((await beneficiary()).id);
    await propose(request.id, supplier.agreementId);
    expectUserError(await mutate(app, 'proposeSupplierMatch', { requestId: request.id, agreementId: supplier.agreementId }, actors.kosme), 'DUPLICATE', ['input', 'agreementId']);
    const own = await submit(supplier.id);
    expectUserError(await mutate(app, 'proposeSupplierMatch', { requestId: own.id, agreementId: supplier.agreementId }, actors.kosme), 'INVALID_INPUT', ['input', 'agreementId'], /its own beneficiary|beneficiary itself/);
    const elsewhere = await fundAgreement(app, actors, { ...TERM, targets: TARGETS }); // the KB test program, not this one
    expectUserError(await mutate(app, 'proposeSupplierMatch', { requestId: request.id, agreementId: elsewhere.id }, actors.kosme), 'INVALID_INPUT', ['input', 'agreementId'], /another program/);
    const draft = await fundAgreement(app, actors, { programId, ...TERM, targets: TARGETS, status: 'DRAFT' });
    expectUserError(await mutate(app, 'proposeSupplierMatch', { requestId: request.id, agreementId: draft.id }, actors.kosme), 'INVALID_STATE', ['input', 'agreementId'], /ACTIVE/);
    const withdrawn = await submit((await beneficiary()).id);
    await perform(app, 'withdrawSupportRequest', { id: withdrawn.id }, actors.kosme);
    expectUserError(await mutate(app, 'proposeSupplierMatch', { requestId: withdrawn.id, agreementId: supplier.agreementId }, actors.kosme), 'INVALID_STATE', ['input', 'requestId'], /WITHDRAWN/);
    expectErrorCode(await mutate(app, 'proposeSupplierMatch', { requestId: request.id, agreementId: supplier.agreementId }, actors.kb), 'FORBIDDEN');
  });

  it('R21: the operator cancels a match with a reason; the request is OPEN again when no accepted match is left', async () => {
    const supplier = await supplierWith(['FALL']);
    const request = await submit((await beneficiary()).id);
    const match = await propose(request.id, supplier.agreementId);
    await acceptBoth(match.id);
    expectUserError(await mutate(app, 'cancelSupplierMatch', { id: match.id, reason: ' ' }, actors.kosme), 'INVALID_INPUT', ['input', 'reason']);
    const cancelled = await perform(app, 'cancelSupplierMatch', { id: match.id, reason: 'Supplier left the region' }, actors.kosme);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', reason: 'Supplier left the region', request: { status: 'OPEN' } });
    expectUserError(await mutate(app, 'cancelSupplierMatch', { id: match.id, reason: 'again' }, actors.kosme), 'INVALID_STATE', ['input', 'id'], /CANCELLED/);
  });

  it('FundingAgreement.matches, SupportRequest.matches and Enterprise.supportRequests', async () => {
    const supplier = await supplierWith(['FALL']);
    const who = await beneficiary();
    const request = await submit(who.id);
    const first = await propose(request.id, supplier.agreementId);
    await acceptBoth(first.id);
    const res = await app.gql(
      `query ($a: ID!, $r: ID!, $e: ID!) {
        a: node(id: $a) { ... on FundingAgreement { matches(status: [ACCEPTED]) { totalCount nodes { id } } all: matches { totalCount } } }
        r: node(id: $r) { ... on SupportRequest { matches { id status } } }
        e: node(id: $e) { ... on Enterprise { supportRequests { id status } } } }`,
      { a: supplier.agreementId, r: request.id, e: who.id },
      actors.kb,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.a).toEqual({ matches: { totalCount: 1, nodes: [{ id: first.id }] }, all: { totalCount: 1 } });
    expect(res.data.r.matches).toEqual([{ id: first.id, status: 'ACCEPTED' }]);
    expect(res.data.e.supportRequests).toEqual([{ id: request.id, status: 'MATCHED' }]);
  });
});

describe('worksite assessments (R22)', () => {
  async function acceptedMatch() {
    const supplier = await supplierWith(['FALL']);
    const match = await propose((await submit((await beneficiary()).id)).id, supplier.agreementId);
    return acceptBoth(match.id, '2026-03-01');
  }
  const assess = (matchId: string, input: Record<string, unknown>) => mutate(app, 'recordWorksiteAssessment', { matchId, ...input }, actors.kosme);

  it('R22: BASELINE then FOLLOW_UP by the operator; improved when the follow-up is lower; recording a phase again replaces it', async () => {
    const match = await acceptedMatch();
    const baseline = await perform(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'BASELINE', riskLevel: 16, assessedOn: '2026-03-05', note: 'Unguarded presses' }, actors.kosme);
    expect(baseline).toMatchObject({ baseline: { phase: 'BASELINE', riskLevel: 16, assessedOn: '2026-03-05', note: 'Unguarded presses', assessedBy: { code: 'KOSME' } }, followUp: null, improved: null });
    const followUp = await perform(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'FOLLOW_UP', riskLevel: 6, assessedOn: '2026-06-05' }, actors.kosme);
    expect(followUp).toMatchObject({ followUp: { riskLevel: 6 }, improved: true });
    const again = await perform(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'FOLLOW_UP', riskLevel: 16, assessedOn: '2026-06-06' }, actors.kosme);
    expect(again).toMatchObject({ followUp: { riskLevel: 16, assessedOn: '2026-06-06' }, improved: false });
    expect((await app.db.query('SELECT count(*)::int AS n FROM worksite_assessment WHERE match_id = $1', [dbId(match.id)]))[0].n).toBe(2);
  });

  it('R22: riskLevel 1-25, not in the future, a FOLLOW_UP needs a BASELINE and not before it; only ACCEPTED matches; nothing written', async () => {
    const match = await acceptedMatch();
    const count = async () => (await app.db.query('SELECT count(*)::int AS n FROM worksite_assessment WHERE match_id = $1', [dbId(match.id)]))[0].n;
    await expectUnchanged(count, async () => {
      expectUserError(await assess(match.id, { phase: 'BASELINE', riskLevel: 0, assessedOn: '2026-03-05' }), 'INVALID_INPUT', ['input', 'riskLevel']);
      expectUserError(await assess(match.id, { phase: 'BASELINE', riskLevel: 26, assessedOn: '2026-03-05' }), 'INVALID_INPUT', ['input', 'riskLevel']);
      expectUserError(await assess(match.id, { phase: 'BASELINE', riskLevel: 9, assessedOn: '2099-03-05' }), 'INVALID_INPUT', ['input', 'assessedOn'], /after today/);
      expectUserError(await assess(match.id, { phase: 'FOLLOW_UP', riskLevel: 9, assessedOn: '2026-06-05' }), 'INVALID_STATE', ['input', 'phase'], /BASELINE first/);
    });
    await perform(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'BASELINE', riskLevel: 12, assessedOn: '2026-04-01' }, actors.kosme);
    expectUserError(await assess(match.id, { phase: 'FOLLOW_UP', riskLevel: 9, assessedOn: '2026-03-31' }), 'INVALID_INPUT', ['input', 'assessedOn'], /before the BASELINE/);
    const proposed = await propose((await submit((await beneficiary()).id)).id, (await supplierWith(['FALL'])).agreementId);
    expectUserError(await assess(proposed.id, { phase: 'BASELINE', riskLevel: 9, assessedOn: '2026-04-01' }), 'INVALID_STATE', ['input', 'matchId'], /ACCEPTED/);
    expectErrorCode(await assess(match.id, { phase: 'BASELINE', riskLevel: 9, assessedOn: '2026-04-01' }).then(() => mutate(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'BASELINE', riskLevel: 9, assessedOn: '2026-04-01' }, actors.kb)), 'FORBIDDEN');
  });
});

describe('activities only at matched worksites (R7 amended)', () => {
  const reportInput = (supplier: { agreementId: string; technologyId: string }, beneficiaryId: string, completedOn: string) => ({
    agreementId: supplier.agreementId,
    beneficiaryId,
    technologyId: supplier.technologyId,
    kind: 'PRODUCT_SUPPLY',
    title: 'Fall-arrest anchors installed',
    hazardsAddressed: ['FALL'],
    workersCovered: 12,
    hazardsRemediated: 1,
    startedOn: completedOn,
    completedOn,
  });

  it('R7: a beneficiary without an ACCEPTED match is NOT_ELIGIBLE on beneficiaryId; a PROPOSED match is not enough', async () => {
    const supplier = await supplierWith(['FALL']);
    const who = await beneficiary();
    const count = async () => (await app.db.query('SELECT count(*)::int AS n FROM improvement_activity'))[0].n;
    await expectUnchanged(count, async () => {
      expectUserError(await mutate(app, 'reportImprovementActivity', reportInput(supplier, who.id, '2026-05-01'), actors.kosme), 'NOT_ELIGIBLE', ['input', 'beneficiaryId'], /no ACCEPTED match/);
      await propose((await submit(who.id)).id, supplier.agreementId);
      expectUserError(await mutate(app, 'reportImprovementActivity', reportInput(supplier, who.id, '2026-05-01'), actors.kosme), 'NOT_ELIGIBLE', ['input', 'beneficiaryId']);
    });
  });

  it('R7: an activity completed before the day the match was accepted is NOT_ELIGIBLE; from that day it counts and records its match', async () => {
    const supplier = await supplierWith(['FALL']);
    const who = await beneficiary();
    const match = await propose((await submit(who.id)).id, supplier.agreementId);
    await acceptBoth(match.id, '2026-04-10');
    const early = await mutate(app, 'reportImprovementActivity', reportInput(supplier, who.id, '2026-04-09'), actors.kosme);
    expectUserError(early, 'NOT_ELIGIBLE', ['input', 'beneficiaryId'], /accepted on 2026-04-10, after completedOn \(2026-04-09\)/);
    const onTheDay = await perform(app, 'reportImprovementActivity', reportInput(supplier, who.id, '2026-04-10'), actors.kosme);
    const res = await app.gql('query ($id: ID!) { node(id: $id) { ... on ImprovementActivity { match { id status } } } }', { id: onTheDay.id }, actors.kb);
    expect(res.data.node.match).toEqual({ id: match.id, status: 'ACCEPTED' });
    const activities = await app.gql('query ($id: ID!) { node(id: $id) { ... on SupplierMatch { activities { totalCount nodes { id } } } } }', { id: match.id }, actors.kosme);
    expect(activities.data.node.activities).toEqual({ totalCount: 1, nodes: [{ id: onTheDay.id }] });
    // R21: a match with activities is not cancelled.
    expectUserError(await mutate(app, 'cancelSupplierMatch', { id: match.id, reason: 'Wrong supplier' }, actors.kosme), 'INVALID_STATE', ['input', 'id'], /1 reported activities/);
  });

  it('R7: every activity of the demo data has an ACCEPTED match with its agreement accepted on or before its completion', async () => {
    const [row] = await app.db.query(`
      SELECT count(*)::int AS activities,
             count(*) FILTER (WHERE m.status = 'ACCEPTED' AND m.accepted_on <= i.completed_on
                                AND m.agreement_id = i.agreement_id AND m.beneficiary_id = i.beneficiary_id)::int AS matched
        FROM improvement_activity i LEFT JOIN supplier_match m ON m.id = i.match_id`);
    expect(row.activities).toBeGreaterThan(1000);
    expect(row.matched).toBe(row.activities);
  });
});

describe('WORKSITES_IMPROVED (R23) and the BI figures', () => {
  const WORKSITES = [{ metric: 'WORKSITES_IMPROVED', periodStart: '2026-01-01', periodEnd: '2026-06-30', targetValue: 1, maxPayout: '500000', payoutRule: { kind: 'ALL_OR_NOTHING' } }];
  const EVALUATION = `query ($id: ID!) { node(id: $id) { ... on TargetEvaluation { actualValue achieved computedPayout status countedMatches { id } countedActivities { totalCount } } } }`;

  async function matchedWorksite(supplier: { agreementId: string }, baseline: number, followUp: number, followUpOn = '2026-05-10') {
    const match = await propose((await submit((await beneficiary()).id)).id, supplier.agreementId);
    await acceptBoth(match.id, '2026-02-01');
    await perform(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'BASELINE', riskLevel: baseline, assessedOn: '2026-02-10' }, actors.kosme);
    await perform(app, 'recordWorksiteAssessment', { matchId: match.id, phase: 'FOLLOW_UP', riskLevel: followUp, assessedOn: followUpOn }, actors.kosme);
    return match.id;
  }

  it('R23: counts the accepted matches whose follow-up in the period is below the baseline, stores exactly them, and turns STALE when one changes', async () => {
    const supplier = await supplierWith(['FALL'], 'GYEONGGI', WORKSITES);
    const improved = await matchedWorksite(supplier, 16, 6);
    await matchedWorksite(supplier, 9, 12); // worse
    await matchedWorksite(supplier, 12, 4, '2026-07-02'); // improved, but after the period
    const draft = await perform(app, 'evaluatePerformanceTarget', { targetId: supplier.targetIds[0] }, actors.kosme);
    const read = async (id: string) => (await app.gql(EVALUATION, { id }, actors.kb)).data.node;
    expect(await read(draft.id)).toEqual({ actualValue: 1, achieved: true, computedPayout: '500000', status: 'DRAFT', countedMatches: [{ id: improved }], countedActivities: { totalCount: 0 } });
    const projected = await app.gql('query ($a: ID!) { projectedPayouts(agreementId: $a) { actualValue computedPayout } }', { a: supplier.agreementId }, actors.kb);
    expect(projected.data.projectedPayouts).toEqual([{ actualValue: 1, computedPayout: '500000' }]);

    // The counted worksite's follow-up is replaced: the draft no longer holds.
    await perform(app, 'recordWorksiteAssessment', { matchId: improved, phase: 'FOLLOW_UP', riskLevel: 16, assessedOn: '2026-05-11' }, actors.kosme);
    const stale = await mutate(app, 'finalizeTargetEvaluation', { id: draft.id }, actors.kb);
    expectUserError(stale, 'STALE_EVALUATION', ['input', 'id'], /improved worksites .* changed/);
    await perform(app, 'recordWorksiteAssessment', { matchId: improved, phase: 'FOLLOW_UP', riskLevel: 5, assessedOn: '2026-05-12' }, actors.kosme);
    const again = await perform(app, 'evaluatePerformanceTarget', { targetId: supplier.targetIds[0] }, actors.kosme);
    const finalized = await perform(app, 'finalizeTargetEvaluation', { id: again.id }, actors.kb);
    expect(finalized).toMatchObject({ status: 'FINALIZED', payout: '500000' });
    // R22: once a finalized evaluation counted the match, its assessments are final.
    expectUserError(
      await mutate(app, 'recordWorksiteAssessment', { matchId: improved, phase: 'FOLLOW_UP', riskLevel: 20, assessedOn: '2026-05-13' }, actors.kosme),
      'INVALID_STATE',
      ['input', 'matchId'],
      /FINALIZED/,
    );
  });

  it('programSummary: supportRequestsOpen, matchesAccepted and worksitesImproved equal independent SQL, for a program and a range', async () => {
    const summary = async (variables: Record<string, unknown>) =>
      (await app.gql('query ($p: ID, $from: Date, $to: Date) { programSummary(programId: $p, from: $from, to: $to) { supportRequestsOpen matchesAccepted worksitesImproved } }', variables, actors.analyst)).data.programSummary;
    const program = dbId(programId);
    const [expected] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM support_request WHERE program_id = $1 AND status = 'OPEN') AS "supportRequestsOpen",
              (SELECT count(*)::int FROM supplier_match m JOIN funding_agreement a ON a.id = m.agreement_id WHERE a.program_id = $1 AND m.status = 'ACCEPTED') AS "matchesAccepted",
              (SELECT count(*)::int FROM supplier_match m JOIN funding_agreement a ON a.id = m.agreement_id
                 JOIN worksite_assessment b ON b.match_id = m.id AND b.phase = 'BASELINE' JOIN worksite_assessment f ON f.match_id = m.id AND f.phase = 'FOLLOW_UP'
                WHERE a.program_id = $1 AND m.status = 'ACCEPTED' AND f.risk_level < b.risk_level) AS "worksitesImproved"`,
      [program],
    );
    expect(expected.supportRequestsOpen).toBeGreaterThan(0);
    expect(expected.matchesAccepted).toBeGreaterThan(0);
    expect(expected.worksitesImproved).toBeGreaterThan(0);
    expect(await summary({ p: programId })).toEqual(expected);
    const [inRange] = await app.db.query(
      `SELECT (SELECT count(*)::int FROM supplier_match m JOIN funding_agreement a ON a.id = m.agreement_id
                WHERE a.program_id = $1 AND m.status = 'ACCEPTED' AND m.accepted_on BETWEEN '2026-01-01' AND '2026-03-31') AS "matchesAccepted",
              (SELECT count(*)::int FROM supplier_match m JOIN funding_agreement a ON a.id = m.agreement_id
                 JOIN worksite_assessment b ON b.match_id = m.id AND b.phase = 'BASELINE' JOIN worksite_assessment f ON f.match_id = m.id AND f.phase = 'FOLLOW_UP'
                WHERE a.program_id = $1 AND m.status = 'ACCEPTED' AND f.risk_level < b.risk_level AND f.assessed_on BETWEEN '2026-01-01' AND '2026-03-31') AS "worksitesImproved"`,
      [program],
    );
    expect(await summary({ p: programId, from: '2026-01-01', to: '2026-03-31' })).toMatchObject(inRange);
  });
});
