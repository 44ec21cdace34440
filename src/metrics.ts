import type { BatchLoadFn } from 'dataloader';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * Prometheus metrics of this process, served at GET /metrics. Each replica
 * keeps its own counters; Prometheus sums them across replicas.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** How a GraphQL request ended: `user_error` when a mutation payload carries userErrors. */
export type Outcome = 'ok' | 'user_error' | 'error';

const requests = new Counter({
  name: 'graphql_requests_total',
  help: 'GraphQL requests by operation name and outcome',
  labelNames: ['operation', 'outcome'] as const,
  registers: [registry],
});

const requestDuration = new Histogram({
  name: 'graphql_request_duration_seconds',
  help: 'GraphQL request latency by operation name and outcome',
  labelNames: ['operation', 'outcome'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

const graphqlErrors = new Counter({
  name: 'graphql_errors_total',
  help: 'GraphQL errors returned to clients, by error code',
  labelNames: ['code'] as const,
  registers: [registry],
});

const loaderBatchSize = new Histogram({
  name: 'dataloader_batch_size',
  help: 'Keys per DataLoader batch (one SQL statement each), by loader',
  labelNames: ['loader'] as const,
  buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
  registers: [registry],
});

/** Open GraphQL subscriptions over WebSocket in this process. */
export const activeSubscriptions = new Gauge({
  name: 'graphql_subscriptions_active',
  help: 'GraphQL subscriptions currently open over WebSocket',
  registers: [registry],
});

/** The data sources whose connection pools are reported; read on each scrape. */
const watchedDataSources = new Set<DataSource>();

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

new Gauge({
  name: 'db_pool_connections',
  help: 'PostgreSQL connections of the pool by state (in_use, idle, waiting clients) and pool (primary, replica)',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const dataSource of watchedDataSources) {
      // TypeORM keeps the pg Pool of the primary in `master` and those of read replicas in `slaves`.
      const driver = dataSource.driver as unknown as { master?: PgPool; slaves?: PgPool[] };
      const pools: [string, PgPool | undefined][] = [['primary', driver.master], ...(driver.slaves ?? []).map((p): [string, PgPool] => ['replica', p])];
      for (const [pool, pg] of pools) {
        if (!pg) continue;
        this.inc({ pool, state: 'in_use' }, pg.totalCount - pg.idleCount);
        this.inc({ pool, state: 'idle' }, pg.idleCount);
        this.inc({ pool, state: 'waiting' }, pg.waitingCount);
      }
    }
  },
});

/** Reports the data source's pools until the returned function is called. */
export function watchPool(dataSource: DataSource): () => void {
  watchedDataSources.add(dataSource);
  return () => watchedDataSources.delete(dataSource);
}

// Operation names come from clients: anything not a plain GraphQL name is one label value, not a new series.
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
/** Distinct operation names a process labels its series with; names first seen after them count as "other". */
export const MAX_OPERATION_LABELS = 200;
const labelledOperations = new Set<string>();

/** The operation label: the name if it is among the first MAX_OPERATION_LABELS seen, so that callers cannot grow the series without bound. */
function operationLabel(operationName: string | null | undefined): string {
  if (operationName == null) return 'anonymous';
  if (!OPERATION_NAME.test(operationName)) return 'invalid';
  if (labelledOperations.has(operationName)) return operationName;
  if (labelledOperations.size >= MAX_OPERATION_LABELS) return 'other';
  labelledOperations.add(operationName);
  return operationName;
}

export function observeRequest(operationName: string | null | undefined, outcome: Outcome, seconds: number, errorCodes: string[]): void {
  const operation = operationLabel(operationName);
  requests.inc({ operation, outcome });
  requestDuration.observe({ operation, outcome }, seconds);
  for (const code of errorCodes) graphqlErrors.inc({ code });
}

/** A request refused before GraphQL ran (a bad token, the database down while checking it): no operation name is known yet. */
export function observeRejectedRequest(errorCode: string): void {
  requests.inc({ operation: 'unknown', outcome: 'error' });
  graphqlErrors.inc({ code: errorCode });
}

/** A DataLoader batch function that records its batch size under the loader's name. */
export function observedBatch<K, V>(loader: string, batch: BatchLoadFn<K, V>): BatchLoadFn<K, V> {
  return (keys) => {
    loaderBatchSize.observe({ loader }, keys.length);
    return batch(keys);
  };
}

/** How a webhook delivery attempt ended (src/modules/webhooks/webhook-delivery.worker.ts). */
export type WebhookAttemptOutcome = 'succeeded' | 'rejected' | 'network' | 'timeout' | 'refused';

const webhookAttempts = new Counter({
  name: 'webhook_delivery_attempts_total',
  help: 'Webhook delivery attempts by outcome: succeeded (2xx), rejected (another status), network, timeout, refused (a non-public address)',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

const webhookDelay = new Histogram({
  name: 'webhook_delivery_delay_seconds',
  help: "From an event's commit to its first acknowledged delivery, retries included",
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
  registers: [registry],
});

/** One attempt; `delaySeconds` when it was the event's first acknowledgement at this endpoint. */
export function observeWebhookAttempt(outcome: WebhookAttemptOutcome, delaySeconds: number | null): void {
  webhookAttempts.inc({ outcome });
  if (delaySeconds !== null) webhookDelay.observe(delaySeconds);
}
