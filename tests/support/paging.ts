import type { GqlResponse, TestApp } from './test-app';
import { dbId } from './ids';

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
