import { types } from 'pg';
import { DataSource } from 'typeorm';
import { InitialSchema1764150000000 } from '../../migrations/1764150000000-InitialSchema';
import { RateLimit1764250000000 } from '../../migrations/1764250000000-RateLimit';
import { PerformanceIndexes1764300000000 } from '../../migrations/1764300000000-PerformanceIndexes';
import { DataChangeNotifications1764400000000 } from '../../migrations/1764400000000-DataChangeNotifications';
import { AuditChain1764500000000 } from '../../migrations/1764500000000-AuditChain';
import { AuditServerRequestId1764600000000 } from '../../migrations/1764600000000-AuditServerRequestId';
import { Discovery1764700000000 } from '../../migrations/1764700000000-Discovery';
import { Matching1764800000000 } from '../../migrations/1764800000000-Matching';
import { MatchSuggestions1764900000000 } from '../../migrations/1764900000000-MatchSuggestions';
import { EventFeed1765000000000 } from '../../migrations/1765000000000-EventFeed';
import { Webhooks1765100000000 } from '../../migrations/1765100000000-Webhooks';
import { readsMayUseReplica } from './read-routing';
import { CountingLogger } from './sql-counter';

// Calendar dates stay 'YYYY-MM-DD' strings: a JS Date would shift them by the server's time zone.
types.setTypeParser(types.builtins.DATE, (value) => value);

/** In order; each is hand-written and reviewed. */
export const migrations = [
  InitialSchema1764150000000,
  RateLimit1764250000000,
  PerformanceIndexes1764300000000,
  DataChangeNotifications1764400000000,
  AuditChain1764500000000,
  AuditServerRequestId1764600000000,
  Discovery1764700000000,
  Matching1764800000000,
  MatchSuggestions1764900000000,
  EventFeed1765000000000,
  Webhooks1765100000000,
];

export const PRIMARY_APPLICATION_NAME = 'safety-rbf-api';
export const REPLICA_APPLICATION_NAME = 'safety-rbf-api-replica';
/** The one connection per process that LISTENs for program events (src/subscriptions/event-bus.ts). */
export const EVENTS_APPLICATION_NAME = 'safety-rbf-api-events';

export interface DataSourceOptions {
  url: string;
  /** The modules' entities (`entities` of src/modules): this layer knows no module. */
  entities: Function[];
  replicaUrls?: string[];
  poolSize?: number;
  /** How long to wait for a connection: requests fail fast while the database is unreachable. */
  connectTimeoutMs?: number;
}

export function createDataSource({ url, entities, replicaUrls = [], poolSize = 10, connectTimeoutMs = 5000 }: DataSourceOptions): DataSource {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logger: new CountingLogger(),
    extra: { max: poolSize, connectionTimeoutMillis: connectTimeoutMs },
  };
  // Distinct application names tell the primary's and the replicas' connections apart in pg_stat_activity.
  if (replicaUrls.length === 0) return new DataSource({ ...common, url, applicationName: PRIMARY_APPLICATION_NAME });
  const dataSource = new DataSource({
    ...common,
    replication: {
      master: { url, applicationName: PRIMARY_APPLICATION_NAME },
      slaves: replicaUrls.map((replicaUrl) => ({ url: replicaUrl, applicationName: REPLICA_APPLICATION_NAME })),
    },
  });
  // Every SELECT TypeORM builds outside a transaction (getMany, getRawMany, getCount, findOne...) asks this
  // which server to use; only a query operation's reads may go to a replica (read-routing.ts).
  // Transactions and raw query() always use the primary.
  dataSource.defaultReplicationModeForReads = () => (readsMayUseReplica() ? 'slave' : 'master');
  return dataSource;
}

/** The primary's URL: notifications are sent and listened for there, never on a replica. */
export function primaryUrlOf(dataSource: DataSource): string {
  const options = dataSource.options as { url?: string; replication?: { master: { url?: string } } };
  const url = options.replication?.master.url ?? options.url;
  if (!url) throw new Error('The data source has no URL of its primary');
  return url;
}
