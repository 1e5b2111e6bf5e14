/**
 * A hand-assembled WebAssembly SIMD kernel module, compiled on first use with its own memory, and a
 * switch that turns it off (its caller's JavaScript path then runs): what every SIMD kernel needs. A
 * module is built in two variants, its multiply-adds fused (relaxed SIMD's `f64x2.relaxed_madd`) or
 * not (`f64x2.mul` then `f64x2.add`); the fused one runs where the engine has relaxed SIMD and
 * {@link setRelaxedSimd} allows it, and gives the same bits (assembler.ts's `mulAdd` says why).
 * @module
 */
import { ArgumentTypeError } from '../../errors/index.js';
import { describeValue } from '../dtype.js';
import { V128, assemble, op, type WasmFunction } from './assembler.js';

/** A compiled module: its memory, its exported functions and whether its multiply-adds are fused. */
export interface SimdInstance<E> {
  readonly memory: WebAssembly.Memory;
  readonly exports: E;
  readonly fused: boolean;
}

let relaxedAllowed = true;

/**
 * Whether this JavaScript engine runs WebAssembly relaxed SIMD (Node 22 and later; Node 20 with
 * `--experimental-wasm-relaxed-simd`), which the MatMul and convolution kernels use for fused
 * multiply-adds where {@link setRelaxedSimd} allows it. Asked anew each call (a process may turn V8's
 * flag on before its first kernel runs); a kernel module remembers its own answer when it compiles.
 *
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * console.log(typeof kernels.relaxedSimdAvailable()); // boolean
 * ```
 */
export function relaxedSimdAvailable(): boolean {
  const code = [...op.localGet(0), ...op.localGet(1), ...op.localGet(2), ...op.f64x2RelaxedMadd];
  return WebAssembly.validate(assemble([{ params: [V128, V128, V128], results: [V128], locals: [], export: 'madd', code }]));
}

/**
 * Lets the WebAssembly SIMD kernels (MatMul and BatchMatMul on float32 operands, the convolutions)
 * use relaxed SIMD's fused multiply-add where the engine has it (on by default), or keeps them on a
 * multiply then an add. Results are identical either way: every product these kernels fuse is of two
 * float32 values, exact in float64, so only the sum rounds, once, fused or not. Fused, a 1024³ float32
 * MatMul ran a fifth to a third faster here (docs/performance.md).
 *
 * @returns the previous setting.
 * @throws {@link ArgumentTypeError} when `on` is not a boolean (the setting stays).
 * @example
 * ```ts
 * import { kernels } from 'mindsim';
 * const previous = kernels.setRelaxedSimd(false);
 * kernels.setRelaxedSimd(previous);
 * ```
 */
export function setRelaxedSimd(on: boolean): boolean {
  checkSwitch(on, 'setRelaxedSimd');
  const previous = relaxedAllowed;
  relaxedAllowed = on;
  return previous;
}

/** Refuses a switch setting that is not a boolean, naming the switch. */
function checkSwitch(on: unknown, api: string): void {
  if (typeof on !== 'boolean') throw new ArgumentTypeError(`${api}: expected true or false, but got ${describeValue(on)}`);
}

/** A kernel module made on first use; null where WebAssembly SIMD is unavailable or switched off. */
export class SimdModule<E> {
  // [plain, fused]: undefined until tried, null where it does not compile
  private readonly instances: (SimdInstance<E> | null | undefined)[] = [undefined, undefined];
  private enabled = true;

  /** @param functions - the module's functions with their multiply-adds fused or not, assembled on first use. */
  constructor(private readonly functions: (fused: boolean) => readonly WasmFunction[]) {}

  /** Switches the module on or off (`api`: the public switch, named when `on` is not a boolean); returns the previous setting. */
  set(on: boolean, api: string): boolean {
    checkSwitch(on, api);
    const previous = this.enabled;
    this.enabled = on;
    return previous;
  }

  /**
   * The compiled module, or null where WebAssembly SIMD is unavailable or the module is switched off:
   * the fused variant where `fusable` (the caller's products are exact in float64), relaxed SIMD is
   * allowed and available, else the plain one.
   */
  get(fusable = true): SimdInstance<E> | null {
    if (!this.enabled) return null;
    if (fusable && relaxedAllowed) {
      const fused = this.compile(true); // null where the engine lacks relaxed SIMD (its module does not validate)
      if (fused) return fused;
    }
    return this.compile(false);
  }

  private compile(fused: boolean): SimdInstance<E> | null {
    const slot = fused ? 1 : 0;
    const have = this.instances[slot];
    if (have !== undefined) return have;
    let instance: SimdInstance<E> | null = null;
    try {
      const bytes = assemble(this.functions(fused));
      if (WebAssembly.validate(bytes)) {
        const memory = new WebAssembly.Memory({ initial: 1 });
        const exports = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports as E;
        instance = { memory, exports, fused };
      }
    } catch {
      instance = null;
    }
    this.instances[slot] = instance;
    return instance;
  }
}

/** Grows `memory` to at least `bytes`. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}
