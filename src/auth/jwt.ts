import { errors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../config';
import { Role } from './roles';

/**
 * HS256 bearer tokens. Claims: sub, role, exp; officers carry `agency` (the
 * agency's code, e.g. "KB"), enterprise users `enterprise` (the 10-digit
 * business registration number). Codes, not database ids, so that a bank's
 * identity provider can issue them.
 */
export interface TokenClaims {
  subject: string;
  role: Role;
  agencyCode: string | null;
  enterpriseBrn: string | null;
  expiresAt: Date;
}

export class InvalidTokenError extends Error {}

const ROLES = new Set<string>(Object.values(Role));

/** What the token check needs of the configuration. */
export type TokenPolicy = Pick<Config, 'jwtSecret' | 'maxTokenLifetimeSeconds'>;

/** The subject names the person in the audit log: a non-empty string an identity provider would issue. */
const SUBJECT_MAX_LENGTH = 255;
/** How far ahead of our clock a token's issue time may be: the issuer's clock is not ours. */
const ISSUED_AT_SKEW_SECONDS = 60;

export async function verifyToken(token: string, policy: TokenPolicy): Promise<TokenClaims> {
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
  const sub: unknown = payload.sub;
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > SUBJECT_MAX_LENGTH || /\p{Cc}/u.test(sub)) {
    throw new InvalidTokenError(`token subject (sub) must be a string of 1 to ${SUBJECT_MAX_LENGTH} characters without control characters`);
  }
  const now = Math.floor(Date.now() / 1000);
  if (payload.iat !== undefined && payload.iat > now + ISSUED_AT_SKEW_SECONDS) throw new InvalidTokenError('token is issued in the future (iat)');
  if (payload.exp! - (payload.iat ?? now) > policy.maxTokenLifetimeSeconds) {
    throw new InvalidTokenError(`token lifetime is longer than the ${policy.maxTokenLifetimeSeconds} seconds this server accepts`);
  }
  const role = payload.role;
  if (typeof role !== 'string' || !ROLES.has(role)) throw new InvalidTokenError('token role is not one of ' + [...ROLES].join(', '));
  const agency = payload.agency;
  const enterprise = payload.enterprise;
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
