import {
  achievementRatio,
  applyBudgetCap,
  basisPointsToRatio,
  computePayout,
  ratioToBasisPoints,
  type PayoutInput,
  type PayoutRule,
} from './payout';
import { mulberry32 } from '../common/prng';

const ALL_OR_NOTHING: PayoutRule = { kind: 'ALL_OR_NOTHING' };
const proRata = (thresholdBp: number): PayoutRule => ({ kind: 'PRO_RATA', thresholdBp });
const tiered = (...tiers: [minAchievementBp: number, shareBp: number][]): PayoutRule => ({
  kind: 'TIERED',
  tiers: tiers.map(([minAchievementBp, shareBp]) => ({ minAchievementBp, shareBp })),
});

const MAX = 100_000_000n;
const TRILLION_WON = 10n ** 15n; // R14's largest amount

/** Defaults: baseline 0, target 20 (so required 20), maxPayout 100,000,000 won. */
function pay(rule: PayoutRule, actual: bigint, overrides: Partial<PayoutInput> = {}) {
  return computePayout({ baseline: 0n, targetValue: 20n, maxPayout: MAX, rule, actual, ...overrides });
}

describe('R11 computePayout: required, progress, achieved, achievementRatio', () => {
  it('R11: required is targetValue − baseline and progress is actual − baseline', () => {
    const result = pay(ALL_OR_NOTHING, 112n, { baseline: 100n, targetValue: 120n });
    expect(result.required).toBe(20n);
    expect(result.progress).toBe(12n);
    expect(result.achieved).toBe(false);
    expect(result.achievementRatio).toBeCloseTo(0.6, 12);
  });

  it('R11: progress is 0, not negative, when actual is below the baseline', () => {
    const result = pay(ALL_OR_NOTHING, 40n, { baseline: 50n, targetValue: 70n });
    expect(result.progress).toBe(0n);
    expect(result.achievementRatio).toBe(0);
    expect(result.achieved).toBe(false);
  });

  it('R11: achieved exactly when progress reaches required', () => {
    expect(pay(ALL_OR_NOTHING, 20n).achieved).toBe(true);
    expect(pay(ALL_OR_NOTHING, 19n).achieved).toBe(false);
    expect(pay(ALL_OR_NOTHING, 21n).achieved).toBe(true);
  });

  it('R11: achievementRatio is display only and not capped at 1', () => {
    expect(pay(ALL_OR_NOTHING, 30n).achievementRatio).toBe(1.5);
    expect(pay(ALL_OR_NOTHING, 0n).achievementRatio).toBe(0);
  });

  it('R11: achievementRatio stays finite and close for amounts near 10^15', () => {
    const result = pay(ALL_OR_NOTHING, TRILLION_WON - 1n, { targetValue: TRILLION_WON });
    expect(Number.isFinite(result.achievementRatio)).toBe(true);
    expect(result.achievementRatio).toBeCloseTo(1, 12);
  });
});

