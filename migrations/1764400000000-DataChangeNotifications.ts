import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every committed change to the program's data sends one notification
 * (PostgreSQL folds identical ones within a transaction) on the channel the
 * API replicas listen on, so that figures they computed from the old data
 * (the BI statistics cache) are dropped. A trigger rather than the API's
 * mutations: changes made with plain SQL (imports, repairs, seeding) count too.
 */
const TABLES = [
  'agency',
  'enterprise',
  'safety_technology',
  'recommendation',
  'funding_agreement',
  'performance_target',
  'improvement_activity',
  'target_evaluation',
  'evaluation_activity',
  'disbursement',
];

export class DataChangeNotifications1764400000000 implements MigrationInterface {
  name = 'DataChangeNotifications1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION notify_program_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('program_events', '{"topic":"DATA_CHANGED"}');
        RETURN NULL;
      END $$`);
    for (const table of TABLES) {
      await q.query(`CREATE TRIGGER ${table}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION notify_program_data_changed()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER ${table}_data_changed ON ${table}`);
    await q.query(`DROP FUNCTION notify_program_data_changed()`);
  }
}
