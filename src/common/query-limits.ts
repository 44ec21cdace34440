import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  DocumentNode,
  getNamedType,
  GraphQLError,
  GraphQLOutputType,
  GraphQLSchema,
  isLeafType,
  isListType,
  isNonNullType,
  ParseOptions,
  ValidationRule,
} from 'graphql';
import { ComplexityEstimator, getComplexity } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from './connection';

/**
 * Limits every operation gets before it runs. Shapes (depth, aliases,
 * directives, tokens) are checked by graphql-armor during validation; the cost,
 * which depends on page sizes in variables, once the operation is resolved.
 */
export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  /** Field suggestions ("Did you mean ...?") reveal the schema; off when introspection is. */
  blockFieldSuggestions: boolean;
}

/**
 * How long a plain list of objects can be: its field's `maxItems` extension, a
 * bound kept where its rows are written (src/common/list-limits.ts). Every
 * such field declares one (tests/query-limits.test.ts checks the schema).
 */
function listBound(field: { extensions?: Readonly<Record<string, unknown>> | null }): number | null {
  const maxItems = field.extensions?.maxItems;
  return typeof maxItems === 'number' ? maxItems : null;
}

/** Only for a list that would lack a bound despite the schema test: counted as long as the longest page. */
const UNBOUNDED_LIST_LENGTH = 100;

const WRAPPER_TYPE = /(Connection|Edge)$|^PageInfo$/;

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/**
 * The cost of an operation is the number of objects its response can hold:
 * a connection multiplies its items by `first`/`last` (default 20), nodes(ids:)
 * by the number of ids, a federation gateway's _entities(representations:) by
 * the number of representations, a plain list by its bound (listBound); scalars
 * are free, and the Connection/Edge/PageInfo wrappers are not objects of their own.
 */
const objectCountEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const named = getNamedType(field.type);
  // Introspection answers describe the schema, whose size is fixed (and introspection is off in production).
  if (isLeafType(named) || named.name.startsWith('__')) return 0;
  const objectCost = WRAPPER_TYPE.test(named.name) ? 0 : 1;
  let multiplier = 1;
  if (/Connection$/.test(named.name)) multiplier = args.first ?? args.last ?? DEFAULT_PAGE_SIZE;
  else if (Array.isArray(args.ids)) multiplier = args.ids.length;
  else if (Array.isArray(args.representations)) multiplier = args.representations.length;
  else if (isList(field.type) && !/Connection$|Edge$/.test(type.name)) multiplier = listBound(field) ?? UNBOUNDED_LIST_LENGTH;
  return Math.max(0, Number(multiplier) || 0) * (objectCost + childComplexity);
};

export function queryLimitRules(limits: QueryLimits): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
  parseOptions: ParseOptions;
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: limits.maxAliases, allowList: [] },
    maxDirectives: { n: limits.maxDirectives },
    // graphql-armor's token limit parses in Apollo's parsingDidStart hook, where any syntax error
    // (not just too many tokens) escapes as HTTP 500; graphql-js's own limit is an ordinary 400 syntax error.
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: limits.blockFieldSuggestions },
  }).protect();
  return { validationRules: armor.validationRules, plugins: armor.plugins, parseOptions: { maxTokens: limits.maxTokens } };
}

/** Throws QUERY_TOO_COMPLEX when the operation could return more than maxCost objects. */
export function assertQueryCost(
  operation: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variables?: Record<string, unknown> | null },
  maxCost: number,
): void {
  let cost: number;
  try {
    cost = getComplexity({
      schema: operation.schema,
      query: operation.document,
      operationName: operation.operationName ?? undefined,
      variables: operation.variables ?? {},
      estimators: [objectCountEstimator],
    });
  } catch {
    // Variables that do not coerce (e.g. "2026-02-30" as a Date): execution answers that with BAD_USER_INPUT.
    return;
  }
  if (cost > maxCost) {
    throw new GraphQLError(
      `This query could return ${cost} objects, more than the limit of ${maxCost}: ask for smaller pages (first/last) or fewer nested lists`,
      { extensions: { code: 'QUERY_TOO_COMPLEX', cost, maxCost, http: { status: 400 } } },
    );
  }
}

/**
 * The longest list a variable may hold. Lists in the document itself are
 * bounded by MAX_QUERY_TOKENS; a variable's are not, and a filter of 70,000
 * values would exceed PostgreSQL's 65,535 bind parameters. The longest list
 * the API takes is far shorter (nodes(ids:) takes MAX_PAGE_SIZE).
 */
const MAX_VARIABLE_LIST_LENGTH = 1000;

/** BAD_USER_INPUT naming the variable's path when one of its lists is longer than MAX_VARIABLE_LIST_LENGTH. */
export function assertVariableListSizes(variables: Record<string, unknown> | null | undefined): void {
  const visit = (value: unknown, path: string): void => {
    if (Array.isArray(value)) {
      if (value.length > MAX_VARIABLE_LIST_LENGTH) {
        // Refused before execution, so the HTTP status is set here as for QUERY_TOO_COMPLEX.
        throw new GraphQLError(`${path}: a list may hold at most ${MAX_VARIABLE_LIST_LENGTH} values; got ${value.length}`, {
          extensions: { code: 'BAD_USER_INPUT', argument: path, http: { status: 400 } },
        });
      }
      value.forEach((item, i) => visit(item, `${path}[${i}]`));
    } else if (value && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
    }
  };
  for (const [name, value] of Object.entries(variables ?? {})) visit(value, `$${name}`);
}

/** Rejects, before execution, an operation whose cost exceeds the limit or whose variables hold overlong lists. */
export function queryCostPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          assertVariableListSizes(request.variables);
          assertQueryCost({ schema, document, operationName: request.operationName, variables: request.variables }, maxCost);
        },
      };
    },
  };
}
