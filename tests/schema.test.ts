import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getNamedType, GraphQLID, isInputObjectType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { nodeIdFields } from '../src/common/ids';
import { createSchema, printSchemaFile, printSubgraphFile } from '../src/schema';

const committed = (file: string) => readFileSync(path.join(__dirname, '..', file), 'utf8');

it('schema.graphql is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
  expect(printSchemaFile(await createSchema())).toBe(committed('schema.graphql'));
});

it('subgraph.graphql, the federation subgraph SDL, is exactly what the code generates (run `npm run schema` after changing the API)', async () => {
  expect(await printSubgraphFile(await createSchema())).toBe(committed('subgraph.graphql'));
});

it('every ID field of an input type names the node type its resolver decodes it to (IdField or NodeId)', async () => {
  const schema = await createSchema();
  const classes = new Map(getMetadataStorage().inputTypes.map((input) => [input.name, input.target]));
  const undeclared: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
    const declared = nodeIdFields(classes.get(type.name)!);
    for (const field of Object.values(type.getFields())) {
      if (getNamedType(field.type) === GraphQLID && !declared[field.name]) undeclared.push(`${type.name}.${field.name}`);
    }
  }
  // The audit trail records global ids of any type, so its filter compares them as they are.
  expect(undeclared).toEqual(['AuditEventFilter.entityId']);
});
