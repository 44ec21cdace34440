import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApolloClient, HttpLink } from '@apollo/client';
import { firstValueFrom } from 'rxjs';
import { filter } from 'rxjs/operators';
import { DocumentNode, Kind, OperationDefinitionNode, parse } from 'graphql';
import { createCache } from '../examples/clients/apollo-cache';
import codegenConfig from '../examples/clients/codegen';
import { Actors, startWithActors } from './support/actors';
import { TestApp } from './support/test-app';

/**
 * The recipes of docs/clients.md, run: each code block there that names a file
 * under examples/clients/ is that file, and the tests below use the files.
 */
const root = path.join(__dirname, '..');
const guide = readFileSync(path.join(root, 'docs', 'clients.md'), 'utf8');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The operation of that name from a file of several (Apollo Client takes one operation per document). */
function operation(file: string, name: string): DocumentNode {
  const document = parse(read(file));
  const found = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === name,
  );
  if (!found) throw new Error(`${file} has no operation ${name}`);
  return { kind: Kind.DOCUMENT, definitions: [found, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)] };
}

it('docs/clients.md shows each recipe file as it is', () => {
  const blocks = [...guide.matchAll(/^```\w+ (examples\/clients\/[\w.-]+)\n([\s\S]*?)^```$/gm)];
  expect(blocks.map((block) => block[1]).sort()).toEqual(
    ['examples/clients/apollo-cache.ts', 'examples/clients/codegen.ts', 'examples/clients/paging.graphql', 'examples/clients/relay.config.js'].sort(),
  );
  for (const [, file, body] of blocks) expect({ file, body }).toEqual({ file, body: read(file) });
});

it('README.md links docs/clients.md', () => {
  expect(read('README.md')).toContain('](docs/clients.md)');
});

describe('Apollo Client in Node with the documented cache', () => {
  let app: TestApp;
  let actors: Actors;
  let requests: string[];
  beforeAll(async () => {
    ({ app, actors } = await startWithActors({ seed: true }));
  }, 120_000);
  afterAll(() => app?.close());

  const ActivityPages = operation('examples/clients/paging.graphql', 'ActivityPages');
  const ActivityById = operation('examples/clients/paging.graphql', 'ActivityById');

  function client(): ApolloClient {
    requests = [];
    const counting: typeof fetch = (input, init) => {
      requests.push(JSON.parse(String(init?.body)).operationName);
      return fetch(input, init);
    };
    return new ApolloClient({
      link: new HttpLink({ uri: app.url, fetch: counting, headers: { authorization: `Bearer ${actors.kosme}` } }),
      cache: createCache(),
    });
  }

  /** The first `count` activity ids in list order, straight from the server. */
  async function listed(count: number): Promise<string[]> {
    const res = await app.gql(`{ improvementActivities(first: ${count}) { totalCount nodes { id } } }`, {}, actors.kosme);
    expect(res.data.improvementActivities.totalCount).toBeGreaterThanOrEqual(count);
    return res.data.improvementActivities.nodes.map((node: { id: string }) => node.id);
  }

  it('pages forward with fetchMore(after): edges accumulate, nodes holds the last page only', async () => {
    const all = await listed(10);
    const apollo = client();
    const query = apollo.watchQuery({ query: ActivityPages, variables: { first: 5 } });
    const subscription = query.subscribe(() => undefined);
    const first: any = await firstValueFrom(query.pipe(filter((result) => !result.loading)));
    expect(first.data.improvementActivities.edges.map((edge: any) => edge.node.id)).toEqual(all.slice(0, 5));
    await query.fetchMore({ variables: { after: first.data.improvementActivities.pageInfo.endCursor } });

    const cached: any = apollo.readQuery({ query: ActivityPages, variables: { first: 5 } });
    expect(cached.improvementActivities.edges.map((edge: any) => edge.node.id)).toEqual(all);
    expect(cached.improvementActivities.pageInfo.hasPreviousPage).toBe(false);
    // nodes is kept as the last response had it: the second page, not the list.
    expect(cached.improvementActivities.nodes.map((node: any) => node.id)).toEqual(all.slice(5, 10));
    expect(requests).toEqual(['ActivityPages', 'ActivityPages']);
    subscription.unsubscribe();
  });

  it('pages backward with fetchMore(before) from the end: edges accumulate in list order', async () => {
    const res = await app.gql('{ improvementActivities(last: 10) { nodes { id } } }', {}, actors.kosme);
    const tail: string[] = res.data.improvementActivities.nodes.map((node: { id: string }) => node.id);
    expect(tail).toHaveLength(10);
    const apollo = client();
    const query = apollo.watchQuery({ query: ActivityPages, variables: { last: 5 } });
    const subscription = query.subscribe(() => undefined);
    const last: any = await firstValueFrom(query.pipe(filter((result) => !result.loading)));
    expect(last.data.improvementActivities.edges.map((edge: any) => edge.node.id)).toEqual(tail.slice(5));
    expect(last.data.improvementActivities.pageInfo.hasNextPage).toBe(false);
    await query.fetchMore({ variables: { before: last.data.improvementActivities.pageInfo.startCursor } });

    const cached: any = apollo.readQuery({ query: ActivityPages, variables: { last: 5 } });
    expect(cached.improvementActivities.edges.map((edge: any) => edge.node.id)).toEqual(tail);
    expect(cached.improvementActivities.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(cached.improvementActivities.nodes.map((node: any) => node.id)).toEqual(tail.slice(0, 5));
    subscription.unsubscribe();
  });

  it('node(id:) reads an object another query fetched from the cache, without a request', async () => {
    const apollo = client();
    const page: any = await apollo.query({ query: ActivityPages, variables: { first: 3 } });
    const activity = page.data.improvementActivities.edges[1].node;
    const byId: any = await apollo.query({ query: ActivityById, variables: { id: activity.id } });
    expect(byId.data.node).toEqual(activity);
    expect(requests).toEqual(['ActivityPages']);

    // An id the cache has not seen goes to the server.
    const other = (await listed(5))[4];
    const fetched: any = await apollo.query({ query: ActivityById, variables: { id: other } });
    expect(fetched.data.node.id).toBe(other);
    expect(requests).toEqual(['ActivityPages', 'ActivityById']);
  });
});

describe('graphql-codegen with the documented config', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rbf-codegen-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('types the example operations with strict scalars, and tsc checks code that uses them', async () => {
    const [[, output]] = Object.entries(codegenConfig.generates);
    // The CLI's programmatic generate(), in a Node process of its own: its ESM dependencies do not load under Jest's module system.
    const options = { ...codegenConfig, cwd: root, silent: true, generates: { [path.join(dir, 'graphql.ts')]: output } };
    const codegen = spawnSync(
      process.execPath,
      ['-e', "require('@graphql-codegen/cli').generate(JSON.parse(process.argv[1]), true).catch((e) => { console.error(e); process.exit(1); })", JSON.stringify(options)],
      { cwd: root, encoding: 'utf8' },
    );
    expect(codegen.stderr).toBe('');
    expect(codegen.status).toBe(0);
    const types = readFileSync(path.join(dir, 'graphql.ts'), 'utf8');
    expect(types).toMatch(/baseAmount: string/);
    expect(types).not.toMatch(/[:<] ?any\b/);

    writeFileSync(
      path.join(dir, 'use.ts'),
      `import type { AgreementDashboardQuery, ActivityPagesQuery, EvaluationDetailQuery, VerifyActivityMutation } from './graphql';
declare const dashboard: AgreementDashboardQuery;
declare const pages: ActivityPagesQuery;
declare const evaluation: EvaluationDetailQuery;
declare const verified: VerifyActivityMutation;
const agreement = dashboard.fundingAgreements.nodes[0];
export const amount: string = agreement.baseAmount;
export const startsOn: string = agreement.startsOn;
// @ts-expect-error Won is a decimal string, never a number
export const asNumber: number = agreement.baseAmount;
export const titles: string[] = pages.improvementActivities.edges.map((edge) => edge.node.title);
export const payout: string | null | undefined = evaluation.node && 'payout' in evaluation.node ? evaluation.node.payout : undefined;
export const verifier: string | undefined = verified.verifyImprovementActivity.improvementActivity?.verifiedBy?.id;
`,
    );
    const tsc = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '--noEmit', '--strict', '--target', 'ES2022', '--module', 'node20', '--skipLibCheck', path.join(dir, 'use.ts')],
      { encoding: 'utf8' },
    );
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});

