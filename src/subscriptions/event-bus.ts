import { GraphQLError } from 'graphql';
import { Client } from 'pg';
import type { Logger } from 'pino';
import type { DataWatcher } from '../common/data-watcher';
import { EVENTS_APPLICATION_NAME } from '../db/data-source';
import { activeSubscriptions } from '../metrics';
import { DATA_CHANGED, parseProgramEvent, PROGRAM_EVENTS_CHANNEL, ProgramEvent } from './program-events';

/** Events a slow subscriber may have waiting before it is ended rather than let memory grow. */
const MAX_QUEUED_EVENTS = 1000;
const RECONNECT_DELAY_MS = { first: 500, max: 30_000 };

/** Ends a subscription whose events may have been lost; the client re-queries and subscribes again. */
export function interrupted(reason: string): GraphQLError {
  return new GraphQLError(`${reason}; events may have been missed: query the current state and subscribe again`, {
    extensions: { code: 'SUBSCRIPTION_INTERRUPTED' },
  });
}

/**
 * The program's events in this process: one PostgreSQL connection LISTENs on
 * the channel the mutations notify (program-events.ts), and each subscription
 * reads the events that match it from its own queue. Nothing is kept beyond
 * the queues, so any number of API replicas each run their own bus.
 *
 * PostgreSQL does not keep notifications for a listener that is away: when
 * the connection drops, every subscription ends with SUBSCRIPTION_INTERRUPTED
 * instead of silently missing events, and the bus reconnects with backoff.
 */
export class ProgramEventBus {
  private client: Client | null = null;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnectDelay = RECONNECT_DELAY_MS.first;
  private readonly streams = new Set<EventStream>();
  private readonly watchers = new Set<DataWatcher>();

  constructor(
    private readonly databaseUrl: string,
    private readonly logger: Logger,
  ) {}

  /** Resolves once LISTEN is in place. */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const watcher of this.watchers) watcher.unknown(false);
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const stream of this.streams) stream.end();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Tells `watcher` about every change to the data from now on, and whether changes can be heard (now: see listening). */
  watchData(watcher: DataWatcher): void {
    this.watchers.add(watcher);
  }

  /** The events that `matches` accepts, from now on; throws when the bus is not listening. */
  subscribe(matches: (event: ProgramEvent) => boolean): AsyncIterableIterator<ProgramEvent> {
    if (!this.client) throw interrupted('The event stream is reconnecting to the database');
    const stream = new EventStream(matches, () => {
      this.streams.delete(stream);
      activeSubscriptions.dec();
    });
    this.streams.add(stream);
    activeSubscriptions.inc();
    return stream;
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: EVENTS_APPLICATION_NAME });
    client.on('notification', (message) => {
      if (message.channel !== PROGRAM_EVENTS_CHANNEL) return;
      if (message.payload === DATA_CHANGED) {
        for (const watcher of this.watchers) watcher.changed();
        return;
      }
      const event = parseProgramEvent(message.payload);
      if (!event) {
        this.logger.warn({ payload: message.payload }, 'ignored a malformed program event');
        return;
      }
      for (const stream of this.streams) stream.offer(event);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${PROGRAM_EVENTS_CHANNEL}`);
    } catch (error) {
      client.removeAllListeners();
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_DELAY_MS.first;
    for (const watcher of this.watchers) watcher.unknown(true);
  }

  private lost(client: Client, error: Error | null): void {
    if (this.client !== client) return;
    this.client = null;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn({ err: error }, 'lost the program event connection; reconnecting');
    for (const stream of this.streams) stream.fail(interrupted('The event stream lost its database connection'));
    for (const watcher of this.watchers) watcher.unknown(false);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = null;
      try {
        await this.connect();
        this.logger.info('program event connection restored');
      } catch (error) {
        this.logger.warn({ err: error, retryInMs: this.reconnectDelay }, 'program event connection failed');
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, RECONNECT_DELAY_MS.max);
        if (!this.stopped) this.scheduleReconnect();
      }
    }, this.reconnectDelay);
    this.reconnectTimer.unref();
  }
}

/** One subscription's queue of matching events, read with for await. */
class EventStream implements AsyncIterableIterator<ProgramEvent> {
  private readonly queue: ProgramEvent[] = [];
  private waiting: { resolve: (result: IteratorResult<ProgramEvent>) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;
  private finished = false;

  constructor(
    private readonly matches: (event: ProgramEvent) => boolean,
    private readonly onFinish: () => void,
  ) {}

  offer(event: ProgramEvent): void {
    if (this.finished || this.failure || !this.matches(event)) return;
    // "The feed grew" once is as good as many times: the reader reads on from its cursor.
    if (event.topic === 'EVENTS_APPENDED' && this.queue.some((queued) => queued.topic === event.topic)) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: event, done: false });
    } else if (this.queue.length >= MAX_QUEUED_EVENTS) {
      this.fail(interrupted(`The subscriber fell more than ${MAX_QUEUED_EVENTS} events behind`));
    } else {
      this.queue.push(event);
    }
  }

  /** Ends the stream with an error once the events already queued are read. */
  fail(error: Error): void {
    if (this.finished || this.failure) return;
    this.failure = error;
    if (this.waiting && this.queue.length === 0) {
      const { reject } = this.waiting;
      this.waiting = null;
      this.finish();
      reject(error);
    }
  }

  /** Ends the stream quietly (server stopping). */
  end(): void {
    this.finish();
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<ProgramEvent>> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve({ value: queued, done: false });
    if (this.failure && !this.finished) {
      this.finish();
      return Promise.reject(this.failure);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** The client unsubscribed or the connection closed. */
  return(): Promise<IteratorResult<ProgramEvent>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<ProgramEvent> {
    return this;
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.onFinish();
  }
}