describe('R11 ALL_OR_NOTHING', () => {
  it('R11: ALL_OR_NOTHING pays maxPayout when progress exactly meets required', () => {
    expect(pay(ALL_OR_NOTHING, 20n).computedPayout).toBe(MAX);
  });

  it('R11: ALL_OR_NOTHING pays nothing one unit below the target', () => {
    expect(pay(ALL_OR_NOTHING, 19n).computedPayout).toBe(0n);
  });

  it('R11: ALL_OR_NOTHING pays maxPayout, not more, above the target', () => {
    expect(pay(ALL_OR_NOTHING, 1_000n).computedPayout).toBe(MAX);
  });

  it('R11: ALL_OR_NOTHING measures progress from a baseline > 0', () => {
    const overrides = { baseline: 100n, targetValue: 120n };
    expect(pay(ALL_OR_NOTHING, 120n, overrides).computedPayout).toBe(MAX);
    expect(pay(ALL_OR_NOTHING, 119n, overrides).computedPayout).toBe(0n);
    expect(pay(ALL_OR_NOTHING, 20n, overrides).computedPayout).toBe(0n);
  });

  it('R11: ALL_OR_NOTHING pays nothing when actual is below the baseline', () => {
    expect(pay(ALL_OR_NOTHING, 10n, { baseline: 50n, targetValue: 70n }).computedPayout).toBe(0n);
  });

  it('R11: ALL_OR_NOTHING with maxPayout 0 pays 0 even when achieved', () => {
    expect(pay(ALL_OR_NOTHING, 20n, { maxPayout: 0n }).computedPayout).toBe(0n);
  });

  it('R11: ALL_OR_NOTHING pays 10^15 won exactly', () => {
    const result = pay(ALL_OR_NOTHING, TRILLION_WON, { targetValue: TRILLION_WON, maxPayout: TRILLION_WON });
    expect(result.computedPayout).toBe(TRILLION_WON);
  });

  it('R11: ALL_OR_NOTHING explains the outcome with the numbers', () => {
    expect(pay(ALL_OR_NOTHING, 20n).explanation).toBe(
      'ALL_OR_NOTHING: progress 20 of 20 required (100.00%), target met; pays the full 100000000 won.',
    );
    expect(pay(ALL_OR_NOTHING, 19n).explanation).toBe(
      'ALL_OR_NOTHING: progress 19 of 20 required (95.00%), target not met; pays 0 won.',
    );
  });
});

describe('R11 PRO_RATA', () => {
  it('R11: PRO_RATA pays the floored share when the threshold is exactly met', () => {
    expect(pay(proRata(5_000), 10n).computedPayout).toBe(50_000_000n);
  });

  it('R11: PRO_RATA pays nothing one unit below the threshold', () => {
    expect(pay(proRata(5_000), 9n).computedPayout).toBe(0n);
  });

  it('R11: PRO_RATA compares the threshold in integers at a non-terminating ratio (1/3 vs 33.33% and 33.34%)', () => {
    const overrides = { targetValue: 3n };
    expect(pay(proRata(3_333), 1n, overrides).computedPayout).toBe(33_333_333n);
    expect(pay(proRata(3_334), 1n, overrides).computedPayout).toBe(0n);
  });

  it('R11: PRO_RATA threshold holds where a float ratio would round onto it (33.33% less 10^-19 is below 33.33%)', () => {
    // 333299999999999 / 999999999999997 = 0.3333 − 1/(10^4 · 999999999999997): as doubles it equals 0.3333.
    const overrides = { targetValue: 999_999_999_999_997n };
    expect(pay(proRata(3_333), 333_299_999_999_999n, overrides).computedPayout).toBe(0n);
    expect(pay(proRata(3_333), 333_300_000_000_000n, overrides).computedPayout).toBe(33_330_000n);
  });

  it('R11: PRO_RATA with a threshold between whole units pays from the next unit up', () => {
    const overrides = { targetValue: 7n }; // 50% of 7 is 3.5
    expect(pay(proRata(5_000), 3n, overrides).computedPayout).toBe(0n);
    expect(pay(proRata(5_000), 4n, overrides).computedPayout).toBe(57_142_857n); // ⌊10^8 · 4 / 7⌋
  });

  it('R11: PRO_RATA with a 100% threshold behaves like all-or-nothing at the boundary', () => {
    expect(pay(proRata(10_000), 19n).computedPayout).toBe(0n);
    expect(pay(proRata(10_000), 20n).computedPayout).toBe(MAX);
  });

  it('R11: PRO_RATA with the default threshold 0 pays 0 for progress 0 (⌊max · 0 / required⌋)', () => {
    const result = pay(proRata(0), 0n);
    expect(result.computedPayout).toBe(0n);
    expect(result.explanation).toContain('threshold 0.00% met');
  });

  it('R11: PRO_RATA with threshold 0 pays from the first unit of progress', () => {
    expect(pay(proRata(0), 1n).computedPayout).toBe(5_000_000n);
  });

  it('R11: PRO_RATA caps progress at required, paying maxPayout and no more above the target', () => {
    const result = pay(proRata(5_000), 35n);
    expect(result.computedPayout).toBe(MAX);
    expect(result.explanation).toContain('⌊100000000 × 20 / 20⌋ = 100000000 won');
  });

  it('R11: PRO_RATA measures progress and threshold from a baseline > 0', () => {
    const overrides = { baseline: 1_000n, targetValue: 1_020n };
    expect(pay(proRata(5_000), 1_010n, overrides).computedPayout).toBe(50_000_000n);
    expect(pay(proRata(5_000), 1_009n, overrides).computedPayout).toBe(0n);
    expect(pay(proRata(0), 1_015n, overrides).computedPayout).toBe(75_000_000n);
  });

  it('R11: PRO_RATA pays nothing when actual is below the baseline, even with threshold 0', () => {
    const result = pay(proRata(0), 3n, { baseline: 10n, targetValue: 30n });
    expect(result.progress).toBe(0n);
    expect(result.computedPayout).toBe(0n);
  });

  it('R11: PRO_RATA with maxPayout 0 pays 0', () => {
    expect(pay(proRata(0), 20n, { maxPayout: 0n }).computedPayout).toBe(0n);
  });

  it('R11: PRO_RATA floors 10^15 won over an odd required amount exactly', () => {
    const overrides = { targetValue: 3n, maxPayout: TRILLION_WON };
    expect(pay(proRata(0), 1n, overrides).computedPayout).toBe(333_333_333_333_333n);
    expect(pay(proRata(0), 2n, overrides).computedPayout).toBe(666_666_666_666_666n);
    expect(pay(proRata(0), 3n, overrides).computedPayout).toBe(TRILLION_WON);
  });

  it('R11: PRO_RATA loses no precision where a float product would (10^15 − 1 won, required 10^15 − 3)', () => {
    // (10^15 − 1)(r − 1)/r = 10^15 − 2 − 2/r with r = 10^15 − 3, so the floor is 10^15 − 3.
    const required = TRILLION_WON - 3n;
    const result = pay(proRata(0), required - 1n, { targetValue: required, maxPayout: TRILLION_WON - 1n });
    expect(result.computedPayout).toBe(999_999_999_999_997n);
  });

  it('R11: PRO_RATA explains the outcome with the numbers', () => {
    expect(pay(proRata(5_000), 12n).explanation).toBe(
      'PRO_RATA: progress 12 of 20 required (60.00%), threshold 50.00% met; ⌊100000000 × 12 / 20⌋ = 60000000 won.',
    );
    expect(pay(proRata(5_000), 9n).explanation).toBe(
      'PRO_RATA: progress 9 of 20 required (45.00%), threshold 50.00% not met; pays 0 won.',
    );
  });
});

