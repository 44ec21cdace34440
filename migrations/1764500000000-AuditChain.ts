import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * R13: the audit log proves itself. Each event carries the SHA-256 (hex) of
 * the previous event's hash (empty for the first) followed by its own
 * canonical JSON: PostgreSQL's jsonb text of { id, at, actorSubject,
 * actorRole, action, entityType, entityId, changes, requestId } (keys ordered
 * by length, then bytes; `at` in UTC to the millisecond), which anyone can
 * recompute from the row.
 *
 * The database keeps the chain, so plain SQL inserts join it like the API's:
 * a BEFORE INSERT trigger takes a transaction-level advisory lock, draws the
 * event's id only then (so ids follow the chain's order even when transactions
 * commit out of order), and links it to the last committed event. The lock is
 * held until commit, so concurrent mutations never fork the chain; a unique
 * index on previous_hash would refuse a fork anyway.
 *
 * Existing events are chained in id order on the way up.
 */
export class AuditChain1764500000000 implements MigrationInterface {
  name = 'AuditChain1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN hash text, ADD COLUMN previous_hash text`);
    await q.query(`
      CREATE FUNCTION audit_event_canonical(event audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_build_object(
          'id', event.id,
          'at', to_char(event.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
          'actorSubject', event.actor_subject,
          'actorRole', event.actor_role,
          'action', event.action,
          'entityType', event.entity_type,
          'entityId', event.entity_id,
          'changes', event.changes,
          'requestId', event.request_id)::text
      $$`);
    await q.query(`
      CREATE FUNCTION audit_event_hash(previous_hash text, event audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(coalesce(previous_hash, '') || audit_event_canonical(event), 'UTF8')), 'hex')
      $$`);
    // Existing events, in id order (the append-only trigger is set aside for this one pass).
    await q.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await q.query(`
      DO $$
      DECLARE
        event audit_event;
        previous text := NULL;
      BEGIN
        FOR event IN SELECT * FROM audit_event ORDER BY id LOOP
          UPDATE audit_event SET previous_hash = previous, hash = audit_event_hash(previous, event) WHERE id = event.id
            RETURNING hash INTO previous;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    await q.query(`ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_event_previous_hash_key ON audit_event (previous_hash)`);
    await q.query(`CREATE UNIQUE INDEX audit_event_one_first_idx ON audit_event ((true)) WHERE previous_hash IS NULL`);
    await q.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('audit_event_chain'));
        NEW.id := nextval(pg_get_serial_sequence('audit_event', 'id'));
        SELECT hash INTO NEW.previous_hash FROM audit_event ORDER BY id DESC LIMIT 1;
        NEW.hash := audit_event_hash(NEW.previous_hash, NEW);
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_chain ON audit_event`);
    await q.query(`DROP FUNCTION audit_event_chain()`);
    await q.query(`DROP INDEX audit_event_one_first_idx`);
    await q.query(`DROP INDEX audit_event_previous_hash_key`);
    await q.query(`ALTER TABLE audit_event DROP COLUMN hash, DROP COLUMN previous_hash`);
    await q.query(`DROP FUNCTION audit_event_hash(text, audit_event)`);
    await q.query(`DROP FUNCTION audit_event_canonical(audit_event)`);
  }
}
