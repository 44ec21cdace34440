// relay-compiler: the committed schema, the API's scalars as they travel, and global ids for node(id:) refetches.
module.exports = {
  src: './src',
  schema: './schema.graphql',
  language: 'typescript',
  customScalarTypes: {
    Won: 'string',
    Date: 'string',
    DateTime: 'string',
    JSON: 'unknown',
  },
  // Every id is a global id: Relay's store keys records by it and refetches through Query.node.
  schemaConfig: { nodeInterfaceIdField: 'id' },
};
