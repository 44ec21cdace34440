import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { PRIMARY_APPLICATION_NAME } from '../src/db/data-source';

/**
 * The API under load in a process of its own, started as production starts
 * it (`node dist/src/main.js`), so that the CPU it reports is its own and not
 * the load generator's. Its CPU and memory are read from its /metrics
 * (prom-client's process metrics), behind a token of this run.
 */
export interface ApiProcess {
  url: string;
  pid: number;
  /** process_cpu_seconds_total and process_resident_memory_bytes, scraped now. */
  sample(): Promise<{ cpuSeconds: number; rssBytes: number; connectionsInUse: number }>;
  stop(): Promise<void>;
}

export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = 43000 + Math.floor(Math.random() * 2000);
  const metricsToken = randomBytes(16).toString('hex');
  const root = path.join(__dirname, '..', '..');
  const child: ChildProcess = spawn(process.execPath, ['--max-semi-space-size=64', 'dist/src/main.js'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, PORT: String(port), METRICS_TOKEN: metricsToken },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the API exited with ${code}`))));
  for (const until = Date.now() + 60_000; ; ) {
    const ready = await Promise.race([fetch(`${base}/readyz`).then((r) => r.ok, () => false), exited]);
    if (ready) break;
    if (Date.now() > until) throw new Error('the API did not get ready within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url: `${base}/graphql`,
    pid: child.pid!,
    async sample() {
      const text = await (await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
      const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
      return {
        cpuSeconds: value(/^process_cpu_seconds_total (\S+)$/m),
        rssBytes: value(/^process_resident_memory_bytes (\S+)$/m),
        connectionsInUse: value(/^db_pool_connections\{pool="primary",state="in_use"\} (\S+)$/m) || 0,
      };
    },
    async stop() {
      child.removeAllListeners('exit');
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await done;
    },
  };
}

export const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/**
 * CPU seconds each PostgreSQL backend serving the API (or another server whose
 * pool names itself `applicationName`) has used so far (user + system, from
 * /proc/<pid>/stat): PostgreSQL runs on this machine, and its backends live as
 * long as the pool's connections. Only the bench database's: API processes of
 * test suites running on the same server name themselves alike.
 */
export async function backendCpu(db: DataSource, applicationName = PRIMARY_APPLICATION_NAME): Promise<Map<number, number>> {
  const rows: { pid: number }[] = await db.query(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()',
    [applicationName],
  );
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      // The command name may hold spaces: the fields after ')' are what counts; utime and stime are fields 14 and 15.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      // The backend ended meanwhile.
    }
  }
  return cpu;
}

/** CPU seconds the backends used between two readings (backends that appeared in between count from zero). */
export function cpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let seconds = 0;
  for (const [pid, total] of after) seconds += total - (before.get(pid) ?? 0);
  return seconds;
}
