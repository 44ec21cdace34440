import { Principal, Role } from '../src/auth/roles';
import { HazardType, Region, SupplierCallStatus, TargetMetric } from '../src/common/enums';
import { ContextDeps, createInternalContext } from '../src/context';
import { createLogger } from '../src/logger';
import { SubmitSupportRequestInput, WithdrawSupportRequestInput } from '../src/modules/matching/matching.inputs';
import { submitSupportRequest, withdrawSupportRequest } from '../src/modules/matching/support-request.service';
import { ProposedTargetInput, PublishSupplierCallInput, ReviewCriterionInput, SubmitSupplierApplicationInput } from '../src/modules/supplier-calls/supplier-call.inputs';
import { submitSupplierApplication } from '../src/modules/supplier-calls/supplier-application.service';
import { publishSupplierCall } from '../src/modules/supplier-calls/supplier-call.service';
import { gid } from './support/ids';
import { startTestApp, TestApp } from './support/test-app';

/**
 * An internal context created with `at` replays that instant (the demo program
 * played on its calendar): the services' timestamps, the audit event's time and
 * the database's clock for a call's status (R16). Requests never replay.
 */
let app: TestApp;
let deps: ContextDeps;
let kosme: Principal;
let programId: string;
let applicantId: string;
let technologyId: string;

const OPENS_AT = new Date('2026-02-25T09:00:00+09:00');
const CLOSES_AT = new Date('2026-03-11T18:00:00+09:00');

beforeAll(async () => {
  app = await startTestApp();
  deps = { db: app.db, config: app.config, logger: createLogger(app.config) };
  const sql = (text: string, params: unknown[] = []) => app.db.query(text, params);
  const [k] = await sql(`INSERT INTO agency (code, name, kind) VALUES ('KOSME', 'KOSME', 'PUBLIC_AGENCY') RETURNING id, code, kind`);
  const [kb] = await sql(`INSERT INTO agency (code, name, kind) VALUES ('KB', 'KB', 'FINANCIAL_INSTITUTION') RETURNING id`);
  [{ id: programId }] = await sql(
    `INSERT INTO program (code, name, operator_id, funder_id, budget, starts_on, ends_on, created_by)
     VALUES ('CLOCK-2026', 'Replayed clock', $1, $2, 1000000000, '2026-01-01', '2027-12-31', 'test') RETURNING id`,
    [k.id, kb.id],
  );
  [{ id: applicantId }] = await sql(
    `INSERT INTO enterprise (business_registration_number, name, size, industry_code, region, employee_count)
     VALUES ('1018100007', 'Hanbit Safety Co., Ltd.', 'SMALL', 'C29', 'GYEONGGI', 30) RETURNING id`,
  );
  [{ id: technologyId }] = await sql(
    `INSERT INTO safety_technology (provider_id, name, category, hazards, readiness_level)
     VALUES ($1, 'Press light curtain', 'MACHINE_GUARDING', '{CAUGHT_IN_MACHINERY}', 9) RETURNING id`,
    [applicantId],
  );
  kosme = { subject: 'kosme-officer-1', role: Role.AGENCY_OFFICER, agency: { id: String(k.id), code: k.code, kind: k.kind }, enterprise: null };
}, 60_000);
afterAll(() => app?.close());

const publish = (at?: Date) =>
  publishSupplierCall(
    createInternalContext(deps, kosme, { at }),
    kosme,
    Object.assign(new PublishSupplierCallInput(), {
      programId: String(programId),
      title: 'Caught-in prevention suppliers',
      opensAt: OPENS_AT,
      closesAt: CLOSES_AT,
      places: 1,
      eligibleHazards: [HazardType.CAUGHT_IN_MACHINERY],
      minReadinessLevel: 9,
      maxBaseAmount: 100_000_000n,
      criteria: [Object.assign(new ReviewCriterionInput(), { key: 'technology', description: 'Technology', maxPoints: 100 })],
      reviewsRequired: 1,
      passingScore: 50,
    }),
  );

const submit = (callId: string, at?: Date) =>
  submitSupplierApplication(
    createInternalContext(deps, kosme, { at }),
    kosme,
    Object.assign(new SubmitSupplierApplicationInput(), {
      callId,
      applicantId: String(applicantId),
      technologyIds: [String(technologyId)],
      planSummary: 'Light curtains on the presses of 10 small metal works.',
      requestedBaseAmount: 80_000_000n,
      plannedBeneficiaries: 10,
      serviceRegions: [Region.GYEONGGI],
      proposedTargets: [
        Object.assign(new ProposedTargetInput(), { metric: TargetMetric.VERIFIED_ACTIVITIES, periodStart: '2026-04-01', periodEnd: '2027-03-31', targetValue: 20 }),
      ],
    }),
  );

