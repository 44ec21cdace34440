import { ATTEMPTS_PER_ROUND, JITTER, RETRY_STEPS, retryDelayMs } from './retry-schedule';

describe('webhook retry schedule', () => {
  it('waits 5 s, 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h, 12 h at the default base, without jitter at its midpoint', () => {
    const waits = RETRY_STEPS.map((_, i) => retryDelayMs(i + 1, 5000, () => 0.5));
    expect(waits).toEqual([5e3, 30e3, 120e3, 600e3, 3600e3, 10800e3, 21600e3, 43200e3, 43200e3]);
    expect(ATTEMPTS_PER_ROUND).toBe(10);
  });

  it('retries for at least 24 hours even when every wait is jittered to its shortest', () => {
    const shortest = RETRY_STEPS.reduce((sum, _, i) => sum + retryDelayMs(i + 1, 5000, () => 0)!, 0);
    expect(shortest).toBeGreaterThanOrEqual(24 * 3600e3);
  });

  it('jitters each wait within ±20 %, and the waits still grow', () => {
    for (let attempt = 1; attempt <= RETRY_STEPS.length; attempt++) {
      const nominal = RETRY_STEPS[attempt - 1] * 1000;
      expect(retryDelayMs(attempt, 1000, () => 0)).toBe(Math.round(nominal * (1 - JITTER)));
      expect(retryDelayMs(attempt, 1000, () => 0.999999)).toBeLessThanOrEqual(Math.round(nominal * (1 + JITTER)));
    }
    for (let attempt = 1; attempt < RETRY_STEPS.length - 1; attempt++) {
      expect(retryDelayMs(attempt + 1, 1000, () => 0)!).toBeGreaterThan(retryDelayMs(attempt, 1000, () => 1)!);
    }
  });

  it('has no retry after the last step, nor for attempt numbers that are not one', () => {
    expect(retryDelayMs(RETRY_STEPS.length + 1, 5000)).toBeNull();
    expect(retryDelayMs(0, 5000)).toBeNull();
    expect(retryDelayMs(1.5, 5000)).toBeNull();
  });
});
