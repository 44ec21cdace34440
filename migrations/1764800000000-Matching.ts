import { MigrationInterface, QueryRunner } from 'typeorm';

const METRICS = `'VERIFIED_ACTIVITIES', 'DISTINCT_BENEFICIARIES', 'WORKERS_COVERED', 'HAZARDS_REMEDIATED', 'RISK_POINTS_REDUCED'`;

/**
 * Matching (R20-R23, R7 amended): support requests of beneficiary worksites,
 * matches of a request with a supplier's agreement that both sides accept,
 * worksite assessments, and the WORKSITES_IMPROVED metric.
 *
 * Existing data is brought into line with the amended R7 (activities only at
 * matched worksites): every (agreement, beneficiary) pair with activities gets
 * a support request of the beneficiary in the agreement's program (one per
 * program and beneficiary, MATCHED) and an ACCEPTED match with the agreement,
 * accepted on the day of its first activity; each activity records its match.
 */
export class Matching1764800000000 implements MigrationInterface {
  name = 'Matching1764800000000';

  async up(q: QueryRunner): Promise<void> {
    // KSIC: the section letter of a code given as a letter with digits ("C25") or as digits only ("25112").
    await q.query(`CREATE FUNCTION ksic_section(code text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
      SELECT CASE
        WHEN code ~ '^[A-U]' THEN left(code, 1)
        ELSE (SELECT s FROM (VALUES (1, 3, 'A'), (5, 8, 'B'), (10, 34, 'C'), (35, 35, 'D'), (36, 39, 'E'), (41, 42, 'F'),
                                    (45, 47, 'G'), (49, 52, 'H'), (55, 56, 'I'), (58, 63, 'J'), (64, 66, 'K'), (68, 68, 'L'),
                                    (70, 73, 'M'), (74, 76, 'N'), (84, 84, 'O'), (85, 85, 'P'), (86, 87, 'Q'), (90, 91, 'R'),
                                    (94, 96, 'S'), (97, 98, 'T'), (99, 99, 'U')) AS sections (lo, hi, s)
               WHERE left(code, 2)::int BETWEEN lo AND hi)
      END $$`);

    await q.query(`
      CREATE TABLE support_request (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        program_id           bigint NOT NULL REFERENCES program (id),
        beneficiary_id       bigint NOT NULL REFERENCES enterprise (id),
        worksite_name        text NOT NULL CHECK (length(worksite_name) BETWEEN 1 AND 200),
        worksite_region      text NOT NULL,
        workers_at_worksite  integer NOT NULL CHECK (workers_at_worksite >= 1),
        hazards              text[] NOT NULL CHECK (cardinality(hazards) >= 1),
        needs                text NOT NULL CHECK (length(needs) >= 1),
        status               text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'MATCHED', 'WITHDRAWN')),
        submitted_by         text NOT NULL,
        submitted_at         timestamptz(3) NOT NULL DEFAULT now(),
        withdrawn_by         text,
        withdrawn_at         timestamptz(3),
        withdrawal_reason    text,
        CHECK ((status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL))
      )`);
    // R20: one OPEN request per (program, beneficiary, worksite), kept by the database against concurrent submissions.
    await q.query(`CREATE UNIQUE INDEX support_request_one_open_idx ON support_request (program_id, beneficiary_id, worksite_name) WHERE status = 'OPEN'`);
    await q.query(`CREATE INDEX support_request_program_idx ON support_request (program_id, id)`);
    await q.query(`CREATE INDEX support_request_beneficiary_idx ON support_request (beneficiary_id, id)`);

    await q.query(`
      CREATE TABLE supplier_match (
        id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id                bigint NOT NULL REFERENCES support_request (id),
        agreement_id              bigint NOT NULL REFERENCES funding_agreement (id),
        supplier_id               bigint NOT NULL REFERENCES enterprise (id),
        beneficiary_id            bigint NOT NULL REFERENCES enterprise (id),
        status                    text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'ACCEPTED', 'DECLINED', 'CANCELLED')),
        proposed_by               text NOT NULL,
        proposed_at               timestamptz(3) NOT NULL DEFAULT now(),
        supplier_answer           text CHECK (supplier_answer IN ('ACCEPTED', 'DECLINED')),
        supplier_answered_on      date,
        supplier_answered_at      timestamptz(3),
        supplier_answered_by      text,
        beneficiary_answer        text CHECK (beneficiary_answer IN ('ACCEPTED', 'DECLINED')),
        beneficiary_answered_on   date,
        beneficiary_answered_at   timestamptz(3),
        beneficiary_answered_by   text,
        accepted_on               date,
        reason                    text,
        cancelled_by              text,
        cancelled_at              timestamptz(3),
        CHECK (supplier_id <> beneficiary_id),
        -- An accepted match keeps its day when it is cancelled later.
        CHECK (status <> 'ACCEPTED' OR accepted_on IS NOT NULL),
        CHECK (accepted_on IS NULL OR (supplier_answer = 'ACCEPTED' AND beneficiary_answer = 'ACCEPTED')),
        CHECK ((supplier_answer IS NULL) = (supplier_answered_on IS NULL)),
        CHECK ((beneficiary_answer IS NULL) = (beneficiary_answered_on IS NULL))
      )`);
    // R21: one PROPOSED or ACCEPTED match per (request, agreement).
    await q.query(`CREATE UNIQUE INDEX supplier_match_one_live_idx ON supplier_match (request_id, agreement_id) WHERE status IN ('PROPOSED', 'ACCEPTED')`);
    await q.query(`CREATE INDEX supplier_match_request_idx ON supplier_match (request_id, id)`);
    await q.query(`CREATE INDEX supplier_match_agreement_idx ON supplier_match (agreement_id, id)`);
    await q.query(`CREATE INDEX supplier_match_supplier_idx ON supplier_match (supplier_id, id)`);
    await q.query(`CREATE INDEX supplier_match_beneficiary_idx ON supplier_match (beneficiary_id, id)`);

    await q.query(`
      CREATE TABLE worksite_assessment (
        match_id             bigint NOT NULL REFERENCES supplier_match (id),
        phase                text NOT NULL CHECK (phase IN ('BASELINE', 'FOLLOW_UP')),
        risk_level           integer NOT NULL CHECK (risk_level BETWEEN 1 AND 25),
        assessed_on          date NOT NULL,
        assessed_by_id       bigint NOT NULL REFERENCES agency (id),
        assessed_by_subject  text NOT NULL,
        note                 text,
        recorded_at          timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (match_id, phase)
      )`);

    // R23: a WORKSITES_IMPROVED evaluation keeps exactly the matches it counted.
    await q.query(`
      CREATE TABLE evaluation_match (
        evaluation_id  bigint NOT NULL REFERENCES target_evaluation (id),
        match_id       bigint NOT NULL REFERENCES supplier_match (id),
        PRIMARY KEY (evaluation_id, match_id)
      )`);
    await q.query(`CREATE INDEX evaluation_match_match_idx ON evaluation_match (match_id)`);
    await q.query(`ALTER TABLE performance_target DROP CONSTRAINT performance_target_metric_check`);
    await q.query(`ALTER TABLE performance_target ADD CONSTRAINT performance_target_metric_check CHECK (metric IN (${METRICS}, 'WORKSITES_IMPROVED'))`);

    // R7 amended: the match an activity was done under.
    await q.query(`ALTER TABLE improvement_activity ADD COLUMN match_id bigint REFERENCES supplier_match (id)`);
    await q.query(`CREATE INDEX improvement_activity_match_idx ON improvement_activity (match_id, id)`);

    // Existing activities: a MATCHED request per (program, beneficiary) and an ACCEPTED match per (agreement, beneficiary).
    await q.query(`
      INSERT INTO support_request (program_id, beneficiary_id, worksite_name, worksite_region, workers_at_worksite, hazards, needs,
                                   status, submitted_by, submitted_at)
      SELECT a.program_id, i.beneficiary_id, left(e.name, 190) || ' worksite', e.region, GREATEST(1, max(i.workers_covered)),
             ARRAY(SELECT DISTINCT h FROM improvement_activity i2 JOIN funding_agreement a2 ON a2.id = i2.agreement_id,
                   unnest(i2.hazards_addressed) h WHERE i2.beneficiary_id = i.beneficiary_id AND a2.program_id = a.program_id ORDER BY h),
             'Support given before support requests were recorded', 'MATCHED', 'migration', min(i.created_at)
        FROM improvement_activity i JOIN funding_agreement a ON a.id = i.agreement_id JOIN enterprise e ON e.id = i.beneficiary_id
       GROUP BY a.program_id, i.beneficiary_id, e.name, e.region
       ORDER BY a.program_id, i.beneficiary_id`);
    await q.query(`
      INSERT INTO supplier_match (request_id, agreement_id, supplier_id, beneficiary_id, status, proposed_by, proposed_at,
                                  supplier_answer, supplier_answered_on, beneficiary_answer, beneficiary_answered_on, accepted_on)
      SELECT r.id, i.agreement_id, a.recipient_id, i.beneficiary_id, 'ACCEPTED', 'migration', min(i.created_at),
             'ACCEPTED', min(i.completed_on), 'ACCEPTED', min(i.completed_on), min(i.completed_on)
        FROM improvement_activity i
        JOIN funding_agreement a ON a.id = i.agreement_id
        JOIN support_request r ON r.program_id = a.program_id AND r.beneficiary_id = i.beneficiary_id AND r.submitted_by = 'migration'
       GROUP BY r.id, i.agreement_id, a.recipient_id, i.beneficiary_id
       ORDER BY r.id, i.agreement_id`);
    await q.query(`
      UPDATE improvement_activity i SET match_id = m.id FROM supplier_match m
       WHERE m.proposed_by = 'migration' AND m.agreement_id = i.agreement_id AND m.beneficiary_id = i.beneficiary_id`);

    for (const table of ['support_request', 'supplier_match', 'worksite_assessment', 'evaluation_match']) {
      await q.query(`CREATE TRIGGER ${table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_program_data_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE improvement_activity DROP COLUMN match_id`);
    // A target of the new metric has no meaning without matches: undoing would lose it, so it is refused.
    await q.query(`DO $$ BEGIN
      IF EXISTS (SELECT 1 FROM performance_target WHERE metric = 'WORKSITES_IMPROVED') THEN
        RAISE EXCEPTION 'WORKSITES_IMPROVED targets exist; remove them before undoing the matching migration';
      END IF; END $$`);
    await q.query(`ALTER TABLE performance_target DROP CONSTRAINT performance_target_metric_check`);
    await q.query(`ALTER TABLE performance_target ADD CONSTRAINT performance_target_metric_check CHECK (metric IN (${METRICS}))`);
    await q.query(`DROP TABLE evaluation_match`);
    await q.query(`DROP TABLE worksite_assessment`);
    await q.query(`DROP TABLE supplier_match`);
    await q.query(`DROP TABLE support_request`);
    await q.query(`DROP FUNCTION ksic_section(text)`);
  }
}
