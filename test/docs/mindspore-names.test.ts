/**
 * docs/mindspore-names.md is what test/helpers/mindspore-names.ts generates from the exports: every
 * export is mapped to its MindSpore name or listed as mindsim's own (regenerate with
 * MINDSIM_WRITE_NAMES=1 npx tap test/docs/mindspore-names.test.ts); every guide has a title.
 */
import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { guidePaths, repoRoot } from '../helpers/fixtures.js';
import { mindsporeNamesPage } from '../helpers/mindspore-names.js';

t.test('docs/mindspore-names.md lists every export', async (t) => {
  const page = mindsporeNamesPage();
  const file = join(repoRoot, 'docs', 'mindspore-names.md');
  if (process.env['MINDSIM_WRITE_NAMES'] === '1') writeFileSync(file, page);
  t.equal(readFileSync(file, 'utf8'), page, 'regenerate it with: MINDSIM_WRITE_NAMES=1 npx tap test/docs/mindspore-names.test.ts');
  for (const line of ['| mindspore.context.set_context | `setContext` |', '| mindspore.Parameter.init_data | `Parameter.initData` |', '| mindspore.ops.AllReduce | `ops.AllReduce` |', '| mindspore.nn.Cell.trainable_params | `nn.Cell.trainableParams` |']) {
    t.ok(page.includes(line), line);
  }
});

t.test('every guide has a title', async (t) => {
  for (const guide of guidePaths()) {
    t.match(readFileSync(join(repoRoot, 'docs', guide), 'utf8'), /^---\ntitle: .+\n---\n/, guide);
  }
});
