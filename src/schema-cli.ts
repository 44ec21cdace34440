import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSchema, printSchemaFile } from './schema';

/** npm run schema: writes schema.graphql from the code. */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', '..', 'schema.graphql');
  writeFileSync(file, printSchemaFile(await createSchema()));
  console.log(`wrote ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