describe('R11 TIERED', () => {
  // 50% → 30%, 100% → 70%, 150% → 100% of maxPayout; required 20.
  const THREE_TIERS = tiered([5_000, 3_000], [10_000, 7_000], [15_000, 10_000]);

  it('R11: TIERED pays nothing one unit below the lowest tier', () => {
    expect(pay(THREE_TIERS, 9n).computedPayout).toBe(0n);
  });

  it('R11: TIERED pays the first tier exactly at its minAchievement', () => {
    expect(pay(THREE_TIERS, 10n).computedPayout).toBe(30_000_000n);
  });

  it('R11: TIERED stays on the first tier one unit below the second', () => {
    expect(pay(THREE_TIERS, 19n).computedPayout).toBe(30_000_000n);
  });

  it('R11: TIERED pays the second tier exactly at its minAchievement (100%)', () => {
    expect(pay(THREE_TIERS, 20n).computedPayout).toBe(70_000_000n);
  });

  it('R11: TIERED stays on the second tier one unit below a tier above 1 (150%)', () => {
    expect(pay(THREE_TIERS, 29n).computedPayout).toBe(70_000_000n);
  });

  it('R11: TIERED matches a tier with minAchievement > 1 (1.5 = 15000 bp) because the ratio is not capped', () => {
    expect(pay(THREE_TIERS, 30n).computedPayout).toBe(MAX);
  });

  it('R11: TIERED pays the top share, never more, far above the top tier', () => {
    expect(pay(THREE_TIERS, 10_000n).computedPayout).toBe(MAX);
  });

  it('R11: TIERED accepts minAchievement up to 10 (100000 bp), matched only at 10× required', () => {
    const rule = tiered([10_000, 5_000], [100_000, 10_000]);
    expect(pay(rule, 199n).computedPayout).toBe(50_000_000n);
    expect(pay(rule, 200n).computedPayout).toBe(MAX);
  });

  it('R11: TIERED compares minAchievement in integers at a non-terminating ratio (1/3 vs 33.33% and 33.34%)', () => {
    const overrides = { targetValue: 3n };
    expect(pay(tiered([3_333, 5_000]), 1n, overrides).computedPayout).toBe(50_000_000n);
    expect(pay(tiered([3_334, 5_000]), 1n, overrides).computedPayout).toBe(0n);
  });

  it('R11: TIERED minAchievement holds where a float ratio would round onto it (33.33% less 10^-19 is below 33.33%)', () => {
    const overrides = { targetValue: 999_999_999_999_997n };
    expect(pay(tiered([3_333, 5_000]), 333_299_999_999_999n, overrides).computedPayout).toBe(0n);
    expect(pay(tiered([3_333, 5_000]), 333_300_000_000_000n, overrides).computedPayout).toBe(50_000_000n);
  });

  it('R11: TIERED with a minAchievement 0 tier pays its share even for progress 0', () => {
    const rule = tiered([0, 1_000], [10_000, 10_000]);
    expect(pay(rule, 0n).computedPayout).toBe(10_000_000n);
    expect(pay(rule, 0n, { baseline: 5n, targetValue: 25n }).computedPayout).toBe(10_000_000n);
  });

  it('R11: TIERED allows equal shares on consecutive tiers', () => {
    const rule = tiered([5_000, 5_000], [10_000, 5_000]);
    expect(pay(rule, 10n).computedPayout).toBe(50_000_000n);
    expect(pay(rule, 20n).computedPayout).toBe(50_000_000n);
  });

  it('R11: TIERED measures progress from a baseline > 0', () => {
    const overrides = { baseline: 100n, targetValue: 120n };
    expect(pay(THREE_TIERS, 109n, overrides).computedPayout).toBe(0n);
    expect(pay(THREE_TIERS, 110n, overrides).computedPayout).toBe(30_000_000n);
    expect(pay(THREE_TIERS, 130n, overrides).computedPayout).toBe(MAX);
  });

  it('R11: TIERED pays nothing when actual is below the baseline', () => {
    expect(pay(THREE_TIERS, 50n, { baseline: 100n, targetValue: 120n }).computedPayout).toBe(0n);
  });

  it('R11: TIERED with maxPayout 0 pays 0', () => {
    expect(pay(THREE_TIERS, 30n, { maxPayout: 0n }).computedPayout).toBe(0n);
  });

  it('R11: TIERED floors the share of amounts near 10^15 exactly', () => {
    expect(pay(tiered([0, 3_333]), 1n, { maxPayout: TRILLION_WON }).computedPayout).toBe(333_300_000_000_000n);
    expect(pay(tiered([0, 1]), 1n, { maxPayout: TRILLION_WON - 1n }).computedPayout).toBe(99_999_999_999n);
    expect(pay(tiered([0, 9_999]), 1n, { maxPayout: TRILLION_WON - 1n }).computedPayout).toBe(999_899_999_999_999n);
  });

  it('R11: TIERED explains which tier was met with the numbers', () => {
    expect(pay(THREE_TIERS, 25n).explanation).toBe(
      'TIERED: progress 25 of 20 required (125.00%), highest tier met is 2 of 3 (from 100.00%, share 70.00%); ' +
        '⌊100000000 × 7000 / 10000⌋ = 70000000 won.',
    );
    expect(pay(THREE_TIERS, 9n).explanation).toBe(
      'TIERED: progress 9 of 20 required (45.00%), no tier met (the lowest needs 50.00%); pays 0 won.',
    );
  });
});

