import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from 'typeorm';

/**
 * Counts the SQL statements a request sends, so tests and benchmarks can show
 * that nested queries do not issue a statement per row.
 */
export interface SqlCount {
  statements: number;
  /** When present, each statement's text and parameters are kept here too (the benchmark EXPLAINs them). */
  captured?: { query: string; parameters: unknown[] }[];
}

const current = new AsyncLocalStorage<SqlCount>();

export function countSqlStatements<T>(counter: SqlCount, run: () => T): T {
  return current.run(counter, run);
}

/**
 * Runs `run` outside any request's count (the rate limiter's own statements).
 * Where no request is counted it only calls `run`: once an AsyncLocalStorage
 * has run, Node keeps its promise hooks on for every promise of the process.
 */
export function outsideSqlCount<T>(run: () => T): T {
  return current.exit(run);
}

/** The counter of the request this code runs in (undefined outside one); read-routing.ts also keys requests by it. */
export function currentSqlCount(): SqlCount | undefined {
  return current.getStore();
}

/** TypeORM calls logQuery for every statement, transactions' BEGIN and COMMIT included. */
export class CountingLogger implements Logger {
  logQuery(query: string, parameters?: unknown[]): void {
    const counter = current.getStore();
    if (!counter) return;
    counter.statements += 1;
    counter.captured?.push({ query, parameters: parameters ?? [] });
  }
  // Failures surface as exceptions and are logged with the request id where they are handled.
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
