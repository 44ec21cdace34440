import { Role } from '../src/auth/roles';
import { Actors } from './support/actors';
import { expectAuditedOnce, expectErrorCode, expectSameStatements, expectUnchanged, expectUserError, expectUserErrors } from './support/assertions';
import { dbId, gid } from './support/ids';
import { createAgreement, createProgram, decide, mutate, perform, registerEnterprise, registerTechnology, startWorkflow } from './support/operations';
import { auditEventsOf } from './support/sql';
import type { TestApp } from './support/test-app';

/** R16-R19: a call for suppliers, its applications, reviews and the decision, through the API. */
let app: TestApp;
let actors: Actors;
let ids: Record<string, string>;
let programId: string;
/** Two reviewers of the operator (KOSME), and an officer of another public agency. */
let reviewer1: string;
let reviewer2: string;
let otherAgencyOfficer: string;

const CRITERIA = [
  { key: 'technology', description: 'Commercialised technology and its field record', maxPoints: 40 },
  { key: 'applicability', description: 'Fit to small worksites', maxPoints: 30 },
  { key: 'feasibility', description: 'Plan and budget feasibility', maxPoints: 30 },
];

const TARGETS = [{ metric: 'VERIFIED_ACTIVITIES', description: '20 verified on-site improvements', periodStart: '2027-01-01', periodEnd: '2027-06-30', targetValue: 20 }];

async function dbNow(): Promise<number> {
  return new Date((await app.db.query('SELECT clock_timestamp() AS t'))[0].t).getTime();
}

/** Waits until the database's clock has passed `instant` (ms). */
async function waitUntil(instant: number): Promise<void> {
  while ((await dbNow()) <= instant) await new Promise((resolve) => setTimeout(resolve, 100));
}

function callInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    programId,
    title: 'Suppliers of fall and caught-in prevention technology',
    opensAt: new Date(Date.now() - 24 * 3600_000).toISOString(),
    closesAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
    places: 2,
    eligibleHazards: ['FALL', 'CAUGHT_IN_MACHINERY', 'FIRE_EXPLOSION', 'STRUCK_BY'],
    minReadinessLevel: 9,
    maxBaseAmount: '100000000',
    criteria: CRITERIA,
    reviewsRequired: 2,
    passingScore: 60,
    ...overrides,
  };
}

const publish = (overrides: Record<string, unknown> = {}) => perform(app, 'publishSupplierCall', callInput(overrides), actors.kosme);

/** An enterprise with one commercialised fall-prevention technology. */
async function applicant(technology: Record<string, unknown> = {}): Promise<{ id: string; brn: string; technologyId: string }> {
  const enterprise = await registerEnterprise(app, actors.kosme);
  const registered = await registerTechnology(app, actors.kosme, enterprise.id, { name: 'Fall-arrest anchor system', category: 'FALL_PROTECTION', hazards: ['FALL'], readinessLevel: 9, ...technology });
  return { id: enterprise.id, brn: enterprise.businessRegistrationNumber.replace(/-/g, ''), technologyId: registered.id };
}

function applicationInput(callId: string, who: { id: string; technologyId: string }, overrides: Record<string, unknown> = {}) {
  return {
    callId,
    applicantId: who.id,
    technologyIds: [who.technologyId],
    planSummary: 'Supply and install fall-arrest anchors at 20 small construction sites in Gyeonggi, with training.',
    requestedBaseAmount: '80000000',
    plannedBeneficiaries: 20,
    serviceRegions: ['GYEONGGI', 'SEOUL'],
    proposedTargets: TARGETS,
    ...overrides,
  };
}

const apply = (callId: string, who: { id: string; technologyId: string }, overrides: Record<string, unknown> = {}, token = actors.kosme) =>
  perform(app, 'submitSupplierApplication', applicationInput(callId, who, overrides), token);

/** Scores per criterion, in the order of CRITERIA. */
const scores = (points: number[]) => CRITERIA.map((criterion, i) => ({ key: criterion.key, points: points[i] }));

const review = (token: string, applicationId: string, points: number[]) =>
  perform(app, 'reviewSupplierApplication', { applicationId, scores: scores(points), comment: 'Reviewed against the call.' }, token);

/** Both reviewers score an application with these review totals (split over the criteria). */
async function reviewBoth(applicationId: string, totals: [number, number]): Promise<void> {
  const split = (total: number) => [Math.min(40, total), Math.max(0, Math.min(30, total - 40)), Math.max(0, total - 70)];
  await review(reviewer1, applicationId, split(totals[0]));
  await review(reviewer2, applicationId, split(totals[1]));
}

