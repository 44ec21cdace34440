import { GraphQLError } from 'graphql';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { Config, loadConfig } from '../config';
import { describeDatabaseUrl } from '../db/database-url';
import { runningEmbeddedUrl } from '../db/embedded';
import { formatBrn, parseBrn } from '../modules/enterprises/brn';
import { authenticate } from './authenticate';
import { InvalidTokenError, signToken, verifyToken } from './jwt';
import { AGENCY_KIND_OF_ROLE, Role } from './roles';

const ROLES = Object.values(Role) as string[];

const HELP = `Prints a bearer token for local use, signed with JWT_SECRET (or the development secret).

  npm run --silent token -- --role ROLE [--agency CODE] [--enterprise BRN] [--subject NAME] [--expires SPAN]

  --role ROLE         ${ROLES.join(', ')}
  --agency CODE       the agency's code, e.g. KOSME or KB: required for AGENCY_OFFICER (a public agency)
                      and FUNDER_OFFICER (a financial institution); an ADMIN may name one to act for it
  --enterprise BRN    the enterprise's business registration number, 000-00-00000 or ten digits: required for ENTERPRISE
  --subject NAME      who the token names in the audit log (default: local-<role>[-<agency>])
  --expires SPAN      its lifetime, e.g. 30m, 8h or 1d (default 8h; at most MAX_TOKEN_LIFETIME_SECONDS)
  -h, --help          this text

It refuses a token the server would refuse. Always checked: the role, the claims
the role needs, the BRN's check digit (R1), the subject and the lifetime. Checked
against the database when one can be reached (DATABASE_URL, else the embedded
database while \`npm start\` runs in DATA_DIR): that the agency code and the BRN
name an agency and a registered enterprise there, and that an AGENCY_OFFICER's
agency is a PUBLIC_AGENCY and a FUNDER_OFFICER's a FINANCIAL_INSTITUTION. Without
a database it says on stderr what it could not check, and prints the token.
With AUTH_JWKS_URL set the server takes tokens from the identity provider only,
and this command refuses.`;

class Refused extends Error {}

/** The database to check the claims against, as the server would find it; null when none is at hand. */
function databaseToAsk(config: Config): { url: string; name: string } | null {
  if (config.databaseUrl) return { url: config.databaseUrl, name: `DATABASE_URL (${describeDatabaseUrl(config.databaseUrl)})` };
  const embedded = runningEmbeddedUrl(config.dataDir);
  return embedded ? { url: embedded, name: `the embedded database in ${config.dataDir}` } : null;
}

/** What the database holds that a refused claim may have meant. */
async function hint(client: Client, role: Role, brn: string | null): Promise<string> {
  if (role === Role.ENTERPRISE && brn) {
    const { rows } = await client.query('SELECT business_registration_number AS brn FROM enterprise ORDER BY id LIMIT 3');
    return rows.length ? `; registered there, e.g.: ${rows.map((r) => formatBrn(r.brn)).join(', ')}` : '; no enterprise is registered there';
  }
  const { rows } = await client.query('SELECT code, kind FROM agency ORDER BY code LIMIT 20');
  return rows.length ? `; agencies there: ${rows.map((r) => `${r.code} (${r.kind})`).join(', ')}` : '; it holds no agencies';
}

/**
 * Runs the server's own check of the token's claims (src/auth/authenticate.ts)
 * against the database; a note on stderr when it cannot be asked.
 */
async function checkAgainstDatabase(token: string, config: Config, role: Role, brn: string | null): Promise<void> {
  const database = databaseToAsk(config);
  if (!database) {
    console.error(
      `Not checked: that the token's ${role === Role.ENTERPRISE ? 'enterprise' : 'agency'} exists (no DATABASE_URL, and no embedded database runs in ${config.dataDir}: start the server to have it checked)`,
    );
    return;
  }
  const client = new Client({ connectionString: database.url, connectionTimeoutMillis: config.databaseConnectTimeoutMs });
  try {
    await client.connect();
  } catch (error) {
    console.error(`Not checked against ${database.name}: ${(error as Error).message || (error as { code?: string }).code}`);
    return;
  }
  try {
    // What authenticate() reads of a DataSource: the rows of a query.
    const db = { query: async (sql: string, parameters?: unknown[]): Promise<any> => (await client.query(sql, parameters)).rows };
    try {
      await authenticate(`Bearer ${token}`, config, db);
    } catch (error) {
      if (!(error instanceof GraphQLError) || error.extensions.code !== 'UNAUTHENTICATED') throw error;
      throw new Refused(`Against ${database.name} the server would refuse this token: ${error.message}${await hint(client, role, brn)}`);
    }
  } catch (error) {
    if (error instanceof Refused) throw error;
    // A database without the schema yet (no migrations) cannot answer either.
    console.error(`Not checked against ${database.name}: ${(error as Error).message}`);
  } finally {
    await client.end();
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        agency: { type: 'string' },
        enterprise: { type: 'string' },
        subject: { type: 'string' },
        expires: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new Refused(`${(error as Error).message.split('. ')[0]} (--help lists the options)`);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (!values.role || !ROLES.includes(values.role)) {
    throw new Refused(`--role must be one of ${ROLES.join(', ')} (--help says more)`);
  }
  const role = values.role as Role;
  if (AGENCY_KIND_OF_ROLE[role] && !values.agency) {
    throw new Refused(`--role ${role} needs --agency CODE of a ${AGENCY_KIND_OF_ROLE[role]} (e.g. ${role === Role.AGENCY_OFFICER ? 'KOSME' : 'KB'})`);
  }
  if (role === Role.ENTERPRISE && !values.enterprise) {
    throw new Refused('--role ENTERPRISE needs --enterprise BRN (the 10-digit business registration number)');
  }
  let brn: string | null = null;
  if (values.enterprise !== undefined) {
    brn = parseBrn(values.enterprise);
    if (!brn) {
      throw new Refused(`--enterprise ${values.enterprise} is not a business registration number: ten digits (000-00-00000) whose last is the check digit (R1)`);
    }
  }
  const config = loadConfig();
  if (config.auth.jwksUrl) {
    throw new Refused('AUTH_JWKS_URL is set: the server accepts only tokens from that identity provider, not HS256 ones; get a token there');
  }
  const subject = values.subject ?? `local-${role.toLowerCase()}${values.agency ? `-${values.agency.toLowerCase()}` : ''}`;
  const token = await signToken({ subject, role, agency: values.agency, enterprise: brn ?? undefined }, config.jwtSecret, values.expires);
  try {
    await verifyToken(token, config);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw new Refused(`The server would refuse this token: ${error.message}`);
    throw error;
  }
  if (values.agency || role === Role.ENTERPRISE) await checkAgainstDatabase(token, config, role, brn);
  process.stdout.write(`${token}\n`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
