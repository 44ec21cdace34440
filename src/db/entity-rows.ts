import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/**
 * The rows of a plain select of one entity (no joined entity selected, as the
 * loaders and lists build them) as instances of the entity class, with the
 * values getMany() gives: each column through the driver's hydration and the
 * column's transformer (bigint money, timestamps). TypeORM's general
 * transformer also groups the rows by primary key and walks joins, embedded
 * columns and relation ids for every row, which such a select never has;
 * on issue 15's first shape (about 830 rows) that was a tenth of the CPU.
 */
export async function getEntities<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): Promise<E[]> {
  return (await getEntitiesAndRaw(qb)).entities;
}

/** getEntities with the raw rows too, for selects that add columns of their own (a nested page's parent id). */
export async function getEntitiesAndRaw<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
): Promise<{ entities: E[]; raw: Record<string, unknown>[] }> {
  const raw: Record<string, unknown>[] = await qb.getRawMany();
  const mainAlias = qb.expressionMap.mainAlias!;
  const { metadata } = mainAlias;
  const driver = qb.connection.driver;
  const columns = columnsOf(qb, mainAlias.name);
  // The constructor (entities take no arguments) gives every row of a class the same shape from the start.
  const Entity = metadata.target as new () => E;
  const entities = raw.map((row) => {
    const entity: Record<string, unknown> = new Entity();
    for (const { key, column } of columns) {
      const value = row[key];
      if (value !== undefined) entity[column.propertyName] = driver.prepareHydratedValue(value, column);
    }
    return entity as E;
  });
  return { entities, raw };
}

/** Each column of the entity with the name of its raw result column (`row_agreement_id`), worked out once per alias. */
const columnKeys = new WeakMap<object, Map<string, { key: string; column: ColumnMetadata }[]>>();

function columnsOf<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string): { key: string; column: ColumnMetadata }[] {
  const { metadata } = qb.expressionMap.mainAlias!;
  if (metadata.embeddeds.length > 0 || metadata.discriminatorColumn || metadata.lazyRelations.length > 0) {
    throw new Error(`${metadata.name} has embedded columns, inheritance or lazy relations: read it with getMany()`);
  }
  let byAlias = columnKeys.get(metadata);
  if (!byAlias) columnKeys.set(metadata, (byAlias = new Map()));
  let columns = byAlias.get(alias);
  if (!columns) {
    columns = metadata.columns.map((column) => ({ key: DriverUtils.buildAlias(qb.connection.driver, undefined, alias, column.databaseName), column }));
    byAlias.set(alias, columns);
  }
  return columns;
}
