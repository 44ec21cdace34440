/**
 * `npm run bench -- --peer`: this API side by side with PostGraphile v5
 * (bench/peer-process.ts) over the same bench database, on the query shapes
 * both can answer. Each shape is first asked of both servers and the answers
 * compared (normalized: connections as lists, global ids as type and database
 * id, scalars as strings, cursors left out); then each server is loaded in
 * turn, which one goes first alternating from shape to shape, and the bench
 * prints requests/s, the ratio ours / PostGraphile's, and each side's CPU per
 * request in its Node process and in its PostgreSQL backends (both read from
 * /proc, the backends told apart by application_name).
 *
 * The API reads as ADMIN, who sees every row, and PostGraphile connects as
 * the API does, so both answer from the same rows.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import type { DataSource } from 'typeorm';
import { encodeGlobalId } from '../src/common/global-id';
import { backendCpu, CLOCK_TICKS, cpuBetween } from './api-process';

export const PEER_APPLICATION_NAME = 'rbf-bench-postgraphile';

/** A server under load: where to send requests, its process, and how its backends are named. */
export interface Server {
  name: string;
  url: string;
  pid: number;
  applicationName: string;
  headers: Record<string, string>;
  /** Resolves when no request of this server holds a pooled connection. */
  idle(): Promise<void>;
}

export interface PeerProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startPeerProcess(databaseUrl: string, poolSize: number): Promise<PeerProcess> {
  const port = 45000 + Math.floor(Math.random() * 2000);
  const root = path.join(__dirname, '..', '..');
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=64', 'dist/bench/peer-process.js'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      GRAPHILE_ENV: 'production',
      PEER_DATABASE_URL: databaseUrl,
      PEER_PORT: String(port),
      PEER_POOL_SIZE: String(poolSize),
      PEER_APPLICATION_NAME,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`PostGraphile exited with ${code}`))));
  const ping = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }).then(
      (r) => r.ok,
      () => false,
    );
  for (const until = Date.now() + 60_000; ; ) {
    if (await Promise.race([ping(), exited])) break;
    if (Date.now() > until) throw new Error('PostGraphile did not get ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    async stop() {
      child.removeAllListeners('exit');
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
    },
  };
}

/** User + system CPU seconds of a process so far, as /proc/<pid>/stat has them. */
function processCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

// ---------------------------------------------------------------- shapes

interface Request {
  query: string;
  variables: Record<string, unknown>;
}

/** One query shape as each server spells it; `n` numbers the request, so that both ask for the same sequence. */
interface Shape {
  name: string;
  ours: (n: number) => Request;
  peer: (n: number) => Request;
}