describe('R11 computePayout guards against invalid input', () => {
  const valid: PayoutInput = { baseline: 0n, targetValue: 20n, actual: 10n, maxPayout: MAX, rule: ALL_OR_NOTHING };

  it.each<[string, Partial<PayoutInput>]>([
    ['required = 0 (target equals baseline)', { baseline: 20n, targetValue: 20n }],
    ['required < 0 (target below baseline)', { baseline: 30n, targetValue: 20n }],
    ['baseline < 0', { baseline: -1n, targetValue: 20n }],
    ['maxPayout < 0', { maxPayout: -1n }],
    ['PRO_RATA thresholdBp < 0', { rule: proRata(-1) }],
    ['PRO_RATA thresholdBp > 10000', { rule: proRata(10_001) }],
    ['PRO_RATA thresholdBp not an integer', { rule: proRata(0.5) }],
    ['PRO_RATA thresholdBp NaN', { rule: proRata(Number.NaN) }],
    ['TIERED with no tiers', { rule: tiered() }],
    ['TIERED minAchievementBp < 0', { rule: tiered([-1, 5_000]) }],
    ['TIERED minAchievementBp > 100000', { rule: tiered([100_001, 5_000]) }],
    ['TIERED minAchievementBp not an integer', { rule: tiered([5_000.5, 5_000]) }],
    ['TIERED shareBp < 0', { rule: tiered([5_000, -1]) }],
    ['TIERED shareBp > 10000', { rule: tiered([5_000, 10_001]) }],
    ['TIERED shareBp not an integer', { rule: tiered([5_000, Number.POSITIVE_INFINITY]) }],
    ['TIERED minAchievementBp repeated', { rule: tiered([5_000, 3_000], [5_000, 7_000]) }],
    ['TIERED minAchievementBp decreasing', { rule: tiered([10_000, 3_000], [5_000, 7_000]) }],
    ['TIERED shareBp decreasing', { rule: tiered([5_000, 7_000], [10_000, 3_000]) }],
  ])('R11: throws on %s', (_case, overrides) => {
    expect(() => computePayout({ ...valid, ...overrides })).toThrow(Error);
  });

  it('R11: accepts the extreme valid values (threshold 0 and 10000, minAchievement 0 and 100000, share 0 and 10000)', () => {
    for (const rule of [proRata(0), proRata(10_000), tiered([0, 0], [100_000, 10_000])]) {
      expect(() => computePayout({ ...valid, rule })).not.toThrow();
    }
    expect(() => computePayout({ ...valid, maxPayout: 0n, actual: -5n })).not.toThrow();
  });
});

