import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import { officerPrincipalOf } from '../../auth/roles';
import { visibleRows } from '../../auth/visibility';
import type { DataWatcher } from '../../common/data-watcher';
import { WebhookDeliveryStatus } from '../../common/enums';
import { encodeGlobalId } from '../../common/global-id';
import type { WebhookSettings } from '../../config';
import { observeWebhookAttempt } from '../../metrics';
import { EVENTS } from '../events/event.loaders';
import { eventMessage } from '../events/event.queries';
import { AGREEMENTS } from '../funding-agreements/funding-agreement.loaders';
import { PROGRAMS } from '../programs/program.loaders';
import { retryDelayMs } from './retry-schedule';
import { openSecret, signedHeaders } from './webhook-secret';
import { AttemptOutcome, WebhookSender } from './webhook-sender';

/** Feed positions one fan-out transaction covers for one endpoint. */
const FAN_OUT_BATCH = 1000;
/** Fan-out transactions one pass runs before it sends what is due (then it goes on). */
const FAN_OUT_PER_PASS = 20;
/** The shortest sleep between passes when deliveries are due but others hold them. */
const MIN_SLEEP_MS = 10;

/** How long a claimed attempt is the claimer's: well past its own deadline, so only a dead or stuck process loses it. */
export function leaseMs(settings: Pick<WebhookSettings, 'timeoutMs'>): number {
  return 2 * settings.timeoutMs + 1000;
}

interface Claimed {
  id: string;
  event_id: string;
  attempts: number;
  retries_from: number;
  payload: string;
  delivered_at: Date | null;
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_valid: boolean | null;
  occurred_at: Date;
}

/**
 * The webhook delivery engine, one in every API process; the processes share
 * the work through PostgreSQL, so replicas add capacity and a crash loses
 * nothing:
 *
 * 1. Fan-out: an enabled endpoint that is behind the feed is locked FOR
 *    UPDATE SKIP LOCKED (each process takes another); the events after its
 *    position that its agency's officers may see (the feed's own visibility,
 *    listEvents' scope), of its types, become PENDING deliveries (unique per
 *    endpoint and event) and its position moves on, in one transaction.
 *    Positions are gap-free in commit order, so nothing is skipped.
 * 2. Delivery: due deliveries are claimed FOR UPDATE SKIP LOCKED in one
 *    statement that also counts the attempt and moves next_attempt_at past
 *    the attempt's lease, and commits; then the request is sent without a
 *    transaction open, and the outcome recorded if the claim still holds.
 *    A process killed mid-attempt leaves the delivery due again when the
 *    lease ends: at least once, with the event's id as webhook-id.
 *
 * Woken by every commit (DATA_CHANGED on the program events channel, heard
 * by the event bus) and when an attempt finishes; and by a timer set to the
 * next due retry, at most WEBHOOK_POLL_INTERVAL_MS away, as the safety net.
 */