/** Shape 1, also the bench's operation a. */
export const AGREEMENTS_PAGE = `query AgreementsPage {
  fundingAgreements(first: 50) {
    edges { node {
      id agreementNumber status baseAmount
      recipient { id name region }
      targets { id metric targetValue latestEvaluation { id status actualValue payout } }
      activities(first: 5) { edges { node { id title completedOn status beneficiary { id name region } } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/**
 * latestEvaluation is "the finalized evaluation, else the newest draft"; the
 * scale seed gives a target at most one evaluation and voids none, so the
 * newest one is the same row.
 */
const PEER_AGREEMENTS_PAGE = `query AgreementsPage {
  allFundingAgreements(first: 50, orderBy: PRIMARY_KEY_ASC) {
    edges { node {
      id agreementNumber status baseAmount
      recipient: enterpriseByRecipientId { id name region }
      targets: performanceTargetsByAgreementId(orderBy: PRIMARY_KEY_ASC) { nodes {
        id metric targetValue
        latestEvaluation: targetEvaluationsByTargetId(first: 1, orderBy: PRIMARY_KEY_DESC) { nodes { id status actualValue payout } }
      } }
      activities: improvementActivitiesByAgreementId(first: 5, orderBy: PRIMARY_KEY_ASC) { edges { node {
        id title completedOn status beneficiary: enterpriseByBeneficiaryId { id name region }
      } } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** Shape 2, also the bench's operation b. */
export const ENTERPRISE = `query Enterprise($id: ID!) {
  node(id: $id) { ... on Enterprise {
    id name region size
    safetyTechnologies { id name category hazards }
    fundingAgreements(first: 10) { edges { node { id agreementNumber status } } }
    activitiesReceived(first: 20) { edges { node { id title completedOn provider { id name } technology { id name } } } }
  } }
}`;

const PEER_ENTERPRISE = `query Enterprise($id: ID!) {
  node(id: $id) { ... on Enterprise {
    id name region size
    safetyTechnologies: safetyTechnologiesByProviderId(orderBy: PRIMARY_KEY_ASC) { nodes { id name category hazards } }
    fundingAgreements: fundingAgreementsByRecipientId(first: 10, orderBy: PRIMARY_KEY_ASC) { edges { node { id agreementNumber status } } }
    activitiesReceived: improvementActivitiesByBeneficiaryId(first: 20, orderBy: PRIMARY_KEY_ASC) { edges { node {
      id title completedOn provider: enterpriseByProviderId { id name } technology: safetyTechnologyByTechnologyId { id name }
    } } }
  } }
}`;

const VERIFIED_PAGE = `query VerifiedPage {
  improvementActivities(first: 100, filter: { status: [VERIFIED] }) {
    totalCount
    nodes { id title completedOn status beneficiary { id name region } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PEER_VERIFIED_PAGE = `query VerifiedPage {
  allImprovementActivities(first: 100, condition: { status: "VERIFIED" }, orderBy: PRIMARY_KEY_ASC) {
    totalCount
    nodes { id title completedOn status beneficiary: enterpriseByBeneficiaryId { id name region } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** PostGraphile's global ids: base64 of the JSON array [type name, primary key]. */
const peerId = (type: string, id: string) => Buffer.from(JSON.stringify([type, id]), 'utf8').toString('base64');

export function peerShapes(layout: { suppliers: number; beneficiaries: number }): Shape[] {
  // Beneficiaries in turn, as operation b asks for them.
  const enterprise = (n: number) => String(layout.suppliers + 1 + (n % Math.min(layout.beneficiaries, 1000)));
  return [
    {
      name: '1 (a) 50 agreements + recipient, targets + latest evaluation, 5 activities + beneficiary',
      ours: () => ({ query: AGREEMENTS_PAGE, variables: {} }),
      peer: () => ({ query: PEER_AGREEMENTS_PAGE, variables: {} }),
    },
    {
      name: '2 (b) one enterprise by node(id) + technologies, 10 agreements, 20 received activities + provider + technology',
      ours: (n) => ({ query: ENTERPRISE, variables: { id: encodeGlobalId('Enterprise', enterprise(n)) } }),
      peer: (n) => ({ query: PEER_ENTERPRISE, variables: { id: peerId('Enterprise', enterprise(n)) } }),
    },
    {
      name: '3 page of 100 VERIFIED activities with totalCount + beneficiary',
      ours: () => ({ query: VERIFIED_PAGE, variables: {} }),
      peer: () => ({ query: PEER_VERIFIED_PAGE, variables: {} }),
    },
  ];
}

/** The bench's operations that PostGraphile's default schema cannot ask, and why. */
export const NOT_COMPARED =
  'c (aggregates), d (filters by the beneficiary\'s region and by overlapping hazards), f and g (match suggestions) ' +
  'have no equivalent in PostGraphile\'s default schema, which filters by equality on a table\'s own columns and computes nothing';

// ---------------------------------------------------------------- answers

/** A global id of either server as "Type:database id". */
function canonicalId(id: string): string {
  const text = Buffer.from(id, 'base64url').toString('utf8');
  if (text.startsWith('[')) {
    const [type, key] = JSON.parse(text) as [string, string | number];
    return `${type}:${key}`;
  }
  return text;
}

/** Connections as lists of nodes, ids canonical, scalars as strings, cursors dropped; a one-element list where ours has an object. */
function normalize(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item) => normalize(item));
  if (typeof value !== 'object') return key === 'id' ? canonicalId(String(value)) : String(value);
  const object = value as Record<string, unknown>;
  if (key === 'latestEvaluation' && Array.isArray(object.nodes)) return normalize(object.nodes[0] ?? null);
  const out: Record<string, unknown> = {};
  for (const [field, inner] of Object.entries(object)) {
    if (field === 'endCursor' || field === 'startCursor') continue;
    if (field === 'edges') out.nodes = (inner as { node: unknown }[]).map((edge) => normalize(edge.node));
    else out[field] = normalize(inner, field);
  }
  if ('nodes' in out && Object.keys(out).every((field) => field === 'nodes')) return out.nodes;
  return out;
}

/** The first path at which two normalized answers differ, or null. */
function difference(a: unknown, b: unknown, at = 'data'): string | null {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a === b ? null : `${at}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    const found = difference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`);
    if (found) return found;
  }
  return null;
}

async function ask(server: Server, request: Request): Promise<unknown> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...server.headers }, body: JSON.stringify(request) });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`${server.name}: ${JSON.stringify(body.errors[0])}`);
  return Object.values(body.data!)[0];
}

