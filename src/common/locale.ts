/** The languages people read the API's words in: userError messages and BI labels. Codes and field paths never change. */
export type Locale = 'en' | 'ko';

/**
 * The request's language from its Accept-Language header: Korean when the
 * most preferred language (highest q, then the first given) is Korean,
 * English otherwise (and without a header).
 */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  let best: { tag: string; q: number } | null = null;
  for (const part of (acceptLanguage ?? '').split(',').slice(0, 20)) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    if (!tag) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { tag, q };
  }
  return best && (best.tag === 'ko' || best.tag.startsWith('ko-')) ? 'ko' : 'en';
}