describe('R11 properties over seeded random cases', () => {
  const random = mulberry32(20_240_611);
  const randomInt = (maxInclusive: number) => Math.floor(random() * (maxInclusive + 1));
  /** Uniform enough for tests: two 32-bit draws cover the whole range up to 10^15. */
  const randomBigInt = (maxInclusive: bigint) =>
    ((BigInt(randomInt(0xffffffff)) << 32n) | BigInt(randomInt(0xffffffff))) % (maxInclusive + 1n);
  /** Small and huge magnitudes both, so boundaries and 10^15 products are exercised. */
  const randomAmount = () => (random() < 0.5 ? BigInt(randomInt(50)) : randomBigInt(TRILLION_WON));

  function randomRule(): PayoutRule {
    const kind = randomInt(2);
    if (kind === 0) return ALL_OR_NOTHING;
    if (kind === 1) return proRata(randomInt(10_000));
    const minAchievements = [...new Set(Array.from({ length: 1 + randomInt(4) }, () => randomInt(100_000)))].sort(
      (a, b) => a - b,
    );
    const shares = minAchievements.map(() => randomInt(10_000)).sort((a, b) => a - b);
    return tiered(...minAchievements.map((min, i): [number, number] => [min, shares[i]]));
  }

  function randomCase() {
    const baseline = randomAmount();
    const required = 1n + randomAmount();
    return {
      baseline,
      targetValue: baseline + required,
      maxPayout: randomAmount(),
      rule: randomRule(),
      // Spans below the baseline to well past a 10× tier.
      actuals: Array.from({ length: 8 }, () => baseline - 5n + randomBigInt(required * 11n + 10n)).sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      ),
    };
  }

  const CASES = 3_000;

  it(`R11: over ${CASES} random cases the payout is never negative, never above maxPayout, and non-decreasing in actual`, () => {
    for (let i = 0; i < CASES; i++) {
      const { actuals, ...fixed } = randomCase();
      let previousPayout = -1n;
      for (const actual of actuals) {
        const { computedPayout } = computePayout({ ...fixed, actual });
        const context = { case: i, ...fixed, actual, computedPayout };
        if (computedPayout < 0n || computedPayout > fixed.maxPayout || computedPayout < previousPayout) {
          throw new Error(`property violated: ${JSON.stringify(context, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))}`);
        }
        previousPayout = computedPayout;
      }
    }
  });

  it(`R11: over ${CASES} random cases ALL_OR_NOTHING pays exactly maxPayout or 0, as achieved says`, () => {
    for (let i = 0; i < CASES; i++) {
      const { actuals, baseline, targetValue, maxPayout } = randomCase();
      for (const actual of actuals) {
        const result = computePayout({ baseline, targetValue, maxPayout, actual, rule: ALL_OR_NOTHING });
        expect(result.achieved).toBe(actual - baseline >= targetValue - baseline);
        expect(result.computedPayout).toBe(result.achieved ? maxPayout : 0n);
      }
    }
  });

  it(`R11: over ${CASES} random cases PRO_RATA pays maxPayout once achieved and progress is never negative`, () => {
    for (let i = 0; i < CASES; i++) {
      const { actuals, baseline, targetValue, maxPayout, rule } = randomCase();
      const thresholdBp = rule.kind === 'PRO_RATA' ? rule.thresholdBp : 0;
      for (const actual of actuals) {
        const result = computePayout({ baseline, targetValue, maxPayout, actual, rule: proRata(thresholdBp) });
        expect(result.progress >= 0n).toBe(true);
        expect(result.achievementRatio >= 0).toBe(true);
        if (result.achieved) expect(result.computedPayout).toBe(maxPayout);
      }
    }
  });
});

