import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isUnionType,
} from 'graphql';
import { Role } from '../src/auth/roles';
import { encodeGlobalId } from '../src/common/global-id';
import { brnCheckDigit } from '../src/modules/enterprises/brn';
import { startTestApp, TestApp } from './support/test-app';
import { actorsOf } from './support/actors';
import { mulberry32 } from '../src/common/prng';

/**
 * Thousands of generated operations through the real server, from a seeded
 * PRNG (same corpus every run): schema-shaped queries and mutations with hostile
 * arguments, plus syntactic garbage. Nothing may answer 5xx or
 * INTERNAL_SERVER_ERROR, leak internals, or come without an error code, and the
 * mutations, all built to fail, may not change a row.
 */
const SEED = 20261126;
const CORPUS_SIZE = 3000;
const CONCURRENCY = 8;

// ------------------------------------------------------------------ PRNG

const random = mulberry32(SEED);
const int = (n: number) => Math.floor(random() * n);
const chance = (p: number) => random() < p;
function pick<T>(items: readonly T[]): T {
  return items[int(items.length)];
}

// ------------------------------------------------------------------ hostile values

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** Words that would betray internals; generated input never contains them, so an echo cannot be mistaken for a leak. */
const LEAK_MARKERS = [
  'SELECT',
  'INSERT INTO',
  'UPDATE ',
  'WHERE',
  'relation "',
  'column "',
  'syntax error at',
  'violates',
  'duplicate key',
  'QueryFailedError',
  'TypeORMError',
  'node_modules',
  '/work/',
  '/src/',
  '.ts:',
  '.js:',
  'stacktrace',
  'ECONNREFUSED',
  'postgres',
  'pg_',
];

const UNICODE = ['한글', '😀', 'e\u0301', '\u202e', '\u200b', '\ufeff', '\ud800', '𝕏', 'ß', 'ǅ', '\u0000', '\u0007', '\\', '"', "'", '\n'];
const INJECTIONS = ["' OR 1=1 --", '"; DROP TABLE enterprise; --', '%', '_', '$1', '${x}', '{{x}}', '../../etc/passwd', '<script>', '\\u0000'];

function randomText(maxLength = 20): string {
  let text = '';
  const length = int(maxLength + 1);
  for (let i = 0; i < length; i++) {
    text += chance(0.3) ? pick(UNICODE) : String.fromCharCode(32 + int(95));
  }
  return text;
}

function hostileString(): string {
  switch (int(9)) {
    case 0:
      return '';
    case 1:
      return 'x'.repeat(pick([201, 1000, 10_000, 100_000]));
    case 2:
      return pick(UNICODE).repeat(1 + int(500));
    case 3:
      return `a\u0000b${randomText()}`;
    case 4:
      return pick(INJECTIONS);
    case 5:
      return String(pick([-1, 0, 1e21, -2147483649, 9223372036854775808]));
    default:
      return randomText(40);
  }
}

/** Edge values that still fit GraphQL's 32-bit Int. */
function hostileInt(): number {
  return pick([0, -1, -2147483648, 2147483647, 101, 1000, 1_000_000]);
}

function hostileNumber(): number {
  return pick([0, -1, -0.5, 1.5, 2147483647, 2147483648, -2147483649, 9007199254740993, 1e21, -1e308, 1e308, 101, 1000]);
}

