import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, startWithActors } from './support/actors';
import { expectUnchanged, payloadOf } from './support/assertions';
import { addDays } from './support/dates';
import * as api from './support/operations';

let app: TestApp;
/** The ADMIN and the KOSME officer keep the subjects the audit assertions name (test-admin, test-agency_officer). */
let actors: Actors;
/** An ENTERPRISE token of the chosen agreement's recipient. */
let provider: string;

const ACTIONS = ['reportImprovementActivity', 'verifyImprovementActivity', 'rejectImprovementActivity'];

/** Seed facts the cases use, all found by SQL. */
const seed = {} as {
  today: string;
  agreementId: string;
  recipientId: string;
  recipientBrn: string;
  startsOn: string;
  lastDay: string;
  technologyId: string;
  beneficiaryId: string;
  beneficiaryBrn: string;
  otherTechnologyId: string;
  otherAgreementId: string;
  kosmeId: string;
  expiredAgreementId: string;
  byStatus: Record<'DRAFT' | 'COMPLETED' | 'TERMINATED', { agreementId: string; technologyId: string; beneficiaryId: string }>;
};

const REPORT = api.mutation('reportImprovementActivity');
const VERIFY = api.mutation('verifyImprovementActivity');
const REJECT = api.mutation('rejectImprovementActivity');

/** Each successful report gets a completion day of its own, so no two collide on the natural key. */
let daysUsed = 1; // today itself is left for the test that reports on today
const nextDay = () => addDays(seed.lastDay, -daysUsed++);

const SHA = 'AB'.repeat(32);

function reportInput(overrides: Record<string, unknown> = {}) {
  const completedOn = nextDay();
  return {
    agreementId: gid('FundingAgreement', seed.agreementId),
    beneficiaryId: gid('Enterprise', seed.beneficiaryId),
    technologyId: gid('SafetyTechnology', seed.technologyId),
    kind: 'PRODUCT_SUPPLY',
    title: 'Installed AI-vision forklift detection',
    description: 'Two cameras on the loading dock forklift, calibrated with the site manager.',
    hazardsAddressed: ['STRUCK_BY', 'VEHICLE'],
    workersCovered: 18,
    hazardsRemediated: 2,
    riskLevelBefore: 16,
    riskLevelAfter: 6,
    startedOn: addDays(completedOn, -2),
    completedOn,
    evidence: [
      { kind: 'PHOTO', uri: 's3://rbf-evidence/test/photo-1.jpg', sha256: SHA },
      { kind: 'DELIVERY_NOTE', uri: 's3://rbf-evidence/test/note.pdf' },
    ],
    ...overrides,
  };
}

async function counts(): Promise<{ activities: number; audits: number }> {
  const [row] = await app.db.query(
    `SELECT (SELECT count(*)::int FROM improvement_activity) AS activities,
            (SELECT count(*)::int FROM audit_event WHERE action = ANY($1)) AS audits`,
    [ACTIONS],
  );
  return row;
}

async function auditEvents(entityId: string): Promise<any[]> {
  return app.db.query('SELECT * FROM audit_event WHERE entity_id = $1 ORDER BY id', [entityId]);
}

async function activityRow(id: string): Promise<any> {
  const [row] = await app.db.query(
    `SELECT agreement_id, provider_id, beneficiary_id, technology_id, kind, title, description, hazards_addressed,
            workers_covered, hazards_remediated, risk_level_before, risk_level_after, started_on::text, completed_on::text,
            status, evidence, reported_by, verified_by_id, verified_at, rejection_reason
       FROM improvement_activity WHERE id = $1`,
    [id],
  );
  return row;
}

async function report(input: Record<string, unknown>, token = actors.admin): Promise<any> {
  const res = await app.gql(REPORT, { input }, token);
  expect(res.errors).toBeUndefined();
  return res.data.reportImprovementActivity;
}

/** A new REPORTED activity, reported by an ADMIN. */
async function freshActivity(): Promise<string> {
  const payload = await report(reportInput());
  expect(payload.userErrors).toEqual([]);
  return payload.improvementActivity.id;
}

/** Runs a mutation that must be refused with a userError; checks that nothing was written. */
async function refused(query: string, input: Record<string, unknown>, token: string): Promise<any[]> {
  let payload: any;
  await expectUnchanged(counts, async () => {
    const res = await app.gql(query, { input }, token);
    expect(res.errors).toBeUndefined();
    payload = payloadOf(res);
    expect(payload.improvementActivity).toBeNull();
    expect(payload.userErrors.length).toBeGreaterThan(0);
  });
  return payload.userErrors;
}

