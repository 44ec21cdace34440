/**
 * Synthetic program data at a chosen scale, for benchmarks: N improvement
 * activities and a registry, agreements, targets, evaluations and
 * disbursements in proportion, and the matching behind the activities (R7,
 * R20-R22): a MATCHED support request per beneficiary, an ACCEPTED match per
 * activity (each activity is its agreement's only one at that beneficiary),
 * BASELINE and FOLLOW_UP assessments of some, and OPEN requests of second
 * worksites for the suggestions to work on, and the event feed of the
 * activities (reported, then verified or rejected). Rows are generated inside PostgreSQL
 * (generate_series) with pseudo-randomness from hashint8extended(i, salt), so a
 * given N always produces the same tables, ids included (explicit ids,
 * sequences moved past them afterwards). Only BRNs come from Node, where the
 * R1 check digit is already implemented. Meant for an empty, migrated database.
 */
import { brnCheckDigit } from '../modules/enterprises/brn';
import type { SeedQuery } from './demo-data';

export interface ScaleSummary {
  activities: number;
  suppliers: number;
  beneficiaries: number;
  technologies: number;
  agreements: number;
  targets: number;
  evaluations: number;
  evaluationActivities: number;
  disbursements: number;
  supportRequests: number;
  openSupportRequests: number;
  matches: number;
  assessments: number;
  events: number;
}

/** The parameters seedScale derives from N; the benchmark needs them to pick its inputs. */
export interface ScaleLayout {
  suppliers: number;
  beneficiaries: number;
  /** Technologies per supplier; the last one of each is never used by generated activities (free for new reports). */
  technologiesPerSupplier: number;
}

const TECHNOLOGIES_PER_SUPPLIER = 3;
/** Every this many beneficiaries one also asks for a second worksite, still OPEN. */
const OPEN_REQUEST_EVERY = 10;
/** Every this many matches has a BASELINE assessment; every other one of those a FOLLOW_UP too. */
const ASSESSED_EVERY = 10;
/** Multiplier that spreads an agreement's activities over distinct beneficiaries (prime, coprime to the count). */
const SPREAD = 7919;

export function scaleLayout(n: number): ScaleLayout {
  const suppliers = Math.max(50, Math.ceil(n / 2000));
  const perAgreement = Math.ceil(n / suppliers);
  // More beneficiaries than activities per agreement keeps the R7 natural key unique.
  let beneficiaries = Math.max(300, Math.ceil(n / 20), perAgreement + 1);
  if (beneficiaries % SPREAD === 0) beneficiaries += 1;
  return { suppliers, beneficiaries, technologiesPerSupplier: TECHNOLOGIES_PER_SUPPLIER };
}

/** The BRN of the enterprise with this id in scale data: "1" + the id in 8 digits + the R1 check digit. */
export function scaleBrn(enterpriseId: number): string {
  const nine = `1${String(enterpriseId).padStart(8, '0')}`;
  return nine + brnCheckDigit(nine);
}

const REGIONS = `ARRAY['SEOUL','BUSAN','DAEGU','INCHEON','GWANGJU','DAEJEON','ULSAN','SEJONG','GYEONGGI',
  'GANGWON','CHUNGBUK','CHUNGNAM','JEONBUK','JEONNAM','GYEONGBUK','GYEONGNAM','JEJU']`;
const HAZARDS = `ARRAY['FALL','CAUGHT_IN_MACHINERY','STRUCK_BY','CONFINED_SPACE','FIRE_EXPLOSION',
  'CHEMICAL_EXPOSURE','ELECTRICAL','ERGONOMIC','HEAT_STRESS','VEHICLE']`;
const CATEGORIES = `ARRAY['GAS_DETECTION','AI_VISION','WEARABLE_MONITORING','FALL_PROTECTION','MACHINE_GUARDING',
  'ENVIRONMENT_MONITORING','SAFETY_MANAGEMENT_SOFTWARE','OTHER']`;
const KINDS = `ARRAY['PRODUCT_SUPPLY','ON_SITE_INSPECTION','CONSULTING','TRAINING']`;

/** A non-negative pseudo-random bigint for row `i` and a per-column salt. */
const h = (i: string, salt: number) => `(hashint8extended(${i}, ${salt}) & 9223372036854775807)`;

const TABLES = [
  'agency',
  'program',
  'enterprise',
  'safety_technology',
  'funding_agreement',
  'performance_target',
  'support_request',
  'supplier_match',
  'improvement_activity',
  'target_evaluation',
  'disbursement',
];

