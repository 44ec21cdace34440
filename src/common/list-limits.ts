/**
 * How long each plain (unpaged) list of the API can be. Each bound is kept
 * where its rows are written, and the query cost counts the list at its bound
 * (`@Extensions({ maxItems })` on the field), so an accepted query can never
 * return more objects than the cost limit says. A new plain list of objects
 * needs a bound here; tests/query-limits.test.ts fails on one without.
 */
export const LIST_LIMITS = {
  /** R3: a supplier markets a handful of commercialised technologies, never hundreds. */
  technologiesPerEnterprise: 20,
  /** R5: the KPIs of one agreement (the program's suppliers propose a handful). */
  targetsPerAgreement: 25,
  /** R9: drafts replaced by newer drafts included; more re-evaluations than this point at a problem, not at progress. */
  evaluationsPerTarget: 10,
  /** R7: evidence references of one report. */
  evidencePerActivity: 20,
  /** R11: steps of one TIERED rule. */
  tiersPerRule: 10,
  /** activityStats: groups of one dimension (17 regions, a few hundred KSIC codes or providers); more is refused. */
  statsGroups: 1000,
  /** R16: review criteria of one call (a handful: technology, field applicability, plan feasibility, ...). */
  criteriaPerCall: 20,
  /** R17: reviews of one application, one per reviewer; the exact SCORE ordering relies on this bound too (scoring.ts). */
  reviewsPerApplication: 20,
  /** Enterprise.supplierApplications: the newest this many; SupplierCall.applications pages through all. */
  applicationsPerEnterprise: 100,
  /** R21: matches of one support request (proposals, declined and cancelled ones included); more points at a problem. */
  matchesPerRequest: 20,
  /** R20: suggestions of one request; the first this many candidates, best first. */
  suggestionsPerRequest: 50,
  /** R21: PROPOSED or ACCEPTED matches of one agreement; R23 counts at most these in one evaluation (countedMatches). */
  matchesPerAgreement: 500,
  /** Enterprise.supportRequests: the newest this many; supportRequests(filter:) pages through all. */
  requestsPerEnterprise: 100,
  /** The event types a webhook endpoint receives: each EventType at most once (there are fewer than this). */
  eventTypesPerEndpoint: 50,
  /** userErrors of one payload: the first this many, when an input breaks more rules. */
  userErrors: 100,
} as const;

/** Disbursements of an agreement: its base grant and at most one outcome payment per target (R6, R10). */
export const DISBURSEMENTS_PER_AGREEMENT = 1 + LIST_LIMITS.targetsPerAgreement;