/** Runs a mutation that must fail with a top-level error; checks that nothing was written. */
async function topLevelError(query: string, input: Record<string, unknown>, token: string | null): Promise<string> {
  let code = '';
  await expectUnchanged(counts, async () => {
    const res = await app.gql(query, { input }, token);
    expect(res.data?.[Object.keys(res.data ?? {})[0]] ?? null).toBeNull();
    code = res.errors![0].extensions.code;
  });
  return code;
}

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  [{ today: seed.today }] = await app.db.query(`SELECT (now() AT TIME ZONE 'Asia/Seoul')::date::text AS today`);

  const [chosen] = await app.db.query(
    `SELECT a.id, a.recipient_id, e.business_registration_number AS brn, a.starts_on::text AS starts_on,
            LEAST(a.ends_on, $1::date)::text AS last_day
       FROM funding_agreement a JOIN enterprise e ON e.id = a.recipient_id
      WHERE a.status = 'ACTIVE' AND a.starts_on <= $1::date - 60
        AND EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = a.recipient_id)
      ORDER BY a.id LIMIT 1`,
    [seed.today],
  );
  Object.assign(seed, {
    agreementId: chosen.id,
    recipientId: chosen.recipient_id,
    recipientBrn: chosen.brn,
    startsOn: chosen.starts_on,
    lastDay: chosen.last_day,
  });
  provider = await actors.enterprise(seed.recipientBrn, 'enterprise-user-1');
  [{ id: seed.technologyId }] = await app.db.query('SELECT id FROM safety_technology WHERE provider_id = $1 ORDER BY id LIMIT 1', [
    seed.recipientId,
  ]);
  [{ id: seed.otherTechnologyId }] = await app.db.query(
    'SELECT id FROM safety_technology WHERE provider_id <> $1 ORDER BY id LIMIT 1',
    [seed.recipientId],
  );
  [{ id: seed.beneficiaryId, brn: seed.beneficiaryBrn }] = await app.db.query(
    `SELECT id, business_registration_number AS brn FROM enterprise e
      WHERE id <> $1 AND NOT EXISTS (SELECT 1 FROM improvement_activity a WHERE a.agreement_id = $2 AND a.beneficiary_id = e.id)
      ORDER BY id LIMIT 1`,
    [seed.recipientId, seed.agreementId],
  );
  [{ id: seed.otherAgreementId }] = await app.db.query(
    `SELECT id FROM funding_agreement WHERE status = 'ACTIVE' AND recipient_id <> $1 ORDER BY id LIMIT 1`,
    [seed.recipientId],
  );
  [{ id: seed.kosmeId }] = await app.db.query(`SELECT id FROM agency WHERE code = 'KOSME'`);

  seed.byStatus = {} as typeof seed.byStatus;
  for (const status of ['DRAFT', 'COMPLETED', 'TERMINATED'] as const) {
    const [row] = await app.db.query(
      `SELECT a.id, t.id AS technology_id,
              (SELECT id FROM enterprise WHERE id <> a.recipient_id ORDER BY id LIMIT 1) AS beneficiary_id
         FROM funding_agreement a JOIN safety_technology t ON t.provider_id = a.recipient_id
        WHERE a.status = $1 ORDER BY a.id, t.id LIMIT 1`,
      [status],
    );
    seed.byStatus[status] = { agreementId: row.id, technologyId: row.technology_id, beneficiaryId: row.beneficiary_id };
  }

  // An ACTIVE agreement of the same recipient whose term ended before today, to test the end of the term, made through the API.
  const [startsOn, endsOn] = [addDays(seed.today, -40), addDays(seed.today, -10)];
  const expired = await api.fundAgreement(app, actors, {
    recipient: { id: gid('Enterprise', seed.recipientId), technologyId: gid('SafetyTechnology', seed.technologyId) },
    agreementNumber: 'TEST-EXPIRED-TERM',
    startsOn,
    endsOn,
    baseAmount: '0',
    outcomeBudgetCap: '0',
    targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: startsOn, periodEnd: endsOn, targetValue: 1, maxPayout: '0', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
  });
  seed.expiredAgreementId = dbId(expired.id);
  // R7: the beneficiary is matched with the agreements the cases report under.
  for (const agreementId of [seed.agreementId, seed.expiredAgreementId]) {
    await api.ensureMatch(app, actors, gid('FundingAgreement', agreementId), gid('Enterprise', seed.beneficiaryId));
  }
});

afterAll(() => app?.close());

// ---------------------------------------------------------------- R7: reporting

