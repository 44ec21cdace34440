import type { Locale } from '../locale';
import type { en } from './en';

/** A message's key in the catalogues, e.g. 'enterprise.invalidBrn'. */
export type MessageKey = keyof typeof en;
/** The arguments a message's formatter takes. */
export type MessageArgs<K extends MessageKey> = Parameters<(typeof en)[K]>;
/** One language's catalogue: a formatter for every key of the English one. */
export type Catalogue = { [K in MessageKey]: (...args: MessageArgs<K>) => string };

/** What a userError says, by key and arguments, to be put into words in the reader's language. */
export interface Message {
  key: MessageKey;
  args: readonly unknown[];
}

export function message<K extends MessageKey>(key: K, ...args: MessageArgs<K>): Message {
  return { key, args };
}

export type Catalogues = Record<Locale, Catalogue>;
