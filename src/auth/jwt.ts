import { createRemoteJWKSet, decodeProtectedHeader, errors, JWTPayload, JWTVerifyGetKey, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import { Role } from './roles';

/**
 * Bearer tokens. Claims: sub, role, exp; officers carry `agency` (the
 * agency's code, e.g. "KB"), enterprise users `enterprise` (the 10-digit
 * business registration number). Codes, not database ids, so that a bank's
 * identity provider can issue them.
 *
 * Two modes. With AUTH_JWKS_URL, only the identity provider's tokens: signed
 * by a key of its JSON Web Key Set with an allowed public-key algorithm, from
 * AUTH_ISSUER for AUTH_AUDIENCE, the claims under the configured names.
 * Without it, HS256 tokens signed with JWT_SECRET (development, the embedded
 * default, `npm run token`).
 */
export interface TokenClaims {
  subject: string;
  role: Role;
  agencyCode: string | null;
  enterpriseBrn: string | null;
  expiresAt: Date;
}

export class InvalidTokenError extends Error {}

/** The key set could not be fetched (the identity provider down or slow): the token cannot be checked now. */
export class KeySetUnavailableError extends InvalidTokenError {}

const ROLES = new Set<string>(Object.values(Role));

/** What the token check needs of the configuration. */
export type TokenPolicy = Pick<Config, 'jwtSecret' | 'maxTokenLifetimeSeconds'> & Partial<Pick<Config, 'auth'>>;

/** The subject names the person in the audit log: a non-empty string an identity provider would issue. */
const SUBJECT_MAX_LENGTH = 255;
/** How far ahead of our clock a token's issue time may be: the issuer's clock is not ours. */
const ISSUED_AT_SKEW_SECONDS = 60;

/** After a failed fetch of the key set, further requests are refused at once for this long rather than each waiting for it. */
const FAILED_FETCH_PAUSE_MS = 1000;

type KeySet = { getKey: JWTVerifyGetKey; failedAt: number; failure: string };
/** One key set per URL and fetch settings, kept for the process: it caches the keys. */
const keySets = new Map<string, KeySet>();

function keySetOf(auth: Config['auth']): KeySet {
  const id = `${auth.jwksUrl}\u0000${auth.jwksTimeoutMs}\u0000${auth.jwksRefetchSeconds}`;
  let keySet = keySets.get(id);
  if (!keySet) {
    const remote = createRemoteJWKSet(new URL(auth.jwksUrl!), {
      timeoutDuration: auth.jwksTimeoutMs,
      // On a kid it does not know, the set is fetched again, but at most once per cooldown.
      cooldownDuration: auth.jwksRefetchSeconds * 1000,
      cacheMaxAge: Math.max(auth.jwksRefetchSeconds * 1000, 10 * 60 * 1000),
    });
    const set: KeySet = {
      failedAt: 0,
      failure: '',
      async getKey(header, token) {
        if (Date.now() - set.failedAt < FAILED_FETCH_PAUSE_MS) throw new KeySetUnavailableError(set.failure);
        try {
          return await remote(header, token);
        } catch (error) {
          if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
          const reason = error instanceof errors.JWKSTimeout ? `no answer within ${auth.jwksTimeoutMs} ms` : (error as Error).message || String(error);
          set.failedAt = Date.now();
          set.failure = `the identity provider's key set (AUTH_JWKS_URL) cannot be fetched (${reason}); try again later`;
          throw new KeySetUnavailableError(set.failure);
        }
      },
    };
    keySet = set;
    keySets.set(id, keySet);
  }
  return keySet;
}

/** What jose's refusal means, for the caller. */
function refusal(error: unknown): InvalidTokenError {
  if (error instanceof InvalidTokenError) return error;
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new InvalidTokenError('token is not valid yet (nbf)');
    if (error.claim === 'iss') return new InvalidTokenError('token issuer (iss) is not the one this server accepts');
    if (error.claim === 'aud') return new InvalidTokenError('token audience (aud) does not name this server');
    return new InvalidTokenError(`token claim ${error.claim} is not valid`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new InvalidTokenError("token key (kid) is not in the identity provider's key set");
  if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidTokenError('token signature does not verify');
  return new InvalidTokenError('token is malformed or not signed with the expected key');
}

/** The identity provider's token: signature by a key of its set, algorithm, issuer, audience, times within the skew. */
async function verifyIdentityProviderToken(token: string, auth: Config['auth']): Promise<JWTPayload> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new InvalidTokenError('token is malformed');
  }
  if (typeof alg !== 'string' || !auth.algorithms.includes(alg)) {
    throw new InvalidTokenError(`token algorithm ${typeof alg === 'string' ? alg : '(none)'} is not accepted: only ${auth.algorithms.join(', ')}`);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySetOf(auth).getKey, {
      algorithms: auth.algorithms,
      issuer: auth.issuer!,
      audience: auth.audience,
      clockTolerance: auth.clockSkewSeconds,
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    throw refusal(error);
  }
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && (typeof payload.iat !== 'number' || payload.iat > now + auth.clockSkewSeconds)) {
    throw new InvalidTokenError('token is issued in the future (iat)');
  }
  return payload;
}

