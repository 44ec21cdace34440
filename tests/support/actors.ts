import { Role } from '../../src/auth/roles';
import { startTestApp, TestApp } from './test-app';

/** The second financial institution of every "another funder" case, so that all files name it alike. */
export const SECOND_FUNDER = { code: 'SHINHAN', name: 'Shinhan Bank', kind: 'FINANCIAL_INSTITUTION' } as const;

/** The agencies the tests act for: the demo data's three and the second funder. */
export type AgencyCode = 'KOSME' | 'KB' | 'MSS' | typeof SECOND_FUNDER.code;

/** Named tokens for every role and tenant the tests act as. */
export interface Actors {
  /** ADMIN without an agency claim. */
  admin: string;
  /** ADMIN acting for KB. */
  adminKb: string;
  /** ADMIN acting for the second funder. */
  adminShinhan: string;
  /** ADMIN acting for KOSME. */
  adminKosme: string;
  /** ADMIN acting for the ministry (no public agency, no funder). */
  adminMss: string;
  /** AGENCY_OFFICER of KOSME. */
  kosme: string;
  /** FUNDER_OFFICER of KB. */
  kb: string;
  /** FUNDER_OFFICER of the second funder. */
  shinhan: string;
  analyst: string;
  /** An ENTERPRISE user of the enterprise with this business registration number. */
  enterprise(brn: string, subject?: string): Promise<string>;
  /** An ENTERPRISE user of the enterprise with this database id. */
  enterpriseWithId(id: string, subject?: string): Promise<string>;
  /** An ENTERPRISE user of the first enterprise, where any enterprise's user will do. */
  someEnterprise(): Promise<string>;
}

export type ActorName = Exclude<keyof Actors, 'enterprise' | 'enterpriseWithId' | 'someEnterprise'>;

/** Each actor's role, agency and subject; a subject left out is the test app's default, `test-<role>`. */
const ACTORS: Record<ActorName, { role: Role; agency?: AgencyCode; subject?: string }> = {
  admin: { role: Role.ADMIN },
  adminKb: { role: Role.ADMIN, agency: 'KB', subject: 'admin-kb' },
  adminShinhan: { role: Role.ADMIN, agency: SECOND_FUNDER.code, subject: 'admin-shinhan' },
  adminKosme: { role: Role.ADMIN, agency: 'KOSME', subject: 'admin-kosme' },
  adminMss: { role: Role.ADMIN, agency: 'MSS', subject: 'admin-mss' },
  kosme: { role: Role.AGENCY_OFFICER, agency: 'KOSME' },
  kb: { role: Role.FUNDER_OFFICER, agency: 'KB' },
  shinhan: { role: Role.FUNDER_OFFICER, agency: SECOND_FUNDER.code, subject: 'shinhan-officer' },
  analyst: { role: Role.ANALYST },
};

/**
 * Signs every actor's token for the app. `subjects` renames the actors whose
 * subject a file asserts (an audit event's actor, the four-eyes rule).
 */
export async function actorsOf(app: TestApp, subjects: Partial<Record<ActorName, string>> = {}): Promise<Actors> {
  const tokens = {} as Record<ActorName, string>;
  for (const [name, { role, agency, subject }] of Object.entries(ACTORS) as [ActorName, (typeof ACTORS)[ActorName]][]) {
    tokens[name] = await app.token(role, { agency, subject: subjects[name] ?? subject });
  }
  const enterprise = (brn: string, subject?: string) => app.token(Role.ENTERPRISE, { enterprise: brn, subject });
  const enterpriseWithId = async (id: string, subject?: string) => {
    const [row] = await app.db.query('SELECT business_registration_number AS brn FROM enterprise WHERE id = $1', [id]);
    return enterprise(row.brn, subject);
  };
  const someEnterprise = async () => enterpriseWithId((await app.db.query('SELECT min(id) AS id FROM enterprise'))[0].id);
  return { ...tokens, enterprise, enterpriseWithId, someEnterprise };
}

/** A test app started as startTestApp starts it, with its actors: one line of a file's beforeAll. */
export async function startWithActors(
  options: Parameters<typeof startTestApp>[0] = {},
  subjects: Partial<Record<ActorName, string>> = {},
): Promise<{ app: TestApp; actors: Actors }> {
  const app = await startTestApp(options);
  return { app, actors: await actorsOf(app, subjects) };
}

/** The funder officer's token of a funder, for steps the funder takes. */
export function funderOfficer(actors: Actors, funder: 'KB' | typeof SECOND_FUNDER.code): string {
  return funder === 'KB' ? actors.kb : actors.shinhan;
}

/**
 * Adds the second funder to the app's database, once however often it is
 * called (there is no API mutation for agencies), and returns its id.
 */
export async function addSecondFunder(app: TestApp): Promise<string> {
  await app.db.query(`INSERT INTO agency (code, name, kind) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING`, [
    SECOND_FUNDER.code,
    SECOND_FUNDER.name,
    SECOND_FUNDER.kind,
  ]);
  const [row] = await app.db.query('SELECT id FROM agency WHERE code = $1', [SECOND_FUNDER.code]);
  await ensureTestProgram(app, String(row.id));
  return String(row.id);
}

/**
 * The program tests fund a funder's agreements from (R15): run by KOSME with
 * the funder's money over 2020-2035, with a budget no test exhausts. Added by
 * SQL once however often it is called (like the second funder), so that it
 * writes no audit event; returns its database id.
 */
export async function ensureTestProgram(app: TestApp, funderId: string): Promise<string> {
  await app.db.query(
    `INSERT INTO program (code, name, operator_id, funder_id, budget, starts_on, ends_on, created_by)
     SELECT 'TEST-' || f.code, 'Test program of ' || f.name, k.id, f.id, 1000000000000000, '2020-01-01', '2035-12-31', 'test-support'
       FROM agency f, agency k WHERE f.id = $1 AND k.code = 'KOSME'
     ON CONFLICT (code) DO NOTHING`,
    [funderId],
  );
  const [row] = await app.db.query(`SELECT p.id FROM program p JOIN agency f ON f.id = p.funder_id WHERE p.code = 'TEST-' || f.code AND f.id = $1`, [funderId]);
  return String(row.id);
}