/** Anything at all: the wrong-type values. */
function anyValue(depth = 0): unknown {
  switch (int(depth > 3 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return hostileString();
    case 2:
      return hostileNumber();
    case 3:
      return chance(0.5);
    case 4:
      return randomText();
    case 5:
      return Array.from({ length: int(4) }, () => anyValue(depth + 1));
    case 6:
      return Object.fromEntries(Array.from({ length: int(4) }, () => [randomName(), anyValue(depth + 1)]));
    default:
      return deepNesting(depth);
  }
}

function deepNesting(_depth: number): unknown {
  let value: unknown = 'deep';
  for (let i = 0, n = 10 + int(200); i < n; i++) value = chance(0.5) ? [value] : { a: value };
  return value;
}

function randomName(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
  let name = letters[int(letters.length)];
  for (let i = 0, n = int(15); i < n; i++) name += (letters + '0123456789')[int(letters.length + 10)];
  return name;
}

/** Ids that name nothing: malformed, of an unknown type, out of range, or of a row that does not exist. */
function deadId(): string {
  switch (int(8)) {
    case 0:
      return randomText(30);
    case 1:
      return b64(`${pick(['Enterprise', 'FundingAgreement', 'Agency', 'Disbursement', 'ImprovementActivity'])}:${pick(['0', '-1', '99999999', '9223372036854775807', '9223372036854775808', '1.5', 'abc', ''])}`);
    case 2:
      return b64(`Nope:${1 + int(100)}`);
    case 3:
      return b64(randomText(20));
    case 4:
      return hostileString();
    case 5:
      return `${b64('Enterprise:1')}==`;
    case 6:
      return b64(`Enterprise:${'9'.repeat(19)}`);
    default:
      return b64(`${pick(['Recommendation', 'PerformanceTarget', 'TargetEvaluation', 'AuditEvent'])}:${900_000_000 + int(1000)}`);
  }
}

// ------------------------------------------------------------------ corpus

interface Operation {
  query: string;
  variables: Record<string, unknown>;
  token: string | null;
  mutation: boolean;
}

interface Pools {
  ids: string[];
  cursors: string[];
}

/** A real cursor with its values swapped for hostile ones, or one made up. */
function hostileCursor(pools: Pools): string {
  const real = pick(pools.cursors);
  switch (int(6)) {
    case 0:
      return real;
    case 1: {
      const parsed = JSON.parse(Buffer.from(real, 'base64url').toString('utf8')) as unknown[];
      parsed[1 + int(parsed.length - 1)] = pick<unknown>([hostileString(), hostileNumber(), null, [], {}, '9'.repeat(19), '2026-13-45', 'a\u0000b', 'abc', 1.5, -1, '1e400']);
      return b64(JSON.stringify(parsed));
    }
    case 2:
      return real.slice(0, int(real.length));
    case 3:
      return b64(JSON.stringify(anyValue()));
    case 4:
      return b64(JSON.stringify([pick(['id:ASC', 'name:ASC', 'employeeCount:DESC', 'createdAt:ASC', randomText(8)]), ...Array.from({ length: int(3) }, () => anyValue(3))]));
    default:
      return hostileString();
  }
}

/**
 * Well-typed operations pass GraphQL validation and variable coercion, so
 * their hostile contents (null bytes, dead ids, forged cursors, edge numbers)
 * reach the resolvers and the database; the others also break the types.
 */
let wellTyped = false;

function valueFor(type: GraphQLInputType, pools: Pools, forMutation: boolean, depth: number, fieldName: string): unknown {
  if (!wellTyped && chance(0.08)) return anyValue(depth);
  if (isNonNullType(type)) return valueFor(type.ofType, pools, forMutation, depth, fieldName);
  if (isListType(type)) {
    if (chance(0.1)) return valueFor(type.ofType, pools, forMutation, depth + 1, fieldName);
    const length = chance(0.05) ? 200 + int(300) : int(4);
    return Array.from({ length }, () => valueFor(type.ofType, pools, forMutation, depth + 1, fieldName));
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields());
    const value: Record<string, unknown> = {};
    for (const field of fields) {
      const required = isNonNullType(field.type);
      if (!required && chance(0.5)) continue;
      if (required && !wellTyped && chance(0.03)) continue;
      value[field.name] = valueFor(field.type, pools, forMutation, depth + 1, field.name);
    }
    if (!wellTyped && chance(0.05)) value[randomName()] = anyValue(depth);
    return value;
  }
  if (isEnumType(type)) return new EnumName(wellTyped || chance(0.9) ? pick(type.getValues()).name : randomName());
  if (/^(after|before)$/.test(fieldName)) return hostileCursor(pools);
  if (/^(first|last)$/.test(fieldName)) return chance(0.6) ? int(30) : wellTyped ? hostileInt() : hostileNumber();
  switch (type.name) {
    case 'ID':
      return forMutation || chance(0.4) ? deadId() : pick(pools.ids);
    case 'Int':
      return chance(0.5) ? int(100) - 10 : wellTyped ? hostileInt() : hostileNumber();
    case 'Float':
      return chance(0.5) ? random() * 2 - 0.5 : wellTyped ? pick([-1e308, 1e308, -0.000001, 1e9]) : hostileNumber();
    case 'Boolean':
      return chance(0.5);
    case 'Date':
      if (wellTyped) return pick(['0001-01-01', '2024-02-29', '2026-11-26', '9999-12-31']);
      return pick(['2026-01-01', '2026-02-30', '0000-00-00', '99999-01-01', '2026-1-1', '', hostileString()]);
    case 'DateTime':
      if (wellTyped) return pick(['1970-01-01T00:00:00Z', '2026-01-01T00:00:00+09:00', '9999-12-31T23:59:59.999Z']);
      return pick(['2026-01-01T00:00:00Z', '2026-01-01T25:00:00Z', '2026-01-01', 'yesterday', '-271821-04-20T00:00:00Z', hostileString()]);
    case 'Won':
      if (wellTyped) return pick(['0', '1', '1000000000000000', '1000000000000001', '9223372036854775807']);
      return pick(['0', '-1', '1.5', '1e30', '1000000000000001', '99999999999999999999999', ' 5', '5 ', 'NaN', hostileString()]);
    case 'JSON':
      return anyValue(depth);
    default:
      if (fieldName === 'businessRegistrationNumber') return nonBrn();
      return chance(wellTyped ? 0.3 : 0.5) ? randomText(30) : chance(0.3) ? `x\u0000${randomText(5)}` : hostileString();
  }
}

