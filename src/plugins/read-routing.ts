import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../context';
import { markQueryRequest } from '../db/read-routing';

/**
 * Marks a request for replica reads once its operation is known (which server
 * a read goes to: src/db/read-routing.ts). Reads before that (authentication,
 * the rate limit) are raw queries, which TypeORM always sends to the primary.
 */
export const readRoutingPlugin: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (operation?.operation === 'query') markQueryRequest(contextValue.sql);
      },
    };
  },
};
