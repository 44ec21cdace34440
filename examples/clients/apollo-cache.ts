import { InMemoryCache, Reference } from '@apollo/client';
import { relayStylePagination } from '@apollo/client/utilities';

/** The normalized cache for this API: objects keyed by their global id, connections paged with relayStylePagination. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    // Every id is a global id (the Node interface), unique across all types, so the id alone is the cache key;
    // that is also what lets Query.node below find an object it was never asked for by node(id:).
    dataIdFromObject: (object) => (typeof object.id === 'string' ? object.id : undefined),
    typePolicies: {
      Query: {
        fields: {
          // One list per filter and order; pages fetched with after (forward) or before (backward) join it.
          improvementActivities: relayStylePagination(['filter', 'orderBy']),
          fundingAgreements: relayStylePagination(['filter']),
          // node(id:) reads an object already in the cache, whichever query fetched it, without a request.
          node: {
            read(existing: Reference | undefined, { args, toReference, canRead }) {
              if (existing) return existing;
              const reference = typeof args?.id === 'string' ? toReference(args.id) : undefined;
              return reference && canRead(reference) ? reference : undefined;
            },
          },
        },
      },
      // Nested connections page the same way, e.g. an agreement's activities (forward only).
      FundingAgreement: { fields: { activities: relayStylePagination(['filter']) } },
    },
  });
}