it('R16: a replayed instant is what the call, the application and their audit events say, and the clock their rules read', async () => {
  const publishedAt = new Date('2026-02-20T10:30:00+09:00');
  const call = (await publish(publishedAt)).value!;
  expect(call.createdAt.toISOString()).toBe(publishedAt.toISOString());
  expect(call.status).toBe(SupplierCallStatus.UPCOMING);

  // Before opensAt the call is UPCOMING, at closesAt too late, in between OPEN: by the replayed clock.
  expect((await submit(call.id, new Date('2026-02-25T08:59:59+09:00'))).userErrors).toMatchObject([{ code: 'INVALID_STATE', message: expect.stringMatching(/UPCOMING$/) }]);
  expect((await submit(call.id, CLOSES_AT)).userErrors).toMatchObject([{ code: 'INVALID_STATE', message: expect.stringMatching(/CLOSED$/) }]);
  const submittedAt = new Date('2026-03-04T14:12:00+09:00');
  const application = (await submit(call.id, submittedAt)).value!;
  expect(application.submittedAt.toISOString()).toBe(submittedAt.toISOString());

  const events = await app.db.query(`SELECT action, at FROM audit_event ORDER BY id`);
  expect(events.map((e: any) => [e.action, e.at.toISOString()])).toEqual([
    ['publishSupplierCall', publishedAt.toISOString()],
    ['submitSupplierApplication', submittedAt.toISOString()],
  ]);
});

it('R16: without a replayed instant, an internal context and every request run on the real clock', async () => {
  const before = Date.now();
  const call = (await publish()).value!;
  expect(call.status).toBe(SupplierCallStatus.CLOSED);
  expect(call.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
  expect((await submit(call.id)).userErrors).toMatchObject([{ code: 'INVALID_STATE', message: expect.stringMatching(/CLOSED$/) }]);

  // The calls published on the replayed calendar read CLOSED over HTTP: the replay ended with its transactions.
  const res = await app.gql('{ supplierCalls(first: 10) { nodes { id status } } }', {}, await app.token(Role.ANALYST));
  expect(res.errors).toBeUndefined();
  expect(res.data.supplierCalls.nodes).toEqual([
    { id: gid('SupplierCall', '1'), status: 'CLOSED' },
    { id: gid('SupplierCall', call.id), status: 'CLOSED' },
  ]);
  const settings = await Promise.all(Array.from({ length: 5 }, () => app.db.query(`SELECT NULLIF(current_setting('rbf.clock', true), '') AS clock`)));
  expect(settings.map(([row]) => row.clock)).toEqual([null, null, null, null, null]);
});

it('R20: support requests take their times and the program-running rule from the replayed instant', async () => {
  const request = (at?: Date, worksiteName = 'Hwaseong plant') =>
    submitSupportRequest(
      createInternalContext(deps, kosme, { at }),
      kosme,
      Object.assign(new SubmitSupportRequestInput(), {
        programId: String(programId),
        beneficiaryId: String(applicantId),
        worksiteName,
        worksiteRegion: Region.GYEONGGI,
        workersAtWorksite: 18,
        hazards: [HazardType.CAUGHT_IN_MACHINERY],
        needs: 'Light curtains for two presses.',
      }),
    );
  // The program runs from 2026-01-01 (Asia/Seoul): the day before, by the replayed clock, it does not.
  expect((await request(new Date('2025-12-31T15:00:00+09:00'))).userErrors).toMatchObject([{ code: 'INVALID_STATE' }]);
  const submittedAt = new Date('2026-05-12T10:20:00+09:00');
  const saved = (await request(submittedAt)).value!;
  expect(saved.submittedAt.toISOString()).toBe(submittedAt.toISOString());
  const withdrawnAt = new Date('2026-05-20T16:05:00+09:00');
  const withdrawn = (
    await withdrawSupportRequest(createInternalContext(deps, kosme, { at: withdrawnAt }), kosme, Object.assign(new WithdrawSupportRequestInput(), { id: saved.id, reason: 'Fixed in-house' }))
  ).value!;
  expect(withdrawn.withdrawnAt!.toISOString()).toBe(withdrawnAt.toISOString());
  const events = await app.db.query(`SELECT action, at FROM audit_event WHERE action IN ('submitSupportRequest', 'withdrawSupportRequest') ORDER BY id`);
  expect(events.map((e: any) => [e.action, e.at.toISOString()])).toEqual([
    ['submitSupportRequest', submittedAt.toISOString()],
    ['withdrawSupportRequest', withdrawnAt.toISOString()],
  ]);
});
