/**
 * A callable primitive: a function carrying MindSpore's name and side-effect flags.
 * @module
 */
import type { Tensor } from '../tensor.js';

/** A callable primitive with MindSpore's flags. */
export interface Primitive<Args extends unknown[] = unknown[], R = Tensor> {
  (...args: Args): R;
  /** MindSpore's primitive name. */
  readonly primitiveName: string;
  /** Writes memory (program order among such ops and the reads of what they write). */
  readonly sideEffectMem: boolean;
  /** Does IO (program order among such ops). */
  readonly sideEffectIo: boolean;
}

/** @internal makes a primitive from its call: a fresh function per primitive, carrying the flags */
export function primitive<Args extends unknown[], R>(name: string, call: (...args: Args) => R, flags: { mem?: boolean; io?: boolean } = {}): Primitive<Args, R> {
  const f = call as Primitive<Args, R>; // a fresh closure per primitive: it carries the flags itself
  Object.defineProperty(f, 'name', { value: name });
  return Object.assign(f, { primitiveName: name, sideEffectMem: flags.mem ?? false, sideEffectIo: flags.io ?? false });
}

