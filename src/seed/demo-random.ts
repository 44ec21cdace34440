/**
 * The demo data's determinism helpers: a seeded random stream and calendar
 * days as integers (exact, timezone-free), with office-hour timestamps in
 * Korea Standard Time.
 */
import { mulberry32 } from '../common/prng';

export type Weighted<T> = readonly (readonly [T, number])[];

/** Seeded (mulberry32): the seed fixes every value of the demo data. */
export class Random {
  readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** Inclusive on both ends. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  weighted<T>(entries: Weighted<T>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1][0];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const result = [...items];
    for (let i = result.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [result[i], result[j]] = [result[j], result[i]];
    }
    return result;
  }
}

/** Calendar days as integers (days since 1970-01-01) keep date arithmetic exact and timezone-free. */
export type Day = number;
export const MS_PER_DAY = 86_400_000;

export function day(isoDate: string): Day {
  const [year, month, date] = isoDate.split('-').map(Number);
  return Date.UTC(year, month - 1, date) / MS_PER_DAY;
}

export function isoDate(value: Day): string {
  return new Date(value * MS_PER_DAY).toISOString().slice(0, 10);
}

/** An office-hours timestamp in Korea Standard Time. */
export function kstTimestamp(value: Day, rng: Random): string {
  const minute = rng.int(9 * 60, 18 * 60 - 1);
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  const ss = String(rng.int(0, 59)).padStart(2, '0');
  return `${isoDate(value)}T${hh}:${mm}:${ss}+09:00`;
}
