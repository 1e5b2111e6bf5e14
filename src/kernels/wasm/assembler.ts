/**
 * A minimal WebAssembly binary writer: just what mindsim's hand-written SIMD kernels need (one imported
 * memory, functions with locals, exports). Section and body lengths are computed, never hand-counted.
 * @module
 */

/** Value types. */
export const I32 = 0x7f;
/** 64-bit float. */
export const F64 = 0x7c;
/** 128-bit SIMD vector. */
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (for i32.const). */
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

/** A function: its signature, its extra locals (count, type) and its code (without the final end). */
export interface WasmFunction {
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly locals: readonly (readonly [number, number])[];
  readonly code: readonly number[];
  readonly export: string;
}

/** A module importing `env.memory` and exporting the given functions. */
export function assemble(functions: readonly WasmFunction[]): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(functions.map((f) => [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))]))),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.export), 0x00, ...uleb(i)]))),
    ...section(10, vec(functions.map((f) => {
      const body = [...vec(f.locals.map(([n, t]) => [...uleb(n), t])), ...f.code, 0x0b];
      return [...uleb(body.length), ...body];
    }))),
  ]);
}

/** The instructions used, as byte sequences. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (v: number) => [0x41, ...sleb(v)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  f64Load: (offset: number) => [0x2b, 0x03, ...uleb(offset)],
  i32Load: (offset: number) => [0x28, 0x02, ...uleb(offset)],
  i32GeU: [0x4f],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, ...uleb(depth)],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  v128Load: (offset: number) => [0xfd, 0x00, 0x03, ...uleb(offset)],
  v128Store: (offset: number) => [0xfd, 0x0b, 0x03, ...uleb(offset)],
  v128Load64Splat: (offset: number) => [0xfd, 0x0a, 0x03, ...uleb(offset)],
  v128Load32Splat: (offset: number) => [0xfd, 0x09, 0x02, ...uleb(offset)],
  v128Load64Zero: (offset: number) => [0xfd, 0x5d, 0x00, ...uleb(offset)],
  v128Store64Lane0: (offset: number) => [0xfd, 0x5b, 0x00, ...uleb(offset), 0x00],
  f64x2Splat: [0xfd, 0x14],
  f64x2Add: [0xfd, 0xf0, 0x01],
  f64x2Mul: [0xfd, 0xf2, 0x01],
  f32x4DemoteF64x2Zero: [0xfd, 0x5e],
  f64x2PromoteLowF32x4: [0xfd, 0x5f],
  /** Relaxed SIMD's `a · b + c` (fused or not, as the engine chooses). */
  f64x2RelaxedMadd: [0xfd, 0x87, 0x02],
} as const;

/**
 * `acc + a · b` on two `f64x2` lanes, given the code pushing each operand: with `fused`, relaxed SIMD's
 * `f64x2.relaxed_madd`, else `f64x2.mul` then `f64x2.add`. The two give the same bits whenever the
 * product is exact in float64 (every product of two float32 values is: 24 + 24 significant bits fit in
 * 53), since then only the sum rounds, once, either way; only such products may take `fused`.
 */
export function mulAdd(fused: boolean, acc: readonly number[], a: readonly number[], b: readonly number[]): number[] {
  return fused ? [...a, ...b, ...acc, ...op.f64x2RelaxedMadd] : [...acc, ...a, ...b, ...op.f64x2Mul, ...op.f64x2Add];
}
