import { MigrationInterface, QueryRunner } from 'typeorm';

/** The EventType values of this migration (src/common/enums.ts). */
const EVENT_TYPES = [
  'RECOMMENDATION_MADE', 'RECOMMENDATION_ACCEPTED', 'RECOMMENDATION_DECLINED',
  'AGREEMENT_ACTIVATED', 'AGREEMENT_COMPLETED', 'AGREEMENT_TERMINATED',
  'ACTIVITY_REPORTED', 'ACTIVITY_VERIFIED', 'ACTIVITY_REJECTED',
  'EVALUATION_FINALIZED', 'DISBURSEMENT_SCHEDULED', 'DISBURSEMENT_PAID',
  'DISBURSEMENT_CANCELLED', 'SUPPLIER_CALL_PUBLISHED', 'SUPPLIER_APPLICATION_SUBMITTED',
  'SUPPLIER_APPLICATION_WITHDRAWN', 'SUPPLIER_CALL_DECIDED', 'SUPPORT_REQUEST_SUBMITTED',
  'SUPPORT_REQUEST_WITHDRAWN', 'SUPPLIER_MATCH_PROPOSED', 'SUPPLIER_MATCH_ACCEPTED',
  'SUPPLIER_MATCH_DECLINED', 'SUPPLIER_MATCH_CANCELLED', 'WORKSITE_ASSESSMENT_RECORDED',
];

/**
 * The event feed (transactional outbox): business events written in the
 * transaction of the change they report, each with a position (its id) that
 * a client resumes after.
 *
 * Positions are gap-free and follow commit order: a BEFORE INSERT trigger
 * takes the audit chain's transaction-level advisory lock (one commit order
 * for the audit log and the feed) and draws the next position only then, as
 * the last committed one plus one. The lock is held until commit, so position
 * N + 1 is drawn only after N committed, and a rolled-back transaction leaves
 * no hole: a reader that sees an event has already been able to see every
 * event before it, and "everything after my cursor" never misses one.
 *
 * Append-only, like the audit log. The feed starts empty: the history before
 * it is in the audit log.
 */
export class EventFeed1765000000000 implements MigrationInterface {
  name = 'EventFeed1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const types = EVENT_TYPES.map((type) => `'${type}'`).join(', ');
    await q.query(`
      CREATE TABLE business_event (
        id           bigint PRIMARY KEY,
        type         text NOT NULL CHECK (type IN (${types})),
        occurred_at  timestamptz(3) NOT NULL,
        subject_type text NOT NULL,
        subject_id   bigint NOT NULL,
        agreement_id bigint REFERENCES funding_agreement (id),
        program_id   bigint REFERENCES program (id),
        data         jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX business_event_type_idx ON business_event (type, id)`);
    await q.query(`CREATE INDEX business_event_subject_idx ON business_event (subject_type, subject_id)`);
    await q.query(`
      CREATE FUNCTION business_event_position() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('audit_event_chain'));
        NEW.id := coalesce((SELECT max(id) FROM business_event), 0) + 1;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER business_event_position BEFORE INSERT ON business_event
      FOR EACH ROW EXECUTE FUNCTION business_event_position()`);
    await q.query(`
      CREATE FUNCTION business_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'business_event is append-only';
      END $$`);
    await q.query(`CREATE TRIGGER business_event_append_only BEFORE UPDATE OR DELETE ON business_event
      FOR EACH ROW EXECUTE FUNCTION business_event_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE business_event`);
    await q.query(`DROP FUNCTION business_event_append_only()`);
    await q.query(`DROP FUNCTION business_event_position()`);
  }
}
