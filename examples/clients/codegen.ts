import type { CodegenConfig } from '@graphql-codegen/cli';

/** graphql-codegen: TypeScript types for the schema and the operations, with the API's scalars as they travel. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/*.graphql', 'examples/clients/*.graphql'],
  generates: {
    'src/generated/graphql.ts': {
      plugins: ['typescript-operations'],
      config: {
        // A scalar without a mapping is an error, not `any`.
        strictScalars: true,
        scalars: {
          Won: 'string', // whole won as a decimal string ("150000000"): never a number, see docs/clients.md#won
          Date: 'string', // "2026-03-31"
          DateTime: 'string', // "2026-03-31T09:00:00.000Z"
          JSON: 'unknown',
        },
      },
    },
  },
};

export default config;
