import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isObjectType,
  Kind,
  parse,
  SelectionSetNode,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { TestApp } from './support/test-app';
import { Actors, startWithActors } from './support/actors';

/** The operations a frontend writes (examples/*.graphql) stay valid against the committed schema. */
const root = path.join(__dirname, '..');
const schema = buildSchema(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
const files = readdirSync(path.join(root, 'examples')).filter((file) => file.endsWith('.graphql'));

it('has example operations', () => {
  expect(files.length).toBeGreaterThanOrEqual(3);
});

it('README.md links every example', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  expect(files.filter((file) => !readme.includes(`](examples/${file})`))).toEqual([]);
});

it.each(files)('examples/%s validates against schema.graphql', (file) => {
  const document = parse(readFileSync(path.join(root, 'examples', file), 'utf8'));
  expect(validate(schema, document).map((error) => error.message)).toEqual([]);
});

/**
 * Where an operation selects fields of an object that has an `id` without selecting `id`
 * ("ActivityStatusChanged: activityStatusChanged.verifiedBy (Agency)"): a normalized cache
 * (Apollo Client, Relay) cannot identify such an object, so later updates never reach it.
 */
function selectionsWithoutId(schema: GraphQLSchema, document: DocumentNode): string[] {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // Does the selection, for an object of this type, include `id` (under its own name)? And does it select anything at all?
  function applies(condition: string | undefined, type: GraphQLObjectType): boolean {
    if (!condition || condition === type.name) return true;
    const conditionType = schema.getType(condition);
    return !!conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type);
  }
  function inspect(selectionSet: SelectionSetNode, type: GraphQLObjectType): { id: boolean; any: boolean } {
    const found = { id: false, any: false };
    for (const selection of selectionSet.selections) {
      let inner: { id: boolean; any: boolean } | undefined;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        found.any = true;
        if (selection.name.value === 'id' && (!selection.alias || selection.alias.value === 'id')) found.id = true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value, type)) inner = inspect(selection.selectionSet, type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && applies(fragment.typeCondition.name.value, type)) inner = inspect(fragment.selectionSet, type);
      }
      if (inner) {
        found.id ||= inner.id;
        found.any ||= inner.any;
      }
    }
    return found;
  }
  const missing: string[] = [];
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  let operation = '';
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        operation = node.name?.value ?? '(anonymous)';
      },
      FragmentDefinition(node) {
        operation = `fragment ${node.name.value}`;
      },
      Field: {
        enter(node) {
          path.push(node.alias?.value ?? node.name.value);
          if (!node.selectionSet) return;
          const fieldType: GraphQLNamedType | undefined = getNamedType(typeInfo.getType() ?? undefined);
          if (!fieldType) return;
          const candidates = isObjectType(fieldType) ? [fieldType] : isAbstractType(fieldType) ? schema.getPossibleTypes(fieldType) : [];
          for (const type of candidates) {
            if (!type.getFields().id) continue;
            const found = inspect(node.selectionSet, type);
            if (found.any && !found.id) missing.push(`${operation}: ${path.join('.')} (${type.name})`);
          }
        },
        leave() {
          path.pop();
        },
      },
    }),
  );
  return missing;
}

it.each(files)('examples/%s selects id on every object that has one (a normalized cache finds it again)', (file) => {
  const document = parse(readFileSync(path.join(root, 'examples', file), 'utf8'));
  expect(selectionsWithoutId(schema, document)).toEqual([]);
});

it('the id check finds an object selected without id, also inside fragments and under an interface', () => {
  const document = parse(`
    query A { improvementActivities(first: 1) { nodes { id verifiedBy { code } ...B } } }
    fragment B on ImprovementActivity { beneficiary { name } provider { ... on Enterprise { id name } } }
    query C($id: ID!) { node(id: $id) { ... on TargetEvaluation { status } ... on Agency { id code } } }
  `);
  expect(selectionsWithoutId(schema, document)).toEqual([
    'A: improvementActivities.nodes.verifiedBy (Agency)',
    'fragment B: beneficiary (Enterprise)',
    'C: node (TargetEvaluation)',
  ]);
});

describe('the example queries run within the query limits', () => {
  let app: TestApp;
  let actors: Actors;
  beforeAll(async () => {
    ({ app, actors } = await startWithActors({ seed: 'program' }));
  }, 120_000);
  afterAll(() => app?.close());

  async function run(file: string, operationName: string, variables: object, token: string): Promise<any> {
    const query = readFileSync(path.join(root, 'examples', file), 'utf8');
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, operationName, variables }),
    });
    const body: any = await response.json();
    expect(body.errors).toBeUndefined();
    return body.data;
  }

  it('AgreementDashboard for the bank', async () => {
    const data = await run('agreement-dashboard.graphql', 'AgreementDashboard', { first: 50 }, actors.kb);
    expect(data.fundingAgreements.nodes.length).toBeGreaterThan(20);
  });

  it('ActivityReviewQueue for the agency', async () => {
    const data = await run('activity-review-queue.graphql', 'ActivityReviewQueue', { first: 50 }, actors.kosme);
    expect(data.improvementActivities.edges.length).toBe(50);
    expect(data.improvementActivities.edges.every((e: any) => e.node.provider && e.node.beneficiary)).toBe(true);
  });

  it('EvaluationDetail of a finalized evaluation', async () => {
    const [row] = await app.db.query("SELECT id FROM target_evaluation WHERE status = 'FINALIZED' ORDER BY id LIMIT 1");
    const id = Buffer.from(`TargetEvaluation:${row.id}`).toString('base64url');
    const data = await run('evaluation-detail.graphql', 'EvaluationDetail', { id }, actors.kb);
    expect(data.node.status).toBe('FINALIZED');
    const [counted] = await app.db.query('SELECT count(*)::int AS n FROM evaluation_activity WHERE evaluation_id = $1', [row.id]);
    expect(data.node.countedActivities.totalCount).toBe(counted.n);
  });
});
