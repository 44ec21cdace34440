import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  DirectiveNode,
  DocumentNode,
  GraphQLObjectType,
  GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  lexicographicSortSchema,
  parse,
  printSchema,
  visit,
} from 'graphql';
import { createResolversMap } from 'type-graphql';
import type { NodeType } from './common/global-id';
import type { NodeDefinition } from './common/module';
import { createEntitiesResolvers } from './common/node.resolver';

type SchemaModule = Exclude<Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number], DocumentNode>;

/**
 * The Federation 2 version the subgraph links: the lowest with what it uses
 * (@key), so that a bank's gateway or router of any Federation 2 release
 * composes it.
 */
const FEDERATION_LINK = parse('extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])');

const KEY_BY_GLOBAL_ID: DirectiveNode = {
  kind: Kind.DIRECTIVE,
  name: { kind: Kind.NAME, value: 'key' },
  arguments: [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'fields' }, value: { kind: Kind.STRING, value: 'id' } }],
};

/** The SDL with @key(fields: "id") on every Node type: each is an entity, keyed by its global id. */
function withEntityKeys(document: DocumentNode, nodeTypes: string[]): DocumentNode {
  const entities = new Set(nodeTypes);
  return visit(document, {
    ObjectTypeDefinition(node) {
      return entities.has(node.name.value) ? { ...node, directives: [...(node.directives ?? []), KEY_BY_GLOBAL_ID] } : undefined;
    },
  });
}

/** What a caller meets in the served schema (GraphiQL) beside the API schema, described as the rest of the API is. */
const FEDERATION_DESCRIPTIONS: Record<string, string> = {
  'Query._entities':
    'For a federation gateway: the entities it references, each { __typename, id } with a Node type and its global id, in the order given; ' +
    'null for each one not found or not visible to the caller.',
  'Query._service': "For a federation gateway: this subgraph's SDL, as in subgraph.graphql.",
  _Any: 'A reference to an entity: { __typename, id } with a Node type and its global id.',
};

/**
 * The API's type-graphql schema as an Apollo Federation 2 subgraph, the one
 * schema the server serves: the same types, descriptions and resolvers (with
 * their @Authorized checks), every Node type an entity keyed by its global id,
 * and Query._service (the subgraph SDL a gateway composes) and
 * Query._entities (createEntitiesResolvers) beside them.
 *
 * buildSubgraphSchema takes SDL and resolvers, which type-graphql hands over
 * as its federation examples do (createResolversMap). What else type-graphql
 * put on a field, its extensions (a plain list's maxItems, which the query
 * cost reads), is carried over here.
 */
export function subgraphSchema(schema: GraphQLSchema, nodes: Record<NodeType, NodeDefinition>): GraphQLSchema {
  // Sorted, so that the subgraph SDL changes only when the API does, as schema.graphql.
  const typeDefs = withEntityKeys(parse(printSchema(lexicographicSortSchema(schema))), Object.keys(nodes));
  const subgraph = buildSubgraphSchema([
    { typeDefs: FEDERATION_LINK, resolvers: createEntitiesResolvers(nodes) },
    // The same resolver map, typed differently by the two libraries.
    { typeDefs, resolvers: createResolversMap(schema) as SchemaModule['resolvers'] },
  ]);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type)) continue;
    const fields = (subgraph.getType(type.name) as typeof type).getFields();
    for (const field of Object.values(type.getFields())) {
      if (Object.keys(field.extensions).length > 0) fields[field.name].extensions = field.extensions;
    }
  }
  for (const [coordinate, description] of Object.entries(FEDERATION_DESCRIPTIONS)) {
    const [typeName, fieldName] = coordinate.split('.');
    const type = subgraph.getType(typeName)!;
    if (!fieldName) type.description = description;
    else if (isObjectType(type)) type.getFields()[fieldName].description = description;
  }
  return subgraph;
}

/** Names federation brings (_Any, _Entity, _Service, federation__FieldSet, link__Import, ...): the API's own never start with "_" or hold "__". */
const isFederationName = (name: string) => name.startsWith('_') || name.includes('__') || name === 'key' || name === 'link';

/**
 * The API schema: the subgraph without what it has for gateways only
 * (Query._entities and Query._service, their types, the @link and @key
 * definitions). It is what clients see, here or through a gateway, whose API
 * schema drops them as well; schema.graphql is its printout.
 */
export function apiSchema(schema: GraphQLSchema): GraphQLSchema {
  const config = schema.toConfig();
  const query = schema.getQueryType()!.toConfig();
  const fields = Object.fromEntries(Object.entries(query.fields).filter(([name]) => !isFederationName(name)));
  return new GraphQLSchema({
    ...config,
    query: new GraphQLObjectType({ ...query, fields }),
    types: config.types.filter((type) => type.name !== query.name && !isFederationName(type.name)),
    directives: config.directives.filter((directive) => !isFederationName(directive.name)),
  });
}
