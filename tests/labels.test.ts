import { ActivityKind, HazardType, Region, SafetyTechCategory } from '../src/common/enums';
import { ACTIVITY_KIND_NAMES, HAZARD_NAMES, industryTitle, monthTitle, REGION_NAMES, TECHNOLOGY_CATEGORY_NAMES } from '../src/common/labels';
import { localeFrom } from '../src/common/locale';
import { Actors, startWithActors } from './support/actors';
import { dbId } from './support/ids';
import type { TestApp } from './support/test-app';

/** BI labels (ActivityStatsRow.label): English by default, Korean when Accept-Language prefers ko. */
describe('the label catalogues', () => {
  it.each([
    ['Region', Region, REGION_NAMES],
    ['HazardType', HazardType, HAZARD_NAMES],
    ['ActivityKind', ActivityKind, ACTIVITY_KIND_NAMES],
    ['SafetyTechCategory', SafetyTechCategory, TECHNOLOGY_CATEGORY_NAMES],
  ] as const)('every %s value has a name in English and in Korean', (_name, values, names) => {
    for (const value of Object.values(values)) {
      const entry = (names as Record<string, { en: string; ko: string }>)[value];
      expect([value, entry?.en && /\S/.test(entry.en), entry?.ko && /[\uac00-\ud7a3]/.test(entry.ko)]).toEqual([value, true, true]);
    }
  });

  it('industry codes get their KSIC title (a sub-class its division\'s, with the code); months their name', () => {
    expect(industryTitle('C25', 'en')).toBe('Manufacture of fabricated metal products');
    expect(industryTitle('25112', 'ko')).toBe('금속 가공제품 제조업 (25112)');
    expect(industryTitle('F41', 'ko')).toBe('종합 건설업');
    expect(industryTitle('C31', 'en')).toBe('Manufacturing (C31)');
    expect(monthTitle('2026-03', 'en')).toBe('March 2026');
    expect(monthTitle('2026-03', 'ko')).toBe('2026년 3월');
  });

  it('Accept-Language: Korean only when it is the most preferred language', () => {
    expect(localeFrom(undefined)).toBe('en');
    expect(localeFrom('ko')).toBe('ko');
    expect(localeFrom('ko-KR,ko;q=0.9,en-US;q=0.8')).toBe('ko');
    expect(localeFrom('en-US,en;q=0.9,ko;q=0.8')).toBe('en');
    expect(localeFrom('en;q=0.5, ko;q=0.7')).toBe('ko');
    expect(localeFrom('ko;q=0, en')).toBe('en');
    expect(localeFrom('*')).toBe('en');
  });
});

describe('activityStats labels through the server', () => {
  let app: TestApp;
  let actors: Actors;
  beforeAll(async () => ({ app, actors } = await startWithActors({ seed: true })));
  afterAll(() => app?.close());

  const rows = async (by: string, acceptLanguage?: string) => {
    const res = await app.gql(`{ activityStats(by: ${by}) { key label } }`, {}, actors.analyst, acceptLanguage ? { 'accept-language': acceptLanguage } : {});
    expect(res.errors).toBeUndefined();
    return res.data.activityStats as { key: string; label: string }[];
  };

  it.each([
    ['BENEFICIARY_REGION', REGION_NAMES],
    ['HAZARD', HAZARD_NAMES],
    ['KIND', ACTIVITY_KIND_NAMES],
    ['TECHNOLOGY_CATEGORY', TECHNOLOGY_CATEGORY_NAMES],
  ] as const)('%s: the catalogue name in the preferred language', async (by, names) => {
    for (const [header, locale] of [[undefined, 'en'], ['ko-KR,ko;q=0.9,en;q=0.8', 'ko'], ['en-US,ko;q=0.5', 'en']] as const) {
      const found = await rows(by, header);
      expect(found.length).toBeGreaterThan(0);
      for (const row of found) expect(row.label).toBe((names as Record<string, { en: string; ko: string }>)[row.key][locale]);
    }
  });

  it('BENEFICIARY_INDUSTRY, COMPLETED_MONTH and PROVIDER: KSIC titles, month names and the providers\' names', async () => {
    for (const row of await rows('BENEFICIARY_INDUSTRY', 'ko')) expect(row.label).toBe(industryTitle(row.key, 'ko'));
    for (const row of await rows('COMPLETED_MONTH', 'ko')) expect(row.label).toBe(monthTitle(row.key, 'ko'));
    const providers = await rows('PROVIDER');
    const names = await app.db.query('SELECT id, name FROM enterprise WHERE id = ANY($1::bigint[])', [providers.map((row) => dbId(row.key))]);
    const byId = new Map(names.map((row: any) => [String(row.id), row.name]));
    for (const row of providers) expect(row.label).toBe(byId.get(dbId(row.key)));
  });
});
