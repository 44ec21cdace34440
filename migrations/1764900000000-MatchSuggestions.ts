import { MigrationInterface, QueryRunner } from 'typeorm';

/** The sections of two-digit KSIC divisions: [first division, last division, section]. */
const DIVISIONS: readonly (readonly [number, number, string])[] = [
  [1, 3, 'A'], [5, 8, 'B'], [10, 34, 'C'], [35, 35, 'D'], [36, 39, 'E'], [41, 42, 'F'], [45, 47, 'G'], [49, 52, 'H'],
  [55, 56, 'I'], [58, 63, 'J'], [64, 66, 'K'], [68, 68, 'L'], [70, 73, 'M'], [74, 76, 'N'], [84, 84, 'O'], [85, 85, 'P'],
  [86, 87, 'Q'], [90, 91, 'R'], [94, 96, 'S'], [97, 98, 'T'], [99, 99, 'U'],
];

/** The Matching migration's ksic_section, restored by down. */
const MATCHING_KSIC_SECTION = `CREATE OR REPLACE FUNCTION ksic_section(code text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
      SELECT CASE
        WHEN code ~ '^[A-U]' THEN left(code, 1)
        ELSE (SELECT s FROM (VALUES (1, 3, 'A'), (5, 8, 'B'), (10, 34, 'C'), (35, 35, 'D'), (36, 39, 'E'), (41, 42, 'F'),
                                    (45, 47, 'G'), (49, 52, 'H'), (55, 56, 'I'), (58, 63, 'J'), (64, 66, 'K'), (68, 68, 'L'),
                                    (70, 73, 'M'), (74, 76, 'N'), (84, 84, 'O'), (85, 85, 'P'), (86, 87, 'Q'), (90, 91, 'R'),
                                    (94, 96, 'S'), (97, 98, 'T'), (99, 99, 'U')) AS sections (lo, hi, s)
               WHERE left(code, 2)::int BETWEEN lo AND hi)
      END $$`;

/**
 * Match suggestions (R20) at a million activities, from their EXPLAINs.
 *
 * A suggestion's industry experience counts the supplier's VERIFIED
 * activities at beneficiaries of the request's KSIC section, and its open
 * matches the supplier's PROPOSED or ACCEPTED ones. The first was a heap scan
 * of every verified activity of every candidate with ksic_section() called
 * once per activity, and ksic_section() could not be inlined (a sub-select
 * in its body, and STRICT): at 100,000 activities one request's suggestions
 * took 1.3 s. Now:
 *
 * - ksic_section() is one CASE expression, not STRICT, so PostgreSQL inlines
 *   it (same section for every code; NULL in, NULL out as before);
 * - the verified activities of a provider with their beneficiaries are an
 *   index of their own, read index-only;
 * - a supplier's live matches likewise;
 * - an index on the enterprises' sections gives the planner their
 *   statistics.
 *
 * With the query's new shape (suggestions.queries.ts: the ranking counts
 * both only up to the 10 the formula reads, the exact figures are counted
 * for the suggestions returned) one request takes about 20 ms at 100,000.
 */
export class MatchSuggestions1764900000000 implements MigrationInterface {
  name = 'MatchSuggestions1764900000000';

  async up(q: QueryRunner): Promise<void> {
    const divisions = DIVISIONS.map(([lo, hi, section]) =>
      lo === hi ? `WHEN left(code, 2)::int = ${lo} THEN '${section}'` : `WHEN left(code, 2)::int BETWEEN ${lo} AND ${hi} THEN '${section}'`,
    ).join('\n        ');
    await q.query(`CREATE OR REPLACE FUNCTION ksic_section(code text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE
        WHEN code ~ '^[A-U]' THEN left(code, 1)
        ${divisions}
      END $$`);
    await q.query(`CREATE INDEX improvement_activity_verified_provider_idx ON improvement_activity (provider_id, beneficiary_id) WHERE status = 'VERIFIED'`);
    await q.query(`CREATE INDEX supplier_match_supplier_live_idx ON supplier_match (supplier_id) WHERE status IN ('PROPOSED', 'ACCEPTED')`);
    // Statistics of the beneficiaries' sections (ANALYZE keeps them for an index expression): without them the
    // planner takes a section for 0.5% of the enterprises, and the statement's estimated cost for JIT compilation.
    await q.query(`CREATE INDEX enterprise_ksic_section_idx ON enterprise (ksic_section(industry_code))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX enterprise_ksic_section_idx`);
    await q.query(`DROP INDEX supplier_match_supplier_live_idx`);
    await q.query(`DROP INDEX improvement_activity_verified_provider_idx`);
    await q.query(MATCHING_KSIC_SECTION);
  }
}
