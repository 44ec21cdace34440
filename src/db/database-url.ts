/** host:port/database of a PostgreSQL URL, for messages: never its user or password. */
export function describeDatabaseUrl(url: string): string {
  const parsed = new URL(url);
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  return `${host}:${parsed.port || 5432}${parsed.pathname}`;
}
