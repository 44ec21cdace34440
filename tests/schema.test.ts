import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createSchema, printSchemaFile } from '../src/schema';

it('schema.graphql is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
  const committed = readFileSync(path.join(__dirname, '..', 'schema.graphql'), 'utf8');
  expect(printSchemaFile(await createSchema())).toBe(committed);
});
