import { Role } from '../src/auth/roles';
import { TestApp } from './support/test-app';
import { Actors, startWithActors } from './support/actors';
import { expectEmptyPage, expectErrorCode } from './support/assertions';
import { freshBrn, mutation } from './support/operations';
import { listQuery } from './support/paging';

let app: TestApp;
let actors: Actors;

beforeAll(async () => ({ app, actors } = await startWithActors({ seed: true })));
afterAll(() => app?.close());

const LIST = listQuery('enterprises', 'EnterpriseFilter', { node: 'id name businessRegistrationNumber employeeCount createdAt', orderType: 'EnterpriseOrder' });
const REGISTER = mutation('registerEnterprise');

const validInput = (overrides: Record<string, unknown> = {}) => ({
  businessRegistrationNumber: freshBrn(),
  name: 'Hanbit Precision Co., Ltd.',
  size: 'SMALL',
  industryCode: 'C25',
  region: 'GYEONGGI',
  employeeCount: 23,
  ...overrides,
});

async function auditCount(action: string): Promise<number> {
  const rows = await app.db.query('SELECT count(*)::int AS n FROM audit_event WHERE action = $1', [action]);
  return rows[0].n;
}

async function namesFor(filter: Record<string, unknown>): Promise<{ total: number; names: string[] }> {
  const names: string[] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const res = await app.gql(LIST, { first: 100, after, filter }, actors.admin);
    expect(res.errors).toBeUndefined();
    const page: any = res.data.enterprises;
    total = page.totalCount;
    names.push(...page.edges.map((e: any) => e.node.name));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { total, names };
}

