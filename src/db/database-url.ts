/** host:port/database of a PostgreSQL URL, for messages: never its user or password. */
export function describeDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'a URL that cannot be parsed';
  }
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  return `${host}:${parsed.port || 5432}${parsed.pathname}`;
}
