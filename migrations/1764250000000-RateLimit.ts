import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Request counters for the per-caller rate limit (src/rate-limit.ts): one row
 * per caller and fixed window, the current and the previous window weighted
 * into a sliding estimate. UNLOGGED: counters lost in a crash only forgive a
 * minute of traffic, and skipping the WAL keeps a write per request cheap. No
 * index on window_start: the table holds about two rows per active caller.
 */
export class RateLimit1764250000000 implements MigrationInterface {
  name = 'RateLimit1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_window (
        subject_key   text NOT NULL CHECK (length(subject_key) BETWEEN 1 AND 200),
        window_start  bigint NOT NULL,
        hits          integer NOT NULL CHECK (hits >= 1),
        PRIMARY KEY (subject_key, window_start)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_limit_window`);
  }
}