describe('enterprises query', () => {
  it('pages through every enterprise exactly once, by name then id', async () => {
    const expected = await app.db.query('SELECT name FROM enterprise ORDER BY name, id');
    const { total, names } = await namesFor({});
    expect(total).toBe(expected.length);
    expect(names).toEqual(expected.map((r: any) => r.name));
  });

  it.each([
    ['region', { region: ['SEOUL', 'JEJU'] }, "region IN ('SEOUL', 'JEJU')"],
    ['size', { size: ['MICRO'] }, "size = 'MICRO'"],
    ['industryCodePrefix', { industryCodePrefix: 'C2' }, "industry_code LIKE 'C2%'"],
    ['isTechnologyProvider true', { isTechnologyProvider: true }, 'EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = e.id)'],
    ['isTechnologyProvider false', { isTechnologyProvider: false }, 'NOT EXISTS (SELECT 1 FROM safety_technology t WHERE t.provider_id = e.id)'],
    ['search by name', { search: 'METAL' }, "name ILIKE '%metal%'"],
    ['combined', { region: ['GYEONGGI'], size: ['SMALL', 'MICRO'], industryCodePrefix: 'C' }, "region = 'GYEONGGI' AND size IN ('SMALL', 'MICRO') AND industry_code LIKE 'C%'"],
  ])('filter %s matches SQL', async (_name, filter, where) => {
    const expected = await app.db.query(`SELECT name FROM enterprise e WHERE ${where} ORDER BY name, id`);
    expect(expected.length).toBeGreaterThan(0);
    const { total, names } = await namesFor(filter);
    expect(total).toBe(expected.length);
    expect(names).toEqual(expected.map((r: any) => r.name));
  });

  it('search finds an exact business registration number, with or without dashes', async () => {
    const [row] = await app.db.query('SELECT name, business_registration_number AS brn FROM enterprise ORDER BY id LIMIT 1');
    const dashed = `${row.brn.slice(0, 3)}-${row.brn.slice(3, 5)}-${row.brn.slice(5)}`;
    for (const search of [row.brn, dashed]) {
      const { names } = await namesFor({ search });
      expect(names).toEqual([row.name]);
    }
  });

  it('search treats % and _ literally', async () => {
    const { total } = await namesFor({ search: '%' });
    expect(total).toBe(0);
  });

  it.each([
    ['NAME', 'ASC', 'name ASC, id ASC'],
    ['NAME', 'DESC', 'name DESC, id DESC'],
    ['CREATED_AT', 'ASC', 'created_at ASC, id ASC'],
    ['CREATED_AT', 'DESC', 'created_at DESC, id DESC'],
    ['EMPLOYEE_COUNT', 'ASC', 'employee_count ASC, id ASC'],
    ['EMPLOYEE_COUNT', 'DESC', 'employee_count DESC, id DESC'],
  ])('orders by %s %s with the id as tie-breaker, across pages', async (field, direction, orderSql) => {
    const expected = (await app.db.query(`SELECT id FROM enterprise ORDER BY ${orderSql}`)).map((r: any) => r.id);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await app.gql(LIST, { first: 37, after, orderBy: { field, direction } }, actors.admin);
      expect(res.errors).toBeUndefined();
      seen.push(...res.data.enterprises.edges.map((e: any) => Buffer.from(e.node.id, 'base64url').toString().split(':')[1]));
      if (!res.data.enterprises.pageInfo.hasNextPage) break;
      after = res.data.enterprises.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
  });

  it('pages backward with last/before to the same rows', async () => {
    const forward = await namesFor({ region: ['BUSAN'] });
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const res: any = await app.gql(LIST, { last: 4, before, filter: { region: ['BUSAN'] } }, actors.admin);
      expect(res.errors).toBeUndefined();
      backward.unshift(...res.data.enterprises.edges.map((e: any) => e.node.name));
      if (!res.data.enterprises.pageInfo.hasPreviousPage) break;
      before = res.data.enterprises.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward.names);
  });

  it('answers an empty page for a filter that matches nothing', async () => {
    const res: any = await app.gql(LIST, { filter: { search: 'no such enterprise anywhere' } }, actors.admin);
    expectEmptyPage(res.data.enterprises);
  });

  it('defaults to 20 items and says there are more', async () => {
    const res: any = await app.gql(LIST, {}, actors.admin);
    expect(res.data.enterprises.edges).toHaveLength(20);
    expect(res.data.enterprises.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ first: 5, last: 5 }, 'first'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ after: Buffer.from('["employeeCount:ASC",3,"1"]').toString('base64url') }, 'after'],
  ])('refuses bad page arguments %j with BAD_USER_INPUT naming %s', async (args, argument) => {
    const res = await app.gql(LIST, args, actors.admin);
    expectErrorCode(res, 'BAD_USER_INPUT');
    expect(res.errors?.[0].extensions.argument).toBe(argument);
    expect(res.errors?.[0].message).toMatch(new RegExp(`^${argument}`));
  });

  it('resolves an enterprise through node(id) and a bad id through BAD_USER_INPUT', async () => {
    const list: any = await app.gql(LIST, { first: 1 }, actors.admin);
    const { id, name } = list.data.enterprises.edges[0].node;
    const res: any = await app.gql('query($id: ID!) { node(id: $id) { id ... on Enterprise { name } } }', { id }, actors.admin);
    expect(res.data.node).toEqual({ id, name });
    const missing: any = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: Buffer.from('Enterprise:999999').toString('base64url') }, actors.admin);
    expect(missing.data.node).toBeNull();
    const bad = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: 'garbage!' }, actors.admin);
    expect(bad.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('registerEnterprise', () => {
  it('R1: registers an enterprise with a dashed number and stores ten digits', async () => {
    const brn = freshBrn();
    const dashed = `${brn.slice(0, 3)}-${brn.slice(3, 5)}-${brn.slice(5)}`;
    const before = await auditCount('registerEnterprise');
    const res: any = await app.gql(REGISTER, { input: validInput({ businessRegistrationNumber: dashed }) }, actors.kosme);
    expect(res.data.registerEnterprise.userErrors).toEqual([]);
    expect(res.data.registerEnterprise.enterprise).toMatchObject({ businessRegistrationNumber: dashed, industryCode: 'C25' });
    const rows = await app.db.query('SELECT business_registration_number FROM enterprise WHERE business_registration_number = $1', [brn]);
    expect(rows).toHaveLength(1);
    expect(await auditCount('registerEnterprise')).toBe(before + 1);
  });

  it('R1: refuses a wrong check digit, naming the field, and writes nothing', async () => {
    const brn = freshBrn();
    const wrong = `${brn.slice(0, 9)}${(Number(brn[9]) + 1) % 10}`;
    const before = await auditCount('registerEnterprise');
    const res: any = await app.gql(REGISTER, { input: validInput({ businessRegistrationNumber: wrong }) }, actors.admin);
    expect(res.data.registerEnterprise.enterprise).toBeNull();
    expect(res.data.registerEnterprise.userErrors).toEqual([
      { field: ['input', 'businessRegistrationNumber'], code: 'INVALID_INPUT', message: expect.stringContaining('check digit') },
    ]);
    expect(await app.db.query('SELECT 1 FROM enterprise WHERE business_registration_number = $1', [wrong])).toHaveLength(0);
    expect(await auditCount('registerEnterprise')).toBe(before);
  });

  it('R1: a registered number is DUPLICATE', async () => {
    const [existing] = await app.db.query('SELECT business_registration_number AS brn FROM enterprise ORDER BY id LIMIT 1');
    const res: any = await app.gql(REGISTER, { input: validInput({ businessRegistrationNumber: existing.brn }) }, actors.admin);
    expect(res.data.registerEnterprise.userErrors).toEqual([
      { field: ['input', 'businessRegistrationNumber'], code: 'DUPLICATE', message: expect.any(String) },
    ]);
  });

  it.each([
    ['empty name', { name: '' }, 'name'],
    ['name over 200 characters', { name: 'x'.repeat(201) }, 'name'],
    ['employeeCount 0', { employeeCount: 0 }, 'employeeCount'],
    ['lower-case KSIC section', { industryCode: 'c25' }, 'industryCode'],
    ['KSIC section V', { industryCode: 'V25' }, 'industryCode'],
    ['KSIC with 6 digits', { industryCode: '251120' }, 'industryCode'],
    ['KSIC with 1 digit', { industryCode: 'C2' }, 'industryCode'],
  ])('R2: refuses %s', async (_name, overrides, field) => {
    const res: any = await app.gql(REGISTER, { input: validInput(overrides) }, actors.admin);
    expect(res.data.registerEnterprise.enterprise).toBeNull();
    expect(res.data.registerEnterprise.userErrors).toContainEqual(
      expect.objectContaining({ field: ['input', field], code: 'INVALID_INPUT' }),
    );
  });

  it.each(['C', 'C25', 'C25112', '25', '25112', 'U99'])('R2: accepts the KSIC code %s', async (industryCode) => {
    const res: any = await app.gql(REGISTER, { input: validInput({ industryCode }) }, actors.admin);
    expect(res.data.registerEnterprise.userErrors).toEqual([]);
  });

  it('reports every invalid field at once', async () => {
    const res: any = await app.gql(REGISTER, { input: validInput({ name: '', employeeCount: 0, industryCode: '?', businessRegistrationNumber: '1' }) }, actors.admin);
    const fields = res.data.registerEnterprise.userErrors.map((e: any) => e.field[1]).sort();
    expect(fields).toEqual(['businessRegistrationNumber', 'employeeCount', 'industryCode', 'name']);
  });

  it.each([
    [Role.FUNDER_OFFICER, 'kb'],
    [Role.ANALYST, 'analyst'],
  ] as const)('%s may not register enterprises (FORBIDDEN)', async (_role, actor) => {
    const res = await app.gql(REGISTER, { input: validInput() }, actors[actor]);
    expectErrorCode(res, 'FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('an ENTERPRISE user may not register enterprises (FORBIDDEN)', async () => {
    const [row] = await app.db.query('SELECT business_registration_number AS brn FROM enterprise ORDER BY id LIMIT 1');
    expectErrorCode(await app.gql(REGISTER, { input: validInput() }, await actors.enterprise(row.brn)), 'FORBIDDEN');
  });
});

describe('updateEnterprise', () => {
  const UPDATE = `
    mutation Update($input: UpdateEnterpriseInput!) {
      updateEnterprise(input: $input) { enterprise { id name employeeCount region } userErrors { field message code } }
    }`;

  it('R2: changes only the given fields and audits the change', async () => {
    const created: any = await app.gql(REGISTER, { input: validInput({ businessRegistrationNumber: freshBrn() }) }, actors.admin);
    const id = created.data.registerEnterprise.enterprise.id;
    const res: any = await app.gql(UPDATE, { input: { id, employeeCount: 41 } }, actors.kosme);
    expect(res.data.updateEnterprise).toEqual({
      enterprise: { id, name: 'Hanbit Precision Co., Ltd.', employeeCount: 41, region: 'GYEONGGI' },
      userErrors: [],
    });
    const [audit] = await app.db.query("SELECT changes, actor_role FROM audit_event WHERE action = 'updateEnterprise' AND entity_id = $1", [id]);
    expect(audit).toEqual({ changes: { employeeCount: { from: 23, to: 41 } }, actor_role: 'AGENCY_OFFICER' });
  });

  it('R2: refuses an invalid KSIC code and employeeCount, leaving the row unchanged', async () => {
    const created: any = await app.gql(REGISTER, { input: validInput({ businessRegistrationNumber: freshBrn() }) }, actors.admin);
    const id = created.data.registerEnterprise.enterprise.id;
    const res: any = await app.gql(UPDATE, { input: { id, industryCode: 'Z1', employeeCount: 0, name: 'Renamed' } }, actors.admin);
    expect(res.data.updateEnterprise.enterprise).toBeNull();
    expect(res.data.updateEnterprise.userErrors.map((e: any) => e.field[1]).sort()).toEqual(['employeeCount', 'industryCode']);
    const after: any = await app.gql('query($id: ID!) { node(id: $id) { ... on Enterprise { name } } }', { id }, actors.admin);
    expect(after.data.node.name).toBe('Hanbit Precision Co., Ltd.');
  });

  it('an unknown enterprise is NOT_FOUND and a malformed id BAD_USER_INPUT', async () => {
    const unknown: any = await app.gql(UPDATE, { input: { id: Buffer.from('Enterprise:99999999').toString('base64url'), name: 'x' } }, actors.admin);
    expect(unknown.data.updateEnterprise.userErrors).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND', message: expect.any(String) }]);
    const malformed = await app.gql(UPDATE, { input: { id: 'nope', name: 'x' } }, actors.admin);
    expect(malformed.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const wrongType = await app.gql(UPDATE, { input: { id: Buffer.from('Agency:1').toString('base64url'), name: 'x' } }, actors.admin);
    expect(wrongType.errors?.[0].message).toMatch(/input.id: must be the id of a Enterprise/);
  });
});

describe('Inputs that ended as masked 500s: text lengths count as PostgreSQL counts them', () => {
  const REGISTER_ENTERPRISE = mutation('registerEnterprise');
  const input = (name: string) => ({ businessRegistrationNumber: freshBrn(), name, size: 'SMALL', industryCode: 'C25', region: 'SEOUL', employeeCount: 12 });

  it.each([
    ['variation selectors (U+FE0F), which a UTF-16 length check leaves out', 'A' + '\uFE0F'.repeat(250)],
    ['characters outside the BMP, which UTF-16 counts twice but PostgreSQL once, beyond the limit', '\u{1F6A7}'.repeat(201)],
  ])('a name of %s is INVALID_INPUT on name, not a CHECK violation', async (_name, name) => {
    const res = await app.gql(REGISTER_ENTERPRISE, { input: input(name) }, actors.admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.registerEnterprise.userErrors).toEqual([{ field: ['input', 'name'], code: 'INVALID_INPUT', message: 'name must be 1 to 200 characters' }]);
  });

  it('200 characters outside the BMP are exactly at the limit and accepted', async () => {
    const res = await app.gql(REGISTER_ENTERPRISE, { input: input('\u{1F6A7}'.repeat(200)) }, actors.admin);
    expect(res.data.registerEnterprise.userErrors).toEqual([]);
  });
});
