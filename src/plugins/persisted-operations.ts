import type { ApolloServerOptions, ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { OperationAllowlist } from '../common/operation-allowlist';
import type { Context } from '../context';

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
