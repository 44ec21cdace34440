import type { GqlResponse, TestApp } from './test-app';
import { dbId } from './ids';

/**
 * The list query the paging tests send: `field` with first/after/filter (and
 * last/before/orderBy when `orderType` is given), selecting totalCount, each
 * edge's cursor and node, and the whole pageInfo.
 */
export function listQuery(field: string, filterType: string, options: { node?: string; orderType?: string } = {}): string {
  const { node = 'id', orderType } = options;
  const backward = orderType ? `, $last: Int, $before: String, $orderBy: ${orderType}` : '';
  const backwardArgs = orderType ? ', last: $last, before: $before, orderBy: $orderBy' : '';
  return `query List($first: Int, $after: String, $filter: ${filterType}${backward}) {
  ${field}(first: $first, after: $after, filter: $filter${backwardArgs}) {
    totalCount
    edges { cursor node { ${node} } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
}

/** A list query of `field` (see listQuery) and a walk over all its pages as walkIds checks them. */
export function connectionList(app: () => TestApp, field: string, filterType: string) {
  const query = listQuery(field, filterType);
  const walk = (filter: Record<string, unknown> | null, token: string, pageSize = 100) => walkIds(app(), query, field, { filter, token, pageSize });
  return { query, walk };
}

/**
 * Walks a list query to its end with first/after and returns the database ids
 * in the order served, checking on the way what every page must satisfy:
 * no errors, hasPreviousPage exactly after the first page, and a totalCount
 * equal to the number of rows walked. `query` takes $first, $after and $filter
 * and selects `field { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } } }`.
 */
export async function walkIds(
  app: TestApp,
  query: string,
  field: string,
  options: { filter: Record<string, unknown> | null; token: string; pageSize?: number },
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const res: GqlResponse = await app.gql(query, { first: options.pageSize ?? 100, after, filter: options.filter }, options.token);
    expect(res.errors).toBeUndefined();
    const connection = res.data[field];
    expect(connection.pageInfo.hasPreviousPage).toBe(after != null);
    ids.push(...connection.edges.map((edge: { node: { id: string } }) => dbId(edge.node.id)));
    if (!connection.pageInfo.hasNextPage) {
      expect(connection.totalCount).toBe(ids.length);
      return ids;
    }
    after = connection.pageInfo.endCursor;
  }
}
