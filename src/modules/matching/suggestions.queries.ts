import { EntityManager } from 'typeorm';
import { AgreementStatus, HazardType, MatchStatus, Region, SupplierApplicationStatus } from '../../common/enums';

/** One suggested supplier of a request with the figures of R20's formula. */
export interface MatchSuggestionRow {
  requestId: string;
  agreementId: string;
  supplierId: string;
  /** The request's hazards the supplier's technologies address. */
  hazardsCovered: HazardType[];
  hazardsAsked: number;
  servesRegion: boolean;
  /** Whether the region came from the supplier's selected application (else its own region). */
  regionFromApplication: boolean;
  worksiteRegion: Region;
  industrySection: string | null;
  industryExperience: number;
  openMatches: number;
  /**
   * R20's score times 100 × hazards asked, an integer, so that candidates are
   * ordered exactly: 50·covered + asked·(20·serves + 2·min(10, experience) + (10 − min(10, open))).
   */
  points: number;
}

/**
 * R20 in one statement for a batch of requests: the ACTIVE agreements of the
 * request's program whose supplier is not the beneficiary and whose
 * technologies address at least one of the request's hazards, best first,
 * ties by agreement id, the first `first` of each request. A supplier serves
 * the regions of the selected application its agreement came from, or
 * without one its own region; its industry experience is the VERIFIED
 * activities it did for beneficiaries in the request beneficiary's KSIC section.
 */
const SUGGESTIONS_SQL = `
  WITH req AS (
    SELECT r.id AS request_id, r.hazards, r.worksite_region, r.program_id, r.beneficiary_id, ksic_section(b.industry_code) AS section
      FROM support_request r JOIN enterprise b ON b.id = r.beneficiary_id
     WHERE r.id = ANY($1::bigint[])
  ), candidates AS (
    SELECT req.request_id, a.id AS agreement_id, a.recipient_id AS supplier_id, req.worksite_region, req.section,
           cardinality(req.hazards) AS asked,
           ARRAY(SELECT DISTINCT h FROM safety_technology t CROSS JOIN unnest(t.hazards) AS h
                  WHERE t.provider_id = a.recipient_id AND h = ANY(req.hazards) ORDER BY h) AS covered,
           app.service_regions IS NOT NULL AS from_application,
           COALESCE(req.worksite_region = ANY(app.service_regions), s.region = req.worksite_region) AS serves,
           (SELECT count(*) FROM improvement_activity i JOIN enterprise ib ON ib.id = i.beneficiary_id
             WHERE i.provider_id = a.recipient_id AND i.status = 'VERIFIED' AND ksic_section(ib.industry_code) = req.section)::int AS experience,
           (SELECT count(*) FROM supplier_match m
             WHERE m.supplier_id = a.recipient_id AND m.status IN ('${MatchStatus.PROPOSED}', '${MatchStatus.ACCEPTED}'))::int AS open_matches
      FROM req
      JOIN funding_agreement a ON a.program_id = req.program_id AND a.status = '${AgreementStatus.ACTIVE}' AND a.recipient_id <> req.beneficiary_id
      JOIN enterprise s ON s.id = a.recipient_id
      LEFT JOIN recommendation rec ON rec.id = a.recommendation_id
      LEFT JOIN supplier_application app ON app.id = rec.application_id AND app.status = '${SupplierApplicationStatus.SELECTED}'
  ), ranked AS (
    SELECT c.*,
           50 * cardinality(c.covered) + c.asked * (20 * c.serves::int + 2 * LEAST(10, c.experience) + (10 - LEAST(10, c.open_matches))) AS points
      FROM candidates c WHERE cardinality(c.covered) > 0
  )
  SELECT * FROM (
    SELECT ranked.*, row_number() OVER (PARTITION BY request_id ORDER BY points DESC, agreement_id) AS position FROM ranked
  ) numbered WHERE position <= $2 ORDER BY request_id, position`;

export async function suggestionsFor(em: EntityManager, requestIds: string[], first: number): Promise<MatchSuggestionRow[]> {
  const rows: any[] = await em.query(SUGGESTIONS_SQL, [requestIds, first]);
  return rows.map((row) => ({
    requestId: String(row.request_id),
    agreementId: String(row.agreement_id),
    supplierId: String(row.supplier_id),
    hazardsCovered: row.covered,
    hazardsAsked: row.asked,
    servesRegion: row.serves,
    regionFromApplication: row.from_application,
    worksiteRegion: row.worksite_region,
    industrySection: row.section,
    industryExperience: row.experience,
    openMatches: row.open_matches,
    points: Number(row.points),
  }));
}

/** R20's score, 0..1, for display; the order comes from the integer points. */
export function suggestionScore(row: MatchSuggestionRow): number {
  return row.points / (100 * row.hazardsAsked);
}

/** The reasons in words, in the order they weigh (0.5, 0.2, 0.2, 0.1), each checkable against the data. */
export function suggestionReasons(row: MatchSuggestionRow): string[] {
  const region = row.servesRegion
    ? `Serves ${row.worksiteRegion} (${row.regionFromApplication ? 'a service region of its selected application' : 'its own region'})`
    : `Does not serve ${row.worksiteRegion} (${row.regionFromApplication ? 'not among its selected application\'s service regions' : 'not its own region'})`;
  return [
    `Covers ${row.hazardsCovered.length} of the ${row.hazardsAsked} requested hazards: ${row.hazardsCovered.join(', ')}`,
    region,
    `${row.industryExperience} verified activities at worksites of KSIC section ${row.industrySection ?? 'unknown'}`,
    `Carries ${row.openMatches} PROPOSED or ACCEPTED matches now`,
  ];
}
