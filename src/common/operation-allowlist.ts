import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// Pure, with nothing of the app imported, so that config.ts can read the manifest
// at start without depending on the request context or the server
// (src/plugins/persisted-operations.ts enforces the list).

/**
 * Operations a locked-down deployment runs, by the sha256 (lowercase hex) of
 * their text, the hash Apollo's automatic persisted queries use. The body is
 * known when the manifest carries it, so such clients may send the hash alone
 * from their first request on.
 */
export type OperationAllowlist = ReadonlyMap<string, string | null>;

const SHA256 = /^[0-9a-f]{64}$/;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function parseHash(value: unknown, where: string): string {
  if (typeof value !== 'string' || !SHA256.test(value.toLowerCase())) throw new Error(`${where} is not a sha256 hex string`);
  return value.toLowerCase();
}

/**
 * Reads either Apollo's persisted query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`)
 * or a plain JSON array of sha256 hex strings. Throws an Error saying what is
 * wrong (never the path or contents, like every configuration message);
 * config.ts turns it into a ConfigError naming OPERATION_ALLOWLIST.
 */
export function loadOperationAllowlist(path: string): OperationAllowlist {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch {
    throw new Error('the file is not valid JSON');
  }
  const allowlist = new Map<string, string | null>();
  if (Array.isArray(manifest)) {
    manifest.forEach((hash, i) => allowlist.set(parseHash(hash, `entry ${i}`), null));
  } else if (
    manifest &&
    typeof manifest === 'object' &&
    (manifest as { format?: unknown }).format === 'apollo-persisted-query-manifest' &&
    (manifest as { version?: unknown }).version === 1 &&
    Array.isArray((manifest as { operations?: unknown }).operations)
  ) {
    (manifest as { operations: unknown[] }).operations.forEach((operation, i) => {
      const { id, body } = (operation ?? {}) as { id?: unknown; body?: unknown };
      const hash = parseHash(id, `operations[${i}].id`);
      if (typeof body !== 'string' || sha256(body) !== hash) throw new Error(`operations[${i}].body does not hash to its id`);
      allowlist.set(hash, body);
    });
  } else {
    throw new Error('the file must hold an apollo-persisted-query-manifest (version 1) or a JSON array of sha256 hex strings');
  }
  if (allowlist.size === 0) throw new Error('the file lists no operations');
  return allowlist;
}