/** Never ten digits, so registerEnterprise can never succeed. */
function nonBrn(): string {
  const value = chance(0.5) ? String(int(1e9)) : hostileString();
  return value.replace(/[^0-9]/g, '').length === 10 ? `${value}1` : value;
}

/** A selection set for an output type, sometimes with fields that do not exist. */
function selection(type: GraphQLNamedType, schema: GraphQLSchema, pools: Pools, depth: number, vars: Record<string, unknown>): string {
  if (isLeafType(type)) return '';
  if (depth > 4 || (depth > 1 && chance(0.3))) return '{ __typename }';
  let objectTypes: GraphQLObjectType[];
  if (isInterfaceType(type)) objectTypes = schema.getImplementations(type).objects as GraphQLObjectType[];
  else if (isUnionType(type)) objectTypes = [...type.getTypes()];
  else objectTypes = [type as GraphQLObjectType];
  const parts: string[] = ['__typename'];
  if (isInterfaceType(type) || isUnionType(type)) {
    for (const object of objectTypes.filter(() => chance(0.3))) parts.push(`... on ${object.name} ${selection(object, schema, pools, depth + 1, vars)}`);
    if (isInterfaceType(type)) parts.push(...Object.keys(type.getFields()));
  } else {
    const fields = Object.values((type as GraphQLObjectType).getFields());
    for (let i = 0, n = 1 + int(4); i < n; i++) parts.push(fieldCall(pick(fields), schema, pools, depth, vars, false));
  }
  if (!wellTyped && chance(0.04)) parts.push(randomName());
  return `{ ${parts.join(' ')} }`;
}

