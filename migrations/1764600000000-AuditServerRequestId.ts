import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each audit event keeps the server's own id of its request beside the one the
 * client quoted (X-Request-Id), which a client chooses. Earlier events have
 * none. The hash chain (R13) covers the event's content as R13 lists it, the
 * client's request id included; this column is for finding the request's log lines.
 */
export class AuditServerRequestId1764600000000 implements MigrationInterface {
  name = 'AuditServerRequestId1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event ADD COLUMN server_request_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_event DROP COLUMN server_request_id`);
  }
}
