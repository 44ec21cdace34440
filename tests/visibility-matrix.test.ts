import { TestApp } from './support/test-app';
import { dbId, gid } from './support/ids';
import { Actors, addSecondFunder, SECOND_FUNDER, startWithActors } from './support/actors';
import * as api from './support/operations';
import { agencyIds } from './support/sql';

/**
 * Row-level visibility (the role table of DESIGN.md) on every read path: list
 * queries, node/nodes, a federation gateway's _entities, nested fields and
 * connections, totalCount. Expected id sets come from SQL written independently
 * of src/auth/visibility.ts: one rule per role and entity type, below.
 *
 * Fixture: the demo program (KOSME recommends, KB funds) plus a second funder
 * SHINHAN with one ACTIVE agreement, its target, a FINALIZED evaluation with
 * counted activities, disbursements and the recommendation it came from, all
 * played through the API; the events all of it wrote, and a webhook endpoint
 * per agency with a few deliveries.
 */

type Entity =
  | 'Agency'
  | 'Enterprise'
  | 'SafetyTechnology'
  | 'Recommendation'
  | 'FundingAgreement'
  | 'PerformanceTarget'
  | 'ImprovementActivity'
  | 'TargetEvaluation'
  | 'Disbursement'
  | 'AuditEvent'
  | 'Program'
  | 'SupplierCall'
  | 'SupplierApplication'
  | 'ApplicationReview'
  | 'SupportRequest'
  | 'SupplierMatch'
  | 'Event'
  | 'WebhookEndpoint'
  | 'WebhookDelivery';

const TABLES: Record<Entity, string> = {
  Agency: 'agency',
  Enterprise: 'enterprise',
  SafetyTechnology: 'safety_technology',
  Recommendation: 'recommendation',
  FundingAgreement: 'funding_agreement',
  PerformanceTarget: 'performance_target',
  ImprovementActivity: 'improvement_activity',
  TargetEvaluation: 'target_evaluation',
  Disbursement: 'disbursement',
  AuditEvent: 'audit_event',
  Program: 'program',
  SupplierCall: 'supplier_call',
  SupplierApplication: 'supplier_application',
  ApplicationReview: 'application_review',
  SupportRequest: 'support_request',
  SupplierMatch: 'supplier_match',
  Event: 'business_event',
  WebhookEndpoint: 'webhook_endpoint',
  WebhookDelivery: 'webhook_delivery',
};

// Rules as SQL conditions on the row "t"; $1 = the caller's agency id, $2 = the caller's enterprise id.
const ALL = 'true';
const NONE = 'false';
const OWN_AGREEMENT = (column: string) => `t.agreement_id IN (SELECT fa.id FROM funding_agreement fa WHERE fa.${column})`;
const OWN_TARGET = (column: string) =>
  `EXISTS (SELECT 1 FROM performance_target pt JOIN funding_agreement fa ON fa.id = pt.agreement_id WHERE pt.id = t.target_id AND fa.${column})`;
const FUNDER = 'funder_id = $1';
const OWN_TARGET_OF = (agreement: string) => `t.target_id IN (SELECT id FROM performance_target WHERE agreement_id = ${agreement})`;
const RECIPIENT = 'recipient_id = $2';
const OWN_PROGRAM_CALL = 't.call_id IN (SELECT c.id FROM supplier_call c JOIN program p ON p.id = c.program_id WHERE p.funder_id = $1)';

type RoleRule = Record<Entity, string>;
const EVERYTHING: RoleRule = Object.fromEntries(Object.keys(TABLES).map((entity) => [entity, ALL])) as RoleRule;

/** The role table of DESIGN.md, "reads" column. */
const RULES: Record<'ADMIN' | 'AGENCY_OFFICER' | 'FUNDER_OFFICER' | 'ENTERPRISE' | 'ANALYST', RoleRule> = {
  ADMIN: { ...EVERYTHING },
  AGENCY_OFFICER: { ...EVERYTHING },
  // All but other funders' agreements, targets, evaluations, disbursements and recommendations.
  // Audit events: admins and agency officers only (open question, see the report).
  FUNDER_OFFICER: {
    ...EVERYTHING,
    Recommendation: `t.${FUNDER}`,
    FundingAgreement: `t.${FUNDER}`,
    PerformanceTarget: OWN_AGREEMENT(FUNDER),
    TargetEvaluation: OWN_TARGET(FUNDER),
    Disbursement: OWN_AGREEMENT(FUNDER),
    AuditEvent: NONE,
    // Its programs, their calls and applications (with scores); never the individual reviews.
    Program: `t.${FUNDER}`,
    SupplierCall: 't.program_id IN (SELECT id FROM program WHERE funder_id = $1)',
    SupplierApplication: OWN_PROGRAM_CALL,
    ApplicationReview: NONE,
    // Support requests of its programs, matches of its agreements.
    SupportRequest: 't.program_id IN (SELECT id FROM program WHERE funder_id = $1)',
    SupplierMatch: OWN_AGREEMENT(FUNDER),
  },
  // The directory; its own agreements, targets, evaluations, disbursements; activities it provided or received.
  ENTERPRISE: {
    ...EVERYTHING,
    Recommendation: NONE,
    FundingAgreement: `t.${RECIPIENT}`,
    PerformanceTarget: OWN_AGREEMENT(RECIPIENT),
    TargetEvaluation: OWN_TARGET(RECIPIENT),
    Disbursement: OWN_AGREEMENT(RECIPIENT),
    ImprovementActivity: '(t.provider_id = $2 OR t.beneficiary_id = $2)',
    AuditEvent: NONE,
    // Programs and calls; its own applications, never the reviews.
    SupplierApplication: 't.applicant_id = $2',
    ApplicationReview: NONE,
    // Its own requests as the beneficiary, and those it is matched with as the supplier; matches where it is either side.
    SupportRequest: '(t.beneficiary_id = $2 OR t.id IN (SELECT request_id FROM supplier_match WHERE supplier_id = $2))',
    SupplierMatch: '(t.supplier_id = $2 OR t.beneficiary_id = $2)',
  },
  ANALYST: { ...EVERYTHING, AuditEvent: NONE, ApplicationReview: NONE },
};