/** An enum value: a bare name in a literal, a string in variables. */
class EnumName {
  constructor(readonly name: string) {}
  toJSON(): string {
    return this.name;
  }
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof EnumName) return value.name;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${literal(v)}`).join(', ')} }`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  if (typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

let varCounter = 0;

function fieldCall(field: GraphQLField<unknown, unknown>, schema: GraphQLSchema, pools: Pools, depth: number, vars: Record<string, unknown>, forMutation: boolean): string {
  const args: string[] = [];
  for (const arg of field.args) {
    if (!isNonNullType(arg.type) && chance(0.5)) continue;
    const value = valueFor(arg.type, pools, forMutation, 0, arg.name);
    // Well-typed operations always use variables: a literal cannot carry a lone surrogate past the parser.
    if (wellTyped || chance(0.5)) {
      const name = `v${varCounter++}`;
      vars[name] = { type: String(arg.type), value };
      args.push(`${arg.name}: $${name}`);
    } else {
      args.push(`${arg.name}: ${literal(value)}`);
    }
  }
  const alias = !wellTyped && chance(0.05) ? `${randomName()}: ` : '';
  return `${alias}${field.name}${args.length ? `(${args.join(', ')})` : ''} ${selection(getNamedType(field.type), schema, pools, depth + 1, vars)}`;
}

function schemaOperation(schema: GraphQLSchema, pools: Pools, mutation: boolean): { query: string; variables: Record<string, unknown> } {
  const root = mutation ? schema.getMutationType()! : schema.getQueryType()!;
  const vars: Record<string, { type: string; value: unknown }> = {};
  const fields = Object.values(root.getFields());
  const calls = Array.from({ length: mutation ? 1 : 1 + int(2) }, () => fieldCall(pick(fields), schema, pools, 0, vars, mutation));
  const names = Object.keys(vars);
  // Sometimes declare a variable with the wrong type, or leave one undeclared.
  const declarations = names
    .filter(() => wellTyped || !chance(0.02))
    .map((name) => `$${name}: ${!wellTyped && chance(0.05) ? pick(['Int', 'String!', '[ID!]!', 'Boolean', randomName()]) : vars[name].type}`);
  const header = `${mutation ? 'mutation' : 'query'} Fuzz${declarations.length ? `(${declarations.join(', ')})` : ''}`;
  const variables = Object.fromEntries(names.map((name) => [name, vars[name].value]));
  return { query: `${header} { ${calls.join(' ')} }`, variables };
}

/** Text that is not quite GraphQL: cut, shuffled, nested too deep, or noise. */
function garbageOperation(schema: GraphQLSchema, pools: Pools): string {
  const base = schemaOperation(schema, pools, chance(0.3)).query;
  switch (int(6)) {
    case 0:
      return base.slice(0, int(base.length));
    case 1:
      return base.replace(/[{}()]/g, () => pick(['{', '}', '(', ')', '', '[', ']']));
    case 2:
      return `{ ${'viewer { '.repeat(50 + int(500))}role${' }'.repeat(int(550))} }`;
    case 3:
      return `{ ${Array.from({ length: 20 + int(200) }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    case 4:
      return randomText(200);
    default:
      return `{ ${randomName()}(${randomName()}: ${literal(anyValue())}) { ${randomName()} } }`;
  }
}

function buildCorpus(schema: GraphQLSchema, pools: Pools, tokens: (string | null)[], validTokens: string[]): Operation[] {
  const corpus: Operation[] = [];
  while (corpus.length < CORPUS_SIZE) {
    const kind = random();
    wellTyped = kind < 0.8 && chance(0.6);
    const token = wellTyped ? pick(validTokens) : pick(tokens);
    if (kind < 0.45) corpus.push({ ...schemaOperation(schema, pools, false), token, mutation: false });
    else if (kind < 0.8) corpus.push({ ...schemaOperation(schema, pools, true), token, mutation: true });
    else corpus.push({ query: garbageOperation(schema, pools), variables: chance(0.5) ? {} : (anyValue() as Record<string, unknown>), token, mutation: false });
    // Bodies over the 1 MiB limit only ever meet the 413 that production-posture tests: keep the run fast.
    const last = corpus[corpus.length - 1];
    if (JSON.stringify(last).length > 1024 * 1024) corpus.pop();
  }
  return corpus;
}

// ------------------------------------------------------------------ the run

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ seed: true });
});
afterAll(() => app?.close());

/** Per table: row count, max id where there is one, and a digest of every row. */
async function snapshot(): Promise<Record<string, unknown>> {
  const tables: { table_name: string; has_id: boolean }[] = await app.db.query(`
    SELECT t.table_name, EXISTS (SELECT 1 FROM information_schema.columns c
                                 WHERE c.table_schema = 'public' AND c.table_name = t.table_name AND c.column_name = 'id') AS has_id
    FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' ORDER BY 1`);
  const result: Record<string, unknown> = {};
  for (const { table_name, has_id } of tables) {
    const [row] = await app.db.query(
      `SELECT count(*)::int AS rows, ${has_id ? 'max(id)::text' : 'NULL'} AS max_id,
              md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) AS digest
       FROM "${table_name}" t`,
    );
    result[table_name] = row;
  }
  return result;
}

it('thousands of hostile operations: no 5xx, no internals, every error coded, no row changed', async () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8'));
  const actors = await actorsOf(app);
  const { admin } = actors;
  const [brnRow] = await app.db.query('SELECT business_registration_number AS brn FROM enterprise ORDER BY id LIMIT 1');
  const validTokens = [admin, actors.kosme, actors.kb, await actors.enterprise(brnRow.brn), actors.analyst];
  const tokens: (string | null)[] = [...validTokens, await app.token(Role.ADMIN, { expiresIn: -10 }), null, 'not.a.token'];

  // Real ids, and cursors of every ordering, so that queries reach rows and forged cursors match the ordering they are sent with.
  const lists = [
    'fundingAgreements(first: 5) { edges { cursor node { id targets { id } } } }',
    'safetyTechnologies(first: 5) { edges { cursor node { id } } }',
    'recommendations(first: 3) { edges { cursor node { id } } }',
    'disbursements(first: 3) { edges { cursor node { id } } }',
    'agencies(first: 3) { edges { cursor node { id } } }',
  ];
  for (const [list, enumName] of [['enterprises', 'EnterpriseOrderField'], ['improvementActivities', 'ActivityOrderField']]) {
    for (const field of (schema.getType(enumName) as any).getValues()) {
      for (const direction of ['ASC', 'DESC']) {
        lists.push(`${list}(first: 3, orderBy: { field: ${field.name}, direction: ${direction} }) { edges { cursor node { id } } }`);
      }
    }
  }
  const pools: Pools = { ids: [], cursors: [] };
  for (const list of lists) {
    const res = await app.gql(`{ ${list} }`, {}, admin);
    expect(res.errors).toBeUndefined();
    for (const edge of (Object.values(res.data)[0] as any).edges) {
      pools.cursors.push(edge.cursor);
      pools.ids.push(edge.node.id, ...(edge.node.targets ?? []).map((t: any) => t.id));
    }
  }

  const before = await snapshot();
  const corpus = buildCorpus(schema, pools, tokens, validTokens);
  const secret = app.config.jwtSecret;
  const problems: string[] = [];
  const counts = { requests: 0, ok: 0, withErrors: 0, mutations: 0, byStatus: {} as Record<number, number>, byCode: {} as Record<string, number> };

  async function run(operation: Operation): Promise<void> {
    const body = JSON.stringify({ query: operation.query, variables: operation.variables });
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(operation.token ? { authorization: `Bearer ${operation.token}` } : {}) },
      body,
    });
    const text = await response.text();
    counts.requests += 1;
    counts.byStatus[response.status] = (counts.byStatus[response.status] ?? 0) + 1;
    if (operation.mutation) counts.mutations += 1;
    const report = (what: string) => problems.push(`${what}: HTTP ${response.status} ${text.slice(0, 300)}\n  for ${body.slice(0, 300)}`);
    if (response.status >= 500) report('5xx');
    let parsed: any;
    try {
      parsed = JSON.parse(text);
    } catch {
      report('not JSON');
      return;
    }
    const errors: any[] = parsed.errors ?? [];
    if (errors.length === 0) counts.ok += 1;
    else counts.withErrors += 1;
    for (const error of errors) {
      const code = error?.extensions?.code;
      counts.byCode[code] = (counts.byCode[code] ?? 0) + 1;
      if (typeof code !== 'string') report('error without a code');
      if (code === 'INTERNAL_SERVER_ERROR') report(`INTERNAL_SERVER_ERROR at ${JSON.stringify(error.path)}`);
    }
    const errorText = JSON.stringify(errors);
    for (const marker of LEAK_MARKERS) {
      if (errorText.includes(marker) && !body.includes(marker)) report(`leak of "${marker}"`);
    }
    if (text.includes(secret)) report('leak of the JWT secret');
    // Every mutation was built to fail: a payload object without userErrors would be a change.
    if (operation.mutation && parsed.data) {
      for (const payload of Object.values(parsed.data) as any[]) {
        if (payload && (payload.userErrors ?? []).length === 0 && Object.entries(payload).some(([k, v]) => k !== 'userErrors' && k !== '__typename' && v)) {
          report('a mutation succeeded');
        }
      }
    }
  }

  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < corpus.length) await run(corpus[next++]);
    }),
  );
  const seconds = (Date.now() - started) / 1000;

  console.log(
    `fuzz: ${corpus.length} operations (${counts.mutations} mutations) in ${seconds.toFixed(1)} s; ` +
      `${counts.ok} without errors, ${counts.withErrors} with; statuses ${JSON.stringify(counts.byStatus)}; ` +
      `error codes ${JSON.stringify(counts.byCode)}; ${problems.length} problems`,
  );
  expect(problems.slice(0, 10)).toEqual([]);

  // Still up, still answering.
  expect((await fetch(app.url.replace(/\/graphql$/, '/healthz'))).status).toBe(200);
  const after = await app.gql('{ viewer { role } }', {}, admin);
  expect(after.data.viewer.role).toBe('ADMIN');
  expect(await snapshot()).toEqual(before);
});