describe('reportImprovementActivity', () => {
  it.each([
    ['ENTERPRISE (the recipient, under its own agreement)', () => provider, 'ENTERPRISE', 'enterprise-user-1'],
    ['AGENCY_OFFICER', () => actors.kosme, 'AGENCY_OFFICER', 'test-agency_officer'],
    ['ADMIN', () => actors.admin, 'ADMIN', 'test-admin'],
  ])('R7: %s reports an activity; the row and one audit event are written', async (_name, token, role, subject) => {
    const input = reportInput();
    const payload = await report(input, token());
    expect(payload.userErrors).toEqual([]);
    const activity = payload.improvementActivity;
    expect(activity).toMatchObject({
      status: 'REPORTED',
      kind: input.kind,
      title: input.title,
      description: input.description,
      hazardsAddressed: input.hazardsAddressed,
      workersCovered: input.workersCovered,
      hazardsRemediated: input.hazardsRemediated,
      riskLevelBefore: input.riskLevelBefore,
      riskLevelAfter: input.riskLevelAfter,
      startedOn: input.startedOn,
      completedOn: input.completedOn,
      evidence: [
        { kind: 'PHOTO', uri: 's3://rbf-evidence/test/photo-1.jpg', sha256: SHA.toLowerCase() },
        { kind: 'DELIVERY_NOTE', uri: 's3://rbf-evidence/test/note.pdf', sha256: null },
      ],
      verifiedAt: null,
      verifiedBy: null,
      rejectionReason: null,
      agreement: { id: input.agreementId },
      provider: { id: gid('Enterprise', seed.recipientId) },
      beneficiary: { id: input.beneficiaryId },
      technology: { id: input.technologyId },
    });

    const row = await activityRow(dbId(activity.id));
    expect(row).toMatchObject({
      agreement_id: seed.agreementId,
      provider_id: seed.recipientId,
      beneficiary_id: seed.beneficiaryId,
      technology_id: seed.technologyId,
      kind: input.kind,
      title: input.title,
      hazards_addressed: input.hazardsAddressed,
      workers_covered: input.workersCovered,
      hazards_remediated: input.hazardsRemediated,
      risk_level_before: input.riskLevelBefore,
      risk_level_after: input.riskLevelAfter,
      started_on: input.startedOn,
      completed_on: input.completedOn,
      status: 'REPORTED',
      reported_by: subject,
      verified_by_id: null,
      verified_at: null,
      rejection_reason: null,
    });
    expect(row.evidence).toEqual(activity.evidence);

    const events = await auditEvents(activity.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'reportImprovementActivity',
      entity_type: 'ImprovementActivity',
      actor_role: role,
      actor_subject: subject,
    });
    expect(events[0].changes).toMatchObject({
      agreementId: input.agreementId,
      providerId: gid('Enterprise', seed.recipientId),
      beneficiaryId: input.beneficiaryId,
      technologyId: input.technologyId,
      completedOn: input.completedOn,
      status: 'REPORTED',
    });
  });

  it('R7: the optional fields may be left out; evidence is then empty and risk levels null', async () => {
    const input: Record<string, unknown> = reportInput();
    for (const key of ['description', 'riskLevelBefore', 'riskLevelAfter', 'evidence']) delete input[key];
    const payload = await report(input);
    expect(payload.userErrors).toEqual([]);
    expect(payload.improvementActivity).toMatchObject({ description: null, riskLevelBefore: null, riskLevelAfter: null, evidence: [] });
    const row = await activityRow(dbId(payload.improvementActivity.id));
    expect(row).toMatchObject({ description: null, risk_level_before: null, risk_level_after: null, evidence: [] });
  });

  it('R7: the boundaries are allowed: started and completed the same day, on the first day of the term, zero counts, levels 1 and 25', async () => {
    const payload = await report(
      reportInput({
        startedOn: seed.startsOn,
        completedOn: seed.startsOn,
        workersCovered: 0,
        hazardsRemediated: 0,
        riskLevelBefore: 25,
        riskLevelAfter: 1,
        evidence: Array.from({ length: 20 }, (_, i) => ({ kind: 'P'.repeat(50), uri: `s3://e/${i}` })),
        beneficiaryId: gid('Enterprise', seed.beneficiaryId),
      }),
    );
    expect(payload.userErrors).toEqual([]);
  });

  it('R7: completedOn may be today in Korea', async () => {
    const [row] = await app.db.query('SELECT ends_on >= $2::date AS open FROM funding_agreement WHERE id = $1', [
      seed.agreementId,
      seed.today,
    ]);
    if (!row.open) return; // The chosen agreement's term has ended; the end of the term is tested below.
    const payload = await report(reportInput({ startedOn: seed.today, completedOn: seed.today }));
    expect(payload.userErrors).toEqual([]);
  });

  const missing = (type: 'Enterprise' | 'SafetyTechnology' | 'FundingAgreement') => encodeGlobalId(type, '987654321');

  it.each<[string, () => Record<string, unknown>, string[], string]>([
    ['an agreement that does not exist', () => ({ agreementId: missing('FundingAgreement') }), ['agreementId'], 'NOT_FOUND'],
    ['a beneficiary that does not exist', () => ({ beneficiaryId: missing('Enterprise') }), ['beneficiaryId'], 'NOT_FOUND'],
    ['the provider as its own beneficiary', () => ({ beneficiaryId: gid('Enterprise', seed.recipientId) }), ['beneficiaryId'], 'INVALID_INPUT'],
    ['a technology that does not exist', () => ({ technologyId: missing('SafetyTechnology') }), ['technologyId'], 'NOT_FOUND'],
    ["another provider's technology", () => ({ technologyId: gid('SafetyTechnology', seed.otherTechnologyId) }), ['technologyId'], 'INVALID_INPUT'],
    ['startedOn after completedOn', () => ({ startedOn: seed.lastDay, completedOn: addDays(seed.lastDay, -1) }), ['completedOn'], 'INVALID_INPUT'],
    [
      'completedOn before the term',
      () => ({ startedOn: addDays(seed.startsOn, -3), completedOn: addDays(seed.startsOn, -1) }),
      ['completedOn'],
      'INVALID_INPUT',
    ],
    [
      'completedOn after the term (term ended before today)',
      () => ({ agreementId: gid('FundingAgreement', seed.expiredAgreementId), startedOn: addDays(seed.today, -9), completedOn: addDays(seed.today, -9) }),
      ['completedOn'],
      'INVALID_INPUT',
    ],
    ['completedOn in the future', () => ({ startedOn: seed.today, completedOn: addDays(seed.today, 1) }), ['completedOn'], 'INVALID_INPUT'],
    ['negative workersCovered', () => ({ workersCovered: -1 }), ['workersCovered'], 'INVALID_INPUT'],
    ['absurd workersCovered', () => ({ workersCovered: 100_001 }), ['workersCovered'], 'INVALID_INPUT'],
    ['negative hazardsRemediated', () => ({ hazardsRemediated: -1 }), ['hazardsRemediated'], 'INVALID_INPUT'],
    ['absurd hazardsRemediated', () => ({ hazardsRemediated: 100_001 }), ['hazardsRemediated'], 'INVALID_INPUT'],
    ['no hazard', () => ({ hazardsAddressed: [] }), ['hazardsAddressed'], 'INVALID_INPUT'],
    ['a repeated hazard', () => ({ hazardsAddressed: ['FALL', 'FALL'] }), ['hazardsAddressed'], 'INVALID_INPUT'],
    ['riskLevelBefore without riskLevelAfter', () => ({ riskLevelAfter: null }), ['riskLevelAfter'], 'INVALID_INPUT'],
    ['riskLevelAfter without riskLevelBefore', () => ({ riskLevelBefore: null }), ['riskLevelBefore'], 'INVALID_INPUT'],
    ['riskLevelBefore 0', () => ({ riskLevelBefore: 0 }), ['riskLevelBefore'], 'INVALID_INPUT'],
    ['riskLevelBefore 26', () => ({ riskLevelBefore: 26 }), ['riskLevelBefore'], 'INVALID_INPUT'],
    ['riskLevelAfter 0', () => ({ riskLevelAfter: 0 }), ['riskLevelAfter'], 'INVALID_INPUT'],
    ['riskLevelAfter 26', () => ({ riskLevelAfter: 26 }), ['riskLevelAfter'], 'INVALID_INPUT'],
    ['an empty title', () => ({ title: '' }), ['title'], 'INVALID_INPUT'],
    ['a blank title', () => ({ title: '   ' }), ['title'], 'INVALID_INPUT'],
    ['a title over 200 characters', () => ({ title: 'x'.repeat(201) }), ['title'], 'INVALID_INPUT'],
    ['a description over 4000 characters', () => ({ description: 'x'.repeat(4001) }), ['description'], 'INVALID_INPUT'],
    ['more than 20 evidence items', () => ({ evidence: Array.from({ length: 21 }, (_, i) => ({ kind: 'PHOTO', uri: `s3://e/${i}` })) }), ['evidence'], 'INVALID_INPUT'],
    ['an empty evidence kind', () => ({ evidence: [{ kind: '', uri: 's3://e/1' }] }), ['evidence', '0', 'kind'], 'INVALID_INPUT'],
    ['an evidence kind over 50 characters', () => ({ evidence: [{ kind: 'K'.repeat(51), uri: 's3://e/1' }] }), ['evidence', '0', 'kind'], 'INVALID_INPUT'],
    ['an empty evidence uri', () => ({ evidence: [{ kind: 'PHOTO', uri: 's3://e/0' }, { kind: 'PHOTO', uri: '' }] }), ['evidence', '1', 'uri'], 'INVALID_INPUT'],
    ['an evidence uri over 2000 characters', () => ({ evidence: [{ kind: 'PHOTO', uri: 'u'.repeat(2001) }] }), ['evidence', '0', 'uri'], 'INVALID_INPUT'],
    ['a short sha256', () => ({ evidence: [{ kind: 'PHOTO', uri: 's3://e/1', sha256: 'abc' }] }), ['evidence', '0', 'sha256'], 'INVALID_INPUT'],
    ['a non-hex sha256', () => ({ evidence: [{ kind: 'PHOTO', uri: 's3://e/1', sha256: 'g'.repeat(64) }] }), ['evidence', '0', 'sha256'], 'INVALID_INPUT'],
  ])('R7: refuses %s, naming the field, and writes nothing', async (_name, overrides, field, code) => {
    const errors = await refused(REPORT, reportInput(overrides()), actors.admin);
    expect(errors).toContainEqual({ field: ['input', ...field], code, message: expect.any(String) });
    expect(errors.every((e: any) => e.code === code && e.field.join('.') === ['input', ...field].join('.'))).toBe(true);
  });

  it.each([
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['plain http:', 'http://evidence.example/photo.jpg'],
    ['a scheme alone', 's3://'],
    ['a space inside', 's3://rbf-evidence/a photo.jpg'],
  ])('Evidence URIs: %s is refused with INVALID_INPUT on its uri, and writes nothing', async (_name, uri) => {
    const errors = await refused(REPORT, reportInput({ evidence: [{ kind: 'PHOTO', uri: 's3://rbf-evidence/ok.jpg' }, { kind: 'PHOTO', uri }] }), actors.admin);
    expect(errors).toEqual([{ field: ['input', 'evidence', '1', 'uri'], code: 'INVALID_INPUT', message: expect.stringContaining('s3:// or https://') }]);
  });

  it('Inputs that ended as masked 500s: a NUL character in an evidence kind is INVALID_INPUT, not a jsonb error', async () => {
    const errors = await refused(REPORT, reportInput({ evidence: [{ kind: 'PH\u0000OTO', uri: 's3://rbf-evidence/ok.jpg' }] }), actors.admin);
    expect(errors).toEqual([{ field: ['input'], code: 'INVALID_INPUT', message: expect.stringContaining('U+0000') }]);
  });

  it('Evidence URIs: s3:// and https:// addresses are stored as given', async () => {
    const evidence = [
      { kind: 'PHOTO', uri: 's3://rbf-evidence/KB-RBF-2026-001/photo-1.jpg' },
      { kind: 'SIGNED_RECORD', uri: 'HTTPS://storage.example.kr/records/2026/11/record.pdf?version=2' },
    ];
    const payload = await report(reportInput({ evidence }));
    expect(payload.userErrors).toEqual([]);
    expect(payload.improvementActivity.evidence.map((e: any) => e.uri)).toEqual(evidence.map((e) => e.uri));
  });

  it('R7: reports every independent invalid field at once', async () => {
    const errors = await refused(REPORT, reportInput({ title: '', workersCovered: -1, riskLevelAfter: null, hazardsAddressed: [] }), actors.admin);
    const fields = [...new Set(errors.map((e: any) => e.field[1]))].sort();
    expect(fields).toEqual(['hazardsAddressed', 'riskLevelAfter', 'title', 'workersCovered']);
  });

  it('R7: the beneficiary, technology and term are checked together', async () => {
    const errors = await refused(
      REPORT,
      reportInput({
        beneficiaryId: gid('Enterprise', seed.recipientId),
        technologyId: gid('SafetyTechnology', seed.otherTechnologyId),
        startedOn: addDays(seed.startsOn, -1),
        completedOn: addDays(seed.startsOn, -1),
      }),
      actors.admin,
    );
    expect(errors.map((e: any) => e.field[1]).sort()).toEqual(['beneficiaryId', 'completedOn', 'technologyId']);
  });

  it.each(['DRAFT', 'COMPLETED', 'TERMINATED'] as const)('R6/R7: nothing is reported under a %s agreement (INVALID_STATE)', async (status) => {
    const target = seed.byStatus[status];
    const errors = await refused(
      REPORT,
      reportInput({
        agreementId: gid('FundingAgreement', target.agreementId),
        beneficiaryId: gid('Enterprise', target.beneficiaryId),
        technologyId: gid('SafetyTechnology', target.technologyId),
      }),
      actors.admin,
    );
    expect(errors).toEqual([{ field: ['input', 'agreementId'], code: 'INVALID_STATE', message: expect.stringContaining(status) }]);
  });

  it("R7: an ENTERPRISE reporting under another enterprise's agreement gets NOT_FOUND (it cannot see it)", async () => {
    const errors = await refused(REPORT, reportInput({ agreementId: gid('FundingAgreement', seed.otherAgreementId) }), provider);
    expect(errors).toEqual([{ field: ['input', 'agreementId'], code: 'NOT_FOUND', message: expect.any(String) }]);
  });

  it("R7: the beneficiary's own user may not report the provider's work (the agreement is not its own: NOT_FOUND)", async () => {
    const beneficiary = await actors.enterprise(seed.beneficiaryBrn);
    const errors = await refused(REPORT, reportInput(), beneficiary);
    expect(errors).toEqual([{ field: ['input', 'agreementId'], code: 'NOT_FOUND', message: expect.any(String) }]);
  });

  it.each([
    [Role.FUNDER_OFFICER, 'kb'],
    [Role.ANALYST, 'analyst'],
  ] as const)('R7: %s may not report (FORBIDDEN), and nothing is written', async (_role, actor) => {
    expect(await topLevelError(REPORT, reportInput(), actors[actor])).toBe('FORBIDDEN');
  });

  it('R7: without a token the report is UNAUTHENTICATED', async () => {
    expect(await topLevelError(REPORT, reportInput(), null)).toBe('UNAUTHENTICATED');
  });

  it.each(['agreementId', 'beneficiaryId', 'technologyId'])('R7: a malformed %s is BAD_USER_INPUT', async (field) => {
    expect(await topLevelError(REPORT, reportInput({ [field]: 'not-an-id!' }), actors.admin)).toBe('BAD_USER_INPUT');
    const wrongType = encodeGlobalId('Agency', seed.kosmeId);
    expect(await topLevelError(REPORT, reportInput({ [field]: wrongType }), actors.admin)).toBe('BAD_USER_INPUT');
  });

  it('R7: the same agreement, beneficiary, technology and completion day twice is DUPLICATE', async () => {
    const input = reportInput();
    expect((await report(input)).userErrors).toEqual([]);
    const errors = await refused(REPORT, { ...input, title: 'Reported again', kind: 'TRAINING' }, provider);
    expect(errors).toEqual([{ field: ['input', 'completedOn'], code: 'DUPLICATE', message: expect.any(String) }]);
  });

  it('R7: of 10 concurrent identical reports exactly one succeeds and the rest are DUPLICATE', async () => {
    const input = reportInput();
    const before = await counts();
    const results = await Promise.all(Array.from({ length: 10 }, () => app.gql(REPORT, { input }, provider)));
    for (const res of results) expect(res.errors).toBeUndefined();
    const payloads = results.map((res: any) => res.data.reportImprovementActivity);
    const winners = payloads.filter((p) => p.improvementActivity);
    expect(winners).toHaveLength(1);
    for (const p of payloads.filter((p) => !p.improvementActivity)) {
      expect(p.userErrors).toEqual([{ field: ['input', 'completedOn'], code: 'DUPLICATE', message: expect.any(String) }]);
    }
    expect(await counts()).toEqual({ activities: before.activities + 1, audits: before.audits + 1 });
    expect(await auditEvents(winners[0].improvementActivity.id)).toHaveLength(1);
  });
});

