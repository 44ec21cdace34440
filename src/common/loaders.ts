import DataLoader from 'dataloader';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Principal } from '../auth/roles';
import type { VisibleTable } from '../auth/visibility';
import { getEntities } from '../db/entity-rows';
import { observedBatch } from '../metrics';

/** What every module's loader factory gets: one per request. */
export interface LoaderBase {
  db: DataSource;
  principal: Principal | null;
  maxPageSize: number;
}

/**
 * One request's DataLoaders. A module's set is made the first time the
 * request asks for it, so no central list has to name every module, and a
 * request that never reads agreements never builds their loaders.
 */
export class RequestLoaders {
  private readonly sets = new Map<symbol, unknown>();

  constructor(readonly base: LoaderBase) {}

  /** The set `create` makes, built once per request under `key`. */
  setOf<L>(key: symbol, create: (base: LoaderBase) => L): L {
    let set = this.sets.get(key) as L | undefined;
    if (set === undefined) {
      set = create(this.base);
      this.sets.set(key, set);
    }
    return set;
  }
}

/**
 * A module's DataLoaders: `agreementLoaders(ctx).byId.load(id)` reads through
 * the request's own instance of them (per-request batching and caching).
 */
export function defineLoaders<L>(create: (base: LoaderBase) => L): (scope: { loaders: RequestLoaders }) => L {
  const key = Symbol(create.name || 'loaders');
  return (scope) => scope.loaders.setOf(key, create);
}

/** Rows by id in one statement per batch, limited to what the caller may see (null otherwise). */
export function byIdLoader<E extends ObjectLiteral & { id: string }>(base: LoaderBase, table: VisibleTable<E>): DataLoader<string, E | null> {
  return new DataLoader(observedBatch(`${entityName(table.entity)}.byId`, async (ids) => {
    const qb = base.db.getRepository(table.entity).createQueryBuilder('row').where('row.id = ANY(CAST(:ids AS bigint[]))', { ids });
    const rows = await getEntities(table.scope(qb, 'row', base.principal));
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return ids.map((id) => byId.get(id) ?? null);
  }));
}

/** All rows of a child table per parent id (for short, bounded lists such as an agreement's targets). */
export function childrenLoader<E extends ObjectLiteral & { id: string }>(
  base: LoaderBase,
  table: VisibleTable<E>,
  parentColumn: string,
  parentOf: (row: E) => string,
): DataLoader<string, E[]> {
  return new DataLoader(observedBatch(`${entityName(table.entity)}.${parentColumn}`, async (parentIds) => {
    const qb = base.db
      .getRepository(table.entity)
      .createQueryBuilder('row')
      .where(`row.${parentColumn} = ANY(CAST(:parentIds AS bigint[]))`, { parentIds })
      .orderBy('row.id');
    const rows = await getEntities(table.scope(qb, 'row', base.principal));
    const byParent = new Map<string, E[]>();
    for (const row of rows) {
      const siblings = byParent.get(parentOf(row));
      if (siblings) siblings.push(row);
      else byParent.set(parentOf(row), [row]);
    }
    return parentIds.map((id) => byParent.get(id) ?? []);
  }));
}

function entityName(entity: EntityTarget<ObjectLiteral>): string {
  return typeof entity === 'function' ? entity.name : String(entity);
}
