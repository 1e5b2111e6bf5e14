/**
 * Node's fs, looked up at the call (`process.getBuiltinModule`) so that a browser bundle of mindsim
 * imports no Node module; the file-writing APIs (checkpoints) refuse clearly where there is none.
 * @module
 */
import { MindsimError } from '../errors/index.js';

/** The part of Node's fs mindsim uses. */
export interface NodeFs {
  existsSync(p: string): boolean;
  readFileSync(p: string): Uint8Array;
  writeFileSync(p: string, data: Uint8Array): void;
  rmSync(p: string, o: { force: boolean }): void;
  chmodSync(p: string, mode: number): void;
  readdirSync(p: string): string[];
  mkdirSync(p: string, o: { recursive: boolean }): unknown;
}

/** Node's fs, or null where there is none (a browser). */
export function nodeFsOrNull(): NodeFs | null {
  return ((globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule?.('node:fs') as NodeFs | undefined) ?? null;
}

/**
 * Node's fs.
 *
 * @throws {@link MindsimError} naming `api` where there is no Node fs (a browser).
 */
export function nodeFs(api: string): NodeFs {
  const fs = nodeFsOrNull();
  if (!fs) throw new MindsimError(`${api}: files need Node's fs (process.getBuiltinModule, Node 20.16 or later); use checkpointToBytes / checkpointFromBytes here`);
  return fs;
}
