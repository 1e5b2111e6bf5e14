/**
 * A hand-assembled WebAssembly SIMD kernel module, compiled on first use with its own memory, and a
 * switch that turns it off (its caller's JavaScript path then runs): what every SIMD kernel needs.
 * @module
 */
import { assemble, type WasmFunction } from './assembler.js';

/** A compiled module: its memory and its exported functions. */
export interface SimdInstance<E> {
  readonly memory: WebAssembly.Memory;
  readonly exports: E;
}

/** A kernel module made on first use; null where WebAssembly SIMD is unavailable or switched off. */
export class SimdModule<E> {
  private instance: SimdInstance<E> | null | undefined;
  private enabled = true;

  /** @param functions - the module's functions, assembled on first use. */
  constructor(private readonly functions: () => readonly WasmFunction[]) {}

  /** Switches the module on or off; returns the previous setting. */
  set(on: boolean): boolean {
    const previous = this.enabled;
    this.enabled = on;
    return previous;
  }

  /** The compiled module, or null where WebAssembly SIMD is unavailable or the module is switched off. */
  get(): SimdInstance<E> | null {
    if (!this.enabled) return null;
    if (this.instance !== undefined) return this.instance;
    try {
      const bytes = assemble(this.functions());
      if (!WebAssembly.validate(bytes)) return (this.instance = null);
      const memory = new WebAssembly.Memory({ initial: 1 });
      const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as E;
      this.instance = { memory, exports };
    } catch {
      this.instance = null;
    }
    return this.instance;
  }
}

/** Grows `memory` to at least `bytes`. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
