/**
 * When a failed delivery is tried again: after the n-th failed attempt of a
 * round, wait RETRY_STEPS[n - 1] times the base (WEBHOOK_RETRY_BASE_MS,
 * default 5 s): 5 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h, 12 h, so
 * ten attempts over about 34 hours, more than the 24 hours a back office's
 * maintenance window may take. Each wait is moved by up to ±20 % at random
 * (jitter), so that deliveries that failed together do not come back
 * together. After the last step the delivery is FAILED.
 */
export const RETRY_STEPS = [1, 6, 24, 120, 720, 2160, 4320, 8640, 8640] as const;

export const JITTER = 0.2;

/** The wait in ms after the `attempt`-th failed attempt of a round (1-based), or null when no retry follows. */
export function retryDelayMs(attempt: number, baseMs: number, random: () => number = Math.random): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > RETRY_STEPS.length) return null;
  const nominal = RETRY_STEPS[attempt - 1] * baseMs;
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
}

/** Attempts of one round: the first and one per retry step. */
export const ATTEMPTS_PER_ROUND = RETRY_STEPS.length + 1;
