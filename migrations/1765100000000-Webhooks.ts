import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed webhooks (Standard Webhooks) over the event feed.
 *
 * webhook_endpoint: a URL an agency registers, with its signing secret (and,
 * for a while after a rotation, the previous one), the event types it wants
 * (none: all) and how far into the feed its deliveries have been made
 * (fanned_out_position, a position of business_event: the delivery worker
 * reads the events after it that the agency may see, inserts their
 * deliveries and moves it on, in one transaction).
 *
 * webhook_delivery: one event for one endpoint, at most once (unique), and
 * the log of its attempts. A PENDING delivery is due at next_attempt_at; a
 * worker that claims it moves next_attempt_at past the attempt's deadline
 * (its lease) in the claiming statement, so a process that dies mid-attempt
 * leaves it due again once the lease is over. `payload` is the signed body,
 * fixed when the delivery is made, so every attempt sends the same bytes.
 */
export class Webhooks1765100000000 implements MigrationInterface {
  name = 'Webhooks1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoint (
        id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agency_id                  bigint NOT NULL REFERENCES agency (id),
        url                        text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
        description                text CHECK (length(description) <= 500),
        event_types                text[] NOT NULL DEFAULT '{}',
        enabled                    boolean NOT NULL DEFAULT true,
        secret                     text NOT NULL,
        previous_secret            text,
        previous_secret_expires_at timestamptz(3),
        fanned_out_position        bigint NOT NULL CHECK (fanned_out_position >= 0),
        created_by                 text NOT NULL,
        created_at                 timestamptz(3) NOT NULL DEFAULT now(),
        updated_at                 timestamptz(3) NOT NULL DEFAULT now(),
        secret_rotated_at          timestamptz(3),
        CHECK ((previous_secret IS NULL) = (previous_secret_expires_at IS NULL))
      )`);
    await q.query(`CREATE INDEX webhook_endpoint_agency_idx ON webhook_endpoint (agency_id, id)`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        endpoint_id          bigint NOT NULL REFERENCES webhook_endpoint (id),
        event_id             bigint NOT NULL REFERENCES business_event (id),
        payload              text NOT NULL,
        status               text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SUCCEEDED', 'FAILED')),
        attempts             integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        retries_from         integer NOT NULL DEFAULT 0 CHECK (retries_from BETWEEN 0 AND attempts),
        next_attempt_at      timestamptz(3),
        last_attempt_at      timestamptz(3),
        last_response_status integer,
        last_response_body   text,
        last_error           text,
        delivered_at         timestamptz(3),
        created_at           timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT webhook_delivery_once UNIQUE (endpoint_id, event_id),
        CHECK ((status = 'PENDING') = (next_attempt_at IS NOT NULL))
      )`);
    // The workers' claim: due deliveries, soonest first.
    await q.query(`CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at, id) WHERE status = 'PENDING'`);
    // The delivery log of one endpoint, newest first.
    await q.query(`CREATE INDEX webhook_delivery_endpoint_idx ON webhook_delivery (endpoint_id, id)`);
    // Events written by plain SQL (an import, a repair) wake the workers too. A mutation's own tables already
    // notify, and PostgreSQL sends identical notifications of one transaction once, so this costs them nothing.
    await q.query(`CREATE TRIGGER business_event_data_changed AFTER INSERT ON business_event
      FOR EACH STATEMENT EXECUTE FUNCTION notify_program_data_changed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER business_event_data_changed ON business_event`);
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_endpoint`);
  }
}
