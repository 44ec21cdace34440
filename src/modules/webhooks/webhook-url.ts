import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent (SSRF): an https URL whose host resolves only to
 * public unicast addresses. Checked when an endpoint is registered or changed,
 * and again on every attempt on the addresses actually connected to
 * (guardedLookup), so that a name that later resolves to an internal address
 * (DNS rebinding) reaches nothing inside.
 */
export interface UrlPolicy {
  /** Loopback, private, link-local, unique-local, CGNAT and the like allowed too (development, tests). */
  allowPrivateNetworks: boolean;
  allowHttp: boolean;
}

export const MAX_URL_LENGTH = 2000;

export type UrlProblem =
  | { kind: 'invalid' }
  | { kind: 'scheme' }
  | { kind: 'credentials' }
  | { kind: 'address'; address: string }
  | { kind: 'unresolvable'; host: string };

/** Ranges never dialled, whatever the setting: they name no single host to talk to. */
const NEVER = new Set(['unspecified', 'broadcast', 'multicast']);

/**
 * Whether an attempt may connect to `address`. Only 'unicast' (ipaddr.js's
 * name for everything outside its special ranges) is public: loopback,
 * private (RFC 1918), link-local, unique-local, CGNAT, documentation and
 * benchmarking ranges, and IPv6 forms that embed an IPv4 address (NAT64,
 * 6to4, Teredo) are refused unless private networks are allowed. An
 * IPv4-mapped IPv6 address is judged as the IPv4 address it is.
 */
export function addressAllowed(address: string, policy: UrlPolicy): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (NEVER.has(range)) return false;
  return policy.allowPrivateNetworks || range === 'unicast';
}

/** The URL's host as an address or a name: brackets off an IPv6 literal. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/** The URL's problem, or null when it may be registered. Resolves the host (every address must be allowed). */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<UrlProblem | null> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'invalid' };
  }
  if (raw.length > MAX_URL_LENGTH || !url.hostname || /[\s\u0000-\u001f]/.test(raw)) return { kind: 'invalid' };
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) return { kind: 'scheme' };
  if (url.username || url.password) return { kind: 'credentials' };
  const host = hostOf(url);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await resolve(host)).map((entry) => entry.address);
    } catch {
      return { kind: 'unresolvable', host };
    }
  }
  const refused = addresses.find((address) => !addressAllowed(address, policy));
  return refused ? { kind: 'address', address: refused } : null;
}

function resolve(host: string): Promise<LookupAddress[]> {
  return new Promise((ok, fail) => dnsLookup(host, { all: true, verbatim: true }, (error, addresses) => (error ? fail(error) : ok(addresses))));
}

/** Raised by guardedLookup: the attempt reaches nothing. */
export class RefusedAddressError extends Error {
  constructor(readonly host: string, readonly address: string) {
    super(`${host} resolves to ${address}, which webhooks may not reach`);
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * The `lookup` of an attempt's connection: resolves the name, refuses when
 * any of its addresses is not allowed, and hands the socket exactly the
 * addresses it checked, so the connection goes where the check looked.
 * (An IP literal is not looked up: the sender checks it before connecting.)
 */
export function guardedLookup(policy: UrlPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(hostname, { all: true, verbatim: true, family: options.family ?? 0 }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((entry) => !addressAllowed(entry.address, policy));
      if (refused) return callback(new RefusedAddressError(hostname, refused.address), '', 0);
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return callback(null, addresses);
      return callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