const APPLICATION = `query ($id: ID!) { node(id: $id) { ... on SupplierApplication { id status score rank
  reviews { id total reviewerSubject } recommendation { id status rationale program { id } application { id } } } } }`;

const readApplication = async (id: string, token: string) => {
  const res = await app.gql(APPLICATION, { id }, token);
  expect(res.errors).toBeUndefined();
  return res.data.node;
};

const CALL_APPLICATIONS = `query ($id: ID!, $orderBy: SupplierApplicationOrder, $filter: SupplierApplicationFilter, $first: Int, $after: String, $last: Int, $before: String) {
  node(id: $id) { ... on SupplierCall { status applications(orderBy: $orderBy, filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount nodes { id score rank status } pageInfo { hasNextPage hasPreviousPage endCursor startCursor } } } } }`;

async function callApplications(callId: string, variables: Record<string, unknown> = {}, token = actors.kosme) {
  const res = await app.gql(CALL_APPLICATIONS, { id: callId, ...variables }, token);
  expect(res.errors).toBeUndefined();
  return res.data.node;
}

/** Calls that close a few seconds after the start, with their applications submitted while OPEN. */
let closing: {
  deadline: { call: any; before: any; late: { id: string; technologyId: string } };
  upcoming: { call: any; who: { id: string; technologyId: string } };
  main: { call: any; apps: any[] };
  tie: { call: any; apps: any[] };
  cut: { call: any; apps: any[] };
  race: { call: any; apps: any[] };
  pending: { call: any; apps: any[]; who: { id: string; technologyId: string } };
  unreviewed: { call: any; apps: any[] };
  reviews: { call: any; apps: any[] };
};

beforeAll(async () => {
  ({ app, actors, ids } = await startWorkflow({ kosme: 'kosme-officer-5' }));
  const program = await createProgram(app, actors.kosme, { code: 'CALLS-TEST', name: 'Calls test program', funderId: gid('Agency', ids.KB), budget: '9000000000' });
  programId = program.id;
  reviewer1 = await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME', subject: 'reviewer-1' });
  reviewer2 = await app.token(Role.AGENCY_OFFICER, { agency: 'KOSME', subject: 'reviewer-2' });
  await app.db.query(`INSERT INTO agency (code, name, kind) VALUES ('KOTRA', 'Another public agency', 'PUBLIC_AGENCY')`);
  otherAgencyOfficer = await app.token(Role.AGENCY_OFFICER, { agency: 'KOTRA', subject: 'kotra-officer' });

  // Calls that close shortly: everything submitted to them now, read after they close.
  const closesAt = (await dbNow()) + 6000;
  const shortCall = (overrides: Record<string, unknown> = {}) => publish({ closesAt: new Date(closesAt).toISOString(), ...overrides });
  const applicants = async (call: any, count: number) => {
    const apps = [];
    for (let i = 0; i < count; i++) apps.push(await apply(call.id, await applicant()));
    return apps;
  };
  const deadlineCall = await shortCall();
  const late = await applicant();
  const upcomingCall = await publish({ opensAt: new Date(closesAt - 3000).toISOString(), closesAt: new Date(closesAt + 3600_000).toISOString() });
  const main = await shortCall({ places: 2 });
  const tie = await shortCall({ places: 1 });
  const cut = await shortCall({ places: 3, passingScore: 70.5 });
  const race = await shortCall({ places: 2 });
  const pending = await shortCall({ places: 1 });
  const pendingWho = await applicant();
  const unreviewed = await shortCall();
  const reviews = await shortCall();
  closing = {
    deadline: { call: deadlineCall, before: await apply(deadlineCall.id, await applicant()), late },
    upcoming: { call: upcomingCall, who: await applicant() },
    main: { call: main, apps: await applicants(main, 4) },
    tie: { call: tie, apps: await applicants(tie, 3) },
    cut: { call: cut, apps: await applicants(cut, 3) },
    race: { call: race, apps: await applicants(race, 3) },
    pending: { call: pending, apps: [await apply(pending.id, pendingWho)], who: pendingWho },
    unreviewed: { call: unreviewed, apps: await applicants(unreviewed, 2) },
    reviews: { call: reviews, apps: await applicants(reviews, 1) },
  };
  // The upcoming call is not open yet: too early is INVALID_STATE, as too late is.
  expectUserError(await mutate(app, 'submitSupplierApplication', applicationInput(upcomingCall.id, closing.upcoming.who), actors.kosme), 'INVALID_STATE', ['input', 'callId'], /UPCOMING/);
  await waitUntil(closesAt);
}, 120_000);
afterAll(() => app?.close());