/** The role, agency and enterprise claims: top-level, or in the namespace object, under the configured names. */
function claimsOf(payload: JWTPayload, auth: Config['auth'] | undefined): { role: unknown; agency: unknown; enterprise: unknown } {
  if (!auth?.jwksUrl) return { role: payload.role, agency: payload.agency, enterprise: payload.enterprise };
  let holder: Record<string, unknown> = payload;
  if (auth.claimsNamespace) {
    const namespaced = payload[auth.claimsNamespace];
    if (typeof namespaced !== 'object' || namespaced === null || Array.isArray(namespaced)) {
      throw new InvalidTokenError(`token has no claims object ${auth.claimsNamespace}`);
    }
    holder = namespaced as Record<string, unknown>;
  }
  const { role, agency, enterprise } = auth.claims;
  return { role: holder[role], agency: holder[agency], enterprise: holder[enterprise] };
}

async function verifySecretToken(token: string, policy: TokenPolicy): Promise<JWTPayload> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(policy.jwtSecret), {
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError('token has expired');
    if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidTokenError(`token claim ${error.claim} is not valid`);
    throw new InvalidTokenError('token is malformed or not signed with the expected key');
  }
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && payload.iat > now + ISSUED_AT_SKEW_SECONDS) throw new InvalidTokenError('token is issued in the future (iat)');
  return payload;
}

export async function verifyToken(token: string, policy: TokenPolicy): Promise<TokenClaims> {
  const payload = policy.auth?.jwksUrl ? await verifyIdentityProviderToken(token, policy.auth) : await verifySecretToken(token, policy);
  const sub: unknown = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > SUBJECT_MAX_LENGTH || /\p{Cc}/u.test(sub)) {
    throw new InvalidTokenError(`token subject (sub) must be a string of 1 to ${SUBJECT_MAX_LENGTH} characters without control characters`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (payload.exp! - (payload.iat ?? now) > policy.maxTokenLifetimeSeconds) {
    throw new InvalidTokenError(`token lifetime is longer than the ${policy.maxTokenLifetimeSeconds} seconds this server accepts`);
  }
  const { role, agency, enterprise } = claimsOf(payload, policy.auth);
  if (typeof role !== 'string' || !ROLES.has(role)) throw new InvalidTokenError('token role is not one of ' + [...ROLES].join(', '));
  if (agency !== undefined && typeof agency !== 'string') throw new InvalidTokenError('token agency claim must be a string');
  if (enterprise !== undefined && typeof enterprise !== 'string') throw new InvalidTokenError('token enterprise claim must be a string');
  return {
    subject: sub,
    role: role as Role,
    agencyCode: agency ?? null,
    enterpriseBrn: enterprise ? enterprise.replace(/-/g, '') : null,
    expiresAt: new Date(payload.exp! * 1000),
  };
}

export async function signToken(
  claims: { subject: string; role: Role; agency?: string; enterprise?: string },
  secret: string,
  expiresIn: string | number = '8h',
): Promise<string> {
  const payload: Record<string, string> = { role: claims.role };
  if (claims.agency) payload.agency = claims.agency;
  if (claims.enterprise) payload.enterprise = claims.enterprise;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}
