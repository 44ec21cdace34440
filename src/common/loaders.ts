import DataLoader from 'dataloader';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { Scope } from '../auth/visibility';
import type { Principal } from '../auth/roles';
import { observedBatch } from '../metrics';

/** What every module's loader factory gets: one per request. */
export interface LoaderBase {
  db: DataSource;
  principal: Principal | null;
  maxPageSize: number;
}

/** Rows by id in one statement per batch, limited to what the caller may see (null otherwise). */
export function byIdLoader<E extends ObjectLiteral & { id: string }>(
  base: LoaderBase,
  entity: EntityTarget<E>,
  scope: Scope,
): DataLoader<string, E | null> {
  return new DataLoader(observedBatch(`${entityName(entity)}.byId`, async (ids) => {
    const qb = base.db.getRepository(entity).createQueryBuilder('row').where('row.id IN (:...ids)', { ids });
    const rows = await scope(qb, 'row', base.principal).getMany();
    const byId = new Map(rows.map((row) => [String(row.id), row]));
    return ids.map((id) => byId.get(id) ?? null);
  }));
}

/** All rows of a child table per parent id (for short, bounded lists such as an agreement's targets). */
export function childrenLoader<E extends ObjectLiteral & { id: string }>(
  base: LoaderBase,
  entity: EntityTarget<E>,
  parentColumn: string,
  parentOf: (row: E) => string,
  scope: Scope,
): DataLoader<string, E[]> {
  return new DataLoader(observedBatch(`${entityName(entity)}.${parentColumn}`, async (parentIds) => {
    const qb = base.db
      .getRepository(entity)
      .createQueryBuilder('row')
      .where(`row.${parentColumn} IN (:...parentIds)`, { parentIds })
      .orderBy('row.id');
    const rows = await scope(qb, 'row', base.principal).getMany();
    const byParent = new Map<string, E[]>();
    for (const row of rows) byParent.set(parentOf(row), [...(byParent.get(parentOf(row)) ?? []), row]);
    return parentIds.map((id) => byParent.get(id) ?? []);
  }));
}

function entityName(entity: EntityTarget<ObjectLiteral>): string {
  return typeof entity === 'function' ? entity.name : String(entity);
}
