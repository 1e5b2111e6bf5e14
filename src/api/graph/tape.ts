/**
 * The tape: while a gradient is being taken, every op called is also written down (name, inputs,
 * outputs, attributes), in program order, so that the backward pass can walk it in reverse.
 * @module
 */
import { currentContext } from '../execution-context.js';
import type { Tensor } from '../tensor.js';

/** One op as the tape holds it. */
export interface TapeEntry {
  /** The primitive's name (`MatMul`, `Depend`). */
  readonly name: string;
  /** Its inputs, as called. */
  readonly inputs: readonly Tensor[];
  /** Its outputs. */
  readonly outputs: readonly Tensor[];
  /** Its attributes. */
  readonly attrs: object;
}

/** Whether a tape of the current context is recording (the executor asks on every op: keep it cheap). */
export function taping(): boolean {
  return currentContext().tapes.active;
}

/** Writes an op on every active tape of the current context (gradients of gradients record into each enclosing one). */
export function tapeRecord(entry: TapeEntry): void {
  currentContext().tapes.add(entry, true);
}

/** Runs `fn` with a fresh tape of the current context; returns its value and what it recorded. */
export function withTape<R>(fn: () => R): { value: R; tape: TapeEntry[] } {
  const { value, items } = currentContext().tapes.collect(fn);
  return { value, tape: items };
}