// Webhook endpoints and their delivery logs: the owning agency's officers and ADMIN only.
const OWN_ENDPOINT = 't.agency_id = $1';
const OWN_ENDPOINT_DELIVERY = 't.endpoint_id IN (SELECT id FROM webhook_endpoint WHERE agency_id = $1)';
for (const [role, endpoints, deliveries] of [
  ['AGENCY_OFFICER', OWN_ENDPOINT, OWN_ENDPOINT_DELIVERY],
  ['FUNDER_OFFICER', OWN_ENDPOINT, OWN_ENDPOINT_DELIVERY],
  ['ENTERPRISE', NONE, NONE],
  ['ANALYST', NONE, NONE],
] as const) Object.assign(RULES[role], { WebhookEndpoint: endpoints, WebhookDelivery: deliveries });

/** The types events are about. */
const EVENT_SUBJECTS: Entity[] = [
  'Recommendation', 'FundingAgreement', 'ImprovementActivity', 'TargetEvaluation', 'Disbursement',
  'SupplierCall', 'SupplierApplication', 'SupportRequest', 'SupplierMatch',
];
// An event: whoever may see its subject, by the subject's own rule (its "t" is the subject's row inside the subquery).
for (const rule of Object.values(RULES)) {
  rule.Event = EVENT_SUBJECTS.map(
    (subject) => `(t.subject_type = '${subject}' AND t.subject_id IN (SELECT t.id FROM ${TABLES[subject]} t WHERE ${rule[subject]}))`,
  ).join(' OR ');
}

interface Caller {
  name: string;
  role: keyof typeof RULES;
  token: string;
  agencyId: string | null;
  enterpriseId: string | null;
  /** Expected visible ids per entity type. */
  visible: Record<Entity, Set<string>>;
}

let app: TestApp;
let actors: Actors;
const callers: Caller[] = [];
/** Every id per entity type, ascending. */
const allIds = {} as Record<Entity, string[]>;
/** The rows of the SHINHAN fixture, per entity type. */
const shinhanRows = {} as Record<Entity, string[]>;
let kbId: string;
/** A beneficiary-only SME that received one of the SHINHAN activities. */
let shinhanBeneficiary: string;

const sorted = (ids: Iterable<string>) => [...ids].sort((a, b) => Number(a) - Number(b));
const idsOf = (rows: { id: string }[]) => rows.map((row) => String(row.id));

async function one(sql: string, params: unknown[] = []): Promise<string> {
  const rows = await app.db.query(sql, params);
  return String(Object.values(rows[0])[0]);
}

async function gqlOk(caller: Caller, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await app.gql(query, variables, caller.token);
  expect({ caller: caller.name, errors: res.errors }).toEqual({ caller: caller.name, errors: undefined });
  return res.data;
}

/** Binds $1 and $2 even where a rule does not use them. */
const CALLER = '(SELECT $1::bigint AS agency_id, $2::bigint AS enterprise_id) caller';

async function expected(caller: Caller, entity: Entity, extra = 'true', extraParams: unknown[] = []): Promise<string[]> {
  const rows = await app.db.query(
    `SELECT t.id FROM ${TABLES[entity]} t, ${CALLER} WHERE (${RULES[caller.role][entity]}) AND (${extra}) ORDER BY t.id`,
    [caller.agencyId ?? '0', caller.enterpriseId ?? '0', ...extraParams],
  );
  return idsOf(rows);
}

async function secondFunderFixture(): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => app.db.query(sql, params);
  // A supplier with a technology and at least two beneficiaries it has never served under KB, to keep the natural key free.
  const supplier = (await q(`SELECT e.id AS enterprise_id, min(st.id) AS technology_id FROM enterprise e
      JOIN safety_technology st ON st.provider_id = e.id
      WHERE e.id NOT IN (SELECT recipient_id FROM funding_agreement) GROUP BY e.id ORDER BY e.id LIMIT 1`))[0] ??
    (await q(`SELECT provider_id AS enterprise_id, min(id) AS technology_id FROM safety_technology GROUP BY provider_id ORDER BY provider_id DESC LIMIT 1`))[0];
  const supplierId = String(supplier.enterprise_id);
  const technologyId = String(supplier.technology_id);
  const beneficiaries = idsOf(
    await q(
      `SELECT id FROM enterprise WHERE id <> $1 AND id NOT IN (SELECT recipient_id FROM funding_agreement)
         AND id IN (SELECT beneficiary_id FROM improvement_activity) ORDER BY id LIMIT 2`,
      [supplierId],
    ),
  );
  // KOSME recommends the supplier and its technology, SHINHAN accepts, drafts the agreement with its target and activates it.
  const funded = await api.secondFunderAgreement(app, actors, {
    recipient: { id: gid('Enterprise', supplierId), technologyId: gid('SafetyTechnology', technologyId) },
    agreementNumber: 'SH-2026-0001',
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-03-01', periodEnd: '2026-08-31', baseline: 0, targetValue: 2, maxPayout: '20000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
  });
  const activityIds: string[] = [];
  for (const [index, beneficiaryId] of beneficiaries.entries()) {
    const completedOn = `2026-0${4 + index}-15`;
    activityIds.push(dbId(await api.activity(app, actors, funded, { beneficiaryId: gid('Enterprise', beneficiaryId), completedOn, risk: null })));
  }
  // KOSME evaluates the target (both activities count), SHINHAN finalizes it: an OUTCOME_PAYMENT beside the base grant.
  const evaluation = await api.finalize(app, actors.shinhan, (await api.evaluate(app, actors.kosme, funded.targetIds[0])).id);
  const [baseGrant] = funded.agreement.disbursements;
  Object.assign(shinhanRows, {
    Agency: [await addSecondFunder(app)],
    Enterprise: [supplierId],
    SafetyTechnology: [technologyId],
    Recommendation: [dbId(funded.agreement.recommendation.id)],
    FundingAgreement: [dbId(funded.id)],
    PerformanceTarget: [dbId(funded.targetIds[0])],
    ImprovementActivity: activityIds,
    TargetEvaluation: [dbId(evaluation.id)],
    Disbursement: [dbId(baseGrant.id), dbId(evaluation.disbursement.id)],
    AuditEvent: [],
  });
  shinhanBeneficiary = beneficiaries[0];
}

