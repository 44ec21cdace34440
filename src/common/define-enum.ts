import { registerEnumType } from 'type-graphql';

/** The values of an enum made by defineEnum: `type Role = EnumValue<typeof Role>`. */
export type EnumValue<E> = E[keyof E];

/**
 * A GraphQL enum whose values are their own names, each written once with its
 * description: `Role.ADMIN === 'ADMIN'`, as a string enum, and usable wherever
 * one is (type-graphql, class-validator's IsEnum, Object.values).
 */
export function defineEnum<const K extends string>(
  name: string,
  description: string,
  values: Record<K, string>,
): { readonly [V in K]: V } {
  const keys = Object.keys(values) as K[];
  const enumObject = Object.freeze(Object.fromEntries(keys.map((key) => [key, key]))) as { readonly [V in K]: V };
  registerEnumType(enumObject, {
    name,
    description,
    valuesConfig: Object.fromEntries(keys.map((key) => [key, { description: values[key] }])) as never,
  });
  return enumObject;
}
