import { decodeGlobalId, encodeGlobalId } from '../src/common/global-id';
import { GqlResponse, TestApp } from './support/test-app';
import { Actors, startWithActors } from './support/actors';
import { expectEachOnceInOrder, expectEmptyPage, expectErrorCode, expectNullNode, expectSameStatements, expectUnchanged, expectUserError } from './support/assertions';
import * as api from './support/operations';
import { mutation } from './support/operations';
import { listQuery } from './support/paging';
import { sqlIds, sqlValue } from './support/sql';

let app: TestApp;
let actors: Actors;

const LIST = listQuery('safetyTechnologies', 'SafetyTechnologyFilter');
const REGISTER = mutation('registerSafetyTechnology');

const techId = (id: string) => encodeGlobalId('SafetyTechnology', id);
const enterpriseId = (id: string) => encodeGlobalId('Enterprise', id);

async function ids(sql: string, params: unknown[] = []): Promise<string[]> {
  return (await sqlIds(app, sql, params)).map(techId);
}

interface Page {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const nodeIds = (page: Page) => page.edges.map((edge) => edge.node.id);

/** Every node id of the list under the filter, walking the pages with after. */
async function walk(filter: Record<string, unknown> | null, first: number, token = actors.admin): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GqlResponse = await app.gql(LIST, { first, after, filter }, token);
    expect(res.errors).toBeUndefined();
    const page: Page = res.data.safetyTechnologies;
    seen.push(...nodeIds(page));
    if (!page.pageInfo.hasNextPage) return seen;
    after = page.pageInfo.endCursor;
  }
}

async function firstPage(filter: Record<string, unknown> | null, token = actors.admin) {
  const res = await app.gql(LIST, { first: 100, filter }, token);
  expect(res.errors).toBeUndefined();
  return res.data.safetyTechnologies;
}

const auditCount = () => sqlValue(app, `SELECT count(*) FROM audit_event WHERE action = 'registerSafetyTechnology'`);
const technologyCount = () => sqlValue(app, 'SELECT count(*) FROM safety_technology');

beforeAll(async () => ({ app, actors } = await startWithActors({ seed: true }, { kosme: 'kosme-officer-7' })));
afterAll(() => app?.close());

