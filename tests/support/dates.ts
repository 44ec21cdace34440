/** Calendar days as 'YYYY-MM-DD', the way the API's Date scalar writes them. */

/** The day `days` after `day` (before it when negative). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Today in Korea, where the program's date rules are counted, moved by `offsetDays`. */
export function seoulDay(offsetDays = 0): string {
  return addDays(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date()), offsetDays);
}