export async function seedScale(query: SeedQuery, n: number): Promise<ScaleSummary> {
  if (!Number.isInteger(n) || n < 1) throw new Error('the scale must be a positive whole number');
  const { suppliers: s, beneficiaries: b } = scaleLayout(n);
  const t = TECHNOLOGIES_PER_SUPPLIER;
  const a = s; // one agreement per supplier

  await query(`INSERT INTO agency (id, code, name, kind) OVERRIDING SYSTEM VALUE VALUES
    (1, 'MSS', 'Ministry of SMEs and Startups', 'MINISTRY'),
    (2, 'KOSME', 'Korea SMEs and Startups Agency', 'PUBLIC_AGENCY'),
    (3, 'KB', 'KB Kookmin Bank', 'FINANCIAL_INSTITUTION')`);
  // One program funds every agreement; its budget covers them all (R15).
  await query(`INSERT INTO program (id, code, name, operator_id, funder_id, budget, starts_on, ends_on, created_by) OVERRIDING SYSTEM VALUE
    VALUES (1, 'SCALE', 'Scale test program', 2, 3, ${BigInt(a) * 130_000_000n}, date '2026-01-01', date '2026-12-31', 'scale-seed')`);

  // Enterprises 1..s are suppliers, s+1..s+b beneficiaries.
  const brns = Array.from({ length: s + b }, (_, i) => scaleBrn(i + 1));
  await query(
    `INSERT INTO enterprise (id, business_registration_number, name, size, industry_code, region, employee_count, created_at, updated_at)
     OVERRIDING SYSTEM VALUE
     SELECT i, brn,
       CASE WHEN i <= $2 THEN 'Supplier ' ELSE 'Worksite ' END || i,
       (ARRAY['MICRO','SMALL','MEDIUM'])[1 + ${h('i', 1)} % 3],
       CASE WHEN i <= $2 THEN 'J' || (58 + ${h('i', 2)} % 6) ELSE 'C' || (10 + ${h('i', 2)} % 24) END,
       (${REGIONS})[1 + ${h('i', 3)} % 17],
       1 + ${h('i', 4)} % 299,
       timestamptz '2025-06-01' + i * interval '1 second', timestamptz '2025-06-01' + i * interval '1 second'
     FROM unnest($1::text[]) WITH ORDINALITY AS u(brn, i)`,
    [brns, s],
  );

  await query(
    `INSERT INTO safety_technology (id, provider_id, name, category, hazards, readiness_level, created_at)
     OVERRIDING SYSTEM VALUE
     SELECT i, (i - 1) / ${t} + 1, 'Technology ' || i,
       (${CATEGORIES})[1 + ${h('i', 5)} % 8],
       CASE WHEN ${h('i', 6)} % 2 = 0 THEN ARRAY[(${HAZARDS})[1 + ${h('i', 7)} % 10]]
            ELSE ARRAY[(${HAZARDS})[1 + ${h('i', 7)} % 10], (${HAZARDS})[1 + (${h('i', 7)} % 10 + 1 + ${h('i', 8)} % 9) % 10]] END,
       1 + ${h('i', 9)} % 9,
       timestamptz '2025-07-01' + i * interval '1 second'
     FROM generate_series(1, ${s * t}) i`,
  );

  // Every tenth agreement COMPLETED (those carry FINALIZED evaluations), the rest ACTIVE; KB funds all.
  await query(
    `INSERT INTO funding_agreement (id, agreement_number, program_id, funder_id, recipient_id, status, starts_on, ends_on,
       base_amount, outcome_budget_cap, activated_at, completed_at, created_at)
     OVERRIDING SYSTEM VALUE
     SELECT i, 'SCALE-' || lpad(i::text, 6, '0'), 1, 3, i,
       CASE WHEN i % 10 = 0 THEN 'COMPLETED' ELSE 'ACTIVE' END,
       date '2026-01-01', date '2026-12-31', 50000000, 80000000,
       timestamptz '2026-01-01', CASE WHEN i % 10 = 0 THEN timestamptz '2026-11-10' END,
       timestamptz '2025-12-01' + i * interval '1 second'
     FROM generate_series(1, ${a}) i`,
  );

  // Three targets per agreement, one per payout rule; max payouts add up to the outcome budget cap.
  await query(
    `INSERT INTO performance_target (id, agreement_id, metric, period_start, period_end, baseline, target_value,
       max_payout, payout_rule_kind, payout_threshold_bp, payout_tiers, created_at)
     OVERRIDING SYSTEM VALUE
     SELECT (ag - 1) * 3 + k, ag,
       (ARRAY['VERIFIED_ACTIVITIES','WORKERS_COVERED','HAZARDS_REMEDIATED'])[k],
       date '2026-01-01', date '2026-12-31', 0,
       (ARRAY[${Math.max(1, Math.floor(n / a / 2))}, ${Math.max(1, Math.floor((n / a) * 12))}, ${Math.max(1, Math.floor(n / a))}])[k],
       (ARRAY[20000000, 30000000, 30000000])[k]::bigint,
       (ARRAY['ALL_OR_NOTHING','PRO_RATA','TIERED'])[k],
       CASE WHEN k = 2 THEN 5000 END,
       CASE WHEN k = 3 THEN '[{"minAchievementBp": 5000, "shareBp": 5000}, {"minAchievementBp": 10000, "shareBp": 10000}]'::jsonb END,
       timestamptz '2026-01-01'
     FROM generate_series(1, ${a}) ag CROSS JOIN generate_series(1, 3) k`,
  );

  // R20: request j is beneficiary s + j's main worksite, MATCHED once it has a match (below), else OPEN;
  // every OPEN_REQUEST_EVERY-th beneficiary also asked in the autumn for a second worksite, still OPEN.
  const main = `SELECT j, ${s} + j AS e, ${h('j', 20)} AS q1, ${h('j', 21)} AS q2, ${h('j', 22)} AS q3 FROM generate_series(1, ${b}) j`;
  await query(
    `INSERT INTO support_request (id, program_id, beneficiary_id, worksite_name, worksite_region, workers_at_worksite, hazards, needs,
       status, submitted_by, submitted_at)
     OVERRIDING SYSTEM VALUE
     SELECT r.j, 1, r.e, 'Worksite ' || r.e || CASE WHEN r.second THEN ' site 2' ELSE ' main site' END, en.region,
       CASE WHEN r.second THEN 1 + r.q3 % en.employee_count ELSE en.employee_count END,
       CASE WHEN r.q1 % 3 = 0 THEN ARRAY[(${HAZARDS})[1 + r.q2 % 10]]
            ELSE ARRAY[(${HAZARDS})[1 + r.q2 % 10], (${HAZARDS})[1 + (r.q2 % 10 + 1 + r.q3 % 9) % 10]] END,
       'Scale data: on-site support for the hazards listed',
       'OPEN',
       'scale-seed',
       CASE WHEN r.second THEN timestamptz '2026-10-01 09:00+09' + r.j * interval '1 minute' ELSE timestamptz '2026-01-01 09:00+09' + r.j * interval '1 second' END
     FROM (SELECT j, e, q1, q2, q3, false AS second FROM (${main}) m
           UNION ALL
           SELECT ${b} + j / ${OPEN_REQUEST_EVERY}, e, q1, q3, q2, true FROM (${main}) m WHERE j % ${OPEN_REQUEST_EVERY} = 0) r
     JOIN enterprise en ON en.id = r.e`,
  );

  // Activity i belongs to agreement (i-1) % a + 1 as its k-th; beneficiary k·SPREAD mod b is distinct
  // for each k < b, so the R7 natural key never repeats, and each activity is its agreement's only one
  // at its beneficiary: match i is the ACCEPTED match behind activity i (R7, R21), accepted in the first
  // days of January, before any activity completed.
  const activities = `
     SELECT i, (i - 1) % ${a} + 1 AS ag, ${s} + 1 + (((i - 1) / ${a}) * ${SPREAD} + ((i - 1) % ${a} + 1) * 131) % ${b} AS e
     FROM generate_series(1, ${n}) i`;
  await query(
    `INSERT INTO supplier_match (id, request_id, agreement_id, supplier_id, beneficiary_id, status, proposed_by, proposed_at,
       supplier_answer, supplier_answered_on, supplier_answered_at, supplier_answered_by,
       beneficiary_answer, beneficiary_answered_on, beneficiary_answered_at, beneficiary_answered_by, accepted_on)
     OVERRIDING SYSTEM VALUE
     SELECT x.i, x.e - ${s}, x.ag, x.ag, x.e, 'ACCEPTED', 'scale-seed', timestamptz '2026-01-02 09:00+09' + (x.i % 86400) * interval '1 second',
       'ACCEPTED', date '2026-01-02' + d, timestamptz '2026-01-02 12:00+09' + d * interval '1 day', 'scale-seed',
       'ACCEPTED', date '2026-01-02' + d, timestamptz '2026-01-02 13:00+09' + d * interval '1 day', 'scale-seed',
       date '2026-01-02' + d
     FROM (SELECT g.*, (g.i % 4)::int AS d FROM (${activities}) g) x`,
  );
  await query(`UPDATE support_request r SET status = 'MATCHED' WHERE r.id <= ${b} AND EXISTS (SELECT 1 FROM supplier_match m WHERE m.request_id = r.id)`);

  // Technologies: the supplier's first two.
  await query(
    `INSERT INTO improvement_activity (id, agreement_id, provider_id, beneficiary_id, technology_id, kind, title,
       hazards_addressed, workers_covered, hazards_remediated, risk_level_before, risk_level_after,
       started_on, completed_on, status, reported_by, verified_by_id, verified_at, rejection_reason, created_at, match_id)
     OVERRIDING SYSTEM VALUE
     SELECT i, ag, ag, ${s} + 1 + (k * ${SPREAD} + ag * 131) % ${b}, (ag - 1) * ${t} + 1 + r2 % 2,
       (${KINDS})[1 + r1 % 4], 'Improvement activity ' || i,
       ARRAY[(${HAZARDS})[1 + r3 % 10]], 1 + r4 % 50, r5 % 4,
       CASE WHEN r6 % 5 <> 0 THEN 5 + r6 % 20 END,
       CASE WHEN r6 % 5 <> 0 THEN 1 + r7 % (4 + r6 % 20) END,
       completed - (r8 % 10)::int, completed,
       CASE WHEN r9 % 10 < 7 THEN 'VERIFIED' WHEN r9 % 10 < 9 THEN 'REPORTED' ELSE 'REJECTED' END,
       'scale-seed',
       CASE WHEN r9 % 10 < 7 THEN 2 END,
       CASE WHEN r9 % 10 < 7 THEN completed + interval '3 days' END,
       CASE WHEN r9 % 10 = 9 THEN 'Evidence does not show the installation' END,
       completed + interval '12 hours',
       i
     FROM (
       SELECT i, (i - 1) % ${a} + 1 AS ag, (i - 1) / ${a} AS k,
         date '2026-01-05' + (${h('i', 10)} % 300)::int AS completed,
         ${h('i', 11)} r1, ${h('i', 12)} r2, ${h('i', 13)} r3, ${h('i', 14)} r4, ${h('i', 15)} r5,
         ${h('i', 16)} r6, ${h('i', 17)} r7, ${h('i', 18)} r8, ${h('i', 19)} r9
       FROM generate_series(1, ${n}) i
     ) g`,
  );

  // R22: every ASSESSED_EVERY-th match assessed at the start; every other one of those again after its activity, mostly improved.
  await query(
    `INSERT INTO worksite_assessment (match_id, phase, risk_level, assessed_on, assessed_by_id, assessed_by_subject, note, recorded_at)
     SELECT m.id, p.phase, CASE p.phase WHEN 'BASELINE' THEN 6 + q % 19 ELSE CASE WHEN q % 7 = 0 THEN 6 + q % 19 ELSE 1 + q % 6 END END,
       CASE p.phase WHEN 'BASELINE' THEN m.accepted_on ELSE ia.completed_on + 7 END, 2, 'scale-seed', 'Scale data: worksite assessment',
       CASE p.phase WHEN 'BASELINE' THEN m.accepted_on ELSE ia.completed_on + 7 END + interval '15 hours'
     FROM supplier_match m
     JOIN improvement_activity ia ON ia.id = m.id
     CROSS JOIN LATERAL (SELECT ${h('m.id', 23)} AS q) r
     CROSS JOIN (VALUES ('BASELINE'), ('FOLLOW_UP')) p (phase)
     WHERE m.id % ${ASSESSED_EVERY} = 0 AND (p.phase = 'BASELINE' OR m.id % ${2 * ASSESSED_EVERY} = 0)`,
  );

  // A DRAFT evaluation for every target of every other ACTIVE agreement; for each COMPLETED agreement
  // a FINALIZED evaluation of its VERIFIED_ACTIVITIES target over the activities it counted.
  await query(
    `INSERT INTO target_evaluation (target_id, status, actual_value, achieved, computed_payout, payout, capped,
       explanation, prepared_by_id, prepared_by_subject, prepared_at, finalized_by_id, finalized_by_subject, finalized_at)
     SELECT pt.id, 'DRAFT', 0, false, 0, 0, false, 'Scale data: draft evaluation', 3, 'scale-seed',
       timestamptz '2026-11-01', NULL, NULL, NULL
     FROM performance_target pt WHERE pt.agreement_id % 10 <> 0 AND pt.agreement_id % 2 = 1
     UNION ALL
     SELECT pt.id, 'FINALIZED', c.verified, c.verified >= pt.target_value,
       CASE WHEN c.verified >= pt.target_value THEN pt.max_payout ELSE 0 END,
       CASE WHEN c.verified >= pt.target_value THEN pt.max_payout ELSE 0 END, false,
       'Scale data: ' || c.verified || ' verified activities against a target of ' || pt.target_value, 3, 'scale-seed',
       timestamptz '2026-11-05', 3, 'scale-seed', timestamptz '2026-11-06'
     FROM performance_target pt
     CROSS JOIN LATERAL (SELECT count(*) AS verified FROM improvement_activity ia
       WHERE ia.agreement_id = pt.agreement_id AND ia.status = 'VERIFIED') c
     WHERE pt.agreement_id % 10 = 0 AND pt.metric = 'VERIFIED_ACTIVITIES'
     ORDER BY 1, 2`,
  );
  await query(
    `INSERT INTO evaluation_activity (evaluation_id, activity_id)
     SELECT te.id, ia.id FROM target_evaluation te
     JOIN performance_target pt ON pt.id = te.target_id
     JOIN improvement_activity ia ON ia.agreement_id = pt.agreement_id AND ia.status = 'VERIFIED'
     WHERE te.status = 'FINALIZED'`,
  );

  // A base grant per agreement (two in three PAID) and an outcome payment per FINALIZED evaluation that pays.
  await query(
    `INSERT INTO disbursement (agreement_id, evaluation_id, kind, amount, status, scheduled_at, paid_at, bank_reference)
     SELECT id, NULL, 'BASE_GRANT', base_amount,
       CASE WHEN id % 3 = 0 THEN 'SCHEDULED' ELSE 'PAID' END, timestamptz '2026-01-15',
       CASE WHEN id % 3 <> 0 THEN timestamptz '2026-01-20' END,
       CASE WHEN id % 3 <> 0 THEN 'KB-SCALE-' || id END
     FROM funding_agreement
     UNION ALL
     SELECT pt.agreement_id, te.id, 'OUTCOME_PAYMENT', te.payout, 'SCHEDULED', timestamptz '2026-11-07', NULL, NULL
     FROM target_evaluation te JOIN performance_target pt ON pt.id = te.target_id
     WHERE te.status = 'FINALIZED' AND te.payout > 0
     ORDER BY 1, 2 NULLS FIRST`,
  );

  // The event feed of those activities: each reported, and verified or rejected, in time order. Positions are
  // numbered here (the position trigger, one row at a time, is set aside for this one bulk insert).
  await query(`ALTER TABLE business_event DISABLE TRIGGER business_event_position`);
  await query(
    `INSERT INTO business_event (id, type, occurred_at, subject_type, subject_id, agreement_id, data)
     SELECT row_number() OVER (ORDER BY at, id, type DESC), type, at, 'ImprovementActivity', id, agreement_id,
       jsonb_build_object('status', status, 'completedOn', completed_on)
     FROM (
       SELECT id, agreement_id, completed_on, 'ACTIVITY_REPORTED' AS type, 'REPORTED' AS status, created_at AS at FROM improvement_activity
       UNION ALL
       SELECT id, agreement_id, completed_on, 'ACTIVITY_' || status, status, coalesce(verified_at, completed_on + interval '3 days')
       FROM improvement_activity WHERE status <> 'REPORTED'
     ) e`,
  );
  await query(`ALTER TABLE business_event ENABLE TRIGGER business_event_position`);

  // Explicit ids leave the identity sequences behind; move them past the data for later inserts.
  for (const table of TABLES) {
    await query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM ${table}), false)`);
  }
  await query('ANALYZE');

  const [counts] = await query(`SELECT
    (SELECT count(*) FROM safety_technology)::int AS technologies,
    (SELECT count(*) FROM performance_target)::int AS targets,
    (SELECT count(*) FROM target_evaluation)::int AS evaluations,
    (SELECT count(*) FROM evaluation_activity)::int AS "evaluationActivities",
    (SELECT count(*) FROM disbursement)::int AS disbursements,
    (SELECT count(*) FROM support_request)::int AS "supportRequests",
    (SELECT count(*) FROM support_request WHERE status = 'OPEN')::int AS "openSupportRequests",
    (SELECT count(*) FROM supplier_match)::int AS matches,
    (SELECT count(*) FROM worksite_assessment)::int AS assessments,
    (SELECT count(*) FROM business_event)::int AS events`);
  return { activities: n, suppliers: s, beneficiaries: b, agreements: a, ...counts };
}
