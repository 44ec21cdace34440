import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { NODE_TYPES } from '../src/common/global-id';
import { expectSameStatements } from './support/assertions';
import { Actors, addSecondFunder, startWithActors } from './support/actors';
import { gid } from './support/ids';
import { secondFunderAgreement } from './support/operations';
import { TestApp } from './support/test-app';

/**
 * The API as a federation subgraph (src/subgraph.ts): composed with a small
 * bank subgraph whose accounts point at funding agreements, and queried
 * through Apollo's gateway, which forwards the caller's token. Every
 * server started here listens on 127.0.0.1 and is stopped at the end.
 */
const SUBGRAPH_SDL = readFileSync(path.join(__dirname, '..', 'subgraph.graphql'), 'utf8');

/** A bank's subgraph, as docs/federation.md shows it: its accounts, each funding one agreement of ours (or none), referenced by its global id. */
const BANK_SDL = /^```graphql bank-subgraph\n([\s\S]*?)^```$/m.exec(readFileSync(path.join(__dirname, '..', 'docs', 'federation.md'), 'utf8'))![1];

interface BankAccount {
  number: string;
  balance: string;
  agreementId: string | null;
}

interface Started {
  url: string;
  stop(): Promise<void>;
}

async function startBank(accounts: BankAccount[]): Promise<Started> {
  const server = new ApolloServer({
    schema: buildSubgraphSchema({
      typeDefs: parse(BANK_SDL),
      resolvers: {
        Query: { accounts: () => accounts },
        Account: {
          __resolveReference: ({ number }: { number: string }) => accounts.find((account) => account.number === number) ?? null,
          fundingAgreement: (account: BankAccount) => (account.agreementId ? { id: account.agreementId } : null),
        },
      },
    }),
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, stop: () => server.stop() };
}

/** Apollo's gateway over the composed supergraph; it passes each caller's Authorization header on to the subgraphs. */
async function startGateway(supergraphSdl: string): Promise<Started> {
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ url }) =>
      new RemoteGraphQLDataSource<{ authorization?: string }>({
        url,
        willSendRequest({ request, context }) {
          if (context.authorization) request.http?.headers.set('authorization', context.authorization);
        },
      }),
  });
  const server = new ApolloServer<{ authorization?: string }>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ authorization: req.headers.authorization }),
  });
  return { url, stop: () => server.stop() };
}

let app: TestApp;
let actors: Actors;
let bank: Started | undefined;
let gateway: Started | undefined;
/** KB's first two agreements (the demo data's) as the database has them, and SHINHAN's one. */
let kbAgreements: { id: string; agreementNumber: string; baseAmount: string; recipient: string }[];
let shinhanAgreementId: string;

beforeAll(async () => {
  ({ app, actors } = await startWithActors({ seed: true }));
  await addSecondFunder(app);
  shinhanAgreementId = (await secondFunderAgreement(app, actors)).id;
  const rows = await app.db.query(
    `SELECT a.id, a.agreement_number, a.base_amount::text AS base_amount, e.name
       FROM funding_agreement a JOIN agency f ON f.id = a.funder_id JOIN enterprise e ON e.id = a.recipient_id
      WHERE f.code = 'KB' ORDER BY a.id LIMIT 2`,
  );
  kbAgreements = rows.map((row: any) => ({ id: gid('FundingAgreement', row.id), agreementNumber: row.agreement_number, baseAmount: row.base_amount, recipient: row.name }));
  bank = await startBank([
    { number: '110-401-000001', balance: '35000000', agreementId: kbAgreements[0].id },
    { number: '110-401-000002', balance: '12500000', agreementId: kbAgreements[1].id },
    { number: '110-401-000003', balance: '100000000', agreementId: shinhanAgreementId },
    { number: '110-401-000004', balance: '0', agreementId: null },
  ]);
  const composed = composeServices([
    { name: 'safety-rbf', typeDefs: parse(SUBGRAPH_SDL), url: app.url },
    { name: 'bank', typeDefs: parse(BANK_SDL), url: bank.url },
  ]);
  expect(composed.errors).toBeUndefined();
  gateway = await startGateway(composed.supergraphSdl!);
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await bank?.stop();
  await app?.close();
});

