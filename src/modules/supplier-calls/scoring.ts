/**
 * R18, exact: an application's score is the mean of its review totals once it
 * has reviewsRequired reviews. Means are compared as fractions (a/n vs b/m as
 * a·m vs b·n in BigInt), never as floats; the passing score is held in
 * hundredths and compared the same way.
 */
export interface ScoreParts {
  /** Sum of the review totals. */
  reviewPoints: number;
  reviewCount: number;
}

export function isScored(parts: ScoreParts, reviewsRequired: number): boolean {
  return parts.reviewCount >= reviewsRequired && parts.reviewCount > 0;
}

/** The mean for display (GraphQL Float); decisions never use it. */
export function displayScore(parts: ScoreParts, reviewsRequired: number): number | null {
  return isScored(parts, reviewsRequired) ? parts.reviewPoints / parts.reviewCount : null;
}

/** Positive when a's mean is higher than b's, 0 when equal: a/n vs b/m as a·m vs b·n. */
export function compareMeans(a: ScoreParts, b: ScoreParts): number {
  const difference = BigInt(a.reviewPoints) * BigInt(b.reviewCount) - BigInt(b.reviewPoints) * BigInt(a.reviewCount);
  return difference > 0n ? 1 : difference < 0n ? -1 : 0;
}

/** R18's ranking: higher mean first, ties by earlier submittedAt, then lower id. */
export function byRank<T extends ScoreParts & { submittedAt: Date; id: string }>(a: T, b: T): number {
  return (
    compareMeans(b, a) ||
    a.submittedAt.getTime() - b.submittedAt.getTime() ||
    (BigInt(a.id) < BigInt(b.id) ? -1 : BigInt(a.id) > BigInt(b.id) ? 1 : 0)
  );
}

/** mean ≥ passing score, with the passing score in hundredths: points·100 ≥ passing·count. */
export function meetsPassingScore(parts: ScoreParts, passingHundredths: bigint): boolean {
  return BigInt(parts.reviewPoints) * 100n >= passingHundredths * BigInt(parts.reviewCount);
}

/** A numeric(9,2) as PostgreSQL writes it ("70.50", "70") in hundredths. */
export function hundredthsOf(numeric: string): bigint {
  const [whole, fraction = ''] = numeric.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
}

/** An input Float with at most two decimals, in hundredths; null when it has more or is not a plain number. */
export function hundredthsOfInput(value: number): bigint | null {
  const text = String(value);
  return /^-?\d+(\.\d{1,2})?$/.test(text) ? hundredthsOf(text.replace('-', '')) * (text.startsWith('-') ? -1n : 1n) : null;
}

/**
 * The exact ordering key of a mean in integers: ⌊points·10^12 / count⌋. Two
 * different means a/n and b/m differ by at least 1/(n·m), so with at most
 * LIST_LIMITS.reviewsPerApplication reviews each, their keys differ too and
 * equal means get equal keys: SQL can order by it without a float.
 */
export const SCORE_KEY_SCALE = 1_000_000_000_000n;

export function scoreKey(parts: ScoreParts, reviewsRequired: number): bigint | null {
  return isScored(parts, reviewsRequired) ? (BigInt(parts.reviewPoints) * SCORE_KEY_SCALE) / BigInt(parts.reviewCount) : null;
}
