import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrations } from '../src/db/data-source';

/**
 * `npm run build` is incremental (tsc -b), so `npm start` and `npm run token`
 * recompile only what changed. What a deleted source left in dist must never
 * run: scripts/prune-dist.js removes it after each build.
 */
const root = path.join(__dirname, '..');
let project: string;

beforeEach(() => {
  project = mkdtempSync(path.join(tmpdir(), 'rbf-build-'));
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function write(file: string, text = ''): void {
  mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  writeFileSync(path.join(project, file), text);
}

function filesIn(directory: string): string[] {
  return readdirSync(path.join(project, directory), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(project, path.join(entry.parentPath, entry.name)))
    .sort();
}

it('the build compiles incrementally and then prunes dist', () => {
  const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts;
  expect(scripts.build).toBe('tsc -b tsconfig.build.json && node scripts/prune-dist.js');
  for (const name of ['start', 'token', 'migrate', 'seed', 'schema', 'bench']) expect(scripts[name]).toMatch(/^npm run build( --silent)? && node /);
});

it('removes the output of every deleted source, keeps the rest and the build info, and says what it removed', () => {
  write('src/main.ts');
  write('src/auth/token-cli.ts');
  write('migrations/1-First.ts');
  for (const output of ['src/main', 'src/auth/token-cli', 'src/removed-cli', 'src/old/helper', 'migrations/1-First', 'migrations/2-Dropped']) {
    write(`dist/${output}.js`, '"use strict";');
    write(`dist/${output}.js.map`, '{}');
  }
  write('dist/tsconfig.build.tsbuildinfo', '{}');

  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'prune-dist.js'), project], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  expect(filesIn('dist')).toEqual(
    [
      'dist/migrations/1-First.js',
      'dist/migrations/1-First.js.map',
      'dist/src/auth/token-cli.js',
      'dist/src/auth/token-cli.js.map',
      'dist/src/main.js',
      'dist/src/main.js.map',
      'dist/tsconfig.build.tsbuildinfo',
    ].map((file) => path.normalize(file)),
  );
  // A directory only deleted sources had is gone too.
  expect(readdirSync(path.join(project, 'dist', 'src')).sort()).toEqual(['auth', 'main.js', 'main.js.map']);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^Removed from dist what deleted sources left: .+\n$/);
  for (const output of ['dist/src/removed-cli.js', 'dist/src/old/helper.js', 'dist/migrations/2-Dropped.js']) {
    expect(result.stderr).toContain(path.normalize(output));
  }

  const again = spawnSync(process.execPath, [path.join(root, 'scripts', 'prune-dist.js'), project], { encoding: 'utf8' });
  expect([again.status, again.stderr]).toEqual([0, '']);
});

it('does nothing without a dist', () => {
  const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'prune-dist.js'), project], { encoding: 'utf8' });
  expect([result.status, result.stderr]).toEqual([0, '']);
});

it('TypeORM runs the migrations of the list in src/db/data-source.ts, never what lies in a directory: the list is every file of migrations/, in order', () => {
  const files = readdirSync(path.join(root, 'migrations')).filter((file) => file.endsWith('.ts')).sort();
  const expected = files.map((file) => {
    const [, timestamp, name] = /^(\d+)-(\w+)\.ts$/.exec(file)!;
    return `${name}${timestamp}`;
  });
  expect(migrations.map((migration) => migration.name)).toEqual(expected);
});
