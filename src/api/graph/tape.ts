/**
 * The tape: while a gradient is being taken, every op called is also written down (name, inputs,
 * outputs, attributes), in program order, so that the backward pass can walk it in reverse.
 * @module
 */
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

const active: TapeEntry[][] = [];

/** Whether a tape is recording (the executor asks on every op: keep it cheap). */
export function taping(): boolean {
  return active.length > 0;
}

/** Writes an op on every active tape (gradients of gradients record into each enclosing one). */
export function tapeRecord(entry: TapeEntry): void {
  for (const tape of active) tape.push(entry);
}

/** Runs `fn` with a fresh tape; returns its value and what it recorded. */
export function withTape<R>(fn: () => R): { value: R; tape: TapeEntry[] } {
  const tape: TapeEntry[] = [];
  active.push(tape);
  try {
    return { value: fn(), tape };
  } finally {
    active.splice(active.lastIndexOf(tape), 1);
  }
}
