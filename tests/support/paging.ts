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

/** The page arguments of either direction. */
export type PageRequest = { first: number; after: string | null } | { last: number; before: string | null };

/** A connection page as walkBothWays reads it. */
export interface PagedConnection {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** An item met on a walk: its database id and the cursor its edge carried. */
export interface WalkedEdge {
  id: string;
  cursor: string;
}

/**
 * Walks a non-empty connection to its end with first/after, then from its end
 * back to its start with last/before, and returns the edges each walk met in
 * the order it met them. Every page must be exact: full but for the last one
 * of a walk, hasPreviousPage and hasNextPage true just where items precede and
 * follow it, start and end cursors those of its first and last edges, and a
 * totalCount equal to the number of items walked.
 */
export async function walkBothWays(
  fetchPage: (page: PageRequest) => Promise<PagedConnection>,
  pageSize: number,
): Promise<{ forward: WalkedEdge[]; backward: WalkedEdge[] }> {
  const walk = async (backward: boolean): Promise<WalkedEdge[]> => {
    const met: WalkedEdge[] = [];
    let cursor: string | null = null;
    for (;;) {
      const connection = await fetchPage(backward ? { last: pageSize, before: cursor } : { first: pageSize, after: cursor });
      const { edges, pageInfo } = connection;
      const more = backward ? pageInfo.hasPreviousPage : pageInfo.hasNextPage;
      expect(edges.length).toBe(more ? pageSize : Math.min(pageSize, connection.totalCount - met.length));
      expect(edges.length).toBeGreaterThan(0);
      expect(backward ? pageInfo.hasNextPage : pageInfo.hasPreviousPage).toBe(cursor != null);
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      expect(pageInfo.endCursor).toBe(edges[edges.length - 1].cursor);
      const page = edges.map((edge) => ({ id: dbId(edge.node.id), cursor: edge.cursor }));
      met.push(...(backward ? page.reverse() : page));
      if (!more) {
        expect(met).toHaveLength(connection.totalCount);
        return met;
      }
      cursor = backward ? pageInfo.startCursor : pageInfo.endCursor;
    }
  };
  return { forward: await walk(false), backward: await walk(true) };
}
