import type { Locale } from '../locale';
import type { Catalogues, Message } from './catalogue';
import { en } from './en';
import { ko } from './ko';

export { message } from './catalogue';
export type { Message, MessageKey, MessageArgs, Catalogue } from './catalogue';

/**
 * The message catalogues, one per language, in this one place: every
 * userError's message by key. tests/messages.test.ts checks that every key
 * has its words in both.
 */
export const CATALOGUES: Catalogues = { en, ko };

/** The message in the given language. */
export function formatMessage(msg: Message, locale: Locale): string {
  const format = CATALOGUES[locale][msg.key] as (...args: readonly unknown[]) => string;
  return format(...msg.args);
}
