import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request the receiver got, as a back office's handler sees it. */
export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The parsed body. */
  payload: { type: string; timestamp: string; data: Record<string, any> };
  /** Date.now() when it arrived and when it was answered (null while held or never). */
  receivedAt: number;
  answeredAt: number | null;
  /** The status it was answered with (null: held, or the connection died first). */
  status: number | null;
  /** The how-many-th request with this webhook-id (1 for the first). */
  attempt: number;
}

/** What to answer a request with: a status, or 'hold' to keep it open (until release() or the sender gives up). */
export type Answer = number | 'hold';

/**
 * A webhook receiver on 127.0.0.1, as a back office would write one: it
 * verifies each request with the standardwebhooks library and answers as
 * `answer` says; verification failures answer 400. Every request is kept
 * for the test to look at.
 */
export class WebhookReceiver {
  readonly requests: Received[] = [];
  /** Decides each answer; by default 200 at once. */
  answer: (request: Received) => Answer = () => 200;
  /** How long each answer takes (a receiver that does some work before it acknowledges). */
  answerDelayMs = 0;
  /** The secrets a request must verify with (any of them); empty: not verified. */
  secrets: string[] = [];
  private readonly held: (() => void)[] = [];
  private readonly server: http.Server;
  private readonly waiters = new Set<() => void>();
  url = '';

  private constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks).toString('utf8')));
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/hooks`;
    return receiver;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    const request: Received = {
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body,
      payload: JSON.parse(body),
      receivedAt: Date.now(),
      answeredAt: null,
      status: null,
      attempt: this.requests.filter((r) => r.id === headers['webhook-id']).length + 1,
    };
    this.requests.push(request);
    const verified = this.secrets.length === 0 || this.secrets.some((secret) => verifies(secret, request));
    const answer = verified ? this.answer(request) : 400;
    // The sender gone (it gave up, or its process died): an answer written now reaches no one and acknowledges nothing.
    let gone = false;
    res.once('close', () => {
      if (!res.writableEnded) gone = true;
    });
    const reply = (status: number) => {
      if (gone) return;
      request.status = status;
      request.answeredAt = Date.now();
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status >= 300 ? 'down for maintenance' : 'ok');
      this.notify();
    };
    if (answer === 'hold') {
      this.held.push(() => reply(200));
      this.notify();
    } else if (this.answerDelayMs > 0) setTimeout(() => reply(answer), this.answerDelayMs);
    else reply(answer);
  }

  /** Answers every held request with 200 (the sender may long have given up on them). */
  release(): void {
    for (const reply of this.held.splice(0)) reply();
  }

  /** The webhook-ids answered with a 2xx, each as often as it was. */
  acknowledged(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.requests) if (r.status !== null && r.status >= 200 && r.status < 300) counts.set(r.id, (counts.get(r.id) ?? 0) + 1);
    return counts;
  }

  /** Resolves once `condition` holds (checked on every request and answer), or fails after `timeoutMs`. */
  async until(condition: () => boolean, timeoutMs = 20_000, what = 'the receiver to see what the test waits for'): Promise<void> {
    if (condition()) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.requests.length} requests`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  /** Until every one of `ids` was acknowledged. */
  untilAcknowledged(ids: Iterable<string>, timeoutMs = 20_000): Promise<void> {
    const wanted = [...ids];
    return this.until(() => {
      const acknowledged = this.acknowledged();
      return wanted.every((id) => acknowledged.has(id));
    }, timeoutMs, `${wanted.length} events to be acknowledged`);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Whether the request verifies with `secret`, as standardwebhooks' Webhook.verify checks it (signature and timestamp). */
export function verifies(secret: string, request: Pick<Received, 'id' | 'timestamp' | 'signature' | 'body'>): boolean {
  try {
    new Webhook(secret).verify(request.body, {
      'webhook-id': request.id,
      'webhook-timestamp': request.timestamp,
      'webhook-signature': request.signature,
    });
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
