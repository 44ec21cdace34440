import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { signToken } from './jwt';
import { Role } from './roles';

/**
 * npm run token -- --role FUNDER_OFFICER --agency KB [--subject NAME] [--expires 8h]
 * Prints a token signed with JWT_SECRET (or the development secret) for local use.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      agency: { type: 'string' },
      enterprise: { type: 'string' },
      subject: { type: 'string' },
      expires: { type: 'string', default: '8h' },
    },
  });
  const roles = Object.values(Role) as string[];
  if (!values.role || !roles.includes(values.role)) {
    throw new Error(`--role must be one of ${roles.join(', ')}`);
  }
  const role = values.role as Role;
  if ((role === Role.AGENCY_OFFICER || role === Role.FUNDER_OFFICER) && !values.agency) {
    throw new Error(`--role ${role} needs --agency CODE (e.g. KOSME or KB)`);
  }
  if (role === Role.ENTERPRISE && !values.enterprise) {
    throw new Error('--role ENTERPRISE needs --enterprise BRN (the 10-digit business registration number)');
  }
  const subject = values.subject ?? `local-${role.toLowerCase()}${values.agency ? `-${values.agency.toLowerCase()}` : ''}`;
  const token = await signToken(
    { subject, role, agency: values.agency, enterprise: values.enterprise },
    loadConfig().jwtSecret,
    values.expires,
  );
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