describe('publishSupplierCall', () => {
  it('R16, R13: an officer of the operator publishes a call; it is OPEN between opensAt and closesAt; one audit event', async () => {
    const call = await publish({ passingScore: 62.5 });
    expect(call).toMatchObject({ status: 'OPEN', places: 2, reviewsRequired: 2, passingScore: 62.5, maxBaseAmount: '100000000', criteria: CRITERIA, program: { id: programId }, decidedAt: null });
    await expectAuditedOnce(app, 'publishSupplierCall', call.id, { actor_subject: 'kosme-officer-5' });
    const upcoming = await publish({ opensAt: new Date(Date.now() + 3600_000).toISOString() });
    expect(upcoming.status).toBe('UPCOMING');
  });

  it('R16: every rule is a userError naming its field; nothing is written', async () => {
    const count = async () => (await app.db.query('SELECT count(*)::int AS n FROM supplier_call'))[0].n;
    await expectUnchanged(count, async () => {
      const res = await mutate(
        app,
        'publishSupplierCall',
        callInput({
          opensAt: '2027-03-01T00:00:00Z',
          closesAt: '2027-03-01T00:00:00Z',
          places: 0,
          eligibleHazards: [],
          minReadinessLevel: 10,
          criteria: [CRITERIA[0], { ...CRITERIA[1], key: 'technology', maxPoints: 101 }],
          reviewsRequired: 0,
          passingScore: 150,
        }),
        actors.kosme,
      );
      expectUserErrors(res, [
        { code: 'INVALID_INPUT', field: ['input', 'places'] },
        { code: 'INVALID_INPUT', field: ['input', 'eligibleHazards'] },
        { code: 'INVALID_INPUT', field: ['input', 'minReadinessLevel'] },
        { code: 'INVALID_INPUT', field: ['input', 'criteria', '1', 'maxPoints'] },
        { code: 'INVALID_INPUT', field: ['input', 'reviewsRequired'] },
        { code: 'INVALID_INPUT', field: ['input', 'closesAt'], message: /after opensAt/ },
        { code: 'INVALID_INPUT', field: ['input', 'criteria', '1', 'key'], message: /used twice/ },
        { code: 'INVALID_INPUT', field: ['input', 'passingScore'], message: /141/ },
      ]);
      expectUserError(await mutate(app, 'publishSupplierCall', callInput({ passingScore: 60.125 }), actors.kosme), 'INVALID_INPUT', ['input', 'passingScore'], /2 decimals/);
      expectUserError(await mutate(app, 'publishSupplierCall', callInput({ passingScore: 100.01 }), actors.kosme), 'INVALID_INPUT', ['input', 'passingScore']);
      const afterProgram = callInput({ closesAt: '2100-01-01T00:00:01+09:00' });
      expectUserError(await mutate(app, 'publishSupplierCall', afterProgram, actors.kosme), 'INVALID_INPUT', ['input', 'closesAt'], /program CALLS-TEST ends/);
    });
    // The end of the program's last day (midnight, Asia/Seoul) is allowed.
    expect((await publish({ closesAt: '2100-01-01T00:00:00+09:00' })).status).toBe('OPEN');
  });

  it("R16: only officers of the program's operator publish: another public agency, a funder and an enterprise are FORBIDDEN", async () => {
    expectErrorCode(await mutate(app, 'publishSupplierCall', callInput(), otherAgencyOfficer), 'FORBIDDEN');
    expectErrorCode(await mutate(app, 'publishSupplierCall', callInput(), actors.kb), 'FORBIDDEN');
    expectErrorCode(await mutate(app, 'publishSupplierCall', callInput(), await actors.someEnterprise()), 'FORBIDDEN');
  });

  it("R16: status follows the database's clock to the second: OPEN until closesAt, then CLOSED; a submission after it is INVALID_STATE", async () => {
    const { call, before, late } = closing.deadline;
    expect(before.status).toBe('SUBMITTED');
    const res = await mutate(app, 'submitSupplierApplication', applicationInput(call.id, late), actors.kosme);
    expectUserError(res, 'INVALID_STATE', ['input', 'callId'], /OPEN; it is CLOSED/);
    expect((await app.gql('query ($s: [SupplierCallStatus!]) { supplierCalls(first: 100, status: $s) { nodes { id } } }', { s: ['CLOSED'] }, actors.analyst)).data.supplierCalls.nodes).toContainEqual({ id: call.id });
    // The same instant as SQL sees it: closes_at is not after now, so the call is no longer OPEN.
    const [row] = await app.db.query('SELECT closes_at <= statement_timestamp() AS closed FROM supplier_call WHERE id = $1', [dbId(call.id)]);
    expect(row.closed).toBe(true);
  });

  it('R16: a call that opened while the test waited takes applications', async () => {
    const application = await apply(closing.upcoming.call.id, closing.upcoming.who);
    expect(application.status).toBe('SUBMITTED');
  });
});

