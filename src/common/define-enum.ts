import { registerEnumType } from 'type-graphql';

/** The values of an enum made by defineEnum: `type Role = EnumValue<typeof Role>`. */
export type EnumValue<E> = E[keyof E];

/**
 * A GraphQL enum whose values are their own names, each written once (with
 * its description, where it needs one): `Role.ADMIN === 'ADMIN'`, as a string
 * enum, and usable wherever one is (type-graphql, class-validator's IsEnum,
 * Object.values).
 */
export function defineEnum<const K extends string>(name: string, description: string, values: readonly K[]): { readonly [V in K]: V };
export function defineEnum<const K extends string>(name: string, description: string, values: Record<K, string>): { readonly [V in K]: V };
export function defineEnum(name: string, description: string, values: readonly string[] | Record<string, string>): Record<string, string> {
  const described = Array.isArray(values) ? null : (values as Record<string, string>);
  const keys = described ? Object.keys(described) : (values as readonly string[]);
  const enumObject = Object.freeze(Object.fromEntries(keys.map((key) => [key, key])));
  const valuesConfig = described ? Object.fromEntries(keys.map((key) => [key, { description: described[key] }])) : undefined;
  registerEnumType(enumObject, { name, description, valuesConfig });
  return enumObject;
}
