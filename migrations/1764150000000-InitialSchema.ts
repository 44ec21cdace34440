import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole program data model. Enumerations are text columns with CHECK
 * constraints (adding a value is one constraint swap, not an enum-type dance);
 * money is bigint whole won, limited to 10^15 (R14).
 */
export class InitialSchema1764150000000 implements MigrationInterface {
  name = 'InitialSchema1764150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agency (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code        text NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9_]{2,20}$'),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind        text NOT NULL CHECK (kind IN ('MINISTRY', 'PUBLIC_AGENCY', 'FINANCIAL_INSTITUTION')),
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE enterprise (
        id                            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_registration_number  char(10) NOT NULL UNIQUE CHECK (business_registration_number ~ '^[0-9]{10}$'),
        name                          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        size                          text NOT NULL CHECK (size IN ('MICRO', 'SMALL', 'MEDIUM')),
        industry_code                 text NOT NULL CHECK (industry_code ~ '^([A-U]([0-9]{2,5})?|[0-9]{2,5})$'),
        region                        text NOT NULL CHECK (region IN ('SEOUL', 'BUSAN', 'DAEGU', 'INCHEON', 'GWANGJU',
                                        'DAEJEON', 'ULSAN', 'SEJONG', 'GYEONGGI', 'GANGWON', 'CHUNGBUK', 'CHUNGNAM',
                                        'JEONBUK', 'JEONNAM', 'GYEONGBUK', 'GYEONGNAM', 'JEJU')),
        employee_count                integer NOT NULL CHECK (employee_count >= 1),
        created_at                    timestamptz(3) NOT NULL DEFAULT now(),
        updated_at                    timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX enterprise_region_idx ON enterprise (region, id)`);
    await q.query(`CREATE INDEX enterprise_size_idx ON enterprise (size, id)`);
    await q.query(`CREATE INDEX enterprise_industry_code_idx ON enterprise (industry_code text_pattern_ops)`);
    await q.query(`CREATE INDEX enterprise_name_order_idx ON enterprise (name, id)`);
    await q.query(`CREATE INDEX enterprise_lower_name_idx ON enterprise (lower(name) text_pattern_ops)`);
    await q.query(`CREATE INDEX enterprise_created_at_order_idx ON enterprise (created_at, id)`);
    await q.query(`CREATE INDEX enterprise_employee_count_order_idx ON enterprise (employee_count, id)`);

    await q.query(`
      CREATE TABLE safety_technology (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        provider_id      bigint NOT NULL REFERENCES enterprise (id),
        name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        category         text NOT NULL CHECK (category IN ('GAS_DETECTION', 'AI_VISION', 'WEARABLE_MONITORING',
                           'FALL_PROTECTION', 'MACHINE_GUARDING', 'ENVIRONMENT_MONITORING',
                           'SAFETY_MANAGEMENT_SOFTWARE', 'OTHER')),
        hazards          text[] NOT NULL CHECK (cardinality(hazards) >= 1 AND hazards <@ ARRAY['FALL',
                           'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'CONFINED_SPACE', 'FIRE_EXPLOSION',
                           'CHEMICAL_EXPOSURE', 'ELECTRICAL', 'ERGONOMIC', 'HEAT_STRESS', 'VEHICLE']),
        description      text,
        readiness_level  smallint NOT NULL CHECK (readiness_level BETWEEN 1 AND 9),
        certification    text,
        created_at       timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX safety_technology_provider_idx ON safety_technology (provider_id, id)`);
    await q.query(`CREATE INDEX safety_technology_category_idx ON safety_technology (category, id)`);
    await q.query(`CREATE INDEX safety_technology_hazards_idx ON safety_technology USING gin (hazards)`);

    await q.query(`
      CREATE TABLE recommendation (
        id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        recommender_id    bigint NOT NULL REFERENCES agency (id),
        funder_id         bigint NOT NULL REFERENCES agency (id),
        enterprise_id     bigint NOT NULL REFERENCES enterprise (id),
        technology_id     bigint REFERENCES safety_technology (id),
        rationale         text NOT NULL CHECK (length(rationale) >= 1),
        status            text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')),
        decision_note     text,
        recommended_by    text NOT NULL,
        recommended_at    timestamptz(3) NOT NULL DEFAULT now(),
        decided_by        text,
        decided_at        timestamptz(3),
        CHECK ((status = 'PENDING') = (decided_at IS NULL))
      )`);
    // R4: at most one PENDING recommendation per (enterprise, funder).
    await q.query(`CREATE UNIQUE INDEX recommendation_one_pending_idx ON recommendation (enterprise_id, funder_id) WHERE status = 'PENDING'`);
    await q.query(`CREATE INDEX recommendation_funder_idx ON recommendation (funder_id, id)`);
    await q.query(`CREATE INDEX recommendation_enterprise_idx ON recommendation (enterprise_id, id)`);
    await q.query(`CREATE INDEX recommendation_status_idx ON recommendation (status, id)`);

    await q.query(`
      CREATE TABLE funding_agreement (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_number    text NOT NULL UNIQUE CHECK (length(agreement_number) BETWEEN 1 AND 50),
        recommendation_id   bigint UNIQUE REFERENCES recommendation (id),
        funder_id           bigint NOT NULL REFERENCES agency (id),
        recipient_id        bigint NOT NULL REFERENCES enterprise (id),
        status              text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'ACTIVE', 'COMPLETED', 'TERMINATED')),
        starts_on           date NOT NULL,
        ends_on             date NOT NULL,
        base_amount         bigint NOT NULL CHECK (base_amount BETWEEN 0 AND 1000000000000000),
        outcome_budget_cap  bigint NOT NULL CHECK (outcome_budget_cap BETWEEN 0 AND 1000000000000000),
        termination_reason  text,
        activated_at        timestamptz(3),
        completed_at        timestamptz(3),
        terminated_at       timestamptz(3),
        created_at          timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (starts_on < ends_on),
        CHECK ((status = 'TERMINATED') = (terminated_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX funding_agreement_funder_idx ON funding_agreement (funder_id, id)`);
    await q.query(`CREATE INDEX funding_agreement_recipient_idx ON funding_agreement (recipient_id, id)`);
    await q.query(`CREATE INDEX funding_agreement_status_idx ON funding_agreement (status, id)`);
    await q.query(`CREATE INDEX funding_agreement_term_idx ON funding_agreement (starts_on, ends_on)`);

    await q.query(`
      CREATE TABLE performance_target (
        id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_id          bigint NOT NULL REFERENCES funding_agreement (id),
        metric                text NOT NULL CHECK (metric IN ('VERIFIED_ACTIVITIES', 'DISTINCT_BENEFICIARIES',
                                'WORKERS_COVERED', 'HAZARDS_REMEDIATED', 'RISK_POINTS_REDUCED')),
        description           text,
        period_start          date NOT NULL,
        period_end            date NOT NULL,
        baseline              integer NOT NULL CHECK (baseline >= 0),
        target_value          integer NOT NULL,
        max_payout            bigint NOT NULL CHECK (max_payout BETWEEN 0 AND 1000000000000000),
        payout_rule_kind      text NOT NULL CHECK (payout_rule_kind IN ('ALL_OR_NOTHING', 'PRO_RATA', 'TIERED')),
        -- PRO_RATA threshold in basis points of achievement (0..10000).
        payout_threshold_bp   integer CHECK (payout_threshold_bp BETWEEN 0 AND 10000),
        -- TIERED: [{"minAchievementBp": int, "shareBp": int}, ...] in increasing order.
        payout_tiers          jsonb,
        created_at            timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (period_start <= period_end),
        CHECK (target_value > baseline),
        CHECK ((payout_rule_kind = 'TIERED') = (payout_tiers IS NOT NULL)),
        CHECK (payout_rule_kind = 'PRO_RATA' OR payout_threshold_bp IS NULL)
      )`);
    await q.query(`CREATE INDEX performance_target_agreement_idx ON performance_target (agreement_id, id)`);

    await q.query(`
      CREATE TABLE improvement_activity (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_id        bigint NOT NULL REFERENCES funding_agreement (id),
        provider_id         bigint NOT NULL REFERENCES enterprise (id),
        beneficiary_id      bigint NOT NULL REFERENCES enterprise (id),
        technology_id       bigint NOT NULL REFERENCES safety_technology (id),
        kind                text NOT NULL CHECK (kind IN ('PRODUCT_SUPPLY', 'ON_SITE_INSPECTION', 'CONSULTING', 'TRAINING')),
        title               text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description         text,
        hazards_addressed   text[] NOT NULL CHECK (cardinality(hazards_addressed) >= 1 AND hazards_addressed <@ ARRAY['FALL',
                              'CAUGHT_IN_MACHINERY', 'STRUCK_BY', 'CONFINED_SPACE', 'FIRE_EXPLOSION',
                              'CHEMICAL_EXPOSURE', 'ELECTRICAL', 'ERGONOMIC', 'HEAT_STRESS', 'VEHICLE']),
        workers_covered     integer NOT NULL CHECK (workers_covered >= 0),
        hazards_remediated  integer NOT NULL CHECK (hazards_remediated >= 0),
        risk_level_before   smallint CHECK (risk_level_before BETWEEN 1 AND 25),
        risk_level_after    smallint CHECK (risk_level_after BETWEEN 1 AND 25),
        started_on          date NOT NULL,
        completed_on        date NOT NULL,
        status              text NOT NULL DEFAULT 'REPORTED' CHECK (status IN ('REPORTED', 'VERIFIED', 'REJECTED')),
        evidence            jsonb NOT NULL DEFAULT '[]',
        reported_by         text NOT NULL,
        verified_by_id      bigint REFERENCES agency (id),
        verified_at         timestamptz(3),
        rejection_reason    text,
        created_at          timestamptz(3) NOT NULL DEFAULT now(),
        CHECK (beneficiary_id <> provider_id),
        CHECK (started_on <= completed_on),
        CHECK ((risk_level_before IS NULL) = (risk_level_after IS NULL)),
        CHECK ((status = 'VERIFIED') = (verified_at IS NOT NULL)),
        CHECK ((status = 'REJECTED') = (rejection_reason IS NOT NULL))
      )`);
    // R7: the same (agreement, beneficiary, technology, completedOn) twice is a duplicate.
    await q.query(`CREATE UNIQUE INDEX improvement_activity_natural_key_idx
      ON improvement_activity (agreement_id, beneficiary_id, technology_id, completed_on)`);
    await q.query(`CREATE INDEX improvement_activity_agreement_idx ON improvement_activity (agreement_id, id)`);
    await q.query(`CREATE INDEX improvement_activity_agreement_counted_idx ON improvement_activity (agreement_id, completed_on) WHERE status = 'VERIFIED'`);
    await q.query(`CREATE INDEX improvement_activity_provider_idx ON improvement_activity (provider_id, id)`);
    await q.query(`CREATE INDEX improvement_activity_beneficiary_idx ON improvement_activity (beneficiary_id, id)`);
    await q.query(`CREATE INDEX improvement_activity_technology_idx ON improvement_activity (technology_id)`);
    await q.query(`CREATE INDEX improvement_activity_status_idx ON improvement_activity (status, id)`);
    await q.query(`CREATE INDEX improvement_activity_kind_idx ON improvement_activity (kind, id)`);
    await q.query(`CREATE INDEX improvement_activity_hazards_idx ON improvement_activity USING gin (hazards_addressed)`);
    await q.query(`CREATE INDEX improvement_activity_completed_on_order_idx ON improvement_activity (completed_on, id)`);
    await q.query(`CREATE INDEX improvement_activity_created_at_order_idx ON improvement_activity (created_at, id)`);
    await q.query(`CREATE INDEX improvement_activity_workers_covered_order_idx ON improvement_activity (workers_covered, id)`);
    await q.query(`CREATE INDEX improvement_activity_verified_by_idx ON improvement_activity (verified_by_id)`);

    await q.query(`
      CREATE TABLE target_evaluation (
        id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        target_id             bigint NOT NULL REFERENCES performance_target (id),
        status                text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'FINALIZED', 'VOID')),
        actual_value          bigint NOT NULL CHECK (actual_value >= 0),
        achieved              boolean NOT NULL,
        computed_payout       bigint NOT NULL CHECK (computed_payout BETWEEN 0 AND 1000000000000000),
        payout                bigint NOT NULL CHECK (payout BETWEEN 0 AND computed_payout),
        capped                boolean NOT NULL DEFAULT false,
        explanation           text NOT NULL,
        prepared_by_id        bigint NOT NULL REFERENCES agency (id),
        prepared_by_subject   text NOT NULL,
        prepared_at           timestamptz(3) NOT NULL DEFAULT now(),
        finalized_by_id       bigint REFERENCES agency (id),
        finalized_by_subject  text,
        finalized_at          timestamptz(3),
        voided_at             timestamptz(3),
        CHECK ((status = 'FINALIZED') = (finalized_at IS NOT NULL)),
        CHECK ((status = 'VOID') = (voided_at IS NOT NULL)),
        CHECK (capped = (payout < computed_payout))
      )`);
    // R10: at most one FINALIZED evaluation per target, whatever the application does.
    await q.query(`CREATE UNIQUE INDEX target_evaluation_one_finalized_idx ON target_evaluation (target_id) WHERE status = 'FINALIZED'`);
    await q.query(`CREATE INDEX target_evaluation_target_idx ON target_evaluation (target_id, id)`);
    await q.query(`CREATE INDEX target_evaluation_status_idx ON target_evaluation (status, id)`);
    await q.query(`CREATE INDEX target_evaluation_achieved_idx ON target_evaluation (achieved, id)`);

    await q.query(`
      CREATE TABLE evaluation_activity (
        evaluation_id  bigint NOT NULL REFERENCES target_evaluation (id),
        activity_id    bigint NOT NULL REFERENCES improvement_activity (id),
        PRIMARY KEY (evaluation_id, activity_id)
      )`);
    await q.query(`CREATE INDEX evaluation_activity_activity_idx ON evaluation_activity (activity_id)`);

    await q.query(`
      CREATE TABLE disbursement (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agreement_id    bigint NOT NULL REFERENCES funding_agreement (id),
        evaluation_id   bigint UNIQUE REFERENCES target_evaluation (id),
        kind            text NOT NULL CHECK (kind IN ('BASE_GRANT', 'OUTCOME_PAYMENT')),
        amount          bigint NOT NULL CHECK (amount BETWEEN 1 AND 1000000000000000),
        status          text NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'PAID', 'CANCELLED')),
        scheduled_at    timestamptz(3) NOT NULL DEFAULT now(),
        paid_at         timestamptz(3),
        bank_reference  text,
        cancelled_at    timestamptz(3),
        CHECK ((kind = 'OUTCOME_PAYMENT') = (evaluation_id IS NOT NULL)),
        CHECK ((status = 'PAID') = (paid_at IS NOT NULL AND bank_reference IS NOT NULL)),
        CHECK ((status = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX disbursement_one_base_grant_idx ON disbursement (agreement_id) WHERE kind = 'BASE_GRANT'`);
    await q.query(`CREATE INDEX disbursement_agreement_idx ON disbursement (agreement_id, id)`);
    await q.query(`CREATE INDEX disbursement_status_idx ON disbursement (status, scheduled_at, id)`);
    await q.query(`CREATE INDEX disbursement_kind_idx ON disbursement (kind, id)`);
    await q.query(`CREATE INDEX disbursement_scheduled_at_idx ON disbursement (scheduled_at, id)`);

    await q.query(`
      CREATE TABLE audit_event (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at             timestamptz(3) NOT NULL DEFAULT now(),
        actor_subject  text NOT NULL,
        actor_role     text NOT NULL,
        action         text NOT NULL,
        entity_type    text NOT NULL,
        entity_id      text NOT NULL,
        changes        jsonb,
        request_id     text
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity_id, id)`);
    await q.query(`CREATE INDEX audit_event_action_idx ON audit_event (action, id)`);
    await q.query(`CREATE INDEX audit_event_at_idx ON audit_event (at, id)`);
    // R13: the audit log is append-only, also for someone with SQL access through the app's role.
    await q.query(`
      CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);

    await q.query(`
      CREATE TABLE idempotency_record (
        scope         text NOT NULL,
        key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
        operation     text NOT NULL,
        request_hash  text NOT NULL,
        response      jsonb,
        created_at    timestamptz(3) NOT NULL DEFAULT now(),
        expires_at    timestamptz(3) NOT NULL,
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_record_expires_idx ON idempotency_record (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_record',
      'audit_event',
      'disbursement',
      'evaluation_activity',
      'target_evaluation',
      'improvement_activity',
      'performance_target',
      'funding_agreement',
      'recommendation',
      'safety_technology',
      'enterprise',
      'agency',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}
