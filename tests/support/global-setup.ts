import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded';

/**
 * Tests run against DATABASE_URL when it is set (CI). Without it they start
 * an embedded PostgreSQL of their own, as a newcomer's `npm test` does.
 * Each test file then creates and drops its own database on that server.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.DATABASE_URL) return;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'rbf-test-'));
  const port = 55000 + Math.floor(Math.random() * 5000);
  const database = await startEmbeddedPostgres({ dataDir, port, database: 'postgres', ephemeral: true });
  process.env.DATABASE_URL = database.url;
  (globalThis as { embeddedTestDatabase?: typeof database }).embeddedTestDatabase = database;
}
