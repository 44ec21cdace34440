import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createSchema, printSchemaFile, printSubgraphFile } from './schema';

/** npm run schema: writes schema.graphql and subgraph.graphql from the code. */
async function main(): Promise<void> {
  const schema = await createSchema();
  const root = path.resolve(__dirname, '..', '..');
  for (const [name, sdl] of [
    ['schema.graphql', printSchemaFile(schema)],
    ['subgraph.graphql', await printSubgraphFile(schema)],
  ]) {
    const file = path.join(root, name);
    writeFileSync(file, sdl);
    console.log(`wrote ${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