describe('submitSupplierApplication and withdrawSupplierApplication', () => {
  let call: any;
  beforeAll(async () => {
    call = await publish();
  });

  it("R16, R13: the applicant's enterprise user applies for itself; the plan and its KPIs are kept; one audit event", async () => {
    const who = await applicant();
    const application = await apply(call.id, who, {}, await actors.enterprise(who.brn));
    expect(application).toMatchObject({
      status: 'SUBMITTED',
      requestedBaseAmount: '80000000',
      serviceRegions: ['GYEONGGI', 'SEOUL'],
      proposedTargets: [{ ...TARGETS[0], baseline: 0 }],
      technologies: [{ id: who.technologyId }],
      applicant: { id: who.id },
      score: null,
      rank: null,
      recommendation: null,
    });
    await expectAuditedOnce(app, 'submitSupplierApplication', application.id, { actor_role: 'ENTERPRISE' });
  });

  it('R16: an agency officer of the operator enters a paper application; an enterprise user may not apply for another (FORBIDDEN)', async () => {
    const who = await applicant();
    expect((await apply(call.id, who)).status).toBe('SUBMITTED');
    const other = await applicant();
    expectErrorCode(await mutate(app, 'submitSupplierApplication', applicationInput(call.id, other), await actors.enterprise(who.brn)), 'FORBIDDEN');
    expectErrorCode(await mutate(app, 'submitSupplierApplication', applicationInput(call.id, other), otherAgencyOfficer), 'FORBIDDEN');
    expectErrorCode(await mutate(app, 'submitSupplierApplication', applicationInput(call.id, other), actors.analyst), 'FORBIDDEN');
  });

  it('R16: the eligibility rules are NOT_ELIGIBLE naming the technology; the plan rules INVALID_INPUT naming the field; nothing written', async () => {
    const who = await applicant();
    const notReady = await registerTechnology(app, actors.kosme, who.id, { name: 'Prototype harness sensor', hazards: ['FALL'], readinessLevel: 7 });
    const someoneElse = await applicant();
    const count = async () => (await app.db.query('SELECT count(*)::int AS n FROM supplier_application'))[0].n;
    await expectUnchanged(count, async () => {
      const res = await mutate(
        app,
        'submitSupplierApplication',
        applicationInput(call.id, who, {
          technologyIds: [who.technologyId, notReady.id, someoneElse.technologyId],
          requestedBaseAmount: '100000001',
          proposedTargets: [{ ...TARGETS[0], periodStart: '2019-12-01' }, { ...TARGETS[0], baseline: 20 }],
        }),
        actors.kosme,
      );
      expectUserErrors(res, [
        { code: 'NOT_ELIGIBLE', field: ['input', 'technologyIds', '1'], message: /readiness level 7; the call asks for at least 9/ },
        { code: 'NOT_ELIGIBLE', field: ['input', 'technologyIds', '2'], message: /belongs to another enterprise/ },
        { code: 'INVALID_INPUT', field: ['input', 'requestedBaseAmount'] },
        { code: 'INVALID_INPUT', field: ['input', 'proposedTargets', '0', 'periodEnd'], message: /within the program/ },
        { code: 'INVALID_INPUT', field: ['input', 'proposedTargets', '1', 'targetValue'] },
      ]);
      const ergonomic = await registerTechnology(app, actors.kosme, who.id, { name: 'Lift assist', hazards: ['ERGONOMIC'], readinessLevel: 9 });
      const noHazard = await mutate(app, 'submitSupplierApplication', applicationInput(call.id, who, { technologyIds: [ergonomic.id] }), actors.kosme);
      expectUserError(noHazard, 'NOT_ELIGIBLE', ['input', 'technologyIds'], /eligible hazards: FALL, CAUGHT_IN_MACHINERY, FIRE_EXPLOSION, STRUCK_BY/);
      const empty = await mutate(app, 'submitSupplierApplication', applicationInput(call.id, who, { serviceRegions: [], plannedBeneficiaries: 0, planSummary: ' ', proposedTargets: [] }), actors.kosme);
      expectUserErrors(empty, [
        { code: 'INVALID_INPUT', field: ['input', 'planSummary'] },
        { code: 'INVALID_INPUT', field: ['input', 'plannedBeneficiaries'] },
        { code: 'INVALID_INPUT', field: ['input', 'serviceRegions'] },
        { code: 'INVALID_INPUT', field: ['input', 'proposedTargets'] },
      ]);
    });
  });

  it('R16: one live application per (call, applicant): a second is DUPLICATE, also when they race; after a withdrawal it may apply again', async () => {
    const who = await applicant();
    const results = await Promise.all(Array.from({ length: 5 }, () => mutate(app, 'submitSupplierApplication', applicationInput(call.id, who), actors.kosme)));
    const made = results.filter((res) => res.data.submitSupplierApplication.supplierApplication);
    expect(made).toHaveLength(1);
    for (const res of results.filter((r) => !r.data.submitSupplierApplication.supplierApplication)) {
      expectUserError(res, 'DUPLICATE', ['input', 'applicantId'], /withdraw it/);
    }
    const first = made[0].data.submitSupplierApplication.supplierApplication;
    const token = await actors.enterprise(who.brn);
    const withdrawn = await perform(app, 'withdrawSupplierApplication', { id: first.id, reason: 'Plan revised' }, token);
    expect(withdrawn.status).toBe('WITHDRAWN');
    expectUserError(await mutate(app, 'withdrawSupplierApplication', { id: first.id }, token), 'INVALID_STATE', ['input', 'id'], /WITHDRAWN/);
    expect((await apply(call.id, who)).status).toBe('SUBMITTED');
  });

  it("R16: another enterprise's application reads as not found, to withdraw and to read", async () => {
    const who = await applicant();
    const application = await apply(call.id, who);
    const stranger = await actors.enterprise((await applicant()).brn);
    expectUserError(await mutate(app, 'withdrawSupplierApplication', { id: application.id }, stranger), 'NOT_FOUND', ['input', 'id']);
    expect((await app.gql(APPLICATION, { id: application.id }, stranger)).data.node).toBeNull();
  });

  it("Enterprise.supplierApplications: an enterprise's own applications; another enterprise sees none of them", async () => {
    const who = await applicant();
    const application = await apply(call.id, who);
    const query = 'query ($id: ID!) { node(id: $id) { ... on Enterprise { supplierApplications { id status call { id } } } } }';
    const read = async (token: string) => (await app.gql(query, { id: who.id }, token)).data.node.supplierApplications;
    expect(await read(await actors.enterprise(who.brn))).toEqual([{ id: application.id, status: 'SUBMITTED', call: { id: call.id } }]);
    expect(await read(actors.analyst)).toEqual([{ id: application.id, status: 'SUBMITTED', call: { id: call.id } }]);
    expect(await read(await actors.enterprise((await applicant()).brn))).toEqual([]);
  });

  it('SupplierCall.applications filters by status, applicant, hazard and service region', async () => {
    const fire = await applicant({ name: 'IoT fire detector', category: 'ENVIRONMENT_MONITORING', hazards: ['FIRE_EXPLOSION'] });
    const application = await apply(call.id, fire, { serviceRegions: ['JEJU'] });
    const ids = async (filter: Record<string, unknown>) => (await callApplications(call.id, { filter, first: 100 })).applications.nodes.map((n: any) => n.id);
    expect(await ids({ hazard: ['FIRE_EXPLOSION'] })).toEqual([application.id]);
    expect(await ids({ serviceRegion: ['JEJU'] })).toEqual([application.id]);
    expect(await ids({ applicantId: fire.id, status: ['SUBMITTED'] })).toEqual([application.id]);
    expect(await ids({ applicantId: fire.id, status: ['WITHDRAWN'] })).toEqual([]);
  });
});