describe('relay-compiler with the documented config', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rbf-relay-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles a Relay query and a pagination fragment over the schema, with the scalars as strings', () => {
    writeFileSync(path.join(dir, 'schema.graphql'), read('schema.graphql'));
    writeFileSync(path.join(dir, 'relay.config.js'), read('examples/clients/relay.config.js'));
    mkdirSync(path.join(dir, 'src'));
    // Relay's naming: operations start with the module name; a connection is paged through @connection.
    writeFileSync(
      path.join(dir, 'src', 'Dashboard.ts'),
      `import { graphql } from 'relay-runtime';
export const query = graphql\`
  query DashboardQuery($first: Int = 20, $after: String) {
    viewer { role agency { id code name } }
    ...Dashboard_agreements
  }
\`;
export const agreements = graphql\`
  fragment Dashboard_agreements on Query @refetchable(queryName: "DashboardAgreementsQuery") {
    fundingAgreements(first: $first, after: $after) @connection(key: "Dashboard_fundingAgreements") {
      totalCount
      edges { node { id agreementNumber status startsOn baseAmount recipient { id name } } }
    }
  }
\`;
`,
    );
    const relay = spawnSync(process.execPath, [require.resolve('relay-compiler/cli.js')], { cwd: dir, encoding: 'utf8' });
    expect({ status: relay.status, output: relay.status === 0 ? '' : relay.stdout + relay.stderr }).toEqual({ status: 0, output: '' });
    const fragment = readFileSync(path.join(dir, 'src', '__generated__', 'Dashboard_agreements.graphql.ts'), 'utf8');
    expect(fragment).toMatch(/readonly baseAmount: string;/);
    expect(fragment).toMatch(/readonly startsOn: string;/);
    expect(readFileSync(path.join(dir, 'src', '__generated__', 'DashboardAgreementsQuery.graphql.ts'), 'utf8')).toContain('fundingAgreements');
  });
});