// ---------------------------------------------------------------- R8: verification

describe('verifyImprovementActivity and rejectImprovementActivity', () => {
  it('R8: an AGENCY_OFFICER verifies a REPORTED activity for its agency; one audit event', async () => {
    const id = await freshActivity();
    const payload = (await app.gql(VERIFY, { input: { id } }, actors.kosme)).data.verifyImprovementActivity;
    expect(payload.userErrors).toEqual([]);
    const [kosme] = await app.db.query('SELECT code FROM agency WHERE id = $1', [seed.kosmeId]);
    expect(payload.improvementActivity).toMatchObject({ id, status: 'VERIFIED', verifiedBy: { code: kosme.code }, rejectionReason: null });

    const row = await activityRow(dbId(id));
    expect(row).toMatchObject({ status: 'VERIFIED', verified_by_id: seed.kosmeId, rejection_reason: null });
    expect(new Date(payload.improvementActivity.verifiedAt).getTime()).toBe(row.verified_at.getTime());
    expect(Date.now() - row.verified_at.getTime()).toBeLessThan(60_000);

    const events = (await auditEvents(id)).filter((e) => e.action === 'verifyImprovementActivity');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ entity_type: 'ImprovementActivity', actor_role: 'AGENCY_OFFICER', actor_subject: 'test-agency_officer' });
    expect(events[0].changes).toEqual({
      status: { from: 'REPORTED', to: 'VERIFIED' },
      verifiedBy: { from: null, to: encodeGlobalId('Agency', seed.kosmeId) },
      verifiedAt: { from: null, to: row.verified_at.toISOString() },
    });
  });

  it('R8: the read side shows verifiedBy { code } = KOSME and verifiedAt', async () => {
    const id = await freshActivity();
    await app.gql(VERIFY, { input: { id } }, actors.kosme);
    const res: any = await app.gql(
      'query($id: ID!) { node(id: $id) { ... on ImprovementActivity { status verifiedAt verifiedBy { code } } } }',
      { id },
      actors.analyst,
    );
    const [row] = await app.db.query(
      'SELECT g.code, a.verified_at FROM improvement_activity a JOIN agency g ON g.id = a.verified_by_id WHERE a.id = $1',
      [dbId(id)],
    );
    expect(row.code).toBe('KOSME');
    expect(res.data.node).toEqual({ status: 'VERIFIED', verifiedAt: row.verified_at.toISOString(), verifiedBy: { code: 'KOSME' } });
  });

  it('R8: an AGENCY_OFFICER rejects a REPORTED activity with a reason; verified_* stay null', async () => {
    const id = await freshActivity();
    const reason = 'Photo evidence does not show the installed device at the stated worksite.';
    const payload = (await app.gql(REJECT, { input: { id, reason } }, actors.kosme)).data.rejectImprovementActivity;
    expect(payload.userErrors).toEqual([]);
    expect(payload.improvementActivity).toMatchObject({ id, status: 'REJECTED', rejectionReason: reason, verifiedAt: null, verifiedBy: null });
    expect(await activityRow(dbId(id))).toMatchObject({
      status: 'REJECTED',
      rejection_reason: reason,
      verified_by_id: null,
      verified_at: null,
    });
    const events = (await auditEvents(id)).filter((e) => e.action === 'rejectImprovementActivity');
    expect(events).toHaveLength(1);
    expect(events[0].changes).toEqual({ status: { from: 'REPORTED', to: 'REJECTED' }, rejectionReason: { from: null, to: reason } });
  });

  it('R8: seeded REPORTED activities can be verified and rejected too', async () => {
    const rows = await app.db.query(`SELECT id FROM improvement_activity WHERE status = 'REPORTED' AND reported_by NOT LIKE 'test-%' ORDER BY id LIMIT 2`);
    expect(rows).toHaveLength(2);
    const verified = (await app.gql(VERIFY, { input: { id: gid('ImprovementActivity', rows[0].id) } }, actors.kosme)).data.verifyImprovementActivity;
    expect(verified.improvementActivity.status).toBe('VERIFIED');
    const rejected = (await app.gql(REJECT, { input: { id: gid('ImprovementActivity', rows[1].id), reason: 'No signed record.' } }, actors.kosme)).data
      .rejectImprovementActivity;
    expect(rejected.improvementActivity.status).toBe('REJECTED');
  });

  describe('R8: verified and rejected are final', () => {
    let verifiedId: string;
    let rejectedId: string;
    beforeAll(async () => {
      verifiedId = await freshActivity();
      rejectedId = await freshActivity();
      await app.gql(VERIFY, { input: { id: verifiedId } }, actors.kosme);
      await app.gql(REJECT, { input: { id: rejectedId, reason: 'Attendance sheet missing.' } }, actors.kosme);
    });

    it.each([
      ['verifying a VERIFIED activity', 'verify', 'VERIFIED'],
      ['verifying a REJECTED activity', 'verify', 'REJECTED'],
      ['rejecting a VERIFIED activity', 'reject', 'VERIFIED'],
      ['rejecting a REJECTED activity', 'reject', 'REJECTED'],
    ])('R8: %s is INVALID_STATE naming the status, and changes nothing', async (_name, action, status) => {
      const id = status === 'VERIFIED' ? verifiedId : rejectedId;
      const before = await activityRow(dbId(id));
      const errors =
        action === 'verify'
          ? await refused(VERIFY, { id }, actors.kosme)
          : await refused(REJECT, { id, reason: 'Changed our mind.' }, actors.kosme);
      expect(errors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: expect.stringContaining(status) }]);
      expect(await activityRow(dbId(id))).toEqual(before);
    });
  });

  it.each([
    ['an empty reason', ''],
    ['a blank reason', '  \n '],
    ['a reason over 2000 characters', 'r'.repeat(2001)],
  ])('R8: rejecting with %s is INVALID_INPUT on the reason', async (_name, reason) => {
    const id = await freshActivity();
    const errors = await refused(REJECT, { id, reason }, actors.kosme);
    expect(errors.every((e: any) => e.code === 'INVALID_INPUT' && e.field.join('.') === 'input.reason')).toBe(true);
    expect((await activityRow(dbId(id))).status).toBe('REPORTED');
  });

  it('R8: an activity that does not exist is NOT_FOUND; a malformed id is BAD_USER_INPUT', async () => {
    const id = gid('ImprovementActivity', '987654321');
    expect(await refused(VERIFY, { id }, actors.kosme)).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND', message: expect.any(String) }]);
    expect(await refused(REJECT, { id, reason: 'x' }, actors.kosme)).toEqual([
      { field: ['input', 'id'], code: 'NOT_FOUND', message: expect.any(String) },
    ]);
    expect(await topLevelError(VERIFY, { id: 'garbage!' }, actors.kosme)).toBe('BAD_USER_INPUT');
    expect(await topLevelError(REJECT, { id: gid('Enterprise', seed.recipientId), reason: 'x' }, actors.kosme)).toBe('BAD_USER_INPUT');
  });

  it.each([
    [Role.FUNDER_OFFICER, 'kb'],
    [Role.ENTERPRISE, 'provider'],
    [Role.ANALYST, 'analyst'],
    [Role.ADMIN, 'adminKosme'],
  ] as const)('R8: %s may neither verify nor reject (FORBIDDEN), and nothing changes', async (_role, actor) => {
    const token = actor === 'provider' ? provider : actors[actor];
    const id = await freshActivity();
    expect(await topLevelError(VERIFY, { id }, token)).toBe('FORBIDDEN');
    expect(await topLevelError(REJECT, { id, reason: 'No.' }, token)).toBe('FORBIDDEN');
    expect((await activityRow(dbId(id))).status).toBe('REPORTED');
  });

  it('R8: without a token verify and reject are UNAUTHENTICATED', async () => {
    const id = await freshActivity();
    expect(await topLevelError(VERIFY, { id }, null)).toBe('UNAUTHENTICATED');
    expect(await topLevelError(REJECT, { id, reason: 'No.' }, null)).toBe('UNAUTHENTICATED');
  });

  it('R8: of 10 concurrent verifications exactly one succeeds, the rest are INVALID_STATE, one audit event', async () => {
    const id = await freshActivity();
    const results = await Promise.all(Array.from({ length: 10 }, () => app.gql(VERIFY, { input: { id } }, actors.kosme)));
    for (const res of results) expect(res.errors).toBeUndefined();
    const payloads = results.map((res: any) => res.data.verifyImprovementActivity);
    expect(payloads.filter((p) => p.improvementActivity?.status === 'VERIFIED')).toHaveLength(1);
    for (const p of payloads.filter((p) => !p.improvementActivity)) {
      expect(p.userErrors).toEqual([{ field: ['input', 'id'], code: 'INVALID_STATE', message: expect.stringContaining('VERIFIED') }]);
    }
    expect((await auditEvents(id)).filter((e) => e.action === 'verifyImprovementActivity')).toHaveLength(1);
  });

  it('R8: of concurrent verifications and rejections exactly one decision wins', async () => {
    const id = await freshActivity();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 ? app.gql(VERIFY, { input: { id } }, actors.kosme) : app.gql(REJECT, { input: { id, reason: 'Evidence unclear.' } }, actors.kosme),
      ),
    );
    for (const res of results) expect(res.errors).toBeUndefined();
    const payloads = results.map((res: any) => Object.values(res.data)[0] as any);
    expect(payloads.filter((p) => p.improvementActivity)).toHaveLength(1);
    expect(payloads.filter((p) => p.userErrors[0]?.code === 'INVALID_STATE')).toHaveLength(9);
    const decisions = (await auditEvents(id)).filter((e) => e.action !== 'reportImprovementActivity');
    expect(decisions).toHaveLength(1);
  });
});
