import { startTestApp, TestApp } from './support/test-app';
import { actorsOf } from './support/actors';

/** One JSON line per request with request id, operation, duration, principal and error codes; never the token. */
let app: TestApp;
const lines: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ seed: true, env: { LOG_LEVEL: 'info' }, logLines: lines });
});
afterAll(() => app?.close());

function requestLines(): any[] {
  return lines.map((line) => JSON.parse(line)).filter((record) => record.msg === 'graphql request');
}

it('logs one line per request with what operators need, and never the token', async () => {
  const { kb: token } = await actorsOf(app, { kb: 'kb-lee' });
  await app.gql('query Dashboard { fundingAgreements(first: 2) { totalCount } }', {}, token, { 'x-request-id': 'log-1' });
  await app.gql('query Audit { auditEvents { totalCount } }', {}, token, { 'x-request-id': 'log-2' });

  const [dashboard, audit] = requestLines().filter((r) => ['log-1', 'log-2'].includes(r.requestId));
  expect(dashboard).toMatchObject({ requestId: 'log-1', operationName: 'Dashboard', subject: 'kb-lee', role: 'FUNDER_OFFICER', errorCodes: [] });
  expect(typeof dashboard.durationMs).toBe('number');
  expect(audit).toMatchObject({ requestId: 'log-2', operationName: 'Audit', errorCodes: ['FORBIDDEN'] });
  expect(lines.join('\n')).not.toContain(token);
  expect(lines.join('\n')).not.toContain(token.split('.')[2]);
});
