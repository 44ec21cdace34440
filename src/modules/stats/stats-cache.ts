import type { Principal } from '../../auth/roles';
import type { DataWatcher } from '../../common/data-watcher';

/**
 * BI figures already computed, kept until the data under them changes.
 *
 * A dashboard asks the same aggregates again and again, and at a million
 * activities each costs a second or more of PostgreSQL time. Every committed
 * change to the program's tables sends a DATA_CHANGED notification (a
 * trigger, see migration DataChangeNotifications) that empties this cache in
 * every API replica, so a figure served from it is the figure the database
 * would compute, give or take the notification's own delivery (milliseconds).
 * Figures computed while a change commits are dropped by that change's
 * notification, which always arrives after the commit.
 *
 * Safe to lose: it lives in process memory only, is off while changes cannot
 * be heard (the listening connection is down), and entries also expire after
 * `ttlMs`, which bounds staleness on read replicas (whose data trails the
 * notification) and any other gap. Identical requests in flight share one
 * computation, so a burst of dashboards costs one query, not one each.
 */
export class StatsCache implements DataWatcher {
  private readonly entries = new Map<string, { value: Promise<unknown>; expiresAt: number }>();
  private listening = false;

  constructor(private readonly options: { maxEntries: number; ttlMs: number }) {}

  changed(): void {
    this.entries.clear();
  }

  unknown(listening: boolean): void {
    this.entries.clear();
    this.listening = listening;
  }

  /** The figures for `key`, computed by `compute` unless a current computation of them exists. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    if (!this.listening || this.options.maxEntries === 0) return compute();
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > now) {
      // Map order is insertion order: re-inserting marks the entry as recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = compute();
    const entry = { value, expiresAt: now + this.options.ttlMs };
    this.entries.set(key, entry);
    if (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    // A failure is not remembered.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}

/** What the caller may see decides the figures: role, agency and enterprise, not who the person is. */
export function visibilityKey(principal: Principal | null): string {
  return JSON.stringify([principal?.role ?? null, principal?.agency?.id ?? null, principal?.enterprise?.id ?? null]);
}
