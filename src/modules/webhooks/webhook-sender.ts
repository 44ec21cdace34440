import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { addressAllowed, guardedLookup, hostOf, RefusedAddressError, UrlPolicy } from './webhook-url';

/** What the delivery log keeps of an answer's body: enough to see an error message, never a flood. */
export const MAX_LOGGED_RESPONSE_BYTES = 2048;

export type AttemptOutcome =
  | { kind: 'succeeded'; status: number; body: string }
  | { kind: 'rejected'; status: number; body: string; error: string }
  | { kind: 'network'; error: string }
  | { kind: 'timeout'; error: string }
  | { kind: 'refused'; error: string };

export interface SenderOptions {
  policy: UrlPolicy;
  timeoutMs: number;
  /** Connections kept open per origin. */
  maxSockets: number;
}

/**
 * Sends one signed delivery: a POST of the JSON payload, with a deadline for
 * the whole attempt (connecting, sending, the answer's headers and the part
 * of its body that is read), reading at most MAX_LOGGED_RESPONSE_BYTES of the
 * body. Redirects are not followed (a 3xx fails the attempt: the URL to
 * deliver to is the one registered). 2xx is success; anything else fails.
 */
export class WebhookSender {
  private readonly agents: { http: http.Agent; https: https.Agent };
  private readonly lookup;

  constructor(private readonly options: SenderOptions) {
    this.lookup = guardedLookup(options.policy);
    this.agents = {
      http: new http.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
      https: new https.Agent({ keepAlive: true, maxSockets: options.maxSockets }),
    };
  }

  send(target: string, headers: Record<string, string>, payload: string): Promise<AttemptOutcome> {
    const url = new URL(target);
    const host = hostOf(url);
    if (isIP(host) && !addressAllowed(host, this.options.policy)) {
      return Promise.resolve({ kind: 'refused', error: `${host} is not an address webhooks may reach` });
    }
    const body = Buffer.from(payload, 'utf8');
    const secure = url.protocol === 'https:';
    return new Promise((resolve) => {
      let settled = false;
      const finish = (outcome: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(outcome);
      };
      const request = (secure ? https : http).request(
        url,
        {
          method: 'POST',
          agent: secure ? this.agents.https : this.agents.http,
          lookup: this.lookup as never,
          headers: {
            'content-type': 'application/json',
            'content-length': String(body.length),
            'user-agent': 'safety-rbf-api-webhooks',
            ...headers,
          },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          const chunks: Buffer[] = [];
          let length = 0;
          const done = () => {
            const text = readable(Buffer.concat(chunks).subarray(0, MAX_LOGGED_RESPONSE_BYTES));
            if (status >= 200 && status < 300) finish({ kind: 'succeeded', status, body: text });
            else finish({ kind: 'rejected', status, body: text, error: `The endpoint answered ${status}` });
          };
          response.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            length += chunk.length;
            if (length >= MAX_LOGGED_RESPONSE_BYTES) {
              // Enough for the log: the rest is not read, and the connection is not reused.
              response.destroy();
              done();
            }
          });
          response.on('end', done);
          response.on('error', done);
          response.on('close', done);
        },
      );
      const deadline = setTimeout(() => {
        finish({ kind: 'timeout', error: `No answer within ${this.options.timeoutMs} ms` });
        request.destroy();
      }, this.options.timeoutMs);
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error instanceof RefusedAddressError) finish({ kind: 'refused', error: error.message });
        else finish({ kind: 'network', error: error.message || error.code || 'The connection failed' });
      });
      request.end(body);
    });
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }
}

/** Text the log can hold: PostgreSQL text takes no U+0000, and invalid UTF-8 becomes U+FFFD. */
function readable(bytes: Buffer): string {
  return bytes.toString('utf8').replace(/\u0000/g, '');
}
