import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Context } from './context';

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

type PersistedQueriesOptions = NonNullable<Exclude<ApolloServerOptions<Context>['persistedQueries'], false>>;

/**
 * With an allowlist, the persisted query store holds only listed operations:
 * the manifest's bodies from the start, and those registered by a client
 * sending the full text of a listed hash. Bounded by the list, it needs no
 * eviction. Without one, Apollo's default in-memory LRU per process is used:
 * replicas share nothing, and a client whose hash is unknown to the replica it
 * reaches retries with the full text after PERSISTED_QUERY_NOT_FOUND.
 */
export function persistedQueriesOptions(allowlist: OperationAllowlist | null): PersistedQueriesOptions | undefined {
  if (!allowlist) return undefined;
  const registered = new Map<string, string>();
  // Apollo prefixes its keys (e.g. "apq:<hash>"); the hash is what follows the last colon.
  const hashOf = (key: string) => key.slice(key.lastIndexOf(':') + 1);
  return {
    cache: {
      async get(key) {
        const hash = hashOf(key);
        return allowlist.get(hash) ?? registered.get(hash);
      },
      async set(key, value) {
        // Apollo has checked that the text hashes to the key before it stores it.
        if (allowlist.has(hashOf(key))) registered.set(hashOf(key), value);
      },
      async delete(key) {
        registered.delete(hashOf(key));
      },
    },
  };
}

/**
 * Refuses, before execution, every operation whose text is not on the list,
 * introspection included unless listed. queryHash is the sha256 of the text,
 * whether the client sent the text or only the persisted query hash.
 */
export function operationAllowlistPlugin(allowlist: OperationAllowlist): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (allowlist.has(queryHash)) return;
          throw new GraphQLError('This server runs only the operations on its allowlist', {
            extensions: { code: 'OPERATION_NOT_ALLOWED', http: { status: 400 } },
          });
        },
      };
    },
  };
}
