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
  const columns = columnsOf(qb, mainAlias.name);
  // The constructor (entities take no arguments) gives every row of a class the same shape from the start.
  const Entity = mainAlias.metadata.target as new () => E;
  const entities = raw.map((row) => {
    const entity: Record<string, unknown> = new Entity();
    for (const { key, property, hydrate } of columns) {
      const value = row[key];
      if (value !== undefined) entity[property] = hydrate ? hydrate(value) : value;
    }
    return entity as E;
  });
  return { entities, raw };
}

/**
 * Column types whose values PostgresDriver.prepareHydratedValue passes on as pg parsed them (it only
 * applies their transformer); dates, timestamps and any other type go through the driver.
 */
const AS_PARSED = new Set<unknown>(['text', 'char', 'bigint', 'integer', 'smallint', 'numeric', 'boolean', 'jsonb']);

interface ColumnRead {
  /** The raw result column, e.g. `row_agreement_id`. */
  key: string;
  property: string;
  /** The driver's hydration and the column's transformer; null when the value is the entity's as it is. */
  hydrate: ((value: unknown) => unknown) | null;
}

/** How each column of the entity is read, worked out once per entity and alias. */
const columnReads = new WeakMap<object, Map<string, ColumnRead[]>>();

function columnsOf<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, alias: string): ColumnRead[] {
  const { metadata } = qb.expressionMap.mainAlias!;
  if (metadata.embeddeds.length > 0 || metadata.discriminatorColumn || metadata.lazyRelations.length > 0) {
    throw new Error(`${metadata.name} has embedded columns, inheritance or lazy relations: read it with getMany()`);
  }
  let byAlias = columnReads.get(metadata);
  if (!byAlias) columnReads.set(metadata, (byAlias = new Map()));
  let columns = byAlias.get(alias);
  if (!columns) {
    const driver = qb.connection.driver;
    columns = metadata.columns.map((column: ColumnMetadata) => ({
      key: DriverUtils.buildAlias(driver, undefined, alias, column.databaseName),
      property: column.propertyName,
      hydrate: column.transformer || !AS_PARSED.has(column.type) ? (value: unknown) => driver.prepareHydratedValue(value, column) : null,
    }));
    byAlias.set(alias, columns);
  }
  return columns;
}
