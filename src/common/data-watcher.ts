// Here rather than beside the event bus that calls it, so that a cache (the
// stats cache, which the request context holds) implements it without
// depending on the subscriptions layer above it.

/**
 * What a cache of figures computed from the data needs to hear: `changed` after
 * a commit changed the data; `unknown` when changes can no longer be heard
 * (the listening connection dropped) or may have been missed (it came back).
 */
export interface DataWatcher {
  changed(): void;
  /** listening: whether changes are heard again from now on. */
  unknown(listening: boolean): void;
}