describe('R10 applyBudgetCap', () => {
  it('R10: pays nothing and reports capped when the remaining budget is 0', () => {
    expect(applyBudgetCap(500n, 0n)).toEqual({ payout: 0n, capped: true });
  });

  it('R10: a computed payout of 0 against a remaining budget of 0 is not capped', () => {
    expect(applyBudgetCap(0n, 0n)).toEqual({ payout: 0n, capped: false });
  });

  it('R10: pays the remaining budget and reports capped when it is below the computed payout', () => {
    expect(applyBudgetCap(500n, 499n)).toEqual({ payout: 499n, capped: true });
  });

  it('R10: pays the computed payout uncapped when the remaining budget exceeds it', () => {
    expect(applyBudgetCap(500n, 501n)).toEqual({ payout: 500n, capped: false });
  });

  it('R10: pays the computed payout uncapped when the remaining budget equals it', () => {
    expect(applyBudgetCap(500n, 500n)).toEqual({ payout: 500n, capped: false });
  });

  it('R10: treats a negative remaining budget as 0', () => {
    expect(applyBudgetCap(500n, -100n)).toEqual({ payout: 0n, capped: true });
    expect(applyBudgetCap(0n, -100n)).toEqual({ payout: 0n, capped: false });
  });

  it('R10: caps amounts near 10^15 exactly', () => {
    expect(applyBudgetCap(TRILLION_WON, TRILLION_WON - 1n)).toEqual({ payout: TRILLION_WON - 1n, capped: true });
  });
});