describe('reviewSupplierApplication (R17)', () => {
  it('R17: reviews are made only while the call is CLOSED', async () => {
    const call = await publish();
    const application = await apply(call.id, await applicant());
    const res = await mutate(app, 'reviewSupplierApplication', { applicationId: application.id, scores: scores([30, 20, 20]) }, reviewer1);
    expectUserError(res, 'INVALID_STATE', ['input', 'applicationId'], /CLOSED; it is OPEN/);
  });

  it('R17: every criterion exactly once, 0 <= points <= maxPoints; each problem names its score', async () => {
    const [application] = closing.reviews.apps;
    const res = await mutate(
      app,
      'reviewSupplierApplication',
      { applicationId: application.id, scores: [{ key: 'technology', points: 41 }, { key: 'price', points: 3 }, { key: 'technology', points: 10 }, { key: 'applicability', points: -1 }] },
      reviewer1,
    );
    expectUserErrors(res, [
      { code: 'INVALID_INPUT', field: ['input', 'scores', '0', 'points'], message: /between 0 and 40/ },
      { code: 'INVALID_INPUT', field: ['input', 'scores', '1', 'key'], message: /no criterion "price"/ },
      { code: 'INVALID_INPUT', field: ['input', 'scores', '2', 'key'], message: /twice/ },
      { code: 'INVALID_INPUT', field: ['input', 'scores', '3', 'points'] },
      { code: 'INVALID_INPUT', field: ['input', 'scores'], message: /missing: feasibility/ },
    ]);
    expect(await readApplication(application.id, actors.kosme)).toMatchObject({ reviews: [] });
  });

  it("R17, R13: a reviewer's second review replaces the first; each is audited", async () => {
    const [application] = closing.reviews.apps;
    const first = await review(reviewer1, application.id, [30, 20, 20]);
    expect(first).toMatchObject({ total: 70, reviewerSubject: 'reviewer-1', reviewer: { code: 'KOSME' }, scores: scores([30, 20, 20]) });
    const second = await review(reviewer1, application.id, [35, 25, 25]);
    expect(second).toMatchObject({ id: first.id, total: 85 });
    expect((await readApplication(application.id, actors.kosme)).reviews).toEqual([{ id: first.id, total: 85, reviewerSubject: 'reviewer-1' }]);
    expect(await auditEventsOf(app, 'reviewSupplierApplication', first.id)).toHaveLength(2);
  });

  it('R17: another agency and a funder may not review (FORBIDDEN)', async () => {
    const [application] = closing.reviews.apps;
    expectErrorCode(await mutate(app, 'reviewSupplierApplication', { applicationId: application.id, scores: scores([1, 1, 1]) }, otherAgencyOfficer), 'FORBIDDEN');
    expectErrorCode(await mutate(app, 'reviewSupplierApplication', { applicationId: application.id, scores: scores([1, 1, 1]) }, actors.kb), 'FORBIDDEN');
  });

  it('R17, R18: reviews are for agency officers and ADMIN only; the score for the funder and analysts; the applicant sees neither before the decision', async () => {
    const [application] = closing.reviews.apps;
    await review(reviewer2, application.id, [30, 20, 10]);
    const applicantToken = await actors.enterpriseWithId(dbId((await app.gql('query ($id: ID!) { node(id: $id) { ... on SupplierApplication { applicant { id } } } }', { id: application.id }, actors.kosme)).data.node.applicant.id));
    expect(await readApplication(application.id, actors.kosme)).toMatchObject({ score: 72.5, reviews: [expect.anything(), expect.anything()] });
    expect(await readApplication(application.id, actors.admin)).toMatchObject({ score: 72.5, reviews: [expect.anything(), expect.anything()] });
    expect(await readApplication(application.id, actors.kb)).toMatchObject({ score: 72.5, reviews: [] });
    expect(await readApplication(application.id, actors.analyst)).toMatchObject({ score: 72.5, reviews: [] });
    expect(await readApplication(application.id, applicantToken)).toMatchObject({ score: null, rank: null, reviews: [] });
    const review1 = (await readApplication(application.id, actors.kosme)).reviews[0].id;
    for (const token of [actors.kb, actors.analyst, applicantToken]) {
      expect((await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: review1 }, token)).data.node).toBeNull();
    }
  });
});

