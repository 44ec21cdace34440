import { EntityManager } from 'typeorm';
import { MatchStatus } from '../../common/enums';

/**
 * R7 amended: the ACCEPTED match of the agreement with the beneficiary under
 * which an activity completed on `completedOn` counts: accepted on or before
 * that day (the earliest such); and, when there is none, the day of the first
 * accepted match (after completedOn) or null, to say why.
 */
export async function acceptedMatchFor(
  em: EntityManager,
  agreementId: string,
  beneficiaryId: string,
  completedOn: string,
): Promise<{ matchId: string | null; acceptedLaterOn: string | null }> {
  const rows: { id: string; accepted_on: string }[] = await em.query(
    `SELECT id, accepted_on FROM supplier_match
      WHERE agreement_id = $1 AND beneficiary_id = $2 AND status = $3
      ORDER BY accepted_on, id`,
    [agreementId, beneficiaryId, MatchStatus.ACCEPTED],
  );
  const counted = rows.find((row) => row.accepted_on <= completedOn);
  return { matchId: counted ? String(counted.id) : null, acceptedLaterOn: counted ? null : (rows[0]?.accepted_on ?? null) };
}