/** Whether both servers answer requests 0..3 of the shape alike; the first difference when not. */
async function sameAnswers(shape: Shape, ours: Server, peer: Server): Promise<string | null> {
  for (let n = 0; n < 3; n++) {
    const found = difference(normalize(await ask(ours, shape.ours(n))), normalize(await ask(peer, shape.peer(n))));
    if (found) return `request ${n}: ${found}`;
  }
  return null;
}

// ---------------------------------------------------------------- load

interface Run {
  requestsPerSecond: number;
  p50Ms: number;
  failed: number;
  cpuMsPerRequest: number;
  postgresCpuMsPerRequest: number;
}

async function load(db: DataSource, server: Server, request: (n: number) => Request, seconds: number, connections: number): Promise<Run> {
  await server.idle();
  // Warm-up: 20 requests, or fewer when they take more than 5 s.
  const warmUntil = Date.now() + 5000;
  for (let n = 0; n < 20 && Date.now() < warmUntil; n++) await ask(server, request(n));
  let n = 0;
  let failed = 0;
  const cpuBefore = processCpu(server.pid);
  const postgresBefore = await backendCpu(db, server.applicationName);
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...server.headers },
        setupRequest: (r) => ({ ...r, body: JSON.stringify(request(n++)) }),
        onResponse: (status, text) => {
          if (status !== 200 || text.includes('"errors"')) failed += 1;
        },
      },
    ],
  });
  const cpuSeconds = processCpu(server.pid) - cpuBefore;
  const postgresSeconds = cpuBetween(postgresBefore, await backendCpu(db, server.applicationName));
  const perRequest = (s: number) => (s * 1000) / Math.max(1, result.requests.total);
  return {
    requestsPerSecond: result.requests.total / seconds,
    p50Ms: result.latency.p50,
    failed: failed + result.errors + result.timeouts,
    cpuMsPerRequest: perRequest(cpuSeconds),
    postgresCpuMsPerRequest: perRequest(postgresSeconds),
  };
}

export interface PeerFigures {
  shape: string;
  sameAnswers: boolean;
  firstDifference: string | null;
  ours: Run;
  peer: Run;
  ratio: number;
}

export async function comparePeer(
  db: DataSource,
  shapes: Shape[],
  ours: Server,
  peer: Server,
  settings: { seconds: number; connections: number },
): Promise<PeerFigures[]> {
  const figures: PeerFigures[] = [];
  for (const [i, shape] of shapes.entries()) {
    const firstDifference = await sameAnswers(shape, ours, peer);
    console.log(`${shape.name}: answers ${firstDifference ? `differ (${firstDifference})` : 'match'}`);
    const runOurs = () => load(db, ours, shape.ours, settings.seconds, settings.connections);
    const runPeer = () => load(db, peer, shape.peer, settings.seconds, settings.connections);
    let oursRun: Run;
    let peerRun: Run;
    if (i % 2 === 0) {
      oursRun = await runOurs();
      peerRun = await runPeer();
    } else {
      peerRun = await runPeer();
      oursRun = await runOurs();
    }
    figures.push({
      shape: shape.name,
      sameAnswers: !firstDifference,
      firstDifference,
      ours: oursRun,
      peer: peerRun,
      ratio: oursRun.requestsPerSecond / Math.max(1e-9, peerRun.requestsPerSecond),
    });
  }
  return figures;
}

export function printPeerTable(rows: PeerFigures[]): void {
  const header = ['shape', 'same answers', 'API req/s', 'PostGraphile req/s', 'ratio', 'API CPU ms/req Node / PG', 'PostGraphile CPU ms/req Node / PG', 'failed API / PostGraphile'];
  const lines = rows.map((r) => [
    r.shape,
    r.sameAnswers ? 'yes' : 'NO',
    r.ours.requestsPerSecond.toFixed(0),
    r.peer.requestsPerSecond.toFixed(0),
    r.ratio.toFixed(2),
    `${r.ours.cpuMsPerRequest.toFixed(2)} / ${r.ours.postgresCpuMsPerRequest.toFixed(2)}`,
    `${r.peer.cpuMsPerRequest.toFixed(2)} / ${r.peer.postgresCpuMsPerRequest.toFixed(2)}`,
    `${r.ours.failed} / ${r.peer.failed}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ');
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const line of lines) console.log(format(line));
  console.log(`not compared: ${NOT_COMPARED}`);
}
