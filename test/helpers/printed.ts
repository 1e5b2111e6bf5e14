/** Capturing what programs print (through mindsim's print sink), and the seed examples' golden outputs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setPrintSink } from '../../src/index.js';
import { repoRoot } from './fixtures.js';

/** Runs `program` and returns everything it printed with mindsim's `print`. */
export function output(program: () => void): string {
  let out = '';
  const previous = setPrintSink((text) => {
    out += text;
  });
  try {
    program();
  } finally {
    setPrintSink(previous);
  }
  return out;
}

/** The exact expected output of seed example `n` (test/fixtures/golden/example-n.txt). */
export const golden = (n: number): string => fs.readFileSync(path.join(repoRoot, 'test/fixtures/golden', `example-${n}.txt`), 'utf8');
