import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Discovery (R15-R19): programs with a budget, calls for suppliers,
 * applications and their reviews. Every recommendation and agreement now
 * belongs to a program whose funder is its own (enforced by a composite
 * foreign key). Existing rows move into one program per (recommending
 * agency, funder), whose dates cover their terms and whose budget covers
 * what they can cost (base amount + outcome budget cap each).
 */
export class Discovery1764700000000 implements MigrationInterface {
  name = 'Discovery1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE program (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code          text NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 40),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        operator_id   bigint NOT NULL REFERENCES agency (id),
        funder_id     bigint NOT NULL REFERENCES agency (id),
        budget        bigint NOT NULL CHECK (budget BETWEEN 1 AND 1000000000000000),
        starts_on     date NOT NULL,
        ends_on       date NOT NULL,
        created_by    text NOT NULL,
        created_at    timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (starts_on < ends_on),
        UNIQUE (id, funder_id)
      )`);
    await q.query(`CREATE INDEX program_funder_idx ON program (funder_id, id)`);
    await q.query(`CREATE INDEX program_operator_idx ON program (operator_id, id)`);

    // Existing rows: one program per (recommending agency, funder). An agreement without a recommendation counts for the first public agency.
    await q.query(`
      WITH parties AS (
        SELECT r.recommender_id AS operator_id, r.funder_id, NULL::date AS starts_on, NULL::date AS ends_on, 0::numeric AS cost
          FROM recommendation r
        UNION ALL
        SELECT COALESCE(r.recommender_id, (SELECT min(id) FROM agency WHERE kind = 'PUBLIC_AGENCY')), a.funder_id,
               a.starts_on, a.ends_on, a.base_amount + a.outcome_budget_cap
          FROM funding_agreement a LEFT JOIN recommendation r ON r.id = a.recommendation_id
      ), pairs AS (
        SELECT operator_id, funder_id,
               COALESCE(min(starts_on), current_date) AS starts_on,
               GREATEST(COALESCE(max(ends_on), current_date), COALESCE(min(starts_on), current_date) + 1) AS ends_on,
               GREATEST(1, LEAST(sum(cost), 1000000000000000))::bigint AS budget
          FROM parties GROUP BY operator_id, funder_id
      )
      INSERT INTO program (code, name, operator_id, funder_id, budget, starts_on, ends_on, created_by)
      SELECT left('MIGRATED-' || o.code || '-' || f.code, 40), left(o.name || ' and ' || f.name || ': agreements made before programs', 200),
             p.operator_id, p.funder_id, p.budget, p.starts_on, p.ends_on, 'migration'
        FROM pairs p JOIN agency o ON o.id = p.operator_id JOIN agency f ON f.id = p.funder_id
       ORDER BY p.operator_id, p.funder_id`);

    await q.query(`ALTER TABLE recommendation ADD COLUMN program_id bigint`);
    await q.query(`
      UPDATE recommendation r SET program_id = p.id FROM program p
       WHERE p.created_by = 'migration' AND p.operator_id = r.recommender_id AND p.funder_id = r.funder_id`);
    await q.query(`ALTER TABLE recommendation ALTER COLUMN program_id SET NOT NULL`);
    await q.query(`ALTER TABLE recommendation ADD FOREIGN KEY (program_id, funder_id) REFERENCES program (id, funder_id)`);
    await q.query(`CREATE INDEX recommendation_program_idx ON recommendation (program_id, id)`);

    await q.query(`ALTER TABLE funding_agreement ADD COLUMN program_id bigint`);
    await q.query(`
      UPDATE funding_agreement a SET program_id = (
        SELECT p.id FROM program p
         WHERE p.created_by = 'migration' AND p.funder_id = a.funder_id
           AND p.operator_id = COALESCE((SELECT recommender_id FROM recommendation WHERE id = a.recommendation_id),
                                        (SELECT min(id) FROM agency WHERE kind = 'PUBLIC_AGENCY')))`);
    await q.query(`ALTER TABLE funding_agreement ALTER COLUMN program_id SET NOT NULL`);
    await q.query(`ALTER TABLE funding_agreement ADD FOREIGN KEY (program_id, funder_id) REFERENCES program (id, funder_id)`);
    await q.query(`CREATE INDEX funding_agreement_program_idx ON funding_agreement (program_id, id)`);

    await q.query(`
      CREATE TABLE supplier_call (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        program_id           bigint NOT NULL REFERENCES program (id),
        title                text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        opens_at             timestamptz(3) NOT NULL,
        closes_at            timestamptz(3) NOT NULL,
        places               integer NOT NULL CHECK (places >= 1),
        eligible_hazards     text[] NOT NULL CHECK (cardinality(eligible_hazards) >= 1),
        min_readiness_level  integer NOT NULL CHECK (min_readiness_level BETWEEN 1 AND 9),
        max_base_amount      bigint NOT NULL CHECK (max_base_amount BETWEEN 1 AND 1000000000000000),
        criteria             jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'array' AND jsonb_array_length(criteria) >= 1),
        reviews_required     integer NOT NULL CHECK (reviews_required >= 1),
        passing_score        numeric(9, 2) NOT NULL CHECK (passing_score >= 0),
        decided_by           text,
        decided_at           timestamptz(3),
        created_by           text NOT NULL,
        created_at           timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (opens_at < closes_at),
        CHECK ((decided_by IS NULL) = (decided_at IS NULL))
      )`);
    await q.query(`CREATE INDEX supplier_call_program_idx ON supplier_call (program_id, id)`);

    await q.query(`
      CREATE TABLE supplier_application (
        id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        call_id                bigint NOT NULL REFERENCES supplier_call (id),
        applicant_id           bigint NOT NULL REFERENCES enterprise (id),
        technology_ids         bigint[] NOT NULL CHECK (cardinality(technology_ids) >= 1),
        plan_summary           text NOT NULL CHECK (length(plan_summary) >= 1),
        requested_base_amount  bigint NOT NULL CHECK (requested_base_amount BETWEEN 1 AND 1000000000000000),
        planned_beneficiaries  integer NOT NULL CHECK (planned_beneficiaries >= 1),
        service_regions        text[] NOT NULL CHECK (cardinality(service_regions) >= 1),
        proposed_targets       jsonb NOT NULL CHECK (jsonb_typeof(proposed_targets) = 'array' AND jsonb_array_length(proposed_targets) >= 1),
        status                 text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'WITHDRAWN', 'SELECTED', 'NOT_SELECTED')),
        rank                   integer CHECK (rank >= 1),
        submitted_by           text NOT NULL,
        submitted_at           timestamptz(3) NOT NULL DEFAULT now(),
        withdrawn_by           text,
        withdrawn_at           timestamptz(3),
        withdrawal_reason      text,
        CHECK ((status = 'WITHDRAWN') = (withdrawn_at IS NOT NULL)),
        CHECK (rank IS NULL OR status IN ('SELECTED', 'NOT_SELECTED'))
      )`);
    // R16: one application that is not WITHDRAWN per (call, applicant), kept by the database against concurrent submissions.
    await q.query(`CREATE UNIQUE INDEX supplier_application_one_live_idx ON supplier_application (call_id, applicant_id) WHERE status <> 'WITHDRAWN'`);
    await q.query(`CREATE INDEX supplier_application_call_idx ON supplier_application (call_id, id)`);
    await q.query(`CREATE INDEX supplier_application_applicant_idx ON supplier_application (applicant_id, id)`);

    await q.query(`
      CREATE TABLE application_review (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        application_id    bigint NOT NULL REFERENCES supplier_application (id),
        reviewer_subject  text NOT NULL,
        reviewer_id       bigint NOT NULL REFERENCES agency (id),
        scores            jsonb NOT NULL CHECK (jsonb_typeof(scores) = 'array'),
        total             integer NOT NULL CHECK (total >= 0),
        comment           text,
        submitted_at      timestamptz(3) NOT NULL DEFAULT now(),
        UNIQUE (application_id, reviewer_subject)
      )`);

    // R19: the recommendation a selected application became.
    await q.query(`ALTER TABLE recommendation ADD COLUMN application_id bigint UNIQUE REFERENCES supplier_application (id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE recommendation DROP COLUMN application_id`);
    await q.query(`DROP TABLE application_review`);
    await q.query(`DROP TABLE supplier_application`);
    await q.query(`DROP TABLE supplier_call`);
    await q.query(`ALTER TABLE funding_agreement DROP COLUMN program_id`);
    await q.query(`ALTER TABLE recommendation DROP COLUMN program_id`);
    await q.query(`DROP TABLE program`);
  }
}