describe('decideSupplierCall (R18, R19)', () => {
  it('R19: a call is decided only when CLOSED and every SUBMITTED application has its reviews (INVALID_STATE saying how many lack them)', async () => {
    const open = await publish();
    expectUserError(await mutate(app, 'decideSupplierCall', { id: open.id }, actors.kosme), 'INVALID_STATE', ['input', 'id'], /CLOSED; it is OPEN/);
    const { call, apps } = closing.unreviewed;
    await reviewBoth(apps[0].id, [80, 80]);
    await review(reviewer1, apps[1].id, [30, 20, 20]);
    expectUserError(await mutate(app, 'decideSupplierCall', { id: call.id }, actors.kosme), 'INVALID_STATE', ['input', 'id'], /^1 SUBMITTED application\(s\) lack the 2 review/);
    expectErrorCode(await mutate(app, 'decideSupplierCall', { id: call.id }, otherAgencyOfficer), 'FORBIDDEN');
  });

  it('R18, R19, R13: the best `places` that pass are SELECTED and recommended to the funder, linked to their applications; ranks are exact', async () => {
    const { call, apps } = closing.main;
    await reviewBoth(apps[0].id, [70, 71]); // 70.5
    await reviewBoth(apps[1].id, [90, 84]); // 87
    await reviewBoth(apps[2].id, [55, 50]); // 52.5: below the passing score
    await reviewBoth(apps[3].id, [75, 76]); // 75.5
    const ranked = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' } });
    expect(ranked.applications.nodes.map((n: any) => n.id)).toEqual([apps[1].id, apps[3].id, apps[0].id, apps[2].id]);

    const decided = await perform(app, 'decideSupplierCall', { id: call.id }, actors.kosme);
    expect(decided.status).toBe('DECIDED');
    expect(decided.decidedAt).not.toBeNull();
    const after = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' } });
    expect(after.applications.nodes).toEqual([
      { id: apps[1].id, score: 87, rank: 1, status: 'SELECTED' },
      { id: apps[3].id, score: 75.5, rank: 2, status: 'SELECTED' },
      { id: apps[0].id, score: 70.5, rank: 3, status: 'NOT_SELECTED' },
      { id: apps[2].id, score: 52.5, rank: 4, status: 'NOT_SELECTED' },
    ]);
    const best = await readApplication(apps[1].id, actors.kb);
    expect(best.recommendation).toMatchObject({ status: 'PENDING', program: { id: programId }, application: { id: apps[1].id } });
    expect(best.recommendation.rationale).toMatch(/call "Suppliers of fall and caught-in prevention technology" with a score of 87.00, rank 1 of 4/);
    expect((await readApplication(apps[0].id, actors.kosme)).recommendation).toBeNull();
    await expectAuditedOnce(app, 'decideSupplierCall', call.id, { actor_subject: 'kosme-officer-5' });

    // The applicant now sees its score and rank, never the reviews.
    const applicant = await actors.enterpriseWithId(dbId((await app.gql('query ($id: ID!) { node(id: $id) { ... on SupplierApplication { applicant { id } } } }', { id: apps[3].id }, actors.kosme)).data.node.applicant.id));
    expect(await readApplication(apps[3].id, applicant)).toMatchObject({ score: 75.5, rank: 2, reviews: [], recommendation: null });

    // The funder decides as in R4 and drafts the agreement from the application's KPIs.
    await decide(app, actors.kb, best.recommendation.id, true);
    const proposed = (await app.gql('query ($id: ID!) { node(id: $id) { ... on SupplierApplication { proposedTargets { metric periodStart periodEnd baseline targetValue } } } }', { id: apps[1].id }, actors.kb)).data.node.proposedTargets;
    const agreement = await createAgreement(app, actors.kb, {
      recommendationId: best.recommendation.id,
      agreementNumber: 'CALL-1-001',
      startsOn: '2027-01-01',
      endsOn: '2027-12-31',
      baseAmount: '80000000',
      outcomeBudgetCap: '40000000',
      targets: proposed.map((target: any) => ({ ...target, maxPayout: '40000000', payoutRule: { kind: 'ALL_OR_NOTHING' } })),
    });
    expect(agreement.targets).toHaveLength(1);

    // Decided once: again is INVALID_STATE, and so are reviews.
    expectUserError(await mutate(app, 'decideSupplierCall', { id: call.id }, actors.kosme), 'INVALID_STATE', ['input', 'id'], /DECIDED/);
    expectUserError(await mutate(app, 'reviewSupplierApplication', { applicationId: apps[0].id, scores: scores([1, 1, 1]) }, reviewer1), 'INVALID_STATE', ['input', 'applicationId'], /DECIDED/);
  });

  it('R18: an exact tie in score goes to the earlier submission, then to the lower id', async () => {
    const { call, apps } = closing.tie;
    await reviewBoth(apps[0].id, [80, 81]); // 80.5, submitted first
    await reviewBoth(apps[1].id, [81, 80]); // 80.5, submitted later
    await reviewBoth(apps[2].id, [80, 81]); // 80.5, same instant as apps[1] below, higher id
    await app.db.query('UPDATE supplier_application SET submitted_at = (SELECT submitted_at FROM supplier_application WHERE id = $1) WHERE id = $2', [dbId(apps[1].id), dbId(apps[2].id)]);
    await perform(app, 'decideSupplierCall', { id: call.id }, actors.kosme);
    const after = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' } });
    expect(after.applications.nodes.map((n: any) => [n.id, n.rank, n.status])).toEqual([
      [apps[0].id, 1, 'SELECTED'],
      [apps[1].id, 2, 'NOT_SELECTED'],
      [apps[2].id, 3, 'NOT_SELECTED'],
    ]);
    // Worst first is the same ranking reversed, and it pages backward too.
    const worst = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'ASC' }, first: 2 });
    expect(worst.applications.nodes.map((n: any) => n.id)).toEqual([apps[2].id, apps[1].id]);
    const back = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' }, last: 2 });
    expect(back.applications.nodes.map((n: any) => n.id)).toEqual([apps[1].id, apps[2].id]);
    expect(back.applications.pageInfo.hasPreviousPage).toBe(true);
    const next = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' }, first: 2, after: (await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' }, first: 1 })).applications.pageInfo.endCursor });
    expect(next.applications.nodes.map((n: any) => n.id)).toEqual([apps[1].id, apps[2].id]);
  });

  it('R19: a passing-score cut leaves places empty: only applications at or above it are selected', async () => {
    const { call, apps } = closing.cut;
    await reviewBoth(apps[0].id, [70, 71]); // 70.5: exactly the passing score
    await reviewBoth(apps[1].id, [70, 70]); // 70
    await reviewBoth(apps[2].id, [40, 45]); // 42.5
    await perform(app, 'decideSupplierCall', { id: call.id }, actors.kosme);
    const after = await callApplications(call.id, { orderBy: { field: 'SCORE', direction: 'DESC' } });
    expect(after.applications.nodes.map((n: any) => n.status)).toEqual(['SELECTED', 'NOT_SELECTED', 'NOT_SELECTED']);
    const [{ n }] = await app.db.query('SELECT count(*)::int AS n FROM recommendation WHERE application_id = ANY($1::bigint[])', [apps.map((a) => dbId(a.id))]);
    expect(n).toBe(1);
  });

  it('R19: two concurrent decisions: one decides, the other is INVALID_STATE; one set of recommendations', async () => {
    const { call, apps } = closing.race;
    for (const [i, application] of apps.entries()) await reviewBoth(application.id, [80 + i, 80]);
    const results = await Promise.all([1, 2, 3].map(() => mutate(app, 'decideSupplierCall', { id: call.id }, actors.kosme)));
    const decided = results.filter((res) => res.data.decideSupplierCall.supplierCall);
    expect(decided).toHaveLength(1);
    for (const res of results.filter((r) => !r.data.decideSupplierCall.supplierCall)) expectUserError(res, 'INVALID_STATE', ['input', 'id'], /DECIDED/);
    const [{ n }] = await app.db.query('SELECT count(*)::int AS n FROM recommendation WHERE application_id = ANY($1::bigint[])', [apps.map((a) => dbId(a.id))]);
    expect(n).toBe(2);
    expect(await auditEventsOf(app, 'decideSupplierCall', call.id)).toHaveLength(1);
  });

  it('R19: an applicant with a PENDING recommendation to the funder fails the decision with DUPLICATE naming it; nothing is written', async () => {
    const { call, apps, who } = closing.pending;
    await reviewBoth(apps[0].id, [90, 90]);
    await perform(app, 'recommendEnterprise', { enterpriseId: who.id, programId, rationale: 'Recommended directly.' }, actors.kosme);
    const name = (await app.db.query('SELECT name FROM enterprise WHERE id = $1', [dbId(who.id)]))[0].name;
    const state = async () => [await app.db.query('SELECT status, rank FROM supplier_application WHERE call_id = $1', [dbId(call.id)]), await app.db.query('SELECT decided_at FROM supplier_call WHERE id = $1', [dbId(call.id)])];
    await expectUnchanged(state, async () => {
      const res = await mutate(app, 'decideSupplierCall', { id: call.id }, actors.kosme);
      expect(expectUserError(res, 'DUPLICATE', ['input', 'id'], /waiting for its decision/)).toContain(name);
    });
  });
});

describe('reading calls in bulk', () => {
  it('decided calls with their applications, scores, technologies, reviews and recommendations: the same SQL statements for 2 calls as for all', async () => {
    // Decided calls only, so that the small page has every kind of row the large one has (reviews, recommendations).
    // Each loader at one depth only, so that batching cannot coalesce differently from run to run.
    const query = `query ($first: Int) { supplierCalls(first: $first, status: [DECIDED]) { nodes { status passingScore program { code budgetRemaining }
      applications(first: 5) { totalCount nodes { score rank applicant { name } technologies { name } reviews { total reviewer { code } }
        recommendation { status } } } } } }`;
    const { small, large } = await expectSameStatements(app, query, actors.kosme, { first: 2 }, { first: 10 });
    const programs = `query ($first: Int) { programs(first: $first) { nodes { budgetCommitted calls(first: 3) { totalCount nodes { title } }
      agreements(first: 3) { totalCount nodes { id } } } } }`;
    await expectSameStatements(app, programs, actors.kosme, { first: 1 }, { first: 10 });
    expect(small.data.supplierCalls.nodes).toHaveLength(2);
    expect(large.data.supplierCalls.nodes.length).toBeGreaterThanOrEqual(4);
  });
});