describe('R11 ratioToBasisPoints and basisPointsToRatio', () => {
  it.each<[number, number | null]>([
    [0, 0],
    [0.0001, 1],
    [0.00001, null],
    [0.29, 2_900],
    [0.57, 5_700],
    [0.5, 5_000],
    [0.1234, 1_234],
    [1, 10_000],
    [1.1, 11_000],
    [1.5, 15_000],
    [9.9999, 99_999],
    [10, 100_000],
    [0.12345, null],
    [1 / 3, null],
    [-0.1, null],
    [Number.NaN, null],
    [Number.POSITIVE_INFINITY, null],
    [Number.NEGATIVE_INFINITY, null],
    [1e300, null],
  ])('R11: ratioToBasisPoints(%p) is %p', (ratio, expected) => {
    expect(ratioToBasisPoints(ratio)).toBe(expected);
  });

  it('R11: ratioToBasisPoints(-0) is 0, not -0', () => {
    expect(Object.is(ratioToBasisPoints(-0), 0)).toBe(true);
  });

  it('R11: ratioToBasisPoints is exact for every 4-decimal ratio from 0 to 10, parsed from its decimal string', () => {
    for (let bp = 0; bp <= 100_000; bp++) {
      const decimal = `${Math.floor(bp / 10_000)}.${String(bp % 10_000).padStart(4, '0')}`;
      if (ratioToBasisPoints(Number(decimal)) !== bp) throw new Error(`${decimal} did not convert to ${bp} bp`);
    }
  });

  it('R11: ratioToBasisPoints rejects every 5-decimal ratio from 0 to 2 that is not a 4-decimal one', () => {
    for (let hundredThousandths = 1; hundredThousandths <= 200_000; hundredThousandths += 7) {
      if (hundredThousandths % 10 === 0) continue;
      const decimal = `${Math.floor(hundredThousandths / 100_000)}.${String(hundredThousandths % 100_000).padStart(5, '0')}`;
      if (ratioToBasisPoints(Number(decimal)) !== null) throw new Error(`${decimal} was accepted`);
    }
  });

  it('R11: basisPointsToRatio divides by 10000', () => {
    expect(basisPointsToRatio(0)).toBe(0);
    expect(basisPointsToRatio(1)).toBe(0.0001);
    expect(basisPointsToRatio(5_700)).toBe(0.57);
    expect(basisPointsToRatio(15_000)).toBe(1.5);
    expect(basisPointsToRatio(100_000)).toBe(10);
  });

  it('R11: basisPointsToRatio and ratioToBasisPoints round-trip every basis point from 0 to 100000', () => {
    for (let bp = 0; bp <= 100_000; bp++) {
      if (ratioToBasisPoints(basisPointsToRatio(bp)) !== bp) throw new Error(`${bp} bp did not round-trip`);
    }
  });
});

describe('R11 achievementRatio', () => {
  it('R11: achievementRatio is (actual − baseline) / (targetValue − baseline)', () => {
    expect(achievementRatio(17n, 5n, 25n)).toBe(0.6);
    expect(achievementRatio(20n, 0n, 20n)).toBe(1);
    expect(achievementRatio(1n, 0n, 3n)).toBe(1 / 3);
  });

  it('R11: achievementRatio is 0, not negative, at or below the baseline', () => {
    expect(achievementRatio(5n, 5n, 25n)).toBe(0);
    expect(achievementRatio(3n, 5n, 25n)).toBe(0);
    expect(Object.is(achievementRatio(0n, 0n, 10n), 0)).toBe(true);
  });

  it('R11: achievementRatio is not capped at 1', () => {
    expect(achievementRatio(45n, 5n, 25n)).toBe(2);
  });

  it('R11: achievementRatio agrees with computePayout for every rule', () => {
    for (const actual of [0n, 3n, 12n, 20n, 31n]) {
      expect(pay(ALL_OR_NOTHING, actual, { baseline: 2n, targetValue: 22n }).achievementRatio).toBe(achievementRatio(actual, 2n, 22n));
      expect(pay(proRata(2_500), actual).achievementRatio).toBe(achievementRatio(actual, 0n, 20n));
    }
  });
});
