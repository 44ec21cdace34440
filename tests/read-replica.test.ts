import { Client } from 'pg';
import { PRIMARY_APPLICATION_NAME, REPLICA_APPLICATION_NAME } from '../src/db/data-source';
import { dbId } from './support/ids';
import { startStreamingReplica, StreamingReplica } from './support/streaming-replica';
import { startTestApp, TestApp } from './support/test-app';
import { actorsOf } from './support/actors';
import * as api from './support/operations';

/**
 * Read routing against a real streaming replica: with replay paused on the
 * standby, what a query operation reads must be stale and what a mutation
 * reads (inside its transaction and in its payload) must be current.
 */
let cluster: StreamingReplica;
let app: TestApp;
let standby: Client;
let admin: string;
const testDatabaseUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  cluster = await startStreamingReplica();
  // This file's test database lives on the primary; the same database on the standby is the read replica.
  process.env.DATABASE_URL = cluster.primaryUrl;
  app = await startTestApp({ replica: cluster });
  standby = new Client({ connectionString: cluster.replicaUrl });
  await standby.connect();
  ({ admin } = await actorsOf(app));
  await cluster.caughtUp();
}, 60_000);

afterAll(async () => {
  await standby?.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
  await standby?.end();
  await app?.close();
  await cluster?.stop();
  process.env.DATABASE_URL = testDatabaseUrl;
}, 30_000);

const REGISTER_TECHNOLOGY = `mutation($input: RegisterSafetyTechnologyInput!) {
  registerSafetyTechnology(input: $input) {
    safetyTechnology { id name provider { id name safetyTechnologies { name } } }
    userErrors { code field message }
  }
}`;

const NODE = `query($id: ID!) {
  node(id: $id) { id ... on SafetyTechnology { name provider { name } } ... on Enterprise { name } }
}`;

function technologyInput(providerId: string) {
  return { providerId, name: 'Edge-zone LiDAR guard', category: 'FALL_PROTECTION', hazards: ['FALL'], readinessLevel: 7 };
}

async function registerEnterprise(): Promise<string> {
  return (await api.registerEnterprise(app, admin, { name: 'Replica Works', size: 'SMALL', industryCode: 'C25', region: 'SEOUL', employeeCount: 40 })).id;
}

async function pauseReplay(): Promise<void> {
  await standby.query('SELECT pg_wal_replay_pause()');
  // Pausing is asynchronous: wait until the startup process has actually stopped replaying.
  for (;;) {
    const { rows } = await standby.query('SELECT pg_get_wal_replay_pause_state() AS state');
    if (rows[0].state === 'paused') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it('the replica is a hot standby streaming from the primary', async () => {
  const { rows } = await standby.query('SELECT pg_is_in_recovery() AS standby');
  expect(rows[0].standby).toBe(true);
  await expect(standby.query('CREATE TABLE nope (id int)')).rejects.toThrow(/read-only transaction/);
});

it('with replay paused, a mutation and its payload read the primary while a query operation reads the stale replica', async () => {
  const enterpriseId = await registerEnterprise();
  await cluster.caughtUp();
  await pauseReplay();

  // The mutation checks the provider inside its transaction, writes, and its payload reads the new row
  // back through the loaders (provider.safetyTechnologies): all on the primary, or the list would be empty.
  const created = await app.gql(REGISTER_TECHNOLOGY, { input: technologyInput(enterpriseId) }, admin);
  expect(created.errors).toBeUndefined();
  const technology = created.data.registerSafetyTechnology.safetyTechnology;
  expect(technology.provider).toEqual({ id: enterpriseId, name: 'Replica Works', safetyTechnologies: [{ name: 'Edge-zone LiDAR guard' }] });

  // Committed on the primary...
  const onPrimary: unknown[] = await app.db.query('SELECT 1 FROM safety_technology WHERE id = $1', [dbId(technology.id)]);
  expect(onPrimary).toHaveLength(1);
  // ...but a query operation reads the replica, which has not replayed it yet.
  const stale = await app.gql(NODE, { id: technology.id }, admin);
  expect(stale.errors).toBeUndefined();
  expect(stale.data.node).toBeNull();
  const provider = await app.gql(`query($id: ID!) { node(id: $id) { ... on Enterprise { safetyTechnologies { name } } } }`, { id: enterpriseId }, admin);
  expect(provider.data.node.safetyTechnologies).toEqual([]);

  await standby.query('SELECT pg_wal_replay_resume()');
  await cluster.caughtUp();
  const current = await app.gql(NODE, { id: technology.id }, admin);
  expect(current.errors).toBeUndefined();
  expect(current.data.node).toEqual({ id: technology.id, name: 'Edge-zone LiDAR guard', provider: { name: 'Replica Works' } });
});

it("each server's connections carry the pool's application name", async () => {
  const names = async (client: Client) =>
    (await client.query('SELECT DISTINCT application_name FROM pg_stat_activity WHERE datname = current_database()')).rows.map(
      (row: { application_name: string }) => row.application_name,
    );
  // The app's replica pool is open to the standby's copy of the test database, its primary pool to the primary.
  const onStandby = new Client({ connectionString: app.config.databaseReplicaUrls[0] });
  const onPrimary = new Client({ connectionString: app.config.databaseUrl });
  await Promise.all([onStandby.connect(), onPrimary.connect()]);
  try {
    expect(await names(onStandby)).toContain(REPLICA_APPLICATION_NAME);
    expect(await names(onStandby)).not.toContain(PRIMARY_APPLICATION_NAME);
    expect(await names(onPrimary)).toContain(PRIMARY_APPLICATION_NAME);
    expect(await names(onPrimary)).not.toContain(REPLICA_APPLICATION_NAME);
  } finally {
    await Promise.all([onStandby.end(), onPrimary.end()]);
  }
});