async function throughGateway(query: string, token: string | null): Promise<{ data?: any; errors?: any[] }> {
  const response = await fetch(gateway!.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: any[] };
}

const ACCOUNTS = `{
  accounts {
    number
    balance
    fundingAgreement { id agreementNumber baseAmount status recipient { name } }
  }
}`;

it('README.md links docs/federation.md', () => {
  expect(readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8')).toContain('](docs/federation.md)');
});

describe('Composed with a bank subgraph', () => {
  it('composes without errors: every Node type is an entity keyed by its global id', () => {
    const keyed = [...SUBGRAPH_SDL.matchAll(/^type (\w+) implements Node\s*@key\(fields: "id"\)/gm)].map((match) => match[1]);
    expect(keyed.sort()).toEqual([...NODE_TYPES].sort());
    // Nothing else is keyed: the one more @key( is the directive's definition.
    expect(SUBGRAPH_SDL.match(/@key\(/g)).toHaveLength(NODE_TYPES.length + 1);
  });

  it("a query through the gateway crosses both: the bank's accounts with the agreements they fund, as the caller may see them", async () => {
    const res = await throughGateway(ACCOUNTS, actors.kb);
    expect(res.errors).toBeUndefined();
    expect(res.data.accounts).toEqual([
      ...kbAgreements.map((agreement, index) => ({
        number: `110-401-00000${index + 1}`,
        balance: index === 0 ? '35000000' : '12500000',
        fundingAgreement: { id: agreement.id, agreementNumber: agreement.agreementNumber, baseAmount: agreement.baseAmount, status: expect.any(String), recipient: { name: agreement.recipient } },
      })),
      // SHINHAN's agreement is not KB's to see.
      { number: '110-401-000003', balance: '100000000', fundingAgreement: null },
      { number: '110-401-000004', balance: '0', fundingAgreement: null },
    ]);
  });

  it("another funder's officer gets null for the agreements it may not see, and its own", async () => {
    const res = await throughGateway(ACCOUNTS, actors.shinhan);
    expect(res.errors).toBeUndefined();
    expect(res.data.accounts.map((account: any) => account.fundingAgreement?.id ?? null)).toEqual([null, null, shinhanAgreementId, null]);
    expect(res.data.accounts[2].fundingAgreement).toMatchObject({ agreementNumber: expect.stringMatching(/^TEST-SHINHAN-/), status: 'ACTIVE' });
  });

  it("without the caller's token the subgraph refuses the agreements' part (UNAUTHENTICATED)", async () => {
    const res = await throughGateway(ACCOUNTS, null);
    expect(res.errors?.map((error) => error.extensions?.code)).toContain('UNAUTHENTICATED');
    expect(res.data?.accounts?.[0]?.fundingAgreement ?? null).toBeNull();
  });
});

describe('_service and _entities', () => {
  const ENTITIES = `query($representations: [_Any!]!) {
    _entities(representations: $representations) {
      __typename
      ... on FundingAgreement { id agreementNumber baseAmount recipient { name } targets { metric } }
    }
  }`;
  const references = async (limit: number) =>
    (await app.db.query('SELECT id FROM funding_agreement ORDER BY id LIMIT $1', [limit])).map((row: { id: string }) => ({
      __typename: 'FundingAgreement',
      id: gid('FundingAgreement', row.id),
    }));

  it('_service { sdl } answers the committed subgraph.graphql', async () => {
    const res = await app.gql('{ _service { sdl } }', {}, actors.kb);
    expect(res.errors).toBeUndefined();
    expect(res.data._service.sdl + '\n').toBe(SUBGRAPH_SDL);
  });

  it('_entities needs a token like every other field', async () => {
    const res = await app.gql(ENTITIES, { representations: await references(1) }, null);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('_entities for 3 or for 40 agreements sends the same SQL statements as nodes(ids:) for them: one per type and batch, through the loaders', async () => {
    const forty = await references(40);
    const { large } = await expectSameStatements(app, ENTITIES, actors.kb, { representations: await references(3) }, { representations: forty });
    expect(large.data._entities).toHaveLength(40);
    expect(large.data._entities.every((entity: any) => entity.__typename === 'FundingAgreement' && entity.recipient.name)).toBe(true);
    const nodes = await app.gql(
      'query($ids: [ID!]!) { nodes(ids: $ids) { ... on FundingAgreement { id agreementNumber baseAmount recipient { name } targets { metric } } } }',
      { ids: forty.map((reference: { id: string }) => reference.id) },
      actors.kb,
    );
    expect(large.data._entities.map(({ __typename, ...fields }: any) => fields)).toEqual(nodes.data.nodes);
    // The token's agency, then the agreements, their recipients and their targets.
    expect([large.extensions?.sqlStatements, nodes.extensions?.sqlStatements]).toEqual([4, 4]);
  });

  it('_entities answers in the order asked, null where the caller may not see the row', async () => {
    const representations = [
      { __typename: 'FundingAgreement', id: shinhanAgreementId },
      { __typename: 'FundingAgreement', id: kbAgreements[0].id },
    ];
    for (const [token, visible] of [
      [actors.kb, [false, true]],
      [actors.shinhan, [true, false]],
      [actors.admin, [true, true]],
    ] as const) {
      const res = await app.gql(ENTITIES, { representations }, token);
      expect(res.errors).toBeUndefined();
      expect(res.data._entities.map((entity: any) => entity?.id ?? null)).toEqual(representations.map((r, i) => (visible[i] ? r.id : null)));
    }
  });

  it('an unknown __typename or a malformed representation is BAD_USER_INPUT naming it', async () => {
    const [agreement] = await references(1);
    const enterpriseId = gid('Enterprise', (await app.db.query('SELECT min(id) AS id FROM enterprise'))[0].id);
    for (const [representation, argument, message] of [
      [{ __typename: 'Account', number: '110-401-000001' }, 'representations[1].__typename', /must name an entity of this subgraph, one of the Node types \(Agency, Enterprise, /],
      [{ __typename: 'FundingAgreement' }, 'representations[1].id', /is not a valid FundingAgreement id/],
      [{ __typename: 'FundingAgreement', id: enterpriseId }, 'representations[1].id', /is not a valid FundingAgreement id/],
      [{ __typename: 'FundingAgreement', id: 42 }, 'representations[1].id', /is not a valid FundingAgreement id/],
      ['FundingAgreement', 'representations[1]', /must be an object \{ __typename, id \}/],
    ] as const) {
      const res = await app.gql(ENTITIES, { representations: [agreement, representation] }, actors.kb);
      expect(res.errors).toHaveLength(1);
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(res.errors?.[0].message).toMatch(message);
    }
  });

  it('_entities takes at most MAX_PAGE_SIZE representations, as nodes(ids:) takes ids', async () => {
    const many = Array.from({ length: app.config.maxPageSize + 1 }, () => ({ __typename: 'FundingAgreement', id: kbAgreements[0].id }));
    const res = await app.gql(ENTITIES, { representations: many }, actors.kb);
    expect(res.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'representations' });
  });

  it('the query cost counts _entities at the number of representations', async () => {
    const NESTED = `query($representations: [_Any!]!) {
      _entities(representations: $representations) {
        ... on FundingAgreement { activities(first: 100) { nodes { beneficiary { activitiesReceived(first: 10) { nodes { id } } } } } }
      }
    }`;
    // Per agreement: itself, and 100 activities, each with its beneficiary and the beneficiary's 10.
    const perAgreement = 1 + 100 * (1 + 1 + 10);
    const accepted = await app.gql(NESTED, { representations: await references(30) }, actors.admin);
    expect(accepted.errors).toBeUndefined();
    const refused = await app.gql(NESTED, { representations: await references(45) }, actors.admin);
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 45 * perAgreement });
  });
});
