/**
 * Tokens from an identity provider (AUTH_JWKS_URL): a real JWKS server on
 * 127.0.0.1 serving generated RS256, ES256 and EdDSA keys, the keys rotated
 * mid-test, every refusal answered 401 UNAUTHENTICATED, a key set that cannot
 * be fetched refused within a bounded time, and WebSocket connections checked
 * the same way.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, JWK, KeyLike, SignJWT } from 'jose';
import WebSocket from 'ws';
import { InvalidTokenError, verifyToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { startTestApp, TestApp } from './support/test-app';

const ISSUER = 'https://idp.rbf.test/realms/rbf';
const AUDIENCE = 'rbf-api';
const NAMESPACE = 'https://rbf.example/claims';
const VIEWER = '{ viewer { subject role agency { code } } }';

type Key = { kid: string; alg: 'RS256' | 'ES256' | 'EdDSA'; privateKey: KeyLike; publicKey: KeyLike; jwk: JWK };

async function key(kid: string, alg: Key['alg']): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A JWKS endpoint that counts its fetches; `served` is what it answers with now. */
class JwksServer {
  fetches = 0;
  served: Key[] = [];
  private server = http.createServer((request, response) => {
    this.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: this.served.map((k) => k.jwk) }));
  });
  url = '';
  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realms/rbf/protocol/openid-connect/certs`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const now = () => Math.floor(Date.now() / 1000);

/** A token as the identity provider issues it: claims under the namespace, unless `claims` says otherwise. */
function idpToken(
  signer: Key,
  options: {
    claims?: Record<string, unknown>;
    role?: Role;
    agency?: string;
    kid?: string;
    iss?: string;
    aud?: string;
    iat?: number;
    exp?: number;
    nbf?: number;
    subject?: string;
  } = {},
): Promise<string> {
  const claims = options.claims ?? {
    [NAMESPACE]: { role: options.role ?? Role.ADMIN, ...(options.agency ? { agency: options.agency } : {}) },
  };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: signer.alg, kid: options.kid ?? signer.kid, typ: 'JWT' })
    .setSubject(options.subject ?? `idp-${signer.kid}`)
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt(options.iat ?? now())
    .setExpirationTime(options.exp ?? now() + 300);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(signer.privateKey);
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const jwks = new JwksServer();
let app: TestApp;
let rsa: Key;
let ec: Key;
let ed: Key;

beforeAll(async () => {
  [rsa, ec, ed] = await Promise.all([key('rsa-1', 'RS256'), key('ec-1', 'ES256'), key('ed-1', 'EdDSA')]);
  jwks.served = [rsa, ec, ed];
  await jwks.start();
  app = await startTestApp({
    seed: true,
    env: {
      AUTH_JWKS_URL: jwks.url,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: `other-client,${AUDIENCE}`,
      AUTH_CLAIMS_NAMESPACE: NAMESPACE,
      AUTH_JWKS_REFETCH_SECONDS: '1',
    },
  });
});

afterAll(async () => {
  await app?.close();
  await jwks.stop();
});

async function refused(token: string, message: string | RegExp): Promise<void> {
  const response = await app.gql(VIEWER, {}, token);
  expect(response.status).toBe(401);
  expect(response.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  expect(response.errors?.[0].message).toMatch(message);
}

describe('accepted', () => {
  it.each(['RS256', 'ES256', 'EdDSA'])('a %s token signed by a key of the set, its claims under the namespace', async (alg) => {
    const signer = [rsa, ec, ed].find((k) => k.alg === alg)!;
    const response = await app.gql(VIEWER, {}, await idpToken(signer, { role: Role.FUNDER_OFFICER, agency: 'KB' }));
    expect(response.status).toBe(200);
    expect(response.data.viewer).toEqual({ subject: `idp-${signer.kid}`, role: 'FUNDER_OFFICER', agency: { code: 'KB' } });
  });

  it('exp, nbf and iat within the clock skew (30 s)', async () => {
    for (const times of [{ exp: now() - 10, iat: now() - 300 }, { nbf: now() + 10 }, { iat: now() + 10, exp: now() + 300 }]) {
      const response = await app.gql(VIEWER, {}, await idpToken(rsa, times));
      expect(response.errors).toBeUndefined();
      expect(response.data.viewer.role).toBe('ADMIN');
    }
  });

  it('the keys were fetched once for all of these', () => {
    expect(jwks.fetches).toBe(1);
  });
});

describe('refused with 401 UNAUTHENTICATED', () => {
  const cases: [string, () => Promise<string>, RegExp][] = [
    ['a wrong issuer', () => idpToken(rsa, { iss: 'https://evil.test/realms/rbf' }), /issuer \(iss\)/],
    ['a wrong audience', () => idpToken(ec, { aud: 'another-api' }), /audience \(aud\)/],
    ['expired beyond the skew', () => idpToken(ed, { exp: now() - 60, iat: now() - 600 }), /token has expired/],
    ['nbf beyond the skew', () => idpToken(rsa, { nbf: now() + 120 }), /not valid yet \(nbf\)/],
    ['iat far in the future', () => idpToken(rsa, { iat: now() + 600, exp: now() + 900 }), /issued in the future \(iat\)/],
    ['no role claim', () => idpToken(rsa, { claims: { [NAMESPACE]: { agency: 'KB' } } }), /token role is not one of/],
    ['the role outside the namespace', () => idpToken(rsa, { claims: { role: Role.ADMIN } }), /no claims object https:\/\/rbf\.example\/claims/],
    ['an unknown agency code', () => idpToken(ec, { role: Role.FUNDER_OFFICER, agency: 'NOPE' }), /names no known agency/],
    [
      'alg none',
      async () => `${base64url({ alg: 'none', kid: 'rsa-1' })}.${base64url({ sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: now() + 60, [NAMESPACE]: { role: 'ADMIN' } })}.`,
      /algorithm none is not accepted/,
    ],
    [
      'HS256 signed with the public key',
      async () =>
        new SignJWT({ [NAMESPACE]: { role: Role.ADMIN } })
          .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
          .setSubject('x')
          .setIssuer(ISSUER)
          .setAudience(AUDIENCE)
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(await exportSPKI(rsa.publicKey))),
      /algorithm HS256 is not accepted/,
    ],
    ['HS256 signed with JWT_SECRET', () => app.token(Role.ADMIN), /algorithm HS256 is not accepted/],
    ['a key the set does not hold (kid stays unknown)', async () => idpToken(await key('nobody', 'RS256')), /key \(kid\) is not in/],
    ['another key under a known kid', async () => idpToken(await key('ec-1', 'ES256')), /signature does not verify/],
    ['an algorithm the key is not for', async () => idpToken({ ...(await key('x', 'ES256')), kid: 'rsa-1' }), /key \(kid\) is not in|signature/],
  ];
  it.each(cases)('%s', async (_name, make, message) => refused(await make(), message));
});

it('rotation: a token under a new kid is accepted after one refetch; unknown kids refetch at most once a second', async () => {
  const oldToken = await idpToken(rsa);
  expect((await app.gql(VIEWER, {}, oldToken)).status).toBe(200);
  const fetchesBefore = jwks.fetches;
  const rotated = await key('rsa-2', 'RS256');
  jwks.served = [rotated, ec, ed];
  // The refetch interval (AUTH_JWKS_REFETCH_SECONDS=1) since the last fetch has passed.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const response = await app.gql(VIEWER, {}, await idpToken(rotated));
  expect(response.errors).toBeUndefined();
  expect(response.data.viewer.subject).toBe('idp-rsa-2');
  expect(jwks.fetches).toBe(fetchesBefore + 1);
  // The retired key is gone with the old set.
  await refused(oldToken, /key \(kid\) is not in/);

  // A burst of tokens naming kids nobody knows, over about 1.5 s: at most two more fetches.
  const afterRotation = jwks.fetches;
  const strangers = await Promise.all(Array.from({ length: 5 }, (_, i) => key(`ghost-${i}`, 'ES256')));
  const started = Date.now();
  while (Date.now() - started < 1500) {
    const responses = await Promise.all(strangers.map(async (k) => app.gql(VIEWER, {}, await idpToken(k))));
    for (const r of responses) expect(r.status).toBe(401);
  }
  expect(jwks.fetches - afterRotation).toBeLessThanOrEqual(2);
  // Known keys are still served from the cache.
  expect((await app.gql(VIEWER, {}, await idpToken(ed))).status).toBe(200);
});

describe('WebSocket connections', () => {
  function connect(token: string): Promise<{ acked: boolean; code?: number; reason?: string }> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(app.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') {
          socket.close();
          resolve({ acked: true });
        }
      });
      socket.on('close', (code, reason) => resolve({ acked: false, code, reason: String(reason) }));
      socket.on('error', reject);
    });
  }

  it('authenticate with the identity provider token', async () => {
    expect(await connect(await idpToken(ec, { role: Role.AGENCY_OFFICER, agency: 'KOSME' }))).toEqual({ acked: true });
  });

  it('are closed with 4401 for an expired one', async () => {
    expect(await connect(await idpToken(ec, { exp: now() - 120, iat: now() - 600 }))).toEqual({
      acked: false,
      code: 4401,
      reason: 'Unauthorized: Invalid token: token has expired',
    });
  });
});

it('top-level claims under configured names, checked without a server', async () => {
  const config = loadConfig({
    AUTH_JWKS_URL: jwks.url,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_CLAIM_ROLE: 'rbf_role',
    AUTH_CLAIM_AGENCY: 'rbf_agency',
    AUTH_CLAIM_ENTERPRISE: 'rbf_brn',
  });
  const claims = await verifyToken(
    await idpToken(ed, { claims: { rbf_role: 'ENTERPRISE', rbf_brn: '123-45-67890', role: 'ADMIN' } }),
    config,
  );
  expect(claims).toMatchObject({ role: Role.ENTERPRISE, enterpriseBrn: '1234567890', agencyCode: null });
  await expect(verifyToken(await idpToken(ed, { claims: { role: 'ADMIN' } }), config)).rejects.toThrow(InvalidTokenError);
});

describe('a key set that cannot be fetched', () => {
  let hanging: http.Server;
  let down: TestApp;
  const logLines: string[] = [];

  beforeAll(async () => {
    // Accepts the connection and never answers.
    hanging = http.createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    down = await startTestApp({
      logLines,
      env: {
        LOG_LEVEL: 'warn',
        AUTH_JWKS_URL: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/certs`,
        AUTH_ISSUER: ISSUER,
        AUTH_AUDIENCE: AUDIENCE,
        AUTH_CLAIMS_NAMESPACE: NAMESPACE,
        AUTH_JWKS_TIMEOUT_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await down?.close();
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('refuses with 401 and says why, within the timeout, and logs it', async () => {
    const started = Date.now();
    const response = await down.gql(VIEWER, {}, await idpToken(rsa));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(response.status).toBe(401);
    expect(response.errors?.[0]).toMatchObject({
      message: "Invalid token: the identity provider's key set (AUTH_JWKS_URL) cannot be fetched (no answer within 500 ms); try again later",
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(logLines.some((line) => line.includes('cannot be fetched'))).toBe(true);
  });
});