describe('what the fuzzer found, pinned', () => {
  let token: string;
  beforeAll(async () => {
    ({ admin: token } = await actorsOf(app));
  });
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

  it('a syntax error is a 400 GRAPHQL_PARSE_FAILED, not a 500 (the token limit used to parse in a hook)', async () => {
    for (const query of ['{ viewer { role }', 'query Fuzz($a: Int} { viewer { role } }', '{ viewer(x: "\\ud800") { role } }']) {
      const res = await app.gql(query, {}, token);
      expect(res.status).toBe(400);
      expect(res.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    }
    const tooLong = await app.gql(`{ viewer { ${'role '.repeat(app.config.queryLimits.maxTokens)} } }`, {}, token);
    expect(tooLong.status).toBe(400);
    expect(tooLong.errors![0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('more than 50 bad variable values: every error BAD_USER_INPUT, the last one included', async () => {
    const res = await app.gql('query($s: [EnterpriseSize!]) { enterprises(filter: { size: $s }) { totalCount } }', { s: Array(60).fill('HUGE') }, token);
    expect(res.status).toBe(400);
    expect(res.errors!.length).toBe(51);
    for (const error of res.errors!) expect(error.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('U+0000 in a string argument of a query, as a variable or a literal: BAD_USER_INPUT before any SQL', async () => {
    for (const [query, variables] of [
      ['query($s: String) { enterprises(filter: { search: $s }) { totalCount } }', { s: 'a\u0000b' }],
      ['{ enterprises(filter: { industryCodePrefix: "C\\u0000" }) { totalCount } }', {}],
    ] as const) {
      const res = await app.gql(query, variables, token);
      expect(res.status).toBe(400);
      expect(res.errors![0]).toMatchObject({ message: 'Text may not contain the character U+0000', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('U+0000 in the text of a mutation that would otherwise reach the database: an INVALID_INPUT userError, no row changed', async () => {
    const one = async (sql: string) => ((await app.db.query(sql)) as { id: string }[])[0]?.id;
    const kb = await one(`SELECT id FROM agency WHERE code = 'KB'`);
    const enterprise = await one('SELECT id FROM enterprise ORDER BY id LIMIT 1');
    const provider = await one('SELECT provider_id AS id FROM safety_technology ORDER BY id LIMIT 1');
    const technology = await one('SELECT id FROM safety_technology ORDER BY id LIMIT 1');
    const agreement = await one(`SELECT id FROM funding_agreement WHERE status = 'ACTIVE' AND funder_id = ${kb} ORDER BY id LIMIT 1`);
    const activity = await one(`SELECT id FROM improvement_activity WHERE status = 'REPORTED' ORDER BY id LIMIT 1`);
    const nine = '12345678' + '7';
    const brn = nine + brnCheckDigit(nine);
    const { kosme: agencyOfficer, kb: funderOfficer } = await actorsOf(app);
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['registerEnterprise', 'RegisterEnterpriseInput', { businessRegistrationNumber: brn, employeeCount: 5, industryCode: 'C25', name: 'x\u0000y', region: 'SEOUL', size: 'SMALL' }, agencyOfficer],
      ['updateEnterprise', 'UpdateEnterpriseInput', { id: encodeGlobalId('Enterprise', enterprise), name: 'x\u0000y' }, agencyOfficer],
      ['registerSafetyTechnology', 'RegisterSafetyTechnologyInput', { category: 'OTHER', hazards: ['FALL'], name: 'n\u0000', description: 'd\u0000', providerId: encodeGlobalId('Enterprise', provider), readinessLevel: 5 }, agencyOfficer],
      ['recommendEnterprise', 'RecommendEnterpriseInput', { enterpriseId: encodeGlobalId('Enterprise', provider), funderId: encodeGlobalId('Agency', kb), technologyId: encodeGlobalId('SafetyTechnology', technology), rationale: 'r\u0000' }, agencyOfficer],
      ['terminateFundingAgreement', 'ChangeAgreementStatusInput', { id: encodeGlobalId('FundingAgreement', agreement), reason: 'r\u0000' }, funderOfficer],
      ['rejectImprovementActivity', 'RejectImprovementActivityInput', { id: encodeGlobalId('ImprovementActivity', activity), reason: 'r\u0000' }, agencyOfficer],
    ];
    const before = await snapshot();
    for (const [mutation, inputType, input, token] of cases) {
      const res = await app.gql(`mutation($i: ${inputType}!) { ${mutation}(input: $i) { userErrors { code field message } } }`, { i: input }, token);
      expect(res.errors).toBeUndefined();
      // Each of these used to reach PostgreSQL and fail there as INTERNAL_SERVER_ERROR.
      expect(res.data[mutation].userErrors).toEqual([{ code: 'INVALID_INPUT', field: ['input'], message: 'Text may not contain the character U+0000' }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it('a cursor whose values the ordering column cannot hold, or whose id is past bigint: BAD_USER_INPUT', async () => {
    const list = (field: string) => `query($c: String) { enterprises(after: $c, orderBy: { field: ${field}, direction: ASC }) { totalCount } }`;
    const cases: [string, unknown][] = [
      ['NAME', ['name:ASC', 'a\u0000b', '5']],
      ['EMPLOYEE_COUNT', ['employeeCount:ASC', 'abc', '5']],
      ['EMPLOYEE_COUNT', ['employeeCount:ASC', 1e300, '5']],
      ['CREATED_AT', ['createdAt:ASC', '2026-13-45T99:00:00Z', '5']],
      ['NAME', ['name:ASC', 'a', '9999999999999999999']],
    ];
    for (const [field, cursor] of cases) {
      const res = await app.gql(list(field), { c: b64(cursor) }, token);
      expect(res.errors![0]).toMatchObject({ message: 'after: is not a cursor of this list', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
