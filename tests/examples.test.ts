import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { TestApp } from './support/test-app';
import { Actors, startWithActors } from './support/actors';

/** The operations a frontend writes (examples/*.graphql) stay valid against the committed schema. */
const root = path.join(__dirname, '..');
const schema = buildSchema(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
const files = readdirSync(path.join(root, 'examples')).filter((file) => file.endsWith('.graphql'));

it('has example operations', () => {
  expect(files.length).toBeGreaterThanOrEqual(3);
});

it('README.md links every example', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(files.filter((file) => !readme.includes(`](examples/${file})`))).toEqual([]);
});

it.each(files)('examples/%s validates against schema.graphql', (file) => {
  const document = parse(readFileSync(path.join(root, 'examples', file), 'utf8'));
  expect(validate(schema, document).map((error) => error.message)).toEqual([]);
});

describe('the example queries run within the query limits', () => {
  let app: TestApp;
  let actors: Actors;
  beforeAll(async () => {
    ({ app, actors } = await startWithActors({ seed: 'program' }));
  }, 120_000);
  afterAll(() => app?.close());

  async function run(file: string, operationName: string, variables: object, token: string): Promise<any> {
    const query = readFileSync(path.join(root, 'examples', file), 'utf8');
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, operationName, variables }),
    });
    const body: any = await response.json();
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('AgreementDashboard for the bank', async () => {
    const data = await run('agreement-dashboard.graphql', 'AgreementDashboard', { first: 50 }, actors.kb);
    expect(data.fundingAgreements.nodes.length).toBeGreaterThan(20);
  });

  it('ActivityReviewQueue for the agency', async () => {
    const data = await run('activity-review-queue.graphql', 'ActivityReviewQueue', { first: 50 }, actors.kosme);
    expect(data.improvementActivities.edges.length).toBe(50);
    expect(data.improvementActivities.edges.every((e: any) => e.node.provider && e.node.beneficiary)).toBe(true);
  });

  it('EvaluationDetail of a finalized evaluation', async () => {
    const [row] = await app.db.query("SELECT id FROM target_evaluation WHERE status = 'FINALIZED' ORDER BY id LIMIT 1");
    const id = Buffer.from(`TargetEvaluation:${row.id}`).toString('base64url');
    const data = await run('evaluation-detail.graphql', 'EvaluationDetail', { id }, actors.kb);
    expect(data.node.status).toBe('FINALIZED');
    const [counted] = await app.db.query('SELECT count(*)::int AS n FROM evaluation_activity WHERE evaluation_id = $1', [row.id]);
    expect(data.node.countedActivities.totalCount).toBe(counted.n);
  });
});
