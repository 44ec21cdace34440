/**
 * R1: Korean business registration numbers (사업자등록번호).
 * Ten digits, shown as 000-00-00000. Check digit: weights 1,3,7,1,3,7,1,3,5 on
 * d1..d9, s = Σ di·wi + ⌊d9·5/10⌋, valid when (10 − s mod 10) mod 10 = d10.
 */
const WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

/** The check digit (d10) for the first nine digits. */
export function brnCheckDigit(firstNine: string): number {
  if (!/^[0-9]{9}$/.test(firstNine)) throw new Error('brnCheckDigit needs exactly nine digits');
  const d = [...firstNine].map(Number);
  const s = WEIGHTS.reduce((sum, w, i) => sum + d[i] * w, 0) + Math.floor((d[8] * 5) / 10);
  return (10 - (s % 10)) % 10;
}

/**
 * Accepts "1234567890" or "123-45-67890" and returns the ten digits,
 * or null when the shape or the check digit is wrong.
 */
export function parseBrn(input: string): string | null {
  const trimmed = input.trim();
  if (!/^([0-9]{3}-[0-9]{2}-[0-9]{5}|[0-9]{10})$/.test(trimmed)) return null;
  const digits = trimmed.replace(/-/g, '');
  return brnCheckDigit(digits.slice(0, 9)) === Number(digits[9]) ? digits : null;
}

/** "1234567890" -> "123-45-67890". */
export function formatBrn(digits: string): string {
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}
