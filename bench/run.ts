/**
 * npm run bench: load figures for the main read and write paths at a given
 * data scale, so that runs can be compared (bench/results/*.json).
 *
 * A database rbf_bench_<scale> (on DATABASE_URL's server, else on the embedded
 * PostgreSQL in DATA_DIR/bench) is seeded with src/seed/scale.ts once and
 * reused while it carries the "complete" marker. The API runs in a process of
 * its own (bench/api-process.ts), in production mode with logs at warn, and
 * each operation reports the CPU it cost per request in the API process (its
 * process_cpu_seconds_total) and in PostgreSQL (its backends' CPU from
 * /proc): on a shared 2-core machine CPU per request is far steadier than
 * req/s, which autocannon's own CPU still bends.
 *
 * Settings: --scale N or BENCH_SCALE (100000), BENCH_SECONDS (10), BENCH_CONNECTIONS (8),
 * BENCH_ONLY (operation letters, e.g. "a" or "f,g"; default all), BENCH_LOG_LEVEL
 * (silent; e.g. error to see why requests fail). A leak check is one operation
 * for a long time: BENCH_ONLY=a BENCH_SECONDS=300, then compare RSS at start,
 * peak and end.
 *
 * `npm run bench -- --peer` runs PostGraphile v5 over the same database beside
 * the API and compares the two on the query shapes both can answer
 * (bench/peer.ts) instead of running the operations.
 */
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import autocannon from 'autocannon';
import { execute, GraphQLSchema, parse } from 'graphql';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { Config, loadConfig } from '../src/config';
import { createDataSource } from '../src/db/data-source';
import { entities } from '../src/modules';
import { EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded';
import { createLogger } from '../src/logger';
import { createSchema } from '../src/schema';
import { createContext } from '../src/context';
import { countSqlStatements, SqlCount } from '../src/db/sql-counter';
import { scaleBrn, scaleLayout, seedScale } from '../src/seed/scale';
import { PRIMARY_APPLICATION_NAME } from '../src/db/data-source';
import { ApiProcess, backendCpu, cpuBetween, startApiProcess } from './api-process';
import { AGREEMENTS_PAGE, comparePeer, ENTERPRISE, PEER_APPLICATION_NAME, peerShapes, printPeerTable, Server, startPeerProcess } from './peer';

interface Settings {
  scale: number;
  seconds: number;
  connections: number;
  /** Letters of the operations to run, null for all. */
  only: string[] | null;
  /** Compare with PostGraphile instead of running the operations. */
  peer: boolean;
}

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`);
  return n;
}

function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const i = argv.findIndex((arg) => arg === '--scale' || arg.startsWith('--scale='));
  const scaleArg = i < 0 ? undefined : argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  return {
    scale: positive('--scale', scaleArg ?? env.BENCH_SCALE, 100000),
    seconds: positive('BENCH_SECONDS', env.BENCH_SECONDS, 10),
    connections: positive('BENCH_CONNECTIONS', env.BENCH_CONNECTIONS, 8),
    only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((letter) => letter.trim().toLowerCase()) : null,
    peer: argv.includes('--peer'),
  };
}

// ---------------------------------------------------------------- database

/**
 * The scale seed's shape: a database seeded by an older one (before matches, which R7 now needs for
 * operation e) has another marker and is seeded again, as an unfinished one is.
 */
const SEED_SHAPE = 'matching';
const marker = (scale: number) => `rbf-bench scale=${scale} ${SEED_SHAPE} complete`;

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Applies migrations added since a reused benchmark database was seeded (they backfill what they add). */
async function migrate(url: string): Promise<void> {
  const db = createDataSource({ url, entities, poolSize: 1 });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await db.destroy();
  }
}

/** The benchmark database's URL, seeded at `scale` (reused when a previous run completed it), and the seed time if seeded now. */
async function prepareDatabase(
  scale: number,
  serverUrl: string | undefined,
  embedded: () => Promise<EmbeddedDatabase>,
): Promise<{ url: string; seedSeconds: number | null; stop: () => Promise<void> }> {
  const name = `rbf_bench_${scale}`;
  let url: string;
  let stop = async () => {};
  if (serverUrl) {
    url = withDatabase(serverUrl, name);
    const admin = withDatabase(serverUrl, 'postgres');
    const state = await withClient(admin, async (c) => {
      const rows = await c.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [name]);
      return rows.rowCount === 0 ? 'missing' : rows.rows[0].note === marker(scale) ? 'complete' : 'partial';
    });
    if (state === 'complete') {
      await migrate(url);
      return { url, seedSeconds: null, stop };
    }
    await withClient(admin, async (c) => {
      // A database without the marker is a seed that did not finish, or one of an older shape.
      if (state === 'partial') await c.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
  } else {
    const db = await embedded();
    url = db.url;
    stop = db.stop;
    const note = await withClient(url, async (c) => (await c.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = current_database()`)).rows[0].note);
    if (note === marker(scale)) {
      await migrate(url);
      return { url, seedSeconds: null, stop };
    }
  }

  const db = createDataSource({ url, entities, poolSize: 1 });
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const [used] = await db.query('SELECT EXISTS (SELECT 1 FROM agency) AS used');
    if (used.used) throw new Error(`${name} holds data but no benchmark marker; delete it (or its data directory) first`);
    console.log(`seeding ${name} with ${scale} activities...`);
    const started = Date.now();
    await db.transaction((em) => seedScale((sql, params) => em.query(sql, params), scale));
    // As autovacuum would soon: the visibility map that index-only scans need, and fresh statistics.
    await db.query('VACUUM (ANALYZE)');
    const seedSeconds = (Date.now() - started) / 1000;
    await db.query(`COMMENT ON DATABASE ${name} IS '${marker(scale)}'`);
    console.log(`seeded in ${seedSeconds.toFixed(1)} s`);
    return { url, seedSeconds, stop };
  } finally {
    await db.destroy();
  }
}

