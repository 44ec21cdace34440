import { SignJWT } from 'jose';
import { Role } from '../src/auth/roles';
import { startTestApp, TestApp } from './support/test-app';

let app: TestApp;
let supplierBrn: string;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
  const [row] = await app.db.query(
    'SELECT business_registration_number AS brn FROM enterprise WHERE id IN (SELECT provider_id FROM safety_technology) ORDER BY id LIMIT 1',
  );
  supplierBrn = row.brn;
});
afterAll(() => app?.close());

const VIEWER = '{ viewer { subject role agency { code kind } enterprise { businessRegistrationNumber } } }';

function secret(value = app.config.jwtSecret): Uint8Array {
  return new TextEncoder().encode(value);
}

/** A JWT of these claims (an ADMIN named alice, HS256 unless told), for each case to finish with what it tampers with. */
function jwt(claims: { role?: string; subject?: string; alg?: string } = {}): SignJWT {
  return new SignJWT({ role: claims.role ?? 'ADMIN' }).setProtectedHeader({ alg: claims.alg ?? 'HS256' }).setSubject(claims.subject ?? 'alice');
}

async function expectUnauthenticated(token: string | null, headers: Record<string, string> = {}) {
  const res = await app.gql(VIEWER, {}, token, headers);
  expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(res.data ?? null).toBeNull();
  return res;
}

