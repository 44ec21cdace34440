import { metricValue, type CountableActivity, type TargetMetric } from './metrics';

let nextId = 0;
function activity(overrides: Partial<CountableActivity> = {}): CountableActivity {
  nextId += 1;
  return {
    id: `activity-${nextId}`,
    beneficiaryId: `beneficiary-${nextId}`,
    workersCovered: 0,
    hazardsRemediated: 1,
    riskLevelBefore: null,
    riskLevelAfter: null,
    ...overrides,
  };
}

const ALL_METRICS: TargetMetric[] = [
  'VERIFIED_ACTIVITIES',
  'DISTINCT_BENEFICIARIES',
  'WORKERS_COVERED',
  'HAZARDS_REMEDIATED',
  'RISK_POINTS_REDUCED',
];

describe('R9 metricValue', () => {
  it.each(ALL_METRICS)('R9: %s of no activities is 0', (metric) => {
    expect(metricValue(metric, [])).toBe(0n);
  });

  it('R9: VERIFIED_ACTIVITIES counts every activity, including several for one beneficiary', () => {
    const activities = [
      activity({ beneficiaryId: 'b1' }),
      activity({ beneficiaryId: 'b1' }),
      activity({ beneficiaryId: 'b2' }),
    ];
    expect(metricValue('VERIFIED_ACTIVITIES', activities)).toBe(3n);
  });

  it('R9: DISTINCT_BENEFICIARIES counts each beneficiary once', () => {
    const activities = [
      activity({ beneficiaryId: 'b1' }),
      activity({ beneficiaryId: 'b2' }),
      activity({ beneficiaryId: 'b1' }),
      activity({ beneficiaryId: 'b3' }),
      activity({ beneficiaryId: 'b2' }),
    ];
    expect(metricValue('DISTINCT_BENEFICIARIES', activities)).toBe(3n);
  });

  it('R9: WORKERS_COVERED sums workersCovered, zeros included', () => {
    const activities = [activity({ workersCovered: 12 }), activity({ workersCovered: 0 }), activity({ workersCovered: 30 })];
    expect(metricValue('WORKERS_COVERED', activities)).toBe(42n);
  });

  it('R9: HAZARDS_REMEDIATED sums hazardsRemediated', () => {
    const activities = [activity({ hazardsRemediated: 1 }), activity({ hazardsRemediated: 4 }), activity({ hazardsRemediated: 2 })];
    expect(metricValue('HAZARDS_REMEDIATED', activities)).toBe(7n);
  });

  it('R9: RISK_POINTS_REDUCED sums before − after over activities carrying both levels', () => {
    const activities = [
      activity({ riskLevelBefore: 20, riskLevelAfter: 6 }),
      activity({ riskLevelBefore: 25, riskLevelAfter: 1 }),
    ];
    expect(metricValue('RISK_POINTS_REDUCED', activities)).toBe(38n);
  });

  it('R9: RISK_POINTS_REDUCED counts an activity that raised the risk level as 0, not negative', () => {
    const activities = [
      activity({ riskLevelBefore: 5, riskLevelAfter: 15 }),
      activity({ riskLevelBefore: 12, riskLevelAfter: 4 }),
    ];
    expect(metricValue('RISK_POINTS_REDUCED', activities)).toBe(8n);
  });

  it('R9: RISK_POINTS_REDUCED counts an unchanged risk level as 0', () => {
    expect(metricValue('RISK_POINTS_REDUCED', [activity({ riskLevelBefore: 9, riskLevelAfter: 9 })])).toBe(0n);
  });

  it('R9: RISK_POINTS_REDUCED skips activities missing either level', () => {
    const activities = [
      activity({ riskLevelBefore: 20, riskLevelAfter: null }),
      activity({ riskLevelBefore: null, riskLevelAfter: 3 }),
      activity(),
      activity({ riskLevelBefore: 10, riskLevelAfter: 7 }),
    ];
    expect(metricValue('RISK_POINTS_REDUCED', activities)).toBe(3n);
  });

  it('R9: every metric reads only its own field from the same activities', () => {
    const activities = [
      activity({ beneficiaryId: 'b1', workersCovered: 10, hazardsRemediated: 2, riskLevelBefore: 16, riskLevelAfter: 4 }),
      activity({ beneficiaryId: 'b1', workersCovered: 5, hazardsRemediated: 3, riskLevelBefore: null, riskLevelAfter: null }),
      activity({ beneficiaryId: 'b2', workersCovered: 0, hazardsRemediated: 1, riskLevelBefore: 6, riskLevelAfter: 8 }),
    ];
    expect(ALL_METRICS.map((metric) => metricValue(metric, activities))).toEqual([3n, 2n, 15n, 6n, 12n]);
  });

  it('R9: sums stay exact beyond Number.MAX_SAFE_INTEGER', () => {
    const activities = [
      activity({ workersCovered: Number.MAX_SAFE_INTEGER }),
      activity({ workersCovered: Number.MAX_SAFE_INTEGER }),
    ];
    expect(metricValue('WORKERS_COVERED', activities)).toBe(2n * BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('R9: a fractional count is a bug upstream and throws rather than being rounded', () => {
    expect(() => metricValue('HAZARDS_REMEDIATED', [activity({ hazardsRemediated: 1.5 })])).toThrow();
  });
});