describe('safetyTechnologies', () => {
  it('lists every technology by id ascending with the total count', async () => {
    const page = await firstPage(null);
    const expected = await ids('SELECT id FROM safety_technology ORDER BY id');
    expect(expected.length).toBeGreaterThan(20);
    expect(page.totalCount).toBe(expected.length);
    expect(nodeIds(page)).toEqual(expected.slice(0, 100));
  });

  it('filters by any of the given categories', async () => {
    const categories = ['AI_VISION', 'GAS_DETECTION'];
    const page = await firstPage({ category: categories });
    const expected = await ids('SELECT id FROM safety_technology WHERE category = ANY($1) ORDER BY id', [categories]);
    expect(expected.length).toBeGreaterThan(0);
    expect(nodeIds(page)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  it('filters by any of the given hazards (array overlap)', async () => {
    const hazards = ['FALL', 'CONFINED_SPACE'];
    const page = await firstPage({ hazard: hazards });
    const expected = await ids('SELECT id FROM safety_technology WHERE hazards && $1::text[] ORDER BY id', [hazards]);
    const all = await ids('SELECT id FROM safety_technology');
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect(nodeIds(page)).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  it('filters by provider', async () => {
    const [{ provider_id }] = await app.db.query(
      'SELECT provider_id FROM safety_technology GROUP BY provider_id HAVING count(*) > 1 ORDER BY provider_id LIMIT 1',
    );
    const page = await firstPage({ providerId: enterpriseId(String(provider_id)) });
    const expected = await ids('SELECT id FROM safety_technology WHERE provider_id = $1 ORDER BY id', [provider_id]);
    expect(expected.length).toBeGreaterThan(1);
    expect(nodeIds(page)).toEqual(expected);
  });

  it('combines filters with AND', async () => {
    const filter = {
      category: ['AI_VISION', 'MACHINE_GUARDING', 'WEARABLE_MONITORING'],
      hazard: ['CAUGHT_IN_MACHINERY', 'HEAT_STRESS'],
    };
    const page = await firstPage(filter);
    const expected = await ids(
      'SELECT id FROM safety_technology WHERE category = ANY($1) AND hazards && $2::text[] ORDER BY id',
      [filter.category, filter.hazard],
    );
    expect(nodeIds(page)).toEqual(expected);
  });

  it('answers an empty page for a provider without technologies', async () => {
    const [{ id }] = await app.db.query(
      'SELECT id FROM enterprise e WHERE NOT EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = e.id) LIMIT 1',
    );
    expectEmptyPage(await firstPage({ providerId: enterpriseId(String(id)) }));
  });

  it('walks all pages with after and returns every row exactly once', async () => {
    const seen = await walk(null, 7);
    expectEachOnceInOrder(seen, await ids('SELECT id FROM safety_technology ORDER BY id'));
  });

  it('walks a filtered list page by page', async () => {
    const filter = { hazard: ['FALL', 'FIRE_EXPLOSION', 'VEHICLE'] };
    const seen = await walk(filter, 3);
    expect(seen).toEqual(await ids('SELECT id FROM safety_technology WHERE hazards && $1::text[] ORDER BY id', [filter.hazard]));
  });

  it('refuses an invalid cursor and a page size over 100 with BAD_USER_INPUT', async () => {
    expectErrorCode(await app.gql(LIST, { first: 5, after: 'not-a-cursor' }, actors.admin), 'BAD_USER_INPUT');
    expectErrorCode(await app.gql(LIST, { first: 101 }, actors.admin), 'BAD_USER_INPUT');
  });

  it('refuses a malformed providerId or the id of another type with BAD_USER_INPUT', async () => {
    for (const providerId of ['garbage', encodeGlobalId('Agency', '1'), techId('1')]) {
      const res = await app.gql(LIST, { filter: { providerId } }, actors.admin);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions.argument).toBe('filter.providerId');
    }
  });

  it('loads providers through a DataLoader: a small and a large page issue the same number of SQL statements', async () => {
    const query = `query ($first: Int) { safetyTechnologies(first: $first) { nodes { id name provider { id name } } } }`;
    const { large } = await expectSameStatements(app, query, actors.admin, { first: 2 }, { first: 60 });
    expect(large.data.safetyTechnologies.nodes.length).toBeGreaterThan(20);
  });

  it('resolves a technology through node(id) with all its fields', async () => {
    const [row] = await app.db.query(
      `SELECT t.*, e.name AS provider_name FROM safety_technology t JOIN enterprise e ON e.id = t.provider_id
       WHERE t.certification IS NOT NULL ORDER BY t.id LIMIT 1`,
    );
    const res = await app.gql(
      `query ($id: ID!) { node(id: $id) { __typename ... on SafetyTechnology {
        id name category hazards description readinessLevel certification createdAt provider { id name } } } }`,
      { id: techId(String(row.id)) },
      actors.analyst,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({
      __typename: 'SafetyTechnology',
      id: techId(String(row.id)),
      name: row.name,
      category: row.category,
      hazards: row.hazards,
      description: row.description,
      readinessLevel: row.readiness_level,
      certification: row.certification,
      createdAt: new Date(row.created_at).toISOString(),
      provider: { id: enterpriseId(String(row.provider_id)), name: row.provider_name },
    });
  });

  it('node(id) answers null for a technology id that does not exist', async () => {
    expectNullNode(await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: techId('999999') }, actors.admin));
  });

  it('lets an ENTERPRISE read the whole technology directory', async () => {
    const [{ business_registration_number: brn }] = await app.db.query(
      `SELECT business_registration_number FROM enterprise e
       WHERE NOT EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = e.id) LIMIT 1`,
    );
    const token = await actors.enterprise(brn);
    const page = await firstPage(null, token);
    expect(page.totalCount).toBe(Number(await technologyCount()));
    const [{ id }] = await app.db.query('SELECT id FROM safety_technology ORDER BY id DESC LIMIT 1');
    const node = await app.gql('query ($id: ID!) { node(id: $id) { id } }', { id: techId(String(id)) }, token);
    expect(node.data.node).toEqual({ id: techId(String(id)) });
  });

  it('refuses a caller without a token with UNAUTHENTICATED', async () => {
    expectErrorCode(await app.gql(LIST, { first: 1 }), 'UNAUTHENTICATED');
  });
});

describe('registerSafetyTechnology', () => {
  let providerId: string;
  let providerBrn: string;
  let otherProviderId: string;

  const input = (overrides: Record<string, unknown> = {}) => ({
    providerId,
    name: 'LiDAR fall-zone guard',
    category: 'FALL_PROTECTION',
    hazards: ['FALL', 'STRUCK_BY'],
    description: 'Detects workers entering an unguarded edge zone and sounds an alarm.',
    readinessLevel: 8,
    certification: 'KCs',
    ...overrides,
  });

  beforeAll(async () => {
    const rows: { id: string; business_registration_number: string }[] = await app.db.query(
      'SELECT id, business_registration_number FROM enterprise ORDER BY id LIMIT 2',
    );
    providerId = enterpriseId(String(rows[0].id));
    providerBrn = rows[0].business_registration_number;
    otherProviderId = enterpriseId(String(rows[1].id));
  });

  /** Runs a mutation that must fail and checks that it wrote nothing, neither the row nor an audit event (R13). */
  const expectNothingWritten = (run: () => Promise<void>) => expectUnchanged(async () => [await auditCount(), await technologyCount()], run);

  async function expectRefused(variables: Record<string, unknown>, field: string[], code: string, token = actors.admin) {
    await expectNothingWritten(async () => void expectUserError(await app.gql(REGISTER, { input: variables }, token), code, field));
  }

  async function expectTopLevelError(variables: Record<string, unknown>, code: string, token: string | null) {
    await expectNothingWritten(async () => {
      const res = await app.gql(REGISTER, { input: variables }, token);
      expectErrorCode(res, code);
      expect(res.data?.registerSafetyTechnology ?? null).toBeNull();
    });
  }

  it('R3: an AGENCY_OFFICER registers a technology for any provider and one audit event is written', async () => {
    const token = actors.kosme;
    const auditsBefore = Number(await auditCount());
    const res = await app.gql(REGISTER, { input: input() }, token);
    expect(res.errors).toBeUndefined();
    const payload = res.data.registerSafetyTechnology;
    expect(payload.userErrors).toEqual([]);
    expect(payload.safetyTechnology).toMatchObject({
      name: 'LiDAR fall-zone guard',
      category: 'FALL_PROTECTION',
      hazards: ['FALL', 'STRUCK_BY'],
      readinessLevel: 8,
      certification: 'KCs',
      provider: { id: providerId },
    });

    const id = decodeGlobalId(payload.safetyTechnology.id)!.id;
    const [row] = await app.db.query('SELECT * FROM safety_technology WHERE id = $1', [id]);
    expect(row).toMatchObject({ provider_id: decodeGlobalId(providerId)!.id, name: 'LiDAR fall-zone guard', readiness_level: 8 });
    expect(Number(await auditCount())).toBe(auditsBefore + 1);
    const audits = await app.db.query('SELECT * FROM audit_event WHERE entity_id = $1', [payload.safetyTechnology.id]);
    expect(audits).toHaveLength(1);
    const actor = { actor_subject: 'kosme-officer-7', actor_role: 'AGENCY_OFFICER' };
    expect(audits[0]).toMatchObject({ action: 'registerSafetyTechnology', entity_type: 'SafetyTechnology', ...actor });
    expect(audits[0].changes).toMatchObject({ providerId, name: 'LiDAR fall-zone guard', readinessLevel: 8 });

    const listed = await firstPage({ providerId });
    expect(nodeIds(listed)).toContain(payload.safetyTechnology.id);
  });

  it('R3: an ENTERPRISE registers a technology of its own enterprise', async () => {
    const token = await actors.enterprise(providerBrn);
    const own = input({ name: 'Own press interlock', description: null, certification: null });
    const res = await app.gql(REGISTER, { input: own }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data.registerSafetyTechnology.userErrors).toEqual([]);
    expect(res.data.registerSafetyTechnology.safetyTechnology).toMatchObject({
      name: 'Own press interlock',
      description: null,
      certification: null,
      provider: { id: providerId },
    });
    const audits = await app.db.query('SELECT action, actor_role FROM audit_event WHERE entity_id = $1', [
      res.data.registerSafetyTechnology.safetyTechnology.id,
    ]);
    expect(audits).toEqual([{ action: 'registerSafetyTechnology', actor_role: 'ENTERPRISE' }]);
  });

  it('R3: an ENTERPRISE may not register a technology of another enterprise (FORBIDDEN)', async () => {
    const token = await actors.enterprise(providerBrn);
    await expectTopLevelError(input({ providerId: otherProviderId }), 'FORBIDDEN', token);
  });

  it('R3: readinessLevel must be 1 to 9 (0 and 10 refused)', async () => {
    for (const readinessLevel of [0, 10]) {
      await expectRefused(input({ readinessLevel }), ['input', 'readinessLevel'], 'INVALID_INPUT');
    }
  });

  it('R3: readinessLevel 1 and 9 are accepted', async () => {
    for (const readinessLevel of [1, 9]) {
      const res = await app.gql(REGISTER, { input: input({ name: `TRL ${readinessLevel} prototype`, readinessLevel }) }, actors.admin);
      expect(res.data.registerSafetyTechnology.userErrors).toEqual([]);
      expect(res.data.registerSafetyTechnology.safetyTechnology.readinessLevel).toBe(readinessLevel);
    }
  });

  it('R3: a technology needs at least one hazard', async () => {
    await expectRefused(input({ hazards: [] }), ['input', 'hazards'], 'INVALID_INPUT');
  });

  it('R3: a hazard may not be listed twice', async () => {
    await expectRefused(input({ hazards: ['FALL', 'FALL'] }), ['input', 'hazards'], 'INVALID_INPUT');
  });

  it('R3: name is 1 to 200 characters; description at most 2000, certification at most 200', async () => {
    await expectRefused(input({ name: '' }), ['input', 'name'], 'INVALID_INPUT');
    await expectRefused(input({ name: 'x'.repeat(201) }), ['input', 'name'], 'INVALID_INPUT');
    await expectRefused(input({ description: 'x'.repeat(2001) }), ['input', 'description'], 'INVALID_INPUT');
    await expectRefused(input({ certification: 'x'.repeat(201) }), ['input', 'certification'], 'INVALID_INPUT');
  });

  it('R3: the provider must exist (NOT_FOUND on providerId)', async () => {
    await expectRefused(input({ providerId: enterpriseId('999999') }), ['input', 'providerId'], 'NOT_FOUND');
  });

  it('R3: providerId must be an enterprise id (BAD_USER_INPUT otherwise)', async () => {
    await expectTopLevelError(input({ providerId: 'garbage' }), 'BAD_USER_INPUT', actors.admin);
    await expectTopLevelError(input({ providerId: encodeGlobalId('Agency', '1') }), 'BAD_USER_INPUT', actors.admin);
  });

  it('ANALYST and FUNDER_OFFICER may not register technologies (FORBIDDEN)', async () => {
    await expectTopLevelError(input(), 'FORBIDDEN', actors.analyst);
    await expectTopLevelError(input(), 'FORBIDDEN', actors.kb);
  });

  it('refuses a caller without a token with UNAUTHENTICATED', async () => {
    await expectTopLevelError(input(), 'UNAUTHENTICATED', null);
  });
});

describe('Technologies per enterprise (the cost limit counts them at their bound)', () => {
  const technology = (providerId: string, i: number) => ({
    providerId,
    name: `Guard interlock model ${i}`,
    category: 'MACHINE_GUARDING',
    hazards: ['CAUGHT_IN_MACHINERY'],
    readinessLevel: 8,
  });

  it('an enterprise registers at most 20: the 21st is INVALID_STATE on providerId and writes nothing', async () => {
    const provider = await api.registerEnterprise(app, actors.admin);
    for (let i = 1; i <= 20; i++) await api.perform(app, 'registerSafetyTechnology', technology(provider.id, i), actors.admin);
    const before = await sqlValue(app, 'SELECT count(*) FROM safety_technology');
    const res = await api.mutate(app, 'registerSafetyTechnology', technology(provider.id, 21), actors.admin);
    expectUserError(res, 'INVALID_STATE', ['input', 'providerId']);
    expect(await sqlValue(app, 'SELECT count(*) FROM safety_technology')).toBe(before);
  });

  it('30 concurrent registrations for one enterprise leave exactly 20', async () => {
    const provider = await api.registerEnterprise(app, actors.admin);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => api.mutate(app, 'registerSafetyTechnology', technology(provider.id, i), actors.admin)),
    );
    const refused = results.filter((res) => res.data.registerSafetyTechnology.userErrors.length > 0);
    expect(refused.length).toBe(10);
    expect(refused.every((res) => res.data.registerSafetyTechnology.userErrors[0].code === 'INVALID_STATE')).toBe(true);
    const stored = await sqlValue(app, 'SELECT count(*) FROM safety_technology WHERE provider_id = $1', [decodeGlobalId(provider.id)!.id]);
    expect(Number(stored)).toBe(20);
  });
});
