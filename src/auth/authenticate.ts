import { DataSource } from 'typeorm';
import { unauthenticated } from '../common/errors';
import type { Logger } from 'pino';
import { InvalidTokenError, KeySetUnavailableError, TokenPolicy, verifyToken } from './jwt';
import { AGENCY_KIND_OF_ROLE, Principal, Role } from './roles';

/**
 * The caller behind an Authorization header: null without one, an
 * UNAUTHENTICATED error for a bad token or claims that name nothing we know.
 * It only reads (db.query), so the token CLI runs the same check on a plain connection.
 * An identity provider's key set that cannot be fetched is logged as a warning.
 */
export async function authenticate(
  authorization: string | undefined,
  policy: TokenPolicy,
  db: Pick<DataSource, 'query'>,
  logger?: Pick<Logger, 'warn'>,
): Promise<Principal | null> {
  if (!authorization) return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(authorization.trim());
  if (!match) throw unauthenticated('Authorization header must be "Bearer <token>"');
  let claims;
  try {
    claims = await verifyToken(match[1], policy);
  } catch (error) {
    if (error instanceof KeySetUnavailableError) logger?.warn({ jwksUrl: policy.auth?.jwksUrl }, error.message);
    if (error instanceof InvalidTokenError) throw unauthenticated(`Invalid token: ${error.message}`);
    throw error;
  }

  let agency: Principal['agency'] = null;
  if (claims.agencyCode) {
    const rows: { id: string; code: string; kind: string }[] = await db.query(
      'SELECT id, code, kind FROM agency WHERE code = $1',
      [claims.agencyCode],
    );
    if (rows.length === 0) throw unauthenticated('Invalid token: the agency claim names no known agency');
    agency = rows[0];
  }
  const requiredKind = AGENCY_KIND_OF_ROLE[claims.role];
  if (requiredKind && agency?.kind !== requiredKind) {
    throw unauthenticated(`Invalid token: role ${claims.role} needs an agency claim naming a ${requiredKind}`);
  }

  let enterprise: Principal['enterprise'] = null;
  if (claims.role === Role.ENTERPRISE) {
    const rows: { id: string; business_registration_number: string }[] = claims.enterpriseBrn
      ? await db.query('SELECT id, business_registration_number FROM enterprise WHERE business_registration_number = $1', [
          claims.enterpriseBrn,
        ])
      : [];
    if (rows.length === 0) throw unauthenticated('Invalid token: role ENTERPRISE needs an enterprise claim naming a registered enterprise');
    enterprise = { id: rows[0].id, businessRegistrationNumber: rows[0].business_registration_number };
  }
  return { subject: claims.subject, role: claims.role, agency, enterprise, expiresAt: claims.expiresAt };
}
