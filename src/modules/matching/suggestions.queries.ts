import { EntityManager } from 'typeorm';
import { ActivityStatus, AgreementStatus, HazardType, MatchStatus, Region, SupplierApplicationStatus } from '../../common/enums';

const LIVE = `'${MatchStatus.PROPOSED}', '${MatchStatus.ACCEPTED}'`;

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
 * activities it did for beneficiaries in the request beneficiary's KSIC
 * section, its open matches its PROPOSED or ACCEPTED ones.
 *
 * The formula reads experience and open matches only up to 10, so the
 * ranking counts them only that far (LIMIT 10, from the partial indexes of
 * migration MatchSuggestions), once per supplier and section for the whole
 * batch; the exact figures shown are counted for the suggestions returned
 * only, in one pass over their suppliers' verified activities and live
 * matches. The CTEs are MATERIALIZED so that no subquery runs twice per row.
 * At a million activities a supplier has some 1,400 verified ones: counting
 * them all for every candidate of every request was the cost of a request.
 */
const SUGGESTIONS_SQL = `
  WITH req AS (
    SELECT r.id AS request_id, r.hazards, r.worksite_region, r.program_id, r.beneficiary_id, ksic_section(b.industry_code) AS section
      FROM support_request r JOIN enterprise b ON b.id = r.beneficiary_id
     WHERE r.id = ANY($1::bigint[])
  ), offers AS MATERIALIZED (
    -- The hazards each supplier with an ACTIVE agreement in the requests' programs addresses, once per supplier.
    SELECT t.provider_id, array_agg(DISTINCT h) AS hazards
      FROM safety_technology t CROSS JOIN unnest(t.hazards) AS h
     WHERE t.provider_id IN (SELECT a.recipient_id FROM funding_agreement a
                              WHERE a.status = '${AgreementStatus.ACTIVE}' AND a.program_id IN (SELECT program_id FROM req))
     GROUP BY t.provider_id
  ), candidates AS MATERIALIZED (
    SELECT req.request_id, a.id AS agreement_id, a.recipient_id AS supplier_id, req.worksite_region, req.section,
           cardinality(req.hazards) AS asked, cov.covered,
           app.service_regions IS NOT NULL AS from_application,
           COALESCE(req.worksite_region = ANY(app.service_regions), s.region = req.worksite_region) AS serves
      FROM req
      JOIN funding_agreement a ON a.program_id = req.program_id AND a.status = '${AgreementStatus.ACTIVE}' AND a.recipient_id <> req.beneficiary_id
      JOIN offers ON offers.provider_id = a.recipient_id
      -- OFFSET 0 keeps the array a subquery of its own, computed once for the filter and the result.
      CROSS JOIN LATERAL (SELECT ARRAY(SELECT h FROM unnest(offers.hazards) AS h WHERE h = ANY(req.hazards) ORDER BY h) AS covered OFFSET 0) cov
      JOIN enterprise s ON s.id = a.recipient_id
      LEFT JOIN recommendation rec ON rec.id = a.recommendation_id
      LEFT JOIN supplier_application app ON app.id = rec.application_id AND app.status = '${SupplierApplicationStatus.SELECTED}'
     WHERE cardinality(cov.covered) > 0
  ), capped AS MATERIALIZED (
    -- Per supplier and section, not per request: a batch of requests shares them.
    SELECT p.supplier_id, p.section, x.experience, o.open_matches
      FROM (SELECT DISTINCT supplier_id, section FROM candidates) p
      CROSS JOIN LATERAL (SELECT count(*)::int AS experience FROM (
        SELECT FROM improvement_activity i JOIN enterprise ib ON ib.id = i.beneficiary_id
         WHERE i.provider_id = p.supplier_id AND i.status = '${ActivityStatus.VERIFIED}' AND ksic_section(ib.industry_code) = p.section LIMIT 10) e) x
      CROSS JOIN LATERAL (SELECT count(*)::int AS open_matches FROM (
        SELECT FROM supplier_match m WHERE m.supplier_id = p.supplier_id AND m.status IN (${LIVE}) LIMIT 10) m) o
  ), top AS MATERIALIZED (
    SELECT * FROM (
      SELECT c.*, row_number() OVER (PARTITION BY c.request_id
               ORDER BY 50 * cardinality(c.covered) + c.asked * (20 * c.serves::int + 2 * k.experience + (10 - k.open_matches)) DESC, c.agreement_id) AS position
        FROM candidates c JOIN capped k ON k.supplier_id = c.supplier_id AND k.section IS NOT DISTINCT FROM c.section
    ) numbered WHERE position <= $2
  ), experience AS (
    SELECT i.provider_id, ksic_section(ib.industry_code) AS section, count(*)::int AS n
      FROM improvement_activity i JOIN enterprise ib ON ib.id = i.beneficiary_id
     WHERE i.status = '${ActivityStatus.VERIFIED}' AND i.provider_id = ANY (ARRAY(SELECT DISTINCT supplier_id FROM top))
     GROUP BY 1, 2
  ), open AS (
    SELECT m.supplier_id, count(*)::int AS n FROM supplier_match m
     WHERE m.status IN (${LIVE}) AND m.supplier_id = ANY (ARRAY(SELECT DISTINCT supplier_id FROM top))
     GROUP BY 1
  )
  SELECT t.request_id, t.agreement_id, t.supplier_id, t.worksite_region, t.section, t.asked, t.covered, t.from_application, t.serves,
         coalesce(e.n, 0) AS experience, coalesce(o.n, 0) AS open_matches,
         50 * cardinality(t.covered) + t.asked * (20 * t.serves::int + 2 * LEAST(10, coalesce(e.n, 0)) + (10 - LEAST(10, coalesce(o.n, 0)))) AS points
    FROM top t
    LEFT JOIN experience e ON e.provider_id = t.supplier_id AND e.section = t.section
    LEFT JOIN open o ON o.supplier_id = t.supplier_id
   ORDER BY t.request_id, t.position`;

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
