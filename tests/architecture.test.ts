import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The layers of src/ point one way (issue 11); the rules are in
 * .dependency-cruiser.cjs. dependency-cruiser is an ES module, which jest's
 * CommonJS runtime cannot import without --experimental-vm-modules, so its
 * command line runs in a child process with that config and reports as JSON.
 */
const root = path.resolve(__dirname, '..');
const depcruise = path.join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Step {
  name: string;
  dependencyTypes?: string[];
}

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Step[];
  via?: Step[];
}

interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string; dependencyTypes: string[] }[] }[];
  summary: { violations: Violation[]; totalCruised: number; ruleSetUsed: { forbidden?: { name: string }[] } };
}

function cruiseSrc(): CruiseResult {
  const run = spawnSync(process.execPath, [depcruise, '--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'src'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (run.error) throw run.error;
  try {
    return JSON.parse(run.stdout) as CruiseResult;
  } catch {
    throw new Error(`dependency-cruiser gave no result (exit ${run.status}): ${run.stderr}`);
  }
}

const typeOnly = (step: Step) => (step.dependencyTypes?.includes('type-only') ? ' (type only)' : '');

/** `a → b → c → a`, starting from the module first in alphabetical order, so that each circle reads the same however it was found. */
function circleOf(violation: Violation): string {
  const steps = violation.cycle!;
  // The cycle lists the modules after `from`, ending with `from` itself; each step carries the kind of import that leads to it.
  const start = steps.reduce((first, step, i) => (step.name < steps[first].name ? i : first), 0);
  const rotated = [...steps.slice(start + 1), ...steps.slice(0, start + 1)];
  return [steps[start].name, ...rotated.map((step) => `${step.name}${typeOnly(step)}`)].join(' → ');
}

function pathOf(violation: Violation): string {
  return [violation.from, ...(violation.via ?? [{ name: violation.to }]).map((step) => `${step.name}${typeOnly(step)}`)].join(' → ');
}

function expectNone(what: string, found: string[]): void {
  if (found.length === 0) return;
  throw new Error(`${found.length} ${what}:\n${found.map((line) => `  ${line}`).join('\n')}`);
}

let result: CruiseResult;
beforeAll(() => {
  result = cruiseSrc();
});

const violationsOf = (rule: string) => result.summary.violations.filter((violation) => violation.rule.name === rule);

test('dependency-cruiser reads all of src/ with the rules and counts type-only imports', () => {
  expect(result.summary.totalCruised).toBeGreaterThan(100);
  expect(result.summary.ruleSetUsed.forbidden?.map((rule) => rule.name)).toEqual(
    expect.arrayContaining(['no-circular', 'loaders-and-queries-below-services', 'config-and-common-below-context']),
  );
  // config.ts names QueryLimits with `import type`: without tsPreCompilationDeps this edge would be missing.
  const config = result.modules.find((module) => module.source === 'src/config.ts');
  expect(config?.dependencies.find((dependency) => dependency.resolved === 'src/common/query-limits.ts')?.dependencyTypes).toContain('type-only');
});

test('no import circle in src/, type-only imports included', () => {
  expectNone('import circle(s) in src/', [...new Set(violationsOf('no-circular').map(circleOf))].sort());
});

test('loaders and queries reach no service and no resolver', () => {
  expectNone('loader or query file(s) reaching a service or a resolver', violationsOf('loaders-and-queries-below-services').map(pathOf));
});

test('config.ts and src/common/ reach neither the request context, the server nor src/plugins/', () => {
  expectNone('import path(s) from config or common code up to the context, the server or its plugins', violationsOf('config-and-common-below-context').map(pathOf));
});
