/**
 * How the layers of src/ may depend on each other (issue 11). The order, from
 * the bottom: config and pure code -> db -> auth/visibility -> module queries
 * and loaders -> context -> mutation runner -> services -> resolvers -> server.
 * tests/architecture.test.ts runs these rules in `npm test`; `npx depcruise src`
 * prints the same report.
 *
 * Type-only imports count (tsPreCompilationDeps): they compile away, but a
 * lower layer that names a type of a higher one depends on it all the same.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle means some layer depends on one above it.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'loaders-and-queries-below-services',
      comment:
        'Loaders and queries read; services build on them. Reaching a service or a resolver, even through another file, turns the layers around.',
      severity: 'error',
      from: { path: '(^|[./])(loaders|queries)[.]ts$' },
      to: { path: '[.](service|resolver)[.]ts$', reachable: true },
    },
    {
      // Through another file too: config.ts once reached context.ts through the
      // persisted-operations module without importing it. Resolvers kept in
      // common/ (node.resolver.ts) sit above the context by nature.
      name: 'config-and-common-below-context',
      comment: 'Configuration and pure code must load without the request context, the server or its plugins.',
      severity: 'error',
      from: { path: '^src/(config[.]ts$|common/)', pathNot: '[.]resolver[.]ts$' },
      to: { path: '^src/((context|server)[.]ts$|plugins/)', reachable: true },
    },
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
