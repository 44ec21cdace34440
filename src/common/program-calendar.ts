/** The program runs on Korean time: date rules (R7, R10) and BI months use the calendar day in Asia/Seoul. */
export const PROGRAM_TIME_ZONE = 'Asia/Seoul';

/** Today in Asia/Seoul as 'YYYY-MM-DD'. */
export function programToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAM_TIME_ZONE }).format(now);
}
