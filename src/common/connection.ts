import DataLoader from 'dataloader';
import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { ObjectLiteral, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { getEntities, getEntitiesAndRaw } from '../db/entity-rows';
import { observedBatch } from '../metrics';
import { badUserInput } from './errors';
import { defineEnum, type EnumValue } from './define-enum';

/**
 * Relay connections with keyset pagination: the cursor carries the ordering
 * values of the last row, so page 1,000 costs what page 1 costs. The id is
 * always the last ordering key, which makes the order total and stable.
 */

export const SortDirection = defineEnum('SortDirection', 'Ascending or descending order.', ['ASC', 'DESC']);
export type SortDirection = EnumValue<typeof SortDirection>;

@ObjectType({ description: 'Where a page sits in its list (Relay).' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' }) hasNextPage!: boolean;
  @Field({ description: 'True when items precede this page.' }) hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the first edge, null for an empty page.' })
  startCursor!: string | null;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge, null for an empty page.' })
  endCursor!: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What connection resolvers return; totalCount runs its query only when the field is asked for. */
export class ConnectionResult<T> {
  readonly nodes: T[];
  constructor(
    readonly edges: Edge<T>[],
    readonly pageInfo: PageInfo,
    private readonly count: () => Promise<number>,
  ) {
    this.nodes = edges.map((edge) => edge.node);
  }

  get totalCount(): Promise<number> {
    return this.count();
  }
}

/** The Connection and Edge object types for one node type, named as the contract names them. */
export function connectionTypes<T extends object>(nodeType: ClassType<T>, typeName: string) {
  @ObjectType(`${typeName}Edge`, { description: `A ${typeName} with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this edge; pass it as after/before.' }) cursor!: string;
    @Field(() => nodeType, { description: `The ${typeName}.` }) node!: T;
  }

  @ObjectType(`${typeName}Connection`, { description: `A page of ${typeName} items (Relay connection).` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: 'The items of this page with their cursors.' }) edges!: EdgeType[];
    @Field(() => [nodeType], { description: 'The items of this page.' }) nodes!: T[];
    @Field(() => PageInfo, { description: 'Where this page sits in the list.' }) pageInfo!: PageInfo;
    @Field(() => Int, { description: 'Number of items in the whole list under the given filter.' })
    totalCount!: number;
  }
  return Object.assign(ConnectionType, { Edge: EdgeType });
}

// ---------------------------------------------------------------- arguments

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** A top-level list's arguments: the page and the list's filter (its ids already decoded). */
export type ListArgs<F> = PageArgs & { filter?: F | null };

export const DEFAULT_PAGE_SIZE = 20;

interface Window {
  limit: number;
  backward: boolean;
  cursor: string | null;
  /** The argument the cursor came in, named by errors about it. */
  cursorArgument: 'after' | 'before';
}

function checkPageSize(argument: string, value: number, maxPageSize: number): number {
  if (!Number.isInteger(value) || value < 0 || value > maxPageSize) {
    throw badUserInput(argument, `must be between 0 and ${maxPageSize}; got ${value}`);
  }
  return value;
}

/** first/after pages forward, last/before backward; mixing the two directions is refused. */
export function pageWindow(args: PageArgs, maxPageSize: number): Window {
  const backward = args.last != null || args.before != null;
  if (backward && (args.first != null || args.after != null)) {
    throw badUserInput('first', 'use first/after or last/before, not both');
  }
  if (backward) {
    return {
      limit: args.last == null ? DEFAULT_PAGE_SIZE : checkPageSize('last', args.last, maxPageSize),
      backward,
      cursor: args.before ?? null,
      cursorArgument: 'before',
    };
  }
  return {
    limit: args.first == null ? DEFAULT_PAGE_SIZE : checkPageSize('first', args.first, maxPageSize),
    backward,
    cursor: args.after ?? null,
    cursorArgument: 'after',
  };
}

// ---------------------------------------------------------------- cursors

type CursorValue = string | number;

/** An ordering: a name that goes into the cursor, and the SQL expression and entity value it sorts by. */
export interface Ordering<E> {
  name: string;
  direction: SortDirection;
  /** SQL expression, e.g. "e.name"; null orders by the id alone. */
  column: string | null;
  value?: (entity: E) => CursorValue | Date;
  /** Further keys in the same direction before the id, e.g. submission time after a score. */
  then?: { column: string; value: (entity: E) => CursorValue | Date }[];
}

/** Creation order: new rows only ever append, so paging forward never misses or repeats one. */
export const BY_ID: Ordering<{ id: string }> = { name: 'id', column: null, direction: SortDirection.ASC };

function encodeCursor(orderingKey: string, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify([orderingKey, ...values]), 'utf8').toString('base64url');
}

function decodeCursor(argument: string, cursor: string, orderingKey: string, valueCount: number): CursorValue[] {
  if (cursor.length > 500) throw badUserInput(argument, 'is not a cursor of this list');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === valueCount + 1 &&
    parsed.slice(1).every((v) => (typeof v === 'string' && !v.includes('\u0000')) || (typeof v === 'number' && Number.isFinite(v)));
  if (!valid) throw badUserInput(argument, 'is not a cursor of this list');
  const [cursorOrdering, ...values] = parsed as [unknown, ...CursorValue[]];
  if (cursorOrdering !== orderingKey) {
    throw badUserInput(argument, 'belongs to another ordering of this list; start again without a cursor');
  }
  const id = String(values[values.length - 1]);
  // bigint ids stop at 2^63 - 1.
  if (!/^[1-9][0-9]{0,18}$/.test(id) || BigInt(id) > 9223372036854775807n) {
    throw badUserInput(argument, 'is not a cursor of this list');
  }
  return values;
}

function cursorValue(value: CursorValue | Date): CursorValue {
  return value instanceof Date ? value.toISOString() : value;
}

// ---------------------------------------------------------------- windows

/**
 * Narrows a query to a window: the rows beyond the cursor in the window's
 * direction, nearest first, and one more than the page, which tells whether
 * more follow. `columns` end with the id. Returns the SQL direction it sorts in.
 */
function applyWindow<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  window: Window,
  columns: string[],
  orderingKey: string,
  direction: SortDirection,
): 'ASC' | 'DESC' {
  const ascending = (direction === SortDirection.ASC) !== window.backward;
  if (window.cursor) {
    const values = decodeCursor(window.cursorArgument, window.cursor, orderingKey, columns.length);
    const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
    const row = `(${columns.join(', ')})`;
    const cursorRow = `(${values.map((_, i) => `:cursor${i}`).join(', ')})`;
    qb.andWhere(`${row} ${ascending ? '>' : '<'} ${cursorRow}`, params);
  }
  const sqlDirection = ascending ? 'ASC' : 'DESC';
  qb.orderBy(columns[0], sqlDirection);
  for (const column of columns.slice(1)) qb.addOrderBy(column, sqlDirection);
  qb.limit(window.limit + 1);
  return sqlDirection;
}

/** The page of a window from the rows applyWindow selected (nearest first), in list order. */
function windowPage<E>(
  rows: E[],
  window: Window,
  cursorOf: (node: E) => string,
  count: () => Promise<number>,
): ConnectionResult<E> {
  const hasMore = rows.length > window.limit;
  const page = rows.slice(0, window.limit);
  if (window.backward) page.reverse();
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  const pageInfo: PageInfo = {
    hasNextPage: window.backward ? window.cursor != null : hasMore,
    hasPreviousPage: window.backward ? hasMore : window.cursor != null,
    startCursor: edges[0]?.cursor ?? null,
    endCursor: edges[edges.length - 1]?.cursor ?? null,
  };
  return new ConnectionResult(edges, pageInfo, count);
}

// ---------------------------------------------------------------- top-level lists

interface Identified {
  id: string;
}

/**
 * One page of a list query. The query builder carries the filters and the
 * caller's visibility scope; this adds the keyset condition, order and limit.
 */
export async function paginate<E extends ObjectLiteral & Identified>(
  qb: SelectQueryBuilder<E>,
  args: PageArgs,
  ordering: Ordering<E>,
  maxPageSize: number,
): Promise<ConnectionResult<E>> {
  const window = pageWindow(args, maxPageSize);
  const idColumn = `${qb.alias}.id`;
  const then = ordering.then ?? [];
  const columns = ordering.column ? [ordering.column, ...then.map((key) => key.column), idColumn] : [idColumn];
  const orderingKey = `${ordering.name}:${ordering.direction}`;
  const countQuery = qb.clone();

  applyWindow(qb, window, columns, orderingKey, ordering.direction);
  let rows: E[];
  try {
    rows = await getEntities(qb);
  } catch (error) {
    // A forged cursor value the column cannot hold ("abc" for a number, a bad date): PostgreSQL data exception, class 22.
    if (window.cursor && error instanceof QueryFailedError && /^22/.test((error.driverError as { code?: string }).code ?? '')) {
      throw badUserInput(window.cursorArgument, 'is not a cursor of this list');
    }
    throw error;
  }

  const cursorOf = (node: E) =>
    encodeCursor(
      orderingKey,
      ordering.column && ordering.value
        ? [cursorValue(ordering.value(node)), ...then.map((key) => cursorValue(key.value(node))), node.id]
        : [node.id],
    );
  let total: Promise<number> | undefined;
  return windowPage(rows, window, cursorOf, () => (total ??= countQuery.getCount()));
}

// ---------------------------------------------------------------- nested lists

/** A nested connection's page request for one parent, as a DataLoader key. */
export interface NestedPageKey<F = unknown> extends PageArgs {
  parentId: string;
  filter?: F | null;
}

/**
 * The rows of a child table a caller may see under a filter, for any parent:
 * the loader adds the parent condition on `parentExpression` itself.
 */
export type ChildQuery<E extends ObjectLiteral, F> = (filter: F | null | undefined) => SelectQueryBuilder<E>;

/** Nested connections are in id order, as BY_ID orders a top-level list. */
const NESTED_ORDERING = 'id:ASC';

/** What a nested page asks for besides its parent: keys of a batch that ask alike share one statement. */
function pageRequest(key: NestedPageKey): string {
  return JSON.stringify([key.first ?? null, key.after ?? null, key.last ?? null, key.before ?? null, key.filter ?? null]);
}

/**
 * A per-request loader of nested connections: the first N (or, with
 * last/before, the last N) children by id of every requested parent in one
 * SQL statement (a LATERAL subquery per parent), and their totalCount in one
 * more, only when asked for.
 */
export function nestedConnectionLoader<E extends ObjectLiteral & Identified, F>(
  childQuery: ChildQuery<E, F>,
  parentExpression: string,
  maxPageSize: number,
): (key: NestedPageKey<F>) => Promise<ConnectionResult<E>> {
  const counts = new DataLoader<{ parentId: string; filter?: F | null }, number, string>(
    observedBatch(`${parentExpression}.count`, (keys) => countNested(keys, childQuery, parentExpression)),
    { cacheKeyFn: (key) => JSON.stringify([key.parentId, key.filter ?? null]) },
  );
  const pages = new DataLoader<NestedPageKey<F>, ConnectionResult<E>, string>(
    observedBatch(parentExpression, (keys) =>
      loadNestedPages(keys, childQuery, parentExpression, maxPageSize, (key) =>
        counts.load({ parentId: key.parentId, filter: key.filter }),
      ),
    ),
    { cacheKeyFn: (key) => JSON.stringify([key.parentId, pageRequest(key)]) },
  );
  return (key) => pages.load(key);
}

async function loadNestedPages<E extends ObjectLiteral & Identified, F>(
  keys: readonly NestedPageKey<F>[],
  childQuery: ChildQuery<E, F>,
  parentExpression: string,
  maxPageSize: number,
  countFor: (key: NestedPageKey<F>) => Promise<number>,
): Promise<(ConnectionResult<E> | Error)[]> {
  const groups = new Map<string, NestedPageKey<F>[]>();
  for (const key of keys) {
    const request = pageRequest(key);
    groups.set(request, [...(groups.get(request) ?? []), key]);
  }
  const pages = new Map<NestedPageKey<F>, ConnectionResult<E> | Error>();
  for (const group of groups.values()) {
    try {
      const { window, childrenByParent } = await loadNestedGroup(group, childQuery, parentExpression, maxPageSize);
      for (const key of group) {
        const children = childrenByParent.get(key.parentId) ?? [];
        pages.set(key, windowPage(children, window, (node) => encodeCursor(NESTED_ORDERING, [node.id]), () => countFor(key)));
      }
    } catch (error) {
      // Page arguments out of range or a cursor of another list fail only the fields that passed them.
      for (const key of group) pages.set(key, error as Error);
    }
  }
  return keys.map((key) => pages.get(key)!);
}

/** The children of every parent of a group (one page request) in one statement, nearest the cursor first. */
async function loadNestedGroup<E extends ObjectLiteral & Identified, F>(
  group: NestedPageKey<F>[],
  childQuery: ChildQuery<E, F>,
  parentExpression: string,
  maxPageSize: number,
): Promise<{ window: Window; childrenByParent: Map<string, E[]> }> {
  const window = pageWindow(group[0], maxPageSize);
  const parentIds = [...new Set(group.map((key) => key.parentId))];

  // Per parent, the ids of its N + 1 children beyond the cursor: with an index on
  // (parent column, id) each is a short index range scan, however many children a parent has.
  // (Ranking all children of all parents with row_number() read every one of them.)
  const ranked = childQuery(group[0].filter);
  const alias = ranked.alias;
  const entity = ranked.expressionMap.mainAlias!.target;
  ranked.select(`${alias}.id`, 'ranked_id').andWhere(`${parentExpression} = parent.id`);
  const direction = applyWindow(ranked, window, [`${alias}.id`], NESTED_ORDERING, SortDirection.ASC);

  const rowsQuery = ranked.connection
    .createQueryBuilder(entity, 'child')
    .innerJoin(
      `(SELECT parent.id AS parent_id, page.ranked_id FROM unnest(CAST(:nestedParentIds AS bigint[])) AS parent (id) ` +
        `CROSS JOIN LATERAL (${ranked.getQuery()}) page)`,
      'ranked',
      'ranked.ranked_id = child.id',
    )
    .addSelect('ranked.parent_id', 'parent_id')
    .setParameters({ ...ranked.getParameters(), nestedParentIds: parentIds })
    .orderBy('ranked.parent_id')
    .addOrderBy('child.id', direction);
  const { entities, raw } = await getEntitiesAndRaw(rowsQuery as SelectQueryBuilder<E>);
  const childrenByParent = new Map<string, E[]>();
  raw.forEach((row, i) => {
    const parentId = String(row.parent_id);
    const children = childrenByParent.get(parentId);
    if (children) children.push(entities[i]);
    else childrenByParent.set(parentId, [entities[i]]);
  });
  return { window, childrenByParent };
}

async function countNested<E extends ObjectLiteral, F>(
  keys: readonly { parentId: string; filter?: F | null }[],
  childQuery: ChildQuery<E, F>,
  parentExpression: string,
): Promise<number[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const signature = JSON.stringify(key.filter ?? null);
    groups.set(signature, [...(groups.get(signature) ?? []), key.parentId]);
  }
  const counts = new Map<string, number>();
  for (const [signature, parentIds] of groups) {
    const filter = JSON.parse(signature) as F | null;
    const rows: { parent_id: string; count: string }[] = await childQuery(filter)
      .andWhere(`${parentExpression} = ANY(CAST(:countParentIds AS bigint[]))`, { countParentIds: [...new Set(parentIds)] })
      .select(parentExpression, 'parent_id')
      .addSelect('count(*)', 'count')
      .groupBy(parentExpression)
      .getRawMany();
    for (const row of rows) counts.set(`${signature}|${row.parent_id}`, Number(row.count));
  }
  return keys.map((key) => counts.get(`${JSON.stringify(key.filter ?? null)}|${key.parentId}`) ?? 0);
}
