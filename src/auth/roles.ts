import { defineEnum, type EnumValue } from '../common/define-enum';

export const Role = defineEnum('Role', 'What the caller may do; see the role table of the design.', {
  ADMIN: 'Reads and writes everything.',
  AGENCY_OFFICER: 'An officer of a public agency (e.g. KOSME).',
  FUNDER_OFFICER: 'An officer of a financial institution (e.g. KB).',
  ENTERPRISE: 'A user of one enterprise, identified by its business registration number.',
  ANALYST: 'Reads everything but audit events; writes nothing.',
});
export type Role = EnumValue<typeof Role>;

/** Which kind of agency each officer role must belong to (its token's agency claim). */
export const AGENCY_KIND_OF_ROLE: Partial<Record<Role, string>> = {
  [Role.AGENCY_OFFICER]: 'PUBLIC_AGENCY',
  [Role.FUNDER_OFFICER]: 'FINANCIAL_INSTITUTION',
};

/** The authenticated caller, resolved from the token's claims against the database. */
export interface Principal {
  subject: string;
  role: Role;
  agency: { id: string; code: string; kind: string } | null;
  enterprise: { id: string; businessRegistrationNumber: string } | null;
  /** When the token stops being valid; a WebSocket connection is closed then. Absent for internal work. */
  expiresAt?: Date;
}

/**
 * The principal an officer of `agency` has: what work done for the agency
 * rather than for a request (an agency's webhook deliveries) may see, by the
 * same visibility scopes. Null for an agency whose kind has no officer role
 * (the ministry).
 */
export function officerPrincipalOf(agency: { id: string; code: string; kind: string }, subject: string): Principal | null {
  const role = (Object.keys(AGENCY_KIND_OF_ROLE) as Role[]).find((candidate) => AGENCY_KIND_OF_ROLE[candidate] === agency.kind);
  return role ? { subject, role, agency: { id: agency.id, code: agency.code, kind: agency.kind }, enterprise: null } : null;
}
