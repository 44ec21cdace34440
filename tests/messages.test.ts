import { getMetadataStorage } from 'class-validator';
import { CATALOGUES, formatMessage, MessageKey } from '../src/common/messages';
import { LIST_NOUNS_KO, NOUNS_KO } from '../src/common/messages/ko';
import { wordingOf } from '../src/common/validation';
import { moduleResolvers } from '../src/modules';
import { Actors, startWithActors } from './support/actors';
import { gid } from './support/ids';
import { agencyGid, createAgreement, decide, freshBrn, fundAgreement, mutation, recommend, registerEnterprise, supplier } from './support/operations';
import type { TestApp } from './support/test-app';

const HANGUL = /[\uac00-\ud7a3]/;

/** Sample arguments by the English formatter's parameter names, enough for every formatter to run. */
function sample(formatter: Function): unknown[] {
  const names = (formatter.toString().match(/^\(([^)]*)\)/)?.[1] ?? '').split(',').map((name) => name.trim()).filter(Boolean);
  return names.map((name) =>
    name === 'program' ? { code: 'P-2026', startsOn: '2026-01-01', endsOn: '2026-12-31' }
    : ['from', 'allowed', 'eligible', 'keys', 'names'].includes(name) ? ['DRAFT', 'ACTIVE']
    : /limit|count|max|min|level|lacking|required|counted|Minutes|Length|baseline/i.test(name) ? 3
    : 'P-2026');
}