export class WebhookDeliveryWorker implements DataWatcher {
  private readonly sender: WebhookSender;
  private readonly inFlight = new Set<Promise<void>>();
  private pass: Promise<void> | null = null;
  private again = false;
  private fanOutDue = true;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly settings: WebhookSettings,
    private readonly logger: Logger,
  ) {
    this.sender = new WebhookSender({
      policy: { allowPrivateNetworks: settings.allowPrivateNetworks, allowHttp: settings.allowHttp },
      timeoutMs: settings.timeoutMs,
      maxSockets: settings.concurrency,
    });
  }

  start(): void {
    this.wake();
  }

  /** A commit changed the data: there may be events to fan out. */
  changed(): void {
    this.wake();
  }

  /** The notifications came back (or went away): look now, in case one was missed. */
  unknown(): void {
    this.wake();
  }

  /**
   * Runs a pass now, or right after the one running. `fanOut` false (an
   * attempt finished): only claim more, as no event can have arrived that a
   * commit's wake-up or the timer does not bring.
   */
  wake(fanOut = true): void {
    if (this.stopped) return;
    if (fanOut) this.fanOutDue = true;
    if (this.pass) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pass = this.run().finally(() => {
      this.pass = null;
      // Woken while the pass was past its loop (an attempt finished, a commit): go again now rather than at the timer.
      if (this.again) this.wake(false);
    });
  }

  /**
   * Stops claiming; attempts in flight finish and are recorded (each within
   * its own deadline). The database must stay open until this resolves.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pass;
    await Promise.allSettled([...this.inFlight]);
    this.sender.close();
  }

  private async run(): Promise<void> {
    let sleepMs = this.settings.pollIntervalMs;
    try {
      do {
        this.again = false;
        if (this.fanOutDue) {
          this.fanOutDue = false;
          for (let i = 0; !this.stopped && (await this.fanOutOne()); i++) {
            if (i === FAN_OUT_PER_PASS - 1) {
              // More to fan out: send what is due first, then go on.
              this.fanOutDue = this.again = true;
              break;
            }
          }
        }
        await this.claimAndSend();
      } while (this.again && !this.stopped);
      // While attempts run, each one's end wakes the worker; idle, it sleeps until the next retry is due.
      if (this.inFlight.size === 0) sleepMs = await this.untilNextDue();
    } catch (error) {
      this.logger.warn({ err: error }, 'webhook delivery pass failed; trying again later');
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => this.wake(), sleepMs);
      this.timer.unref();
    }
  }

  /** One endpoint's next batch of deliveries; false when no endpoint is behind (or every one that is is being done elsewhere). */
  private fanOutOne(): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const [endpoint]: {
        id: string;
        event_types: string[];
        fanned_out_position: string;
        agency_id: string;
        code: string;
        kind: string;
        last: string;
      }[] = await em.query(`
        SELECT w.id, w.event_types, w.fanned_out_position, a.id AS agency_id, a.code, a.kind, feed.last
          FROM webhook_endpoint w
          JOIN agency a ON a.id = w.agency_id
         CROSS JOIN (SELECT coalesce(max(id), 0) AS last FROM business_event) feed
         WHERE w.enabled AND w.fanned_out_position < feed.last
         ORDER BY w.id
         LIMIT 1
           FOR UPDATE OF w SKIP LOCKED`);
      if (!endpoint) return false;
      const upTo = BigInt(endpoint.last) < BigInt(endpoint.fanned_out_position) + BigInt(FAN_OUT_BATCH)
        ? endpoint.last
        : String(BigInt(endpoint.fanned_out_position) + BigInt(FAN_OUT_BATCH));
      const principal = officerPrincipalOf({ id: endpoint.agency_id, code: endpoint.code, kind: endpoint.kind }, `webhook-endpoint:${endpoint.id}`);
      if (principal) {
        const events = visibleRows(em, EVENTS, 'e', principal)
          .andWhere('e.id > :fanOutFrom AND e.id <= :fanOutTo', { fanOutFrom: endpoint.fanned_out_position, fanOutTo: upTo })
          .orderBy('e.id', 'ASC');
        if (endpoint.event_types.length) events.andWhere('e.type IN (:...fanOutTypes)', { fanOutTypes: endpoint.event_types });
        const found = await events.getMany();
        if (found.length) {
          const agreements = await visibleIds(em, AGREEMENTS, principal, found.map((event) => event.agreementId));
          const programs = await visibleIds(em, PROGRAMS, principal, found.map((event) => event.programId));
          const deliveries = found.map((event) => ({
            event_id: event.id,
            payload: JSON.stringify(
              eventMessage(event, {
                agreementId: event.agreementId && agreements.has(event.agreementId) ? event.agreementId : null,
                programId: event.programId && programs.has(event.programId) ? event.programId : null,
              }),
            ),
          }));
          await em.query(
            `INSERT INTO webhook_delivery (endpoint_id, event_id, payload, next_attempt_at)
             SELECT $1, d.event_id, d.payload, now() FROM jsonb_to_recordset($2::jsonb) AS d (event_id bigint, payload text)
             ON CONFLICT ON CONSTRAINT webhook_delivery_once DO NOTHING`,
            [endpoint.id, JSON.stringify(deliveries)],
          );
        }
      }
      await em.query(`UPDATE webhook_endpoint SET fanned_out_position = $2 WHERE id = $1`, [endpoint.id, upTo]);
      return true;
    });
  }

  /** Claims as many due deliveries as there are free slots and sends them; each finished attempt wakes the worker for more. */
  private async claimAndSend(): Promise<void> {
    const free = this.settings.concurrency - this.inFlight.size;
    if (free <= 0 || this.stopped) return;
    // An UPDATE answers [rows, count] through TypeORM.
    const [claimed]: [Claimed[], number] = await this.db.query(
      `WITH due AS (
         SELECT d.id FROM webhook_delivery d
          WHERE d.status = 'PENDING' AND d.next_attempt_at <= now()
            AND EXISTS (SELECT 1 FROM webhook_endpoint w WHERE w.id = d.endpoint_id AND w.enabled)
          ORDER BY d.next_attempt_at, d.id
          LIMIT $1
            FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_delivery d
          SET attempts = d.attempts + 1, last_attempt_at = now(), next_attempt_at = now() + $2 * interval '1 millisecond'
         FROM due, webhook_endpoint w, business_event e
        WHERE d.id = due.id AND w.id = d.endpoint_id AND e.id = d.event_id
       RETURNING d.id, d.event_id, d.attempts, d.retries_from, d.payload, d.delivered_at, w.url, w.secret, w.previous_secret,
                 w.previous_secret_expires_at > now() AS previous_valid, e.occurred_at`,
      [free, leaseMs(this.settings)],
    );
    for (const delivery of claimed) {
      const attempt: Promise<void> = this.attempt(delivery)
        .catch((error) => this.logger.error({ err: error, deliveryId: delivery.id }, 'recording a webhook attempt failed; it is retried when its lease ends'))
        .finally(() => {
          this.inFlight.delete(attempt);
          this.wake(false);
        });
      this.inFlight.add(attempt);
    }
    // A full batch: more may be due.
    if (claimed.length === free) this.again = true;
  }

  private async attempt(delivery: Claimed): Promise<void> {
    const key = this.settings.secretsKey;
    const secrets = [openSecret(delivery.secret, key), ...(delivery.previous_secret && delivery.previous_valid ? [openSecret(delivery.previous_secret, key)] : [])];
    const headers = signedHeaders(encodeGlobalId('Event', delivery.event_id), new Date(), delivery.payload, secrets);
    const outcome = await this.sender.send(delivery.url, headers, delivery.payload);
    await this.record(delivery, outcome);
  }

  private async record(delivery: Claimed, outcome: AttemptOutcome): Promise<void> {
    const succeeded = outcome.kind === 'succeeded';
    const retryInMs = succeeded ? null : retryDelayMs(delivery.attempts - delivery.retries_from, this.settings.retryBaseMs);
    const status = succeeded ? WebhookDeliveryStatus.SUCCEEDED : retryInMs === null ? WebhookDeliveryStatus.FAILED : WebhookDeliveryStatus.PENDING;
    const [, updated] = await this.db.query(
      `UPDATE webhook_delivery
          SET status = $3::text,
              next_attempt_at = CASE WHEN $3::text = 'PENDING' THEN now() + $4::float8 * interval '1 millisecond' END,
              last_response_status = $5, last_response_body = $6, last_error = $7,
              delivered_at = CASE WHEN $3::text = 'SUCCEEDED' THEN now() ELSE delivered_at END
        WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
      [
        delivery.id,
        delivery.attempts,
        status,
        retryInMs ?? 0,
        'status' in outcome ? outcome.status : null,
        'body' in outcome ? outcome.body : null,
        'error' in outcome ? outcome.error : null,
      ],
    );
    const firstAcknowledgement = succeeded && updated > 0 && delivery.delivered_at === null;
    observeWebhookAttempt(outcome.kind, firstAcknowledgement ? (Date.now() - new Date(delivery.occurred_at).getTime()) / 1000 : null);
    if (!succeeded) {
      this.logger.info({ deliveryId: delivery.id, attempts: delivery.attempts, outcome: outcome.kind, status, retryInMs }, 'webhook attempt failed');
    }
  }

  /** Ms until the soonest due delivery of an enabled endpoint, at most the poll interval. */
  private async untilNextDue(): Promise<number> {
    const [row]: { ms: number | null }[] = await this.db.query(
      `SELECT extract(epoch FROM min(d.next_attempt_at) - now()) * 1000 AS ms
         FROM webhook_delivery d JOIN webhook_endpoint w ON w.id = d.endpoint_id AND w.enabled
        WHERE d.status = 'PENDING'`,
    );
    const ms = row?.ms === null || row?.ms === undefined ? this.settings.pollIntervalMs : Number(row.ms);
    return Math.min(this.settings.pollIntervalMs, Math.max(MIN_SLEEP_MS, Math.ceil(ms)));
  }
}

/** Which of the ids (nulls skipped) name rows of `table` the principal may see. */
async function visibleIds(
  em: EntityManager,
  table: typeof AGREEMENTS | typeof PROGRAMS,
  principal: NonNullable<ReturnType<typeof officerPrincipalOf>>,
  ids: (string | null)[],
): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Set();
  const rows: { id: string }[] = await visibleRows(em, table as typeof AGREEMENTS, 'pointer', principal)
    .select('pointer.id', 'id')
    .andWhere('pointer.id IN (:...pointerIds)', { pointerIds: wanted })
    .getRawMany();
  return new Set(rows.map((row) => String(row.id)));
}
