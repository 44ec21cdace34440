import { Role } from '../src/auth/roles';
import { startTestApp, TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app?.close());

it('serves enterprises', async () => {
  const token = await app.token(Role.ADMIN);
  const res = await app.gql('{ viewer { role } enterprises(first: 3) { totalCount edges { cursor node { id name businessRegistrationNumber createdAt } } pageInfo { hasNextPage endCursor } } }', {}, token);
  console.log(JSON.stringify(res, null, 1));
  expect(res.errors).toBeUndefined();
});
