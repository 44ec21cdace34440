/** Runs one SQL statement in the seeding transaction (demo-data.ts's SeedQuery). */
type SeedQuery = (sql: string, params?: unknown[]) => Promise<any[]>;

/**
 * R7 amended for the demo's activities: each (agreement, beneficiary) pair
 * with activities gets the beneficiary's support request in the agreement's
 * program (one per program and beneficiary, MATCHED) and an ACCEPTED match,
 * accepted by both sides on the day before its first activity started; every
 * activity records its match. Deterministic: ordered by ids.
 */
export async function matchDemoActivities(query: SeedQuery): Promise<{ supportRequests: number; matches: number }> {
  const requests = await query(`
    INSERT INTO support_request (program_id, beneficiary_id, worksite_name, worksite_region, workers_at_worksite, hazards, needs,
                                 status, submitted_by, submitted_at)
    SELECT a.program_id, i.beneficiary_id, e.name || ' main worksite', e.region, GREATEST(1, e.employee_count),
           ARRAY(SELECT DISTINCT h FROM improvement_activity i2 JOIN funding_agreement a2 ON a2.id = i2.agreement_id
                   CROSS JOIN unnest(i2.hazards_addressed) AS h
                  WHERE i2.beneficiary_id = i.beneficiary_id AND a2.program_id = a.program_id ORDER BY h),
           'On-site help with the hazards listed, for a worksite of ' || e.employee_count || ' workers',
           'MATCHED', 'kosme-officer-1', (min(i.started_on) - 10)::timestamp AT TIME ZONE 'Asia/Seoul' + interval '10 hours'
      FROM improvement_activity i JOIN funding_agreement a ON a.id = i.agreement_id JOIN enterprise e ON e.id = i.beneficiary_id
     GROUP BY a.program_id, i.beneficiary_id, e.name, e.region, e.employee_count
     ORDER BY a.program_id, i.beneficiary_id
    RETURNING id`);
  const matches = await query(`
    INSERT INTO supplier_match (request_id, agreement_id, supplier_id, beneficiary_id, status, proposed_by, proposed_at,
                                supplier_answer, supplier_answered_on, supplier_answered_at, supplier_answered_by,
                                beneficiary_answer, beneficiary_answered_on, beneficiary_answered_at, beneficiary_answered_by, accepted_on)
    SELECT r.id, i.agreement_id, a.recipient_id, i.beneficiary_id, 'ACCEPTED', 'kosme-officer-1',
           (min(i.started_on) - 7)::timestamp AT TIME ZONE 'Asia/Seoul' + interval '11 hours',
           'ACCEPTED', min(i.started_on) - 3, (min(i.started_on) - 3)::timestamp AT TIME ZONE 'Asia/Seoul' + interval '14 hours', 'kosme-officer-1',
           'ACCEPTED', min(i.started_on) - 1, (min(i.started_on) - 1)::timestamp AT TIME ZONE 'Asia/Seoul' + interval '15 hours', 'kosme-officer-1',
           min(i.started_on) - 1
      FROM improvement_activity i
      JOIN funding_agreement a ON a.id = i.agreement_id
      JOIN support_request r ON r.program_id = a.program_id AND r.beneficiary_id = i.beneficiary_id
     GROUP BY r.id, i.agreement_id, a.recipient_id, i.beneficiary_id
     ORDER BY r.id, i.agreement_id
    RETURNING id`);
  await query(`
    UPDATE improvement_activity i SET match_id = m.id FROM supplier_match m
     WHERE m.agreement_id = i.agreement_id AND m.beneficiary_id = i.beneficiary_id`);
  return { supportRequests: requests.length, matches: matches.length };
}