/**
 * A call in KB's demo program and one in SHINHAN's program, each with an
 * application (KB's from the KB supplier caller, SHINHAN's from its supplier)
 * and a review, played through the API; returns SHINHAN's rows.
 */
async function callsFixture(kbSupplierId: string): Promise<void> {
  const q = (sql: string, params: unknown[] = []) => app.db.query(sql, params);
  const programs = {
    KB: gid('Program', (await q(`SELECT id FROM program WHERE funder_id = $1 ORDER BY id LIMIT 1`, [kbId]))[0].id),
    SHINHAN: await api.testProgram(app, gid('Agency', await addSecondFunder(app))),
  };
  const closesAt = new Date((await q('SELECT clock_timestamp() AS t'))[0].t).getTime() + 3000;
  const applicants = { KB: kbSupplierId, SHINHAN: shinhanRows.Enterprise[0] };
  const made: Record<string, { call: string; application: string }> = {};
  for (const funder of ['KB', 'SHINHAN'] as const) {
    const call = await api.perform(app, 'publishSupplierCall', {
      programId: programs[funder],
      title: `${funder} matrix call`,
      opensAt: '2026-01-05T00:00:00Z',
      closesAt: new Date(closesAt).toISOString(),
      places: 1,
      eligibleHazards: ['FALL', 'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'CONFINED_SPACE', 'FIRE_EXPLOSION', 'CHEMICAL_EXPOSURE', 'ELECTRICAL', 'ERGONOMIC', 'HEAT_STRESS', 'VEHICLE'],
      minReadinessLevel: 1,
      maxBaseAmount: '100000000',
      criteria: [{ key: 'fit', description: 'Fit', maxPoints: 10 }],
      reviewsRequired: 1,
      passingScore: 0,
    }, actors.kosme);
    const technologyId = (await q('SELECT min(id) AS id FROM safety_technology WHERE provider_id = $1', [applicants[funder]]))[0].id;
    const application = await api.perform(app, 'submitSupplierApplication', {
      callId: call.id,
      applicantId: gid('Enterprise', applicants[funder]),
      technologyIds: [gid('SafetyTechnology', technologyId)],
      planSummary: 'Matrix plan.',
      requestedBaseAmount: '1000000',
      plannedBeneficiaries: 1,
      serviceRegions: ['SEOUL'],
      proposedTargets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-03-01', periodEnd: '2026-08-31', targetValue: 1 }],
    }, actors.kosme);
    made[funder] = { call: call.id, application: application.id };
  }
  while (new Date((await q('SELECT clock_timestamp() AS t'))[0].t).getTime() <= closesAt) await new Promise((resolve) => setTimeout(resolve, 100));
  const reviews: string[] = [];
  for (const funder of ['KB', 'SHINHAN'] as const) {
    reviews.push((await api.perform(app, 'reviewSupplierApplication', { applicationId: made[funder].application, scores: [{ key: 'fit', points: 7 }] }, actors.kosme)).id);
  }
  const shinhanProgram = dbId(programs.SHINHAN);
  Object.assign(shinhanRows, {
    Event: idsOf(await q('SELECT id FROM business_event WHERE agreement_id IN (SELECT id FROM funding_agreement WHERE funder_id = $1) OR program_id = $2 ORDER BY id', [shinhanRows.Agency[0], shinhanProgram])),
    ...(await webhooksFixture()),
    SupportRequest: idsOf(await q('SELECT id FROM support_request WHERE program_id = $1 ORDER BY id', [shinhanProgram])),
    SupplierMatch: idsOf(await q('SELECT m.id FROM supplier_match m JOIN funding_agreement a ON a.id = m.agreement_id WHERE a.program_id = $1 ORDER BY m.id', [shinhanProgram])),
    Program: [dbId(programs.SHINHAN)],
    SupplierCall: [dbId(made.SHINHAN.call)],
    SupplierApplication: [dbId(made.SHINHAN.application)],
    ApplicationReview: [dbId(reviews[1])],
  });
}

/**
 * A webhook endpoint of KOSME, KB and SHINHAN, disabled (nothing is sent), each
 * with the deliveries of a few events, as SQL: the worker's fan-out is tested
 * in tests/webhooks.test.ts; here only who may read them. Returns SHINHAN's rows.
 */
async function webhooksFixture(): Promise<Partial<Record<Entity, string[]>>> {
  const q = (sql: string, params: unknown[] = []) => app.db.query(sql, params);
  const rows: Partial<Record<Entity, string[]>> = { WebhookEndpoint: [], WebhookDelivery: [] };
  for (const code of ['KOSME', 'KB', SECOND_FUNDER.code]) {
    const [endpoint] = await q(
      `INSERT INTO webhook_endpoint (agency_id, url, enabled, secret, fanned_out_position, created_by)
       SELECT id, 'https://hooks.example.com/' || code, false, 'plain:whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 0, 'matrix' FROM agency WHERE code = $1
       RETURNING id`,
      [code],
    );
    const deliveries = await q(
      `INSERT INTO webhook_delivery (endpoint_id, event_id, payload, status, attempts, delivered_at)
       SELECT $1, id, '{}', 'SUCCEEDED', 1, now() FROM business_event ORDER BY id DESC LIMIT 2 RETURNING id`,
      [endpoint.id],
    );
    if (code === SECOND_FUNDER.code) rows.WebhookEndpoint = [String(endpoint.id)];
    if (code === SECOND_FUNDER.code) rows.WebhookDelivery = idsOf(deliveries);
  }
  return rows;
}

/** A caller of the matrix: an actor's token, with the agency or enterprise its claims name. */
async function addCaller(name: string, role: keyof typeof RULES, token: string, claims: { agency?: string; enterprise?: string }): Promise<void> {
  const agencyId = claims.agency ? await one(`SELECT id FROM agency WHERE code = $1`, [claims.agency]) : null;
  const enterpriseId = claims.enterprise
    ? await one(`SELECT id FROM enterprise WHERE business_registration_number = $1`, [claims.enterprise])
    : null;
  const caller: Caller = { name, role, token, agencyId, enterpriseId, visible: {} as Caller['visible'] };
  for (const entity of Object.keys(TABLES) as Entity[]) caller.visible[entity] = new Set(await expected(caller, entity));
  callers.push(caller);
}

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: 'program' }));
  ({ KB: kbId } = await agencyIds(app));
  await secondFunderFixture();
  const kbSupplier = await one(
    `SELECT e.business_registration_number FROM enterprise e JOIN funding_agreement fa ON fa.recipient_id = e.id
     WHERE fa.funder_id = $1 AND EXISTS (SELECT 1 FROM disbursement d WHERE d.agreement_id = fa.id AND d.kind = 'OUTCOME_PAYMENT')
     ORDER BY fa.id LIMIT 1`,
    [kbId],
  );
  const beneficiaryOnly = await one(`SELECT business_registration_number FROM enterprise WHERE id = $1`, [shinhanBeneficiary]);
  await callsFixture(await one('SELECT id FROM enterprise WHERE business_registration_number = $1', [kbSupplier]));
  for (const entity of Object.keys(TABLES) as Entity[]) allIds[entity] = idsOf(await app.db.query(`SELECT id FROM ${TABLES[entity]} ORDER BY id`));
  await addCaller('ADMIN', 'ADMIN', actors.admin, {});
  await addCaller('AGENCY_OFFICER(KOSME)', 'AGENCY_OFFICER', actors.kosme, { agency: 'KOSME' });
  await addCaller('FUNDER_OFFICER(KB)', 'FUNDER_OFFICER', actors.kb, { agency: 'KB' });
  await addCaller('FUNDER_OFFICER(SHINHAN)', 'FUNDER_OFFICER', actors.shinhan, { agency: SECOND_FUNDER.code });
  await addCaller('ENTERPRISE(KB supplier)', 'ENTERPRISE', await actors.enterprise(kbSupplier), { enterprise: kbSupplier });
  await addCaller('ENTERPRISE(beneficiary)', 'ENTERPRISE', await actors.enterprise(beneficiaryOnly), { enterprise: beneficiaryOnly });
  await addCaller('ANALYST', 'ANALYST', actors.analyst, {});
}, 180_000);

