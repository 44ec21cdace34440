/**
 * R11: payout math, exact. Money is BigInt and every amount is floored to a whole
 * won; ratios given as inputs (PRO_RATA threshold, TIERED minAchievement and share)
 * are integer basis points, so no comparison or amount ever goes through a float.
 * No dependencies: callers validate and load; this module only computes.
 */

/** 10000 bp = 100% (a ratio of 1). */
const BASIS_POINTS_PER_UNIT = 10_000;
/** R11: a tier's minAchievement lies in [0, 10]. */
const MAX_MIN_ACHIEVEMENT_BP = 10 * BASIS_POINTS_PER_UNIT;
const BP = BigInt(BASIS_POINTS_PER_UNIT);

export type PayoutRule =
  | { kind: 'ALL_OR_NOTHING' }
  | { kind: 'PRO_RATA'; thresholdBp: number }
  | { kind: 'TIERED'; tiers: { minAchievementBp: number; shareBp: number }[] };

export interface PayoutInput {
  baseline: bigint;
  targetValue: bigint;
  actual: bigint;
  maxPayout: bigint;
  rule: PayoutRule;
}

export interface PayoutResult {
  progress: bigint;
  required: bigint;
  achieved: boolean;
  /** Display only: never used to decide or compute an amount. */
  achievementRatio: number;
  computedPayout: bigint;
  /** One or two English sentences with the numbers, for the evaluation record. */
  explanation: string;
}

export function computePayout(input: PayoutInput): PayoutResult {
  assertValidInput(input);
  const { baseline, targetValue, actual, maxPayout, rule } = input;

  const required = targetValue - baseline;
  const progress = actual > baseline ? actual - baseline : 0n;
  const achieved = progress >= required;

  let outcome: RuleOutcome;
  switch (rule.kind) {
    case 'ALL_OR_NOTHING':
      outcome = payAllOrNothing(achieved, maxPayout);
      break;
    case 'PRO_RATA':
      outcome = payProRata(progress, required, maxPayout, rule.thresholdBp);
      break;
    case 'TIERED':
      outcome = payTiered(progress, required, maxPayout, rule.tiers);
      break;
    default:
      return assertNever(rule);
  }

  return {
    progress,
    required,
    achieved,
    achievementRatio: achievementRatio(actual, baseline, targetValue),
    computedPayout: outcome.payout,
    explanation:
      `${rule.kind}: progress ${progress} of ${required} required ` +
      `(${formatPercent(progressInBasisPoints(progress, required))}), ${outcome.reason}`,
  };
}

/**
 * R11: progress / required, at least 0 and not capped at 1 (tiers may reward
 * overachievement). Display only: no amount and no achieved flag comes from it.
 */
export function achievementRatio(actual: bigint, baseline: bigint, targetValue: bigint): number {
  const progress = actual > baseline ? actual - baseline : 0n;
  // required > 0 (R5), and both sides stay far below Number's range at R14's 10^15.
  return Number(progress) / Number(targetValue - baseline);
}

interface RuleOutcome {
  payout: bigint;
  /** Completes the explanation sentence after the progress figures. */
  reason: string;
}

function payAllOrNothing(achieved: boolean, maxPayout: bigint): RuleOutcome {
  return achieved
    ? { payout: maxPayout, reason: `target met; pays the full ${maxPayout} won.` }
    : { payout: 0n, reason: 'target not met; pays 0 won.' };
}

function payProRata(progress: bigint, required: bigint, maxPayout: bigint, thresholdBp: number): RuleOutcome {
  const threshold = formatPercent(BigInt(thresholdBp));
  if (!reachesRatio(progress, required, thresholdBp)) {
    return { payout: 0n, reason: `threshold ${threshold} not met; pays 0 won.` };
  }
  // Overachievement earns nothing extra: the payout never exceeds maxPayout.
  const counted = progress < required ? progress : required;
  const payout = (maxPayout * counted) / required;
  const capNote = progress > required ? ' (progress counted up to the required amount)' : '';
  return {
    payout,
    reason: `threshold ${threshold} met; ⌊${maxPayout} × ${counted} / ${required}⌋ = ${payout} won${capNote}.`,
  };
}

