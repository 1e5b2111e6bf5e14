/** Reading the numpy-produced fixtures of test/fixtures (made by scripts/gen_fixtures.py). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The guides, as paths under docs/: docs/*.md and the porting guides of docs/porting/. */
export function guidePaths(): string[] {
  return ['', 'porting/'].flatMap((dir) => fs.readdirSync(path.join(repoRoot, 'docs', dir)).filter((f) => f.endsWith('.md')).map((f) => dir + f));
}

/** Parses a fixture file of test/fixtures. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', name), 'utf8')) as T;
}

/** Bytes from a hex string (numpy's `tobytes().hex()`), in a fresh, aligned buffer. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Hex text of a typed array's bytes. */
export function bytesToHex(a: ArrayBufferView): string {
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}

/** True when the long test campaign (`npm run test:long`) is running. */
export const LONG = process.env.MINDSIM_LONG === '1';