// ---------------------------------------------------------------- operations

interface Operation {
  name: string;
  /** One step per request of a round; a write mix chains report → verify. */
  steps: { token: string; body: (context: Record<string, unknown>) => string; onData?: (data: any, context: Record<string, unknown>) => void }[];
}

const STATS = `query Stats {
  programSummary { activitiesVerified beneficiariesReached workersCovered baseAmountCommitted outcomePaymentsEarned disbursedPaid targetAchievementRate agreementsByStatus { status count } }
  byRegion: activityStats(by: BENEFICIARY_REGION) { key activities beneficiaries workersCovered riskPointsReduced }
  byMonth: activityStats(by: COMPLETED_MONTH) { key activities beneficiaries workersCovered riskPointsReduced }
}`;

const ACTIVITY_PAGE = `query ActivityPage($after: String) {
  improvementActivities(first: 100, after: $after, filter: { beneficiaryRegion: [SEOUL, GYEONGGI], hazard: [FALL, CONFINED_SPACE] }) {
    edges { cursor node { id title completedOn status hazardsAddressed beneficiary { id name region } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SUGGESTIONS = `query Suggestions($id: ID!) {
  node(id: $id) { ... on SupportRequest {
    id worksiteName hazards
    matchSuggestions(first: 10) { score hazardsCovered servesRegion industryExperience openMatches reasons agreement { id } supplier { id name } }
  } }
}`;

const OPEN_REQUESTS = `query OpenRequests {
  supportRequests(first: 20, filter: { status: [OPEN] }) {
    nodes {
      id worksiteName worksiteRegion workersAtWorksite hazards
      matchSuggestions(first: 5) { score servesRegion industryExperience openMatches agreement { id } supplier { id name } }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

const REPORT = `mutation Report($input: ReportImprovementActivityInput!) {
  reportImprovementActivity(input: $input) { improvementActivity { id status } userErrors { code field message } }
}`;

const VERIFY = `mutation Verify($input: VerifyImprovementActivityInput!) {
  verifyImprovementActivity(input: $input) { improvementActivity { id status } userErrors { code field message } }
}`;

const json = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

interface Bench {
  url: string;
  db: DataSource;
  config: Config;
  scale: number;
  api: ApiProcess;
}

async function post(url: string, token: string, body: string): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  return response.json();
}

/** Errors of a GraphQL response, including non-empty userErrors of a mutation payload. */
function problems(body: any): string | null {
  if (body.errors?.length) return JSON.stringify(body.errors[0]);
  for (const value of Object.values(body.data ?? {})) {
    const userErrors = (value as any)?.userErrors;
    if (userErrors?.length) return JSON.stringify(userErrors[0]);
  }
  return null;
}

/** Walks the filtered activity list `pages` pages deep and returns the cursor of the deepest page reached. */
async function deepCursor(bench: Bench, token: string, pages: number): Promise<{ after: string | null; depth: number }> {
  let after: string | null = null;
  let depth = 0;
  while (depth < pages) {
    const body = await post(bench.url, token, json(ACTIVITY_PAGE, { after }));
    const problem = problems(body);
    if (problem) throw new Error(`activity page: ${problem}`);
    const { pageInfo } = body.data.improvementActivities;
    if (!pageInfo.hasNextPage) break;
    after = pageInfo.endCursor;
    depth += 1;
  }
  return { after, depth };
}

async function operations(bench: Bench): Promise<{ list: Operation[]; notes: Record<string, unknown> }> {
  const secret = bench.config.jwtSecret;
  const sign = (role: Role, claims: { agency?: string; enterprise?: string } = {}) =>
    signToken({ subject: `bench-${role.toLowerCase()}`, role, ...claims }, secret, '2h');
  const admin = await sign(Role.ADMIN);
  const funder = await sign(Role.FUNDER_OFFICER, { agency: 'KB' });
  const officer = await sign(Role.AGENCY_OFFICER, { agency: 'KOSME' });
  const { suppliers, beneficiaries, technologiesPerSupplier } = scaleLayout(bench.scale);
  const supplier = await sign(Role.ENTERPRISE, { enterprise: scaleBrn(1) });

  // The deep page: 50 pages into the filtered list, or as deep as the data goes.
  const deep = await deepCursor(bench, funder, 50);

  // Reports under agreement 1 with supplier 1's last technology, which generated data never uses, at the
  // beneficiaries agreement 1 is matched with from the start (R7); (beneficiary, day) pairs count on from
  // those earlier runs already reported.
  const reservedTechnology = String(technologiesPerSupplier);
  const [{ used }] = await bench.db.query(`SELECT count(*)::int AS used FROM improvement_activity WHERE agreement_id = 1 AND technology_id = $1`, [reservedTechnology]);
  const matched: string[] = (
    await bench.db.query(`SELECT beneficiary_id FROM supplier_match WHERE agreement_id = 1 AND status = 'ACCEPTED' AND accepted_on <= date '2026-01-05' ORDER BY beneficiary_id`)
  ).map((row: { beneficiary_id: string }) => String(row.beneficiary_id));
  if (matched.length === 0) throw new Error('agreement 1 has no accepted matches: seed the benchmark database again (npm run seed -- --scale N)');
  let next = used as number;

  // OPEN support requests, whose suggestions (f) are asked for in turn.
  const openRequests: string[] = (
    await bench.db.query(`SELECT id FROM support_request WHERE status = 'OPEN' ORDER BY id LIMIT 1000`)
  ).map((row: { id: string }) => String(row.id));
  if (openRequests.length === 0) throw new Error('no OPEN support requests: seed the benchmark database again (npm run seed -- --scale N)');
  let request = 0;
  const day = (offset: number) => new Date(Date.UTC(2026, 0, 5) + offset * 86400000).toISOString().slice(0, 10);

  let enterprise = 0;
  const list: Operation[] = [
    { name: 'a) 50 agreements + recipient, targets, latest evaluation, 5 activities + beneficiaries', steps: [{ token: funder, body: () => json(AGREEMENTS_PAGE) }] },
    {
      name: 'b) enterprise + technologies, agreements, 20 received activities',
      steps: [{ token: admin, body: () => json(ENTERPRISE, { id: encodeGlobalId('Enterprise', String(suppliers + 1 + (enterprise++ % Math.min(beneficiaries, 1000)))) }) }],
    },
    { name: 'c) programSummary + activityStats by region and by month', steps: [{ token: admin, body: () => json(STATS) }] },
    { name: `d) improvementActivities by region and hazard, page of 100 at depth ${deep.depth}`, steps: [{ token: funder, body: () => json(ACTIVITY_PAGE, { after: deep.after }) }] },
    {
      name: 'e) reportImprovementActivity + verifyImprovementActivity',
      steps: [
        {
          token: supplier,
          body: () => {
            const n = next++;
            const completedOn = day(Math.floor(n / matched.length) % 300);
            return json(REPORT, {
              input: {
                agreementId: encodeGlobalId('FundingAgreement', '1'),
                beneficiaryId: encodeGlobalId('Enterprise', matched[n % matched.length]),
                technologyId: encodeGlobalId('SafetyTechnology', reservedTechnology),
                kind: 'ON_SITE_INSPECTION',
                title: `Benchmark inspection ${n}`,
                hazardsAddressed: ['FALL'],
                workersCovered: 12,
                hazardsRemediated: 2,
                riskLevelBefore: 12,
                riskLevelAfter: 4,
                startedOn: completedOn,
                completedOn,
              },
            });
          },
          onData: (data, context) => {
            context.activityId = data?.reportImprovementActivity?.improvementActivity?.id;
          },
        },
        { token: officer, body: (context) => json(VERIFY, { input: { id: context.activityId } }) },
      ],
    },
    {
      name: "f) one OPEN support request's matchSuggestions(first: 10) with reasons, agreement and supplier",
      steps: [{ token: officer, body: () => json(SUGGESTIONS, { id: encodeGlobalId('SupportRequest', openRequests[request++ % openRequests.length]) }) }],
    },
    { name: 'g) 20 OPEN support requests, each with its matchSuggestions(first: 5)', steps: [{ token: officer, body: () => json(OPEN_REQUESTS) }] },
  ];
  return { list, notes: { deepPage: deep.depth } };
}

// ---------------------------------------------------------------- measuring

interface Figures {
  operation: string;
  requestsPerSecond: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  sqlStatementsPerRequest: number[];
  failed: number;
  firstFailure: string | null;
  /** CPU of the API process per request, in milliseconds. */
  apiCpuMsPerRequest: number;
  /** CPU of the PostgreSQL backends serving the API per request, in milliseconds. */
  postgresCpuMsPerRequest: number;
  /** The API process's RSS. */
  rssBeforeMb: number;
  /** Highest RSS sampled once a second while the operation ran. */
  rssPeakMb: number;
  rssAfterMb: number;
}

/**
 * Waits until no request of the API holds a pooled connection: requests of a
 * previous operation still in flight when autocannon stops must not eat into
 * the next one's pool (DATABASE_CONNECT_TIMEOUT_MS would fail it).
 */
async function poolIdle(api: ApiProcess): Promise<void> {
  const until = Date.now() + 120000;
  while ((await api.sample()).connectionsInUse > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs one round of the operation's steps sequentially; returns each step's SQL statement count. */
async function round(bench: Bench, op: Operation): Promise<number[]> {
  const context: Record<string, unknown> = {};
  const counts: number[] = [];
  for (const step of op.steps) {
    const body = await post(bench.url, step.token, step.body(context));
    const problem = problems(body);
    if (problem) throw new Error(`${op.name}: ${problem}`);
    step.onData?.(body.data, context);
    counts.push(body.extensions?.sqlStatements);
  }
  return counts;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mb = (bytes: number) => Math.round(bytes / 1048576);

async function measure(bench: Bench, op: Operation, settings: Settings): Promise<Figures> {
  await poolIdle(bench.api);
  const sqlStatementsPerRequest = await round(bench, op);
  // Warm-up: 20 rounds, or fewer when they take more than 5 s.
  const warmUntil = Date.now() + 5000;
  for (let i = 0; i < 20 && Date.now() < warmUntil; i++) await round(bench, op);
  const before = await bench.api.sample();
  const postgresBefore = await backendCpu(bench.db);
  const rssBefore = before.rssBytes;
  let failed = 0;
  let firstFailure: string | null = null;
  const fail = (message: string) => {
    failed += 1;
    firstFailure ??= message;
  };
  const instance = autocannon({
    url: bench.url,
    connections: settings.connections,
    duration: settings.seconds,
    requests: op.steps.map((step) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${step.token}` },
      setupRequest: (request, context) => ({ ...request, body: step.body(context) }),
      onResponse: (status, text, context) => {
        // Parsing every body would load the shared CPU; only bodies that may carry errors are parsed.
        if (status !== 200) return fail(`HTTP ${status}`);
        if (!text.includes('"errors"') && !/"userErrors":\[\{/.test(text) && !step.onData) return;
        const body = JSON.parse(text);
        const problem = problems(body);
        if (problem) fail(problem);
        step.onData?.(body.data, context);
      },
    })),
  });
  const latencies: number[] = [];
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  let rssPeak = rssBefore;
  const sampler = setInterval(() => void bench.api.sample().then((s) => (rssPeak = Math.max(rssPeak, s.rssBytes)), () => {}), 1000);
  const result = await instance;
  clearInterval(sampler);
  const after = await bench.api.sample();
  const postgresSeconds = cpuBetween(postgresBefore, await backendCpu(bench.db));
  const rssAfter = after.rssBytes;
  const perRequest = (seconds: number) => Math.round((seconds * 1000 * 100) / Math.max(1, result.requests.total)) / 100;
  latencies.sort((x, y) => x - y);
  return {
    operation: op.name,
    requestsPerSecond: Math.round(result.requests.total / settings.seconds),
    requests: result.requests.total,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    sqlStatementsPerRequest,
    failed: failed + result.errors + result.timeouts,
    firstFailure,
    apiCpuMsPerRequest: perRequest(after.cpuSeconds - before.cpuSeconds),
    postgresCpuMsPerRequest: perRequest(postgresSeconds),
    rssBeforeMb: mb(rssBefore),
    rssPeakMb: mb(Math.max(rssPeak, rssAfter)),
    rssAfterMb: mb(rssAfter),
  };
}

/**
 * The sequential scans of improvement_activity in the plans of one request of
 * `op`: the request runs in-process (same schema, loaders and SQL as over
 * HTTP, cache off) with its statements captured, and each SELECT is EXPLAINed.
 * A filtered page or a nested connection should show none; only aggregates
 * over all activities may.
 */
async function activitySeqScans(bench: Bench, op: Operation, schema: GraphQLSchema): Promise<number> {
  const { query, variables } = JSON.parse(op.steps[0].body({})) as { query: string; variables: Record<string, unknown> };
  const sql: SqlCount = { statements: 0, captured: [] };
  const deps = { db: bench.db, config: bench.config, logger: createLogger(bench.config) };
  await countSqlStatements(sql, async () => {
    const contextValue = await createContext(deps, { authorization: `Bearer ${op.steps[0].token}`, ids: { requestId: 'bench-explain', serverRequestId: 'bench-explain' }, sql });
    const result = await execute({ schema, document: parse(query), variableValues: variables, contextValue });
    if (result.errors?.length) throw new Error(`${op.name}: ${result.errors[0].message}`);
  });
  let scans = 0;
  for (const { query: statement, parameters } of sql.captured!) {
    if (!/^\s*(SELECT|WITH)\b/i.test(statement)) continue;
    const [row] = await bench.db.query(`EXPLAIN (FORMAT JSON) ${statement}`, parameters);
    const visit = (node: { 'Node Type': string; 'Relation Name'?: string; Plans?: unknown[] }): void => {
      if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'improvement_activity') scans += 1;
      for (const child of node.Plans ?? []) visit(child as typeof node);
    };
    visit(row['QUERY PLAN'][0].Plan);
  }
  return scans;
}

function printTable(rows: Figures[]): void {
  const header = ['operation', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'CPU ms/req API', 'CPU ms/req PG', 'SQL/req', 'failed', 'API RSS MB before→peak→after'];
  const lines = rows.map((r) => [
    r.operation,
    String(r.requestsPerSecond),
    r.p50Ms.toFixed(1),
    r.p95Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    r.apiCpuMsPerRequest.toFixed(2),
    r.postgresCpuMsPerRequest.toFixed(2),
    r.sqlStatementsPerRequest.join('+'),
    String(r.failed),
    `${r.rssBeforeMb}→${r.rssPeakMb}→${r.rssAfterMb}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(format(line));
  for (const r of rows) if (r.firstFailure) console.log(`${r.operation}: first failure ${r.firstFailure}`);
}

/** Writes a run's figures to bench/results/<time>-<scale><suffix>.json. */
async function writeResults(scale: number, suffix: string, figures: Record<string, unknown>): Promise<void> {
  const at = new Date().toISOString();
  const file = path.join(__dirname, '..', '..', 'bench', 'results', `${at.replace(/[:.]/g, '-')}-${scale}${suffix}.json`);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify({ at, ...figures }, null, 2) + '\n');
  console.log(`written ${path.relative(process.cwd(), file)}`);
}

/** Waits until none of the backends of a pool named `applicationName` is running a statement. */
async function backendsIdle(db: DataSource, applicationName: string): Promise<void> {
  const until = Date.now() + 120000;
  for (;;) {
    const [{ active }] = await db.query(`SELECT count(*)::int AS active FROM pg_stat_activity WHERE application_name = $1 AND state <> 'idle'`, [applicationName]);
    if (active === 0 || Date.now() > until) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** --peer: PostGraphile over the same database, the API as ADMIN, shape by shape (bench/peer.ts). */
async function peerBench(bench: Bench, databaseUrl: string, settings: Settings): Promise<void> {
  const peer = await startPeerProcess(databaseUrl, bench.config.databasePoolSize);
  try {
    const admin = await signToken({ subject: 'bench-admin', role: Role.ADMIN }, bench.config.jwtSecret, '2h');
    const ours: Server = {
      name: 'API',
      url: bench.url,
      pid: bench.api.pid,
      applicationName: PRIMARY_APPLICATION_NAME,
      headers: { authorization: `Bearer ${admin}` },
      idle: () => poolIdle(bench.api),
    };
    const postgraphile: Server = {
      name: 'PostGraphile',
      url: peer.url,
      pid: peer.pid,
      applicationName: PEER_APPLICATION_NAME,
      headers: {},
      idle: () => backendsIdle(bench.db, PEER_APPLICATION_NAME),
    };
    console.log(`scale ${settings.scale}, ${settings.connections} connections, ${settings.seconds} s per shape and server, pool ${bench.config.databasePoolSize} each`);
    const rows = await comparePeer(bench.db, peerShapes(scaleLayout(bench.scale)), ours, postgraphile, settings);
    printPeerTable(rows);
    await writeResults(settings.scale, '-peer', { ...settings, poolSize: bench.config.databasePoolSize, node: process.version, shapes: rows });
  } finally {
    await peer.stop();
  }
}

async function main(): Promise<void> {
  const settings = readSettings(process.argv.slice(2), process.env);
  const base = loadConfig();
  const database = await prepareDatabase(settings.scale, base.databaseUrl, () =>
    startEmbeddedPostgres({ dataDir: path.join(base.dataDir, 'bench'), port: base.embeddedPostgresPort, database: `rbf_bench_${settings.scale}` }),
  );
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'silent',
    EXPOSE_SQL_COUNT: 'true',
    RATE_LIMIT_REQUESTS: '0',
  });
  // The bench's own connections (setup, EXPLAIN) stay idle while an operation runs.
  const db = createDataSource({ url: database.url, entities, poolSize: 2, connectTimeoutMs: config.databaseConnectTimeoutMs });
  await db.initialize();
  const schema = await createSchema();
  const api = await startApiProcess({
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    JWT_SECRET: config.jwtSecret,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    // The operations print SQL statements per request; side by side, the API counts none, as in production at warn.
    EXPOSE_SQL_COUNT: settings.peer ? 'false' : 'true',
    RATE_LIMIT_REQUESTS: '0',
    DATABASE_POOL_SIZE: String(config.databasePoolSize),
  });
  try {
    const bench: Bench = { url: api.url, db, config, scale: settings.scale, api };
    if (settings.peer) {
      await peerBench(bench, database.url, settings);
      return;
    }
    const { list, notes } = await operations(bench);
    console.log(`scale ${settings.scale}, ${settings.connections} connections, ${settings.seconds} s per operation, pool ${config.databasePoolSize}`);
    const rows: Figures[] = [];
    for (const op of list) if (!settings.only || settings.only.includes(op.name[0])) rows.push(await measure(bench, op, settings));
    printTable(rows);
    const reads = list.filter((op) => op.steps.length === 1 && (!settings.only || settings.only.includes(op.name[0])));
    const scans: Record<string, number> = {};
    for (const op of reads) scans[op.name[0]] = await activitySeqScans(bench, op, schema);
    console.log(
      `sequential scans of improvement_activity in one request's plans (EXPLAIN): ` +
        Object.entries(scans).map(([letter, n]) => `${letter} ${n}`).join(', '),
    );
    await writeResults(settings.scale, '', { ...settings, poolSize: config.databasePoolSize, seedSeconds: database.seedSeconds, node: process.version, ...notes, operations: rows, activitySeqScans: scans });
  } finally {
    await poolIdle(api);
    await api.stop();
    await db.destroy();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
