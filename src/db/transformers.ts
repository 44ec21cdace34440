import { ValueTransformer } from 'typeorm';

/** bigint columns (money, R14) as TypeScript bigint; pg hands them over as strings. */
export const bigintTransformer: ValueTransformer = {
  from: (value: string | null) => (value == null ? null : BigInt(value)),
  to: (value: bigint | null | undefined) => (value == null ? value : value.toString()),
};
