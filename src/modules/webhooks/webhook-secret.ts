import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Signing secrets as Standard Webhooks has them: "whsec_" and the key in
 * base64 (32 random bytes here; the spec asks for 24 to 64). The server
 * needs the key itself to sign, so it keeps it: encrypted with
 * WEBHOOK_SECRETS_KEY (AES-256-GCM) when that is set, else as it is. The
 * stored form says which, so setting the key later works for the secrets
 * created or rotated from then on.
 */
const PREFIX = 'whsec_';
const ENCRYPTED = 'aes256gcm';
const PLAIN = 'plain';

export function newSigningSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

export function sealSecret(secret: string, key: Buffer | null): string {
  if (!key) return `${PLAIN}:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [ENCRYPTED, iv.toString('base64'), cipher.getAuthTag().toString('base64'), sealed.toString('base64')].join(':');
}

export function openSecret(stored: string, key: Buffer | null): string {
  const [form, ...parts] = stored.split(':');
  if (form === PLAIN) return parts.join(':');
  if (form !== ENCRYPTED) throw new Error('A webhook secret is stored in an unknown form');
  if (!key) throw new Error('A webhook secret is encrypted but WEBHOOK_SECRETS_KEY is not set');
  const [iv, tag, sealed] = parts.map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
}

/**
 * The three Standard Webhooks headers of one attempt, signed by the
 * reference library: with every secret given (the current one, and the
 * previous one while a rotation's overlap lasts), space-separated, as the
 * spec allows, so a receiver that still holds the old secret verifies too.
 */
export function signedHeaders(messageId: string, at: Date, payload: string, secrets: string[]): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, payload)).join(' '),
  };
}