afterAll(async () => {
  await app?.close();
});

// ------------------------------------------------------------------ the fixture itself

describe('fixture', () => {
  it('gives every role something to see and something hidden where the table says so', () => {
    const byName = Object.fromEntries(callers.map((caller) => [caller.name, caller]));
    const kb = byName['FUNDER_OFFICER(KB)'];
    const shinhanOfficer = byName['FUNDER_OFFICER(SHINHAN)'];
    const supplier = byName['ENTERPRISE(KB supplier)'];
    const beneficiary = byName['ENTERPRISE(beneficiary)'];
    const funderScoped: Entity[] = [
      'FundingAgreement', 'PerformanceTarget', 'TargetEvaluation', 'Disbursement', 'Recommendation',
      'Program', 'SupplierCall', 'SupplierApplication', 'SupportRequest', 'SupplierMatch',
    ];
    for (const entity of funderScoped) {
      expect(kb.visible[entity].size).toBeGreaterThan(0);
      expect(shinhanRows[entity].every((id) => !kb.visible[entity].has(id) && shinhanOfficer.visible[entity].has(id))).toBe(true);
      expect(shinhanOfficer.visible[entity].size).toBe(shinhanRows[entity].length);
    }
    expect(supplier.visible.TargetEvaluation.size).toBeGreaterThan(0);
    expect(supplier.visible.Disbursement.size).toBeGreaterThan(0);
    expect(beneficiary.visible.FundingAgreement.size).toBe(0);
    expect(beneficiary.visible.ImprovementActivity.size).toBeGreaterThan(1);
    // Its own two: to the demo's 2026 call and to the matrix call; nobody else's.
    expect(supplier.visible.SupplierApplication.size).toBe(2);
    expect(supplier.visible.SupplierApplication.size).toBeLessThan(byName.ANALYST.visible.SupplierApplication.size);
    expect(byName.ANALYST.visible.SupplierApplication.size).toBeGreaterThan(1);
    expect(byName['AGENCY_OFFICER(KOSME)'].visible.ApplicationReview.size).toBeGreaterThan(1);
    expect(supplier.visible.SupplierMatch.size).toBeGreaterThan(0);
    expect(beneficiary.visible.SupplierMatch.size).toBeGreaterThan(0);
    expect(beneficiary.visible.SupportRequest.size).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------ list queries

const LISTS: { entity: Entity; field: string }[] = [
  { entity: 'Agency', field: 'agencies' },
  { entity: 'Enterprise', field: 'enterprises' },
  { entity: 'SafetyTechnology', field: 'safetyTechnologies' },
  { entity: 'Recommendation', field: 'recommendations' },
  { entity: 'FundingAgreement', field: 'fundingAgreements' },
  { entity: 'ImprovementActivity', field: 'improvementActivities' },
  { entity: 'TargetEvaluation', field: 'targetEvaluations' },
  { entity: 'Disbursement', field: 'disbursements' },
  { entity: 'AuditEvent', field: 'auditEvents' },
  { entity: 'Program', field: 'programs' },
  { entity: 'SupplierCall', field: 'supplierCalls' },
  { entity: 'SupportRequest', field: 'supportRequests' },
  { entity: 'Event', field: 'events' },
  { entity: 'WebhookEndpoint', field: 'webhookEndpoints' },
];

/** Lists that are operations of some roles only: the others are refused before any row is read. */
const RESTRICTED_LISTS: Partial<Record<Entity, string>> = { AuditEvent: 'auditEvents', WebhookEndpoint: 'webhookEndpoints' };

/** A visible row's pointer (a nested object): the first row SQL says the caller sees there, else null. */
function expectPointer(caller: Caller, id: string, pointer: { id: string } | null, type: Entity, visible: string[]): void {
  expect([caller.name, id, pointer?.id ?? null]).toEqual([caller.name, id, visible.length ? gid(type, visible[0]) : null]);
}

/** Runs a list query (its list aliased `list`, paged by $after) as the caller to its end, handing each page to `visit`. */
async function eachPage(caller: Caller, query: string, visit: (page: any) => Promise<void> | void): Promise<void> {
  let after: string | null = null;
  for (;;) {
    const { list } = await gqlOk(caller, query, { after });
    await visit(list);
    if (!list.pageInfo.hasNextPage) return;
    after = list.pageInfo.endCursor;
  }
}

/** Walks a list query to its end; returns the ids and the totalCount of the first page. */
async function walk(caller: Caller, field: string): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let totalCount = -1;
  const query = `query($after: String) { list: ${field}(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`;
  await eachPage(caller, query, (list) => {
    if (totalCount < 0) totalCount = list.totalCount;
    ids.push(...list.nodes.map((node: { id: string }) => dbId(node.id)));
  });
  return { ids, totalCount };
}

describe('list queries: ids and totalCount are exactly the rows the role table allows', () => {
  it.each(LISTS.map(({ entity, field }) => [field, entity] as const))('%s', async (field, entity) => {
    for (const caller of callers) {
      if (RESTRICTED_LISTS[entity] && RULES[caller.role][entity] === NONE) {
        const res = await app.gql(`{ ${RESTRICTED_LISTS[entity]}(first: 1) { totalCount } }`, {}, caller.token);
        expect([caller.name, res.errors?.[0]?.extensions.code]).toEqual([caller.name, 'FORBIDDEN']);
        continue;
      }
      const { ids, totalCount } = await walk(caller, field);
      const want = sorted(caller.visible[entity]);
      expect([caller.name, sorted(ids)]).toEqual([caller.name, want]);
      expect([caller.name, new Set(ids).size, totalCount]).toEqual([caller.name, ids.length, want.length]);
    }
  });
});

// ------------------------------------------------------------------ node and nodes

/** Up to 100 ids of a type: the SHINHAN fixture's, and the first visible and hidden ones of this caller. */
function sample(caller: Caller, entity: Entity): string[] {
  const visible = allIds[entity].filter((id) => caller.visible[entity].has(id));
  const hidden = allIds[entity].filter((id) => !caller.visible[entity].has(id));
  return [...new Set([...shinhanRows[entity], ...visible.slice(0, 45), ...hidden.slice(0, 45), ...visible.slice(-4), ...hidden.slice(-4)])].slice(0, 100);
}

describe("node, nodes and a gateway's _entities: a hidden row is null, never an error", () => {
  it.each(Object.keys(TABLES) as Entity[])('%s', async (entity) => {
    for (const caller of callers) {
      const ids = sample(caller, entity);
      if (!ids.length) continue;
      const globalIds = ids.map((id) => gid(entity, id));
      const data = await gqlOk(caller, `query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`, { ids: globalIds });
      const want = ids.map((id) => (caller.visible[entity].has(id) ? { id: gid(entity, id), __typename: entity } : null));
      expect([caller.name, data.nodes]).toEqual([caller.name, want]);
      const representations = globalIds.map((id) => ({ __typename: entity, id }));
      const entities = await gqlOk(caller, `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Node { id __typename } } }`, { representations });
      expect([caller.name, entities._entities]).toEqual([caller.name, want]);

      for (const id of [ids.find((i) => caller.visible[entity].has(i)), ids.find((i) => !caller.visible[entity].has(i))]) {
        if (!id) continue;
        const single = await gqlOk(caller, `query($id: ID!) { node(id: $id) { id } }`, { id: gid(entity, id) });
        expect([caller.name, single.node]).toEqual([caller.name, caller.visible[entity].has(id) ? { id: gid(entity, id) } : null]);
      }
    }
  });

  it("another funder's global ids read as null for KB and SHINHAN alike", async () => {
    const kb = callers.find((caller) => caller.name === 'FUNDER_OFFICER(KB)')!;
    const shinhanOfficer = callers.find((caller) => caller.name === 'FUNDER_OFFICER(SHINHAN)')!;
    const hiddenTypes: Entity[] = ['Recommendation', 'FundingAgreement', 'PerformanceTarget', 'TargetEvaluation', 'Disbursement'];
    const shinhanIds = hiddenTypes.flatMap((entity) => shinhanRows[entity].map((id) => gid(entity, id)));
    const kbIds = hiddenTypes.map((entity) => gid(entity, [...kb.visible[entity]][0]));
    for (const [caller, ids] of [
      [kb, shinhanIds],
      [shinhanOfficer, kbIds],
    ] as const) {
      const data = await gqlOk(caller, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
      expect([caller.name, data.nodes]).toEqual([caller.name, ids.map(() => null)]);
    }
  });
});

// ------------------------------------------------------------------ nested paths

function expectPage(caller: Caller, where: string, connection: any, want: string[], first = 100): void {
  expect([caller.name, where, connection.totalCount, connection.nodes.map((node: { id: string }) => dbId(node.id))]).toEqual([
    caller.name,
    where,
    want.length,
    want.slice(0, first),
  ]);
}

describe('nested paths follow the same rules', () => {
  it('Agency.fundedAgreements (+totalCount)', async () => {
    for (const caller of callers) {
      const data = await gqlOk(caller, `{ agencies(first: 100) { nodes { id fundedAgreements(first: 100) { totalCount nodes { id } } } } }`);
      for (const agency of data.agencies.nodes) {
        const want = await expected(caller, 'FundingAgreement', 't.funder_id = $3', [dbId(agency.id)]);
        expectPage(caller, `agency ${dbId(agency.id)}`, agency.fundedAgreements, want);
      }
    }
  });

  it('Enterprise.fundingAgreements, activitiesProvided, activitiesReceived (+totalCount)', async () => {
    const interesting = idsOf(
      await app.db.query(
        `(SELECT DISTINCT recipient_id AS id FROM funding_agreement ORDER BY 1 LIMIT 6)
         UNION (SELECT beneficiary_id FROM improvement_activity WHERE agreement_id = ANY($1))
         UNION (SELECT id FROM enterprise WHERE id = ANY($2))`,
        [shinhanRows.FundingAgreement, callers.map((caller) => caller.enterpriseId).filter(Boolean)],
      ),
    );
    const ids = [...interesting, ...shinhanRows.Enterprise].map((id) => gid('Enterprise', id));
    for (const caller of callers) {
      const data = await gqlOk(
        caller,
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Enterprise { id
            fundingAgreements(first: 100) { totalCount nodes { id } }
            activitiesProvided(first: 100) { totalCount nodes { id } }
            activitiesReceived(first: 100) { totalCount nodes { id } } } } }`,
        { ids },
      );
      for (const enterprise of data.nodes) {
        const id = dbId(enterprise.id);
        expectPage(caller, `enterprise ${id} agreements`, enterprise.fundingAgreements, await expected(caller, 'FundingAgreement', 't.recipient_id = $3', [id]));
        expectPage(caller, `enterprise ${id} provided`, enterprise.activitiesProvided, await expected(caller, 'ImprovementActivity', 't.provider_id = $3', [id]));
        expectPage(caller, `enterprise ${id} received`, enterprise.activitiesReceived, await expected(caller, 'ImprovementActivity', 't.beneficiary_id = $3', [id]));
      }
    }
  });

  const AGREEMENT_FIELDS = `id outcomePaymentsEarned
    recommendation { id }
    targets { id evaluations { id } latestEvaluation { id } }
    activities(first: 100) { totalCount nodes { id } }
    disbursements { id }`;

  /** Checks the agreement's own nested fields, whether the agreement was reached as a visible row or through an activity. */
  async function checkAgreement(caller: Caller, agreement: any): Promise<void> {
    const id = dbId(agreement.id);
    const where = `agreement ${id}`;
    const recommendation = await expected(caller, 'Recommendation', 't.id = (SELECT recommendation_id FROM funding_agreement WHERE id = $3)', [id]);
    expect([caller.name, where, agreement.recommendation?.id ?? null]).toEqual([
      caller.name,
      where,
      recommendation.length ? gid('Recommendation', recommendation[0]) : null,
    ]);
    const targets = await expected(caller, 'PerformanceTarget', 't.agreement_id = $3', [id]);
    expect([caller.name, where, agreement.targets.map((t: any) => dbId(t.id))]).toEqual([caller.name, where, targets]);
    for (const target of agreement.targets) {
      const targetId = dbId(target.id);
      const evaluations = await expected(caller, 'TargetEvaluation', 't.target_id = $3', [targetId]);
      expect([caller.name, targetId, target.evaluations.map((e: any) => dbId(e.id))]).toEqual([caller.name, targetId, evaluations]);
      const latest = await expected(
        caller,
        'TargetEvaluation',
        `t.id = (SELECT e.id FROM target_evaluation e WHERE e.target_id = $3 AND e.status <> 'VOID'
                 ORDER BY (e.status = 'FINALIZED') DESC, e.id DESC LIMIT 1)`,
        [targetId],
      );
      expectPointer(caller, targetId, target.latestEvaluation, 'TargetEvaluation', latest);
    }
    expectPage(caller, `${where} activities`, agreement.activities, await expected(caller, 'ImprovementActivity', 't.agreement_id = $3', [id]));
    const disbursements = await expected(caller, 'Disbursement', 't.agreement_id = $3', [id]);
    expect([caller.name, where, agreement.disbursements.map((d: any) => dbId(d.id))]).toEqual([caller.name, where, disbursements]);
    // A figure of the agreement the caller sees: the whole sum, even where the evaluations behind it are hidden,
    // so that outcomeBudgetRemaining never overstates what is left.
    const earned = await one(
      `SELECT coalesce(sum(e.payout), 0)::text FROM target_evaluation e JOIN performance_target t ON t.id = e.target_id
        WHERE e.status = 'FINALIZED' AND t.agreement_id = $1`,
      [id],
    );
    expect([caller.name, where, agreement.outcomePaymentsEarned]).toEqual([caller.name, where, earned]);
  }

  it('FundingAgreement.recommendation, targets (evaluations, latestEvaluation), activities, disbursements on visible agreements', async () => {
    for (const caller of callers) {
      const data = await gqlOk(caller, `{ fundingAgreements(first: 100) { nodes { ${AGREEMENT_FIELDS} } } }`);
      expect(data.fundingAgreements.nodes.length).toBe(caller.visible.FundingAgreement.size);
      for (const agreement of data.fundingAgreements.nodes) await checkAgreement(caller, agreement);
    }
  });

  it('ImprovementActivity.agreement: the agreement of a visible activity when the caller may see it, else null (the pointer leaks nothing)', async () => {
    let hidden = 0;
    for (const caller of callers) {
      // One visible activity per agreement.
      const activities: { id: string; agreement_id: string }[] = await app.db.query(
        `SELECT min(t.id) AS id, t.agreement_id FROM improvement_activity t, ${CALLER} WHERE ${RULES[caller.role].ImprovementActivity}
          GROUP BY t.agreement_id ORDER BY 1 LIMIT 100`,
        [caller.agencyId ?? '0', caller.enterpriseId ?? '0'],
      );
      const data = await gqlOk(
        caller,
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ImprovementActivity { id
            provider { id } beneficiary { id } technology { id } agreement { ${AGREEMENT_FIELDS} } } } }`,
        { ids: activities.map((activity) => gid('ImprovementActivity', activity.id)) },
      );
      expect(data.nodes.every((node: any) => node !== null)).toBe(true);
      for (const [i, activity] of data.nodes.entries()) {
        const agreementId = String(activities[i].agreement_id);
        const visible = caller.visible.FundingAgreement.has(agreementId) ? [agreementId] : [];
        if (!visible.length) hidden += 1;
        expectPointer(caller, dbId(activity.id), activity.agreement, 'FundingAgreement', visible);
        if (activity.agreement) await checkAgreement(caller, activity.agreement);
      }
    }
    // Funder officers and beneficiaries see activities under agreements hidden from them: the null case ran.
    expect(hidden).toBeGreaterThan(0);
  });

  it('TargetEvaluation.countedActivities (+totalCount), .disbursement and .target', async () => {
    const query = `query($after: String) { list: targetEvaluations(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id
        target { id } disbursement { id } countedActivities(first: 100) { totalCount nodes { id } } } } }`;
    for (const caller of callers) {
      await eachPage(caller, query, async (list) => {
        for (const evaluation of list.nodes) {
          const id = dbId(evaluation.id);
          const counted = await expected(caller, 'ImprovementActivity', 't.id IN (SELECT activity_id FROM evaluation_activity WHERE evaluation_id = $3)', [id]);
          expectPage(caller, `evaluation ${id} counted`, evaluation.countedActivities, counted);
          expectPointer(caller, id, evaluation.disbursement, 'Disbursement', await expected(caller, 'Disbursement', 't.evaluation_id = $3', [id]));
          expect(caller.visible.PerformanceTarget.has(dbId(evaluation.target.id))).toBe(true);
        }
      });
    }
  });

  it('Program.calls and .agreements, SupplierCall.applications, SupplierApplication.reviews (+totalCount)', async () => {
    // Pages small enough for the cost limit; the fixture's calls have fewer rows than that.
    const query = `{ programs(first: 20) { nodes { id
        agreements(first: 100) { totalCount nodes { id } }
        calls(first: 5) { totalCount nodes { id applications(first: 20) { totalCount nodes { id reviews { id } } } } } } } }`;
    for (const caller of callers) {
      const data = await gqlOk(caller, query);
      for (const program of data.programs.nodes) {
        const programId = dbId(program.id);
        expectPage(caller, `program ${programId} agreements`, program.agreements, await expected(caller, 'FundingAgreement', 't.program_id = $3', [programId]));
        expectPage(caller, `program ${programId} calls`, program.calls, await expected(caller, 'SupplierCall', 't.program_id = $3', [programId]), 5);
        for (const call of program.calls.nodes) {
          const callId = dbId(call.id);
          expectPage(caller, `call ${callId} applications`, call.applications, await expected(caller, 'SupplierApplication', 't.call_id = $3', [callId]), 20);
          for (const application of call.applications.nodes) {
            const reviews = await expected(caller, 'ApplicationReview', 't.application_id = $3', [dbId(application.id)]);
            expect([caller.name, application.id, application.reviews.map((r: any) => dbId(r.id))]).toEqual([caller.name, application.id, reviews]);
          }
        }
      }
    }
  });

  it('SupportRequest.matches, FundingAgreement.matches, SupplierMatch.activities and ImprovementActivity.match', async () => {
    const query = `query($after: String) { list: supportRequests(first: 20, after: $after) { pageInfo { hasNextPage endCursor } nodes { id
        matches { id agreement { id matches(first: 10) { totalCount nodes { id } } } activities(first: 10) { totalCount nodes { id match { id } } } } } } }`;
    for (const caller of callers) {
      await eachPage(caller, query, async (list) => {
        for (const request of list.nodes) {
          const requestId = dbId(request.id);
          const matches = await expected(caller, 'SupplierMatch', 't.request_id = $3', [requestId]);
          expect([caller.name, requestId, request.matches.map((m: any) => dbId(m.id))]).toEqual([caller.name, requestId, matches]);
          for (const match of request.matches) {
            const agreementMatches = await expected(caller, 'SupplierMatch', 't.agreement_id = $3', [dbId(match.agreement.id)]);
            expectPage(caller, `agreement ${dbId(match.agreement.id)} matches`, match.agreement.matches, agreementMatches, 10);
            const activities = await expected(caller, 'ImprovementActivity', 't.match_id = $3', [dbId(match.id)]);
            expectPage(caller, `match ${dbId(match.id)} activities`, match.activities, activities, 10);
            for (const activity of match.activities.nodes) expect(activity.match).toEqual({ id: match.id });
          }
        }
      });
    }
  });

  it('Disbursement.evaluation and .agreement', async () => {
    const query = `query($after: String) { list: disbursements(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { id
        agreement { id } evaluation { id } } } }`;
    for (const caller of callers) {
      await eachPage(caller, query, async (list) => {
        for (const disbursement of list.nodes) {
          const id = dbId(disbursement.id);
          const evaluation = await expected(caller, 'TargetEvaluation', 't.id = (SELECT evaluation_id FROM disbursement WHERE id = $3)', [id]);
          expectPointer(caller, id, disbursement.evaluation, 'TargetEvaluation', evaluation);
          expect(caller.visible.FundingAgreement.has(dbId(disbursement.agreement.id))).toBe(true);
        }
      });
    }
  });
});

// ------------------------------------------------------------------ filters naming hidden rows

describe('filters and arguments naming a hidden row find nothing, without an error', () => {
  it('list filters by agreement and funder, projectedPayouts', async () => {
    const kbAgreement = await one(
      `SELECT pt.agreement_id FROM target_evaluation e JOIN performance_target pt ON pt.id = e.target_id
       JOIN funding_agreement fa ON fa.id = pt.agreement_id WHERE fa.funder_id = $1 AND e.status = 'FINALIZED' ORDER BY 1 LIMIT 1`,
      [kbId],
    );
    const funders = [kbId, shinhanRows.Agency[0]];
    for (const caller of callers) {
      for (const [index, agreementId] of [kbAgreement, shinhanRows.FundingAgreement[0]].entries()) {
        const funderId = funders[index];
        const data = await gqlOk(
          caller,
          `query($agreement: ID!, $funder: ID!) {
             byFunder: fundingAgreements(first: 100, filter: { funderId: $funder }) { totalCount }
             disbursements(first: 100, filter: { agreementId: $agreement }) { totalCount nodes { id } }
             targetEvaluations(first: 100, filter: { agreementId: $agreement }) { totalCount nodes { id } }
             recommendations(first: 100, filter: { funderId: $funder }) { totalCount }
             projectedPayouts(agreementId: $agreement) { target { id } } }`,
          { agreement: gid('FundingAgreement', agreementId), funder: gid('Agency', funderId) },
        );
        const where = `agreement ${agreementId}`;
        expect([caller.name, where, data.byFunder.totalCount]).toEqual([caller.name, where, (await expected(caller, 'FundingAgreement', 't.funder_id = $3', [funderId])).length]);
        expectPage(caller, `${where} disbursements`, data.disbursements, await expected(caller, 'Disbursement', 't.agreement_id = $3', [agreementId]));
        expectPage(caller, `${where} evaluations`, data.targetEvaluations, await expected(caller, 'TargetEvaluation', OWN_TARGET_OF('$3'), [agreementId]));
        expect([caller.name, where, data.recommendations.totalCount]).toEqual([caller.name, where, (await expected(caller, 'Recommendation', 't.funder_id = $3', [funderId])).length]);
        const targets = await expected(caller, 'PerformanceTarget', 't.agreement_id = $3', [agreementId]);
        expect([caller.name, where, data.projectedPayouts.map((p: any) => dbId(p.target.id))]).toEqual([caller.name, where, targets]);
      }
    }
  });
});

// ------------------------------------------------------------------ mutations on hidden rows

describe('mutations: a hidden row is NOT_FOUND, exactly like a missing one', () => {
  const MISSING = '999999999';
  const byName = (name: string) => callers.find((caller) => caller.name === name)!;

  /** The mutation's outcome: a top-level error code, else its first userError code, else OK. */
  async function outcome(caller: { token: string }, mutation: string, inputType: string, input: Record<string, unknown>): Promise<string> {
    const res = await app.gql(
      `mutation($input: ${inputType}!) { result: ${mutation}(input: $input) { userErrors { code field } } }`,
      { input },
      caller.token,
    );
    if (res.errors) return res.errors[0].extensions.code;
    return res.data.result.userErrors[0]?.code ?? 'OK';
  }

  const payment = (id: string) => ({ id, idempotencyKey: `matrix-${id}`, bankReference: 'REF-1', paidAt: '2026-09-01T00:00:00Z' });

  it("FUNDER_OFFICER: another funder's disbursement and agreement are NOT_FOUND", async () => {
    for (const [name, other] of [
      ['FUNDER_OFFICER(KB)', () => byName('FUNDER_OFFICER(SHINHAN)')],
      ['FUNDER_OFFICER(SHINHAN)', () => byName('FUNDER_OFFICER(KB)')],
    ] as const) {
      const caller = byName(name);
      const disbursement = [...other().visible.Disbursement][0];
      const agreement = [...other().visible.FundingAgreement][0];
      const evaluation = [...other().visible.TargetEvaluation][0];
      expect(await outcome(caller, 'recordDisbursementPayment', 'RecordDisbursementPaymentInput', payment(gid('Disbursement', disbursement)))).toBe('NOT_FOUND');
      expect(await outcome(caller, 'recordDisbursementPayment', 'RecordDisbursementPaymentInput', payment(gid('Disbursement', MISSING)))).toBe('NOT_FOUND');
      expect(await outcome(caller, 'terminateFundingAgreement', 'ChangeAgreementStatusInput', { id: gid('FundingAgreement', agreement), reason: 'x' })).toBe('NOT_FOUND');
      expect(await outcome(caller, 'finalizeTargetEvaluation', 'FinalizeTargetEvaluationInput', { id: gid('TargetEvaluation', evaluation) })).toBe('NOT_FOUND');
      const recommendation = [...other().visible.Recommendation][0];
      expect(await outcome(caller, 'decideRecommendation', 'DecideRecommendationInput', { id: gid('Recommendation', recommendation), accept: true })).toBe('NOT_FOUND');
    }
  });

  it("ENTERPRISE: reporting under an agreement it does not hold is NOT_FOUND on agreementId, whether the agreement exists or not", async () => {
    for (const name of ['ENTERPRISE(KB supplier)', 'ENTERPRISE(beneficiary)']) {
      const caller = byName(name);
      const foreign = allIds.FundingAgreement.find((id) => !caller.visible.FundingAgreement.has(id))!;
      const input = (agreement: string) => ({
        agreementId: gid('FundingAgreement', agreement),
        beneficiaryId: gid('Enterprise', shinhanBeneficiary),
        technologyId: gid('SafetyTechnology', shinhanRows.SafetyTechnology[0]),
        kind: 'TRAINING',
        title: 'Probe',
        hazardsAddressed: ['FALL'],
        workersCovered: 1,
        hazardsRemediated: 0,
        startedOn: '2026-05-01',
        completedOn: '2026-05-01',
      });
      expect(await outcome(caller, 'reportImprovementActivity', 'ReportImprovementActivityInput', input(foreign))).toBe('NOT_FOUND');
      expect(await outcome(caller, 'reportImprovementActivity', 'ReportImprovementActivityInput', input(MISSING))).toBe('NOT_FOUND');
      // Role-gated mutations refuse before any row is read: the same answer for a real and a missing id.
      const real = await outcome(caller, 'recordDisbursementPayment', 'RecordDisbursementPaymentInput', payment(gid('Disbursement', shinhanRows.Disbursement[0])));
      const missing = await outcome(caller, 'recordDisbursementPayment', 'RecordDisbursementPaymentInput', payment(gid('Disbursement', MISSING)));
      expect([real, missing]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    }
  });

  it('ANALYST: every mutation is FORBIDDEN, for real and missing ids alike', async () => {
    const caller = byName('ANALYST');
    for (const id of [shinhanRows.FundingAgreement[0], MISSING]) {
      expect(await outcome(caller, 'terminateFundingAgreement', 'ChangeAgreementStatusInput', { id: gid('FundingAgreement', id), reason: 'x' })).toBe('FORBIDDEN');
      expect(await outcome(caller, 'verifyImprovementActivity', 'VerifyImprovementActivityInput', { id: gid('ImprovementActivity', id) })).toBe('FORBIDDEN');
    }
  });

  it('ADMIN and AGENCY_OFFICER see every row: only a missing id is NOT_FOUND', async () => {
    // An ADMIN acts for a funder only with a token naming one (otherwise FORBIDDEN before any row is read).
    const admin = { token: actors.adminKb };
    const agency = byName('AGENCY_OFFICER(KOSME)');
    expect(await outcome(admin, 'activateFundingAgreement', 'ChangeAgreementStatusInput', { id: gid('FundingAgreement', MISSING) })).toBe('NOT_FOUND');
    expect(await outcome(admin, 'addPerformanceTarget', 'AddPerformanceTargetInput', {
      agreementId: gid('FundingAgreement', MISSING),
      target: { metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-03-01', periodEnd: '2026-08-31', baseline: 0, targetValue: 2, maxPayout: '1000', payoutRule: { kind: 'ALL_OR_NOTHING' } },
    })).toBe('NOT_FOUND');
    expect(await outcome(agency, 'verifyImprovementActivity', 'VerifyImprovementActivityInput', { id: gid('ImprovementActivity', MISSING) })).toBe('NOT_FOUND');
    expect(await outcome(agency, 'evaluatePerformanceTarget', 'EvaluatePerformanceTargetInput', { targetId: gid('PerformanceTarget', MISSING) })).toBe('NOT_FOUND');
  });
});