/** userError messages: English by default, Korean when Accept-Language prefers ko; codes and field paths the same. */
describe('the message catalogues', () => {
  it('have the same keys in English and in Korean', () => {
    expect(Object.keys(CATALOGUES.ko).sort()).toEqual(Object.keys(CATALOGUES.en).sort());
  });

  it('put every message into words in both languages: English text, Korean with Hangul', () => {
    const keys = Object.keys(CATALOGUES.en) as MessageKey[];
    expect(keys.length).toBeGreaterThan(100);
    for (const key of keys) {
      const args = key === 'agreement.notInStatusFor' ? ['activate', 'ACTIVE', ['DRAFT']]
        : key === 'agreement.workNotAllowed' ? ['addTarget', 'ACTIVE', ['DRAFT']]
        : key === 'evaluation.notInStatusFor' ? ['finalize', ['DRAFT'], 'VOID']
        : key === 'matching.alreadyAnswered' ? ['supplier', 'ACCEPTED', '2026-05-01']
        : key === 'activity.alreadyDecided' ? ['verify', 'VERIFIED']
        : key === 'validation.code' ? ['code', 40, ['.', '_', '-'], true]
        : key === 'validation.arrayAtLeastOne' || key === 'validation.arrayAtMost' ? ['hazards', 3, 'hazard'].filter((_, i) => key === 'validation.arrayAtMost' || i !== 1)
        : sample(CATALOGUES.en[key]);
      const english = formatMessage({ key, args }, 'en');
      const korean = formatMessage({ key, args }, 'ko');
      expect([key, /\S/.test(english), !HANGUL.test(english), HANGUL.test(korean), /undefined|\[object/.test(english + korean)]).toEqual([key, true, true, true, false]);
    }
  });

  it('name in Korean every thing a NOT_FOUND id may name, and every list a decorator names', () => {
    const nouns = Object.keys(NOUNS_KO);
    expect(nouns).toEqual(expect.arrayContaining(['enterprise', 'safety technology', 'agency', 'program', 'funding agreement', 'target evaluation']));
    for (const noun of [...Object.values(NOUNS_KO), ...Object.values(LIST_NOUNS_KO)]) expect(noun).toMatch(HANGUL);
  });

  it('have a key for every message an input decorator declares or makes (TextLength, MaxTextLength), giving back its English word for word', () => {
    expect(moduleResolvers.length).toBeGreaterThan(0); // loads every module's input types
    const declared = new Set<string>();
    const storage = getMetadataStorage() as any;
    const all: any[] = storage.validationMetadatas instanceof Map ? [...storage.validationMetadatas.values()].flat() : storage.validationMetadatas;
    // ValidateNested's own message (a template) cannot happen: GraphQL has checked the input's shape before.
    for (const meta of all) if (typeof meta.message === 'string' && meta.type !== 'nestedValidation') declared.add(`${meta.propertyName}\u0000${meta.message}`);
    for (const meta of all.filter((m) => m.message === undefined && m.name === 'textLength')) {
      const made = new meta.constraintCls().defaultMessage({ property: meta.propertyName, constraints: meta.constraints });
      declared.add(`${meta.propertyName}\u0000${made}`);
    }
    expect(declared.size).toBeGreaterThan(60);
    for (const entry of declared) {
      const [property, english] = entry.split('\u0000');
      const wording = wordingOf(english, property);
      expect([english, wording.key, formatMessage(wording, 'en')]).toEqual([english, expect.not.stringMatching(/^validation\.invalid$/), english]);
      expect(formatMessage(wording, 'ko')).toMatch(HANGUL);
    }
  });
});

describe('refused mutations through the server', () => {
  let app: TestApp;
  let actors: Actors;
  beforeAll(async () => ({ app, actors } = await startWithActors({ seed: true })));
  afterAll(() => app?.close());

  /** The mutation in English and in Korean: the same codes and fields, the messages in each language. */
  async function inBothLanguages(name: Parameters<typeof mutation>[0], input: Record<string, unknown>, token: string) {
    const [en, ko] = await Promise.all([
      app.gql(mutation(name), { input }, token),
      app.gql(mutation(name), { input }, token, { 'accept-language': 'ko-KR,ko;q=0.9,en;q=0.8' }),
    ]);
    expect([en.errors, ko.errors]).toEqual([undefined, undefined]);
    const english = en.data[name].userErrors as { field: string[]; code: string; message: string }[];
    const korean = ko.data[name].userErrors as typeof english;
    expect(english.length).toBeGreaterThan(0);
    expect(korean.map(({ field, code }) => ({ field, code }))).toEqual(english.map(({ field, code }) => ({ field, code })));
    for (const error of english) expect(error.message).not.toMatch(HANGUL);
    for (const error of korean) expect(error.message).toMatch(HANGUL);
    return { english, korean };
  }

  const enterprise = (overrides: Record<string, unknown>) => ({
    businessRegistrationNumber: freshBrn(),
    name: '한울안전(주)',
    size: 'SMALL',
    industryCode: 'C25',
    region: 'GYEONGGI',
    employeeCount: 24,
    ...overrides,
  });

  it('R1: a wrong check digit', async () => {
    const valid = freshBrn();
    const wrongCheckDigit = valid.slice(0, 9) + String((Number(valid[9]) + 1) % 10);
    const { english, korean } = await inBothLanguages('registerEnterprise', enterprise({ businessRegistrationNumber: wrongCheckDigit }), actors.kosme);
    expect(english).toEqual([
      { field: ['input', 'businessRegistrationNumber'], code: 'INVALID_INPUT', message: 'businessRegistrationNumber must be 10 digits (000-00-00000) with a valid check digit' },
    ]);
    expect(korean[0].message).toMatch(/^사업자등록번호의 검증번호가 맞지 않습니다/);
  });

  it('R1: a business registration number registered already is DUPLICATE', async () => {
    const registered = await registerEnterprise(app, actors.kosme);
    const { english, korean } = await inBothLanguages('registerEnterprise', enterprise({ businessRegistrationNumber: registered.businessRegistrationNumber.replace(/-/g, '') }), actors.kosme);
    expect(english).toEqual([
      { field: ['input', 'businessRegistrationNumber'], code: 'DUPLICATE', message: 'An enterprise with this business registration number is already registered' },
    ]);
    expect(korean[0].message).toBe('이미 같은 사업자등록번호로 등록된 기업이 있습니다');
  });

  it('an id naming nothing is NOT_FOUND', async () => {
    const { english, korean } = await inBothLanguages('activateFundingAgreement', { id: gid('FundingAgreement', '999999999') }, actors.kb);
    expect(english).toEqual([{ field: ['input', 'id'], code: 'NOT_FOUND', message: 'No funding agreement has this id' }]);
    expect(korean[0].message).toBe('이 ID에 해당하는 지원 협약이(가) 없습니다');
  });

  it('class-validator rules: text length and ranges are INVALID_INPUT on their fields', async () => {
    const { english, korean } = await inBothLanguages('registerEnterprise', enterprise({ name: '', employeeCount: 0 }), actors.kosme);
    expect(english).toEqual(
      expect.arrayContaining([
        { field: ['input', 'name'], code: 'INVALID_INPUT', message: 'name must be 1 to 200 characters' },
        { field: ['input', 'employeeCount'], code: 'INVALID_INPUT', message: 'employeeCount must be at least 1' },
      ]),
    );
    expect(korean.map((e) => e.message)).toEqual(expect.arrayContaining(["'name' 항목은 1자 이상 200자 이하로 입력해 주십시오", "'employeeCount' 항목은 1 이상이어야 합니다"]));
  });

  it('R15: an activation beyond the program budget is BUDGET_EXCEEDED', async () => {
    const kb = await agencyGid(app, 'KB');
    const program = await app.gql(mutation('createProgram'), {
      input: { code: `KO-${Date.now()}`, name: '추락 예방 시범사업', funderId: kb, budget: '100000000', startsOn: '2026-01-01', endsOn: '2027-12-31' },
    }, actors.kosme);
    const programId = program.data.createProgram.program.id;
    const recipient = await supplier(app, actors);
    const made = await recommend(app, actors.kosme, { enterpriseId: recipient.id, funderId: kb, programId });
    await decide(app, actors.kb, made.id, true);
    const draft = await createAgreement(app, actors.kb, {
      recommendationId: made.id,
      agreementNumber: `KO-${Date.now()}`,
      startsOn: '2026-03-01',
      endsOn: '2026-12-31',
      baseAmount: '80000000',
      outcomeBudgetCap: '30000000',
      targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-03-01', periodEnd: '2026-12-31', targetValue: 5, maxPayout: '30000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
    });
    const { english, korean } = await inBothLanguages('activateFundingAgreement', { id: draft.id }, actors.kb);
    expect(english.map((e) => [e.code, e.field])).toEqual([['BUDGET_EXCEEDED', ['input', 'id']]]);
    expect(english[0].message).toMatch(/^Activation commits ₩110000000 .* has ₩100000000 left$/);
    expect(korean[0].message).toMatch(/^프로그램 예산이 부족합니다: .*₩110000000.*₩100000000/);
  });

  it('R7: an activity at a worksite without an ACCEPTED match is NOT_ELIGIBLE', async () => {
    const agreement = await fundAgreement(app, actors, {
      startsOn: '2026-03-01',
      endsOn: '2026-12-31',
      targets: [{ metric: 'VERIFIED_ACTIVITIES', periodStart: '2026-03-01', periodEnd: '2026-12-31', targetValue: 5, maxPayout: '100000000', payoutRule: { kind: 'ALL_OR_NOTHING' } }],
    } as any);
    const beneficiary = await registerEnterprise(app, actors.kosme);
    const { english, korean } = await inBothLanguages('reportImprovementActivity', {
      agreementId: agreement.id,
      beneficiaryId: beneficiary.id,
      technologyId: agreement.technologyId,
      kind: 'PRODUCT_SUPPLY',
      title: '추락 방지 앵커 설치',
      hazardsAddressed: ['FALL'],
      workersCovered: 12,
      hazardsRemediated: 1,
      startedOn: '2026-05-01',
      completedOn: '2026-05-01',
    }, actors.kosme);
    expect(english).toContainEqual({
      field: ['input', 'beneficiaryId'],
      code: 'NOT_ELIGIBLE',
      message: 'The beneficiary has no ACCEPTED match with this agreement; activities are reported only at matched worksites',
    });
    expect(korean).toContainEqual(expect.objectContaining({ code: 'NOT_ELIGIBLE', message: expect.stringMatching(/ACCEPTED 상태의 매칭이 없습니다/) }));
  });
});
