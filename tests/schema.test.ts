import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSchema, printSchemaFile, printSubgraphFile } from '../src/schema';

const committed = (file: string) => readFileSync(path.join(__dirname, '..', file), 'utf8');

it('schema.graphql is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
  expect(printSchemaFile(await createSchema())).toBe(committed('schema.graphql'));
});

it('subgraph.graphql, the federation subgraph SDL, is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
  expect(await printSubgraphFile(await createSchema())).toBe(committed('subgraph.graphql'));
});