describe('authentication', () => {
  it('a request without a token is UNAUTHENTICATED', async () => {
    await expectUnauthenticated(null);
  });

  it('resolves each role with its agency or enterprise from the claims', async () => {
    const cases: [Role, Record<string, string>, unknown][] = [
      [Role.ADMIN, {}, { agency: null, enterprise: null }],
      [Role.ANALYST, {}, { agency: null, enterprise: null }],
      [Role.AGENCY_OFFICER, { agency: 'KOSME' }, { agency: { code: 'KOSME', kind: 'PUBLIC_AGENCY' }, enterprise: null }],
      [Role.FUNDER_OFFICER, { agency: 'KB' }, { agency: { code: 'KB', kind: 'FINANCIAL_INSTITUTION' }, enterprise: null }],
    ];
    for (const [role, claims, expected] of cases) {
      const res: any = await app.gql(VIEWER, {}, await app.token(role, { ...claims, subject: 'alice' }));
      expect(res.errors).toBeUndefined();
      expect(res.data.viewer).toEqual({ subject: 'alice', role, ...(expected as object) });
    }
    const enterprise: any = await app.gql(VIEWER, {}, await app.token(Role.ENTERPRISE, { enterprise: supplierBrn }));
    expect(enterprise.data.viewer.enterprise.businessRegistrationNumber.replace(/-/g, '')).toBe(supplierBrn);
  });

  it('an expired token is UNAUTHENTICATED', async () => {
    const token = await jwt().setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(secret());
    const res = await expectUnauthenticated(token);
    expect(res.errors?.[0].message).toMatch(/expired/);
  });

  it('a token without exp is UNAUTHENTICATED', async () => {
    const token = await jwt().sign(secret());
    await expectUnauthenticated(token);
  });

  it('a token not yet valid (nbf in the future) is UNAUTHENTICATED', async () => {
    const token = await jwt().setNotBefore(Math.floor(Date.now() / 1000) + 3600).setExpirationTime('2h').sign(secret());
    await expectUnauthenticated(token);
  });

  it('a token signed with another secret is UNAUTHENTICATED', async () => {
    const token = await jwt({ subject: 'mallory' }).setExpirationTime('1h').sign(secret('a-completely-different-secret-of-enough-length'));
    await expectUnauthenticated(token);
  });

  it('an unsigned token (alg none) is UNAUTHENTICATED', async () => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: 'mallory', role: 'ADMIN', exp: Math.floor(Date.now() / 1000) + 3600 })}.`;
    await expectUnauthenticated(token);
  });

  it('a token with another HMAC algorithm (HS512) is UNAUTHENTICATED', async () => {
    const token = await jwt({ alg: 'HS512' }).setExpirationTime('1h').sign(new TextEncoder().encode(app.config.jwtSecret.padEnd(64, 'x')));
    await expectUnauthenticated(token);
  });

  it.each(['garbage', 'a.b.c', ''])('a malformed token %j is UNAUTHENTICATED', async (token) => {
    await expectUnauthenticated(null, { authorization: `Bearer ${token}` });
  });

  it('an Authorization header of another scheme is UNAUTHENTICATED', async () => {
    await expectUnauthenticated(null, { authorization: 'Basic YWxpY2U6c2VjcmV0' });
  });

  it('a role that does not exist is UNAUTHENTICATED', async () => {
    const token = await jwt({ role: 'SUPERUSER', subject: 'x' }).setExpirationTime('1h').sign(secret());
    await expectUnauthenticated(token);
  });

  it('an agency code that does not exist is UNAUTHENTICATED', async () => {
    await expectUnauthenticated(await app.token(Role.FUNDER_OFFICER, { agency: 'NOBANK' }));
  });

  it('an officer role with an agency of the wrong kind is UNAUTHENTICATED', async () => {
    await expectUnauthenticated(await app.token(Role.FUNDER_OFFICER, { agency: 'KOSME' }));
    await expectUnauthenticated(await app.token(Role.AGENCY_OFFICER, { agency: 'KB' }));
    await expectUnauthenticated(await app.token(Role.AGENCY_OFFICER));
  });

  it('an enterprise number that is not registered is UNAUTHENTICATED', async () => {
    await expectUnauthenticated(await app.token(Role.ENTERPRISE, { enterprise: '1234567890' }));
    await expectUnauthenticated(await app.token(Role.ENTERPRISE));
  });

  /** A token of exactly these claims (HS256 with the server's secret), for the claim checks below. */
  const withClaims = (claims: Record<string, unknown>) =>
    new SignJWT({ role: 'ADMIN', ...claims }).setProtectedHeader({ alg: 'HS256' }).sign(secret());
  const now = () => Math.floor(Date.now() / 1000);

  it.each<[string, Record<string, unknown>]>([
    ['an empty sub', { sub: '' }],
    ['a numeric sub', { sub: 42 }],
    ['an object sub', { sub: { name: 'alice' } }],
    ['a null sub', { sub: null }],
    ['a sub of 256 characters', { sub: 's'.repeat(256) }],
    ['a sub with a control character', { sub: 'alice\nbob' }],
  ])('Token claims: %s is UNAUTHENTICATED, before any audit row could hold it', async (_name, claims) => {
    await expectUnauthenticated(await withClaims({ exp: now() + 3600, iat: now(), ...claims }));
  });

  it('Token claims: an iat in the future beyond a minute of clock skew is UNAUTHENTICATED; within it, accepted', async () => {
    await expectUnauthenticated(await withClaims({ sub: 'alice', iat: now() + 600, exp: now() + 3600 }));
    const res = await app.gql(VIEWER, {}, await withClaims({ sub: 'alice', iat: now() + 30, exp: now() + 3600 }));
    expect(res.data.viewer.subject).toBe('alice');
  });

  it('Token claims: a lifetime beyond MAX_TOKEN_LIFETIME_SECONDS (default 24 hours) is UNAUTHENTICATED, with or without iat', async () => {
    expect(app.config.maxTokenLifetimeSeconds).toBe(86400);
    await expectUnauthenticated(await withClaims({ sub: 'alice', iat: now(), exp: now() + 100 * 365 * 86400 }));
    await expectUnauthenticated(await withClaims({ sub: 'alice', exp: now() + 86400 + 60 }));
    await expectUnauthenticated(await withClaims({ sub: 'alice', iat: now() - 3600, exp: now() + 86400 - 1800 }));
    const res = await app.gql(VIEWER, {}, await withClaims({ sub: 'alice', iat: now(), exp: now() + 86400 }));
    expect(res.data.viewer.subject).toBe('alice');
  });

  it('answers authentication failures with HTTP 401', async () => {
    const res = await app.gql(VIEWER, {}, 'garbage');
    expect(res.status).toBe(401);
  });

  it('returns the request id in the X-Request-Id header and in errors', async () => {
    const res = await app.gql(VIEWER, {}, null, { 'x-request-id': 'bank-batch-42' });
    expect(res.headers.get('x-request-id')).toBe('bank-batch-42');
    expect(res.errors?.[0].extensions.requestId).toBe('bank-batch-42');
  });
});
