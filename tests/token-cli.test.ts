import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildDist } from './support/build';
import { startTestApp, TestApp } from './support/test-app';

/**
 * `npm run token` as a newcomer runs it (the built CLI): it prints a token the
 * server accepts, or refuses with one line saying why the server would not.
 */
const root = path.join(__dirname, '..');
let app: TestApp;
let dataDir: string;

beforeAll(async () => {
  buildDist();
  app = await startTestApp({ seed: true });
  dataDir = mkdtempSync(path.join(tmpdir(), 'rbf-token-'));
}, 120_000);
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function token(args: string[], env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['dist/src/auth/token-cli.js', ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** Against the test's database, with the secret its server checks tokens with. */
const withDatabase = () => ({ DATABASE_URL: app.config.databaseUrl!, JWT_SECRET: app.config.jwtSecret });

const refusal = (result: ReturnType<typeof token>) => {
  expect([result.status, result.stdout]).toEqual([1, '']);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
};

it('--help says what it prints and what it checks, and exits 0', () => {
  const result = token(['--help']);
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('--role ROLE         ADMIN, AGENCY_OFFICER, FUNDER_OFFICER, ENTERPRISE, ANALYST');
  expect(result.stdout).toMatch(/Always checked: the role, the claims\s+the role needs, the BRN's check digit \(R1\), the subject and the lifetime/);
  expect(result.stdout).toMatch(/DATABASE_URL, else the embedded\s+database while `npm start` runs in DATA_DIR/);
  expect(token(['-h']).stdout).toBe(result.stdout);
});

it('prints a token the server accepts, the claims checked against DATABASE_URL', async () => {
  const result = token(['--role', 'FUNDER_OFFICER', '--agency', 'KB'], withDatabase());
  expect([result.status, result.stderr]).toEqual([0, '']);
  expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const response = await app.gql('{ viewer { role agency { code } } }', {}, result.stdout.trim());
  expect(response.data).toEqual({ viewer: { role: 'FUNDER_OFFICER', agency: { code: 'KB' } } });

  const [enterprise] = await app.db.query('SELECT business_registration_number AS brn FROM enterprise ORDER BY id LIMIT 1');
  const dashed = `${enterprise.brn.slice(0, 3)}-${enterprise.brn.slice(3, 5)}-${enterprise.brn.slice(5)}`;
  const asEnterprise = token(['--role', 'ENTERPRISE', '--enterprise', dashed], withDatabase());
  expect([asEnterprise.status, asEnterprise.stderr]).toEqual([0, '']);
  expect((await app.gql('{ viewer { role } }', {}, asEnterprise.stdout.trim())).data).toEqual({ viewer: { role: 'ENTERPRISE' } });
});

it.each([
  [['--role', 'NOBODY'], /^--role must be one of ADMIN, AGENCY_OFFICER, FUNDER_OFFICER, ENTERPRISE, ANALYST/],
  [['--role', 'FUNDER_OFFICER'], /^--role FUNDER_OFFICER needs --agency CODE of a FINANCIAL_INSTITUTION/],
  [['--role', 'ENTERPRISE'], /^--role ENTERPRISE needs --enterprise BRN/],
  [['--role', 'ENTERPRISE', '--enterprise', '123-45-67890'], /^--enterprise 123-45-67890 is not a business registration number: .*check digit \(R1\)$/],
  [['--role', 'ENTERPRISE', '--enterprise', '12345'], /^--enterprise 12345 is not a business registration number/],
  [['--role', 'ANALYST', '--expires', '48h'], /^The server would refuse this token: token lifetime is longer than the 86400 seconds this server accepts$/],
  [['--role', 'ANALYST', '--subject', 'a\tb'], /^The server would refuse this token: token subject \(sub\) must be/],
  [['--role', 'ANALYST', '--agnecy', 'KB'], /^Unknown option '--agnecy' \(--help lists the options\)$/],
])('%j is refused with one line, even without a database', (args, expected) => {
  expect(refusal(token(args))).toMatch(expected);
});

it.each([
  [
    ['--role', 'FUNDER_OFFICER', '--agency', 'KOSME'],
    /^Against DATABASE_URL \(.+:\d+\/rbf_test_\w+\) the server would refuse this token: Invalid token: role FUNDER_OFFICER needs an agency claim naming a FINANCIAL_INSTITUTION; agencies there: KB \(FINANCIAL_INSTITUTION\), KOSME \(PUBLIC_AGENCY\), MSS \(MINISTRY\)$/,
  ],
  [['--role', 'AGENCY_OFFICER', '--agency', 'KB'], /the server would refuse this token: Invalid token: role AGENCY_OFFICER needs an agency claim naming a PUBLIC_AGENCY; agencies there: /],
  [['--role', 'FUNDER_OFFICER', '--agency', 'kb'], /the server would refuse this token: Invalid token: the agency claim names no known agency; agencies there: KB /],
  [['--role', 'ADMIN', '--agency', 'NOPE'], /the server would refuse this token: Invalid token: the agency claim names no known agency/],
  [
    ['--role', 'ENTERPRISE', '--enterprise', '101-81-00016'],
    /the server would refuse this token: Invalid token: role ENTERPRISE needs an enterprise claim naming a registered enterprise; registered there, e\.g\.: \d{3}-\d{2}-\d{5}, /,
  ],
])('%j is refused when DATABASE_URL shows the server would refuse it', (args, expected) => {
  expect(refusal(token(args, withDatabase()))).toMatch(expected);
});

it('without a database to ask, it says what it did not check and prints the token', () => {
  const result = token(['--role', 'FUNDER_OFFICER', '--agency', 'KOSME']);
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  expect(result.stderr).toBe(`Not checked: that the token's agency exists (no DATABASE_URL, and no embedded database runs in ${dataDir}: start the server to have it checked)\n`);
  // Nothing to look up, nothing to say.
  expect(token(['--role', 'ANALYST']).stderr).toBe('');
});

it('an unreachable DATABASE_URL is named, and the token printed unchecked', () => {
  const result = token(['--role', 'FUNDER_OFFICER', '--agency', 'KB'], { DATABASE_URL: 'postgres://rbf:secret-pw@127.0.0.1:1/rbf' });
  expect(result.status).toBe(0);
  expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  expect(result.stderr).toBe('Not checked against DATABASE_URL (127.0.0.1:1/rbf): connect ECONNREFUSED 127.0.0.1:1\n');
});

it('finds the embedded database `npm start` runs in DATA_DIR by its lock file', () => {
  // A lock file as PostgreSQL writes it (pid, directory, start time, port), of a live process on the test's server.
  const server = new URL(process.env.DATABASE_URL!);
  mkdirSync(path.join(dataDir, 'postgres'), { recursive: true });
  writeFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), `${process.pid}\n${dataDir}/postgres\n0\n${server.port || 5432}\n`);
  try {
    const result = token(['--role', 'FUNDER_OFFICER', '--agency', 'KB']);
    // The test's server holds no database named rbf: the note names where it looked.
    expect(result.stderr).toMatch(new RegExp(`^Not checked against the embedded database in ${dataDir}: .*"rbf"`));
  } finally {
    rmSync(path.join(dataDir, 'postgres'), { recursive: true, force: true });
  }
});

it('refuses when the server takes tokens from an identity provider (AUTH_JWKS_URL)', () => {
  const line = refusal(
    token(['--role', 'ADMIN'], { AUTH_JWKS_URL: 'https://idp.example/certs', AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'rbf-api' }),
  );
  expect(line).toBe('AUTH_JWKS_URL is set: the server accepts only tokens from that identity provider, not HS256 ones; get a token there');
});
