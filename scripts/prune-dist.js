'use strict';
/**
 * Runs after `tsc -b` (npm run build): removes every .js and .js.map under
 * dist whose .ts source is gone. An incremental build rewrites only what
 * changed, so a deleted or renamed source would otherwise leave its old
 * output behind, still runnable (`node dist/src/<removed-cli>.js`) and still
 * loadable. dist mirrors the project root (outDir "dist", rootDir "." in
 * tsconfig.json).
 *
 * node scripts/prune-dist.js [project root]
 */
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const dist = path.join(root, 'dist');
const OUTPUT = /\.js(\.map)?$/;

/** Prunes a directory of dist; true when nothing is left in it. */
function prune(directory, removed) {
  let kept = 0;
  for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
    const file = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (prune(file, removed)) fs.rmdirSync(file);
      else kept++;
    } else if (OUTPUT.test(entry.name) && !fs.existsSync(path.join(root, path.relative(dist, file).replace(OUTPUT, '.ts')))) {
      fs.unlinkSync(file);
      removed.push(path.relative(root, file));
    } else {
      kept++;
    }
  }
  return kept === 0;
}

if (fs.existsSync(dist)) {
  const removed = [];
  prune(dist, removed);
  if (removed.length > 0) process.stderr.write(`Removed from dist what deleted sources left: ${removed.join(', ')}\n`);
}