function payTiered(
  progress: bigint,
  required: bigint,
  maxPayout: bigint,
  tiers: { minAchievementBp: number; shareBp: number }[],
): RuleOutcome {
  // Tiers are strictly increasing, so the last one reached is the highest. The
  // ratio is deliberately not capped at 1 here: tiers may reward overachievement.
  const reached = tiers.filter((tier) => reachesRatio(progress, required, tier.minAchievementBp));
  const tier = reached[reached.length - 1];
  if (tier === undefined) {
    const lowest = formatPercent(BigInt(tiers[0].minAchievementBp));
    return { payout: 0n, reason: `no tier met (the lowest needs ${lowest}); pays 0 won.` };
  }
  const share = BigInt(tier.shareBp);
  const payout = (maxPayout * share) / BP;
  return {
    payout,
    reason:
      `highest tier met is ${reached.length} of ${tiers.length} ` +
      `(from ${formatPercent(BigInt(tier.minAchievementBp))}, share ${formatPercent(share)}); ` +
      `⌊${maxPayout} × ${share} / ${BP}⌋ = ${payout} won.`,
  };
}

/** progress / required ≥ ratioBp / 10000, cross-multiplied so it stays in integers. */
function reachesRatio(progress: bigint, required: bigint, ratioBp: number): boolean {
  return progress * BP >= BigInt(ratioBp) * required;
}

/** Floored, so the explanation never shows a threshold as met when it was not. */
function progressInBasisPoints(progress: bigint, required: bigint): bigint {
  return (progress * BP) / required;
}

/** 5000n -> "50.00%". */
function formatPercent(basisPoints: bigint): string {
  const hundredths = (basisPoints % 100n).toString().padStart(2, '0');
  return `${basisPoints / 100n}.${hundredths}%`;
}

/** A guard, not validation: callers reject bad input with userErrors first. */
function assertValidInput({ baseline, targetValue, maxPayout, rule }: PayoutInput): void {
  if (baseline < 0n) throw new Error(`computePayout: baseline must be ≥ 0, got ${baseline}`);
  if (targetValue <= baseline) {
    throw new Error(`computePayout: targetValue (${targetValue}) must exceed baseline (${baseline})`);
  }
  if (maxPayout < 0n) throw new Error(`computePayout: maxPayout must be ≥ 0, got ${maxPayout}`);

  switch (rule.kind) {
    case 'ALL_OR_NOTHING':
      return;
    case 'PRO_RATA':
      assertBasisPoints('thresholdBp', rule.thresholdBp, BASIS_POINTS_PER_UNIT);
      return;
    case 'TIERED': {
      if (rule.tiers.length === 0) throw new Error('computePayout: TIERED needs at least one tier');
      rule.tiers.forEach((tier, i) => {
        assertBasisPoints(`tiers[${i}].minAchievementBp`, tier.minAchievementBp, MAX_MIN_ACHIEVEMENT_BP);
        assertBasisPoints(`tiers[${i}].shareBp`, tier.shareBp, BASIS_POINTS_PER_UNIT);
        const previous = rule.tiers[i - 1];
        if (previous === undefined) return;
        if (tier.minAchievementBp <= previous.minAchievementBp) {
          throw new Error(`computePayout: tiers[${i}].minAchievementBp must be strictly increasing`);
        }
        // A higher tier paying less would make more progress earn less money.
        if (tier.shareBp < previous.shareBp) {
          throw new Error(`computePayout: tiers[${i}].shareBp must not decrease`);
        }
      });
      return;
    }
    default:
      assertNever(rule);
  }
}

function assertBasisPoints(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`computePayout: ${name} must be an integer number of basis points in [0, ${max}], got ${value}`);
  }
}

function assertNever(rule: never): never {
  throw new Error(`computePayout: unknown rule ${JSON.stringify(rule)}`);
}

/**
 * R10: the agreement's remaining outcome budget caps the payout. A remaining
 * budget below 0 (should never happen) pays nothing rather than a negative amount.
 */
export function applyBudgetCap(computedPayout: bigint, budgetRemaining: bigint): { payout: bigint; capped: boolean } {
  const available = budgetRemaining > 0n ? budgetRemaining : 0n;
  const payout = computedPayout < available ? computedPayout : available;
  return { payout, capped: payout < computedPayout };
}

/**
 * A ratio such as 0.57 -> 5700 bp, or null when it is negative, not finite, or has
 * more than 4 decimals. value * 10000 is inexact in binary (0.57 * 10000 =
 * 5699.999…), so the rounded result is accepted only if dividing it back gives the
 * very same double: division is correctly rounded, so bp / 10000 is exactly the
 * double a 4-decimal literal parses to, and anything finer fails the round trip.
 */
export function ratioToBasisPoints(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const basisPoints = Math.round(value * BASIS_POINTS_PER_UNIT);
  if (!Number.isSafeInteger(basisPoints)) return null;
  if (basisPoints / BASIS_POINTS_PER_UNIT !== value) return null;
  return basisPoints + 0; // turns -0 into 0
}

export function basisPointsToRatio(basisPoints: number): number {
  return basisPoints / BASIS_POINTS_PER_UNIT;
}
