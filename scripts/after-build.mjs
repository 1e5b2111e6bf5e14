/**
 * After `tsc -b`: removes what dist/ still holds of sources that are gone (tsc's incremental build
 * writes outputs but never deletes those of a removed or renamed .ts file, whose stale .js would still
 * be importable and whose source map would point at nothing). Each of dist/<dir>/…/name.js, .d.ts and
 * their .map files is kept only while <dir>/…/name.ts exists. Also marks the command line executable.
 * Usage: node scripts/after-build.mjs [root]   (root: the repository, default this script's parent)
 */
import { chmodSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUTPUT = /\.(d\.ts|js)(\.map)?$/;

/** Removes the outputs under `root`/dist whose sources under `root` are gone; returns their paths (relative to root). */
export function pruneDist(root) {
  const dist = join(root, 'dist');
  const removed = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      if (!OUTPUT.test(name)) continue;
      const source = join(root, relative(dist, path).replace(OUTPUT, ''));
      if (existsSync(`${source}.ts`) || existsSync(`${source}.d.ts`)) continue;
      rmSync(path);
      removed.push(relative(root, path));
    }
  };
  if (existsSync(dist)) walk(dist);
  return removed.sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..');
  for (const path of pruneDist(root)) console.log(`removed ${path} (its source is gone)`);
  const cli = join(root, 'dist', 'sim', 'cli.js');
  if (existsSync(cli)) chmodSync(cli, 0o755);
}
