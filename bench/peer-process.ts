/**
 * The side-by-side peer of `npm run bench -- --peer`: PostGraphile v5 over the
 * bench's database, as a team that wanted only reads would run it next to this
 * API. Started by bench/peer.ts as `node dist/bench/peer-process.js` with
 * PEER_DATABASE_URL, PEER_PORT, PEER_POOL_SIZE and PEER_APPLICATION_NAME set.
 *
 * Production-like: NODE_ENV=production, the Amber preset without its
 * mutations, no GraphiQL, no explain, no watch. Its pool carries its own
 * application_name so that the bench can tell its PostgreSQL backends from
 * the API's. It connects as the bench's API does, so both see every row.
 */
import './promise-with-resolvers';
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const port = Number(required('PEER_PORT'));
  const pgl = postgraphile({
    extends: [PostGraphileAmberPreset],
    // Reads only: the comparison is about queries.
    disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin', 'MutationPayloadQueryPlugin', 'PgMutationPayloadEdgePlugin'],
    pgServices: [
      makePgService({
        connectionString: required('PEER_DATABASE_URL'),
        schemas: ['public'],
        pubsub: false,
        poolConfig: { max: Number(required('PEER_POOL_SIZE')), application_name: required('PEER_APPLICATION_NAME') },
      }),
    ],
    grafserv: { port, graphiql: false, watch: false, websockets: false },
    grafast: { explain: false },
  });
  const server = createServer();
  await pgl.createServ(grafserv).addTo(server, false);
  // Builds the schema (introspection) now rather than on the first request.
  await pgl.getSchema();
  server.listen(port, '127.0.0.1', () => console.log(`peer listening on ${port}`));
  const stop = () => {
    server.close();
    void Promise.resolve(pgl.release()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
