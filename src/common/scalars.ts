import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';

/** R14: whole won up to 10^15. */
export const MAX_WON = 10n ** 15n;
const WON_PATTERN = /^(0|[1-9][0-9]*)$/;

function parseWon(value: unknown): bigint {
  if (typeof value !== 'string') {
    throw new GraphQLError('Won must be a decimal string of whole won, e.g. "150000000"');
  }
  if (!WON_PATTERN.test(value)) {
    throw new GraphQLError(`Won must be a non-negative whole number of won without sign, separators or decimals; got "${value.slice(0, 40)}"`);
  }
  const won = BigInt(value);
  if (won > MAX_WON) throw new GraphQLError(`Won must be at most 1000000000000000 (10^15); got ${value}`);
  return won;
}

/** Whole Korean won, exact: bigint inside, decimal string on the wire. The only place money becomes a string. */
export const WonScalar = new GraphQLScalarType<bigint, string>({
  name: 'Won',
  description:
    'Whole Korean won, exact. Serialized as a decimal string ("150000000") so that no client parses it into a float. ' +
    'Input accepts the same string form; negative, fractional, non-numeric or > 10^15 values are rejected.',
  // No public scalar specification fits, and the API has no public address of its own: the format is
  // defined in this repository (docs/clients.md, section "Won"), so the URL is relative to its root.
  specifiedByURL: 'docs/clients.md#won',
  serialize(value) {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'string' && WON_PATTERN.test(value)) return value;
    throw new GraphQLError('Won can only serialize a bigint');
  },
  parseValue: parseWon,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Won must be a decimal string of whole won, e.g. "150000000"');
    return parseWon(ast.value);
  },
});

/** ISO-8601 calendar date ("2026-03-31"), kept as a string so no time zone can shift it. */
export const DateScalar = new GraphQLScalarType({
  ...LocalDateResolver.toConfig(),
  name: 'Date',
  description: 'ISO-8601 calendar date, e.g. "2026-03-31".',
  // For code generators and clients: the same format as the GraphQL Scalars project's LocalDate.
  specifiedByURL: 'https://scalars.graphql.org/andimarek/local-date.html',
});

export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description: 'ISO-8601 instant with offset, e.g. "2026-03-31T09:00:00.000Z".',
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time.html',
});

export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description: 'Arbitrary JSON; used only for audit change sets.',
});
