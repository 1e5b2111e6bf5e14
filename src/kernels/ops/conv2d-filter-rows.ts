/**
 * Conv2DBackpropFilter's row paths at width dilation 1 (any width stride), float32 steps: four output channels
 * × the kernel's KW columns summed side by side. Each weight element still sums dout · x over
 * n → oh → ow with one `fround` per step (the tap walk's order, see conv2d-backprop.ts), but along a
 * row the kernel columns read neighbouring x values, so each x load and four dout loads feed 4·KW
 * independent multiply-adds. Columns whose taps reach into the padding skip those taps, as everywhere
 * (adding a padding zero could turn an accumulator of −0 into +0) — the border columns, in JavaScript.
 * The interior columns run in WebAssembly SIMD for 3- and 5-wide kernels (conv2d-simd.ts's
 * `dwRow3`/`dwRow5`: the same steps, two channels a lane pair; x copied into the module's memory once
 * per kernel call, each four channels' dout packed a column at a time, the sums kept in that memory
 * between rows), and for 3-wide kernels without SIMD in twelve JavaScript registers. Results are
 * bit-identical on every path.
 * @module
 */
import { ensureMemory } from '../wasm/module.js';
import type { FloatValues } from '../float-output.js';
import type { ConvGeometry } from './conv-geometry.js';
import { DW_ROW_WIDTHS, simdConv } from './conv2d-simd.js';
import { packFourChannels } from './conv2d-gather-simd.js';

/** Interior columns below which a row stays in JavaScript (the call costs more than SIMD saves). */
const MIN_SIMD_COLUMNS = 8;

/**
 * One kernel call's SIMD staging: the module's row function for the kernel's width, x copied into its
 * memory (float offset `x`), where each four channels' packed dout goes (float offset `d`), and the
 * 4·KW sums (float64, at byte 0).
 */
export interface FilterStaging {
  readonly memory: WebAssembly.Memory;
  readonly row: (d: number, x: number, columns: number, step: number, acc: number) => void;
  readonly x: number;
  readonly d: number;
  readonly sums: Float64Array;
}

/**
 * Stages x for {@link filterFourRows}'s SIMD rows, or null where SIMD is off, the kernel's width has
 * no SIMD row, the steps are not float32 or the rows' interiors are too narrow to gain.
 */
export function stageFilter(xv: FloatValues, g: ConvGeometry, single: boolean): FilterStaging | null {
  const simd = simdConv();
  const { lo, hi } = interior(g);
  if (!simd || !single || g.dw !== 1 || !DW_ROW_WIDTHS.includes(g.KW)) return null;
  if (hi - lo < MIN_SIMD_COLUMNS || !(xv instanceof Float32Array)) return null;
  const x = 8 * g.KW; // floats: after the 4·KW float64 sums
  const d = x + xv.length;
  ensureMemory(simd.memory, (d + 4 * g.N * g.OH * g.OW) * 4);
  new Float32Array(simd.memory.buffer).set(xv, x);
  const row = g.KW === 3 ? simd.exports.dwRow3 : simd.exports.dwRow5;
  return { memory: simd.memory, row, x, d, sums: new Float64Array(simd.memory.buffer, 0, 4 * g.KW) };
}

/** The interior columns [lo, hi): every tap inside the input (ow · sw − pl ≥ 0 and ow · sw − pl + KW − 1 ≤ W − 1). */
function interior(g: ConvGeometry): { lo: number; hi: number } {
  const lo = Math.min(g.OW, Math.max(0, Math.ceil(g.pl / g.sw)));
  return { lo, hi: Math.max(lo, Math.min(g.OW, Math.floor((g.W - g.KW + g.pl) / g.sw) + 1)) };
}

/**
 * Whether {@link filterFourRows} applies without SIMD: 3-wide kernels, width stride and dilation 1,
 * float32 steps (at larger strides a row has too few columns for its twelve sums to pay their loads).
 */
export function fitsFilterFour3(g: ConvGeometry, single: boolean): boolean {
  return single && g.KW === 3 && g.sw === 1 && g.dw === 1;
}

/**
 * dw for output channels o … o + 3 (one group), with `staging` (SIMD interiors) or, for 3-wide kernels
 * ({@link fitsFilterFour3}), without; see the module.
 */
export function filterFourRows(dv: FloatValues, xv: FloatValues, dwv: FloatValues, g: ConvGeometry, o: number, staging: FilterStaging | null): void {
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, pt, pl, Cg, Og } = g;
  const cFirst = Math.floor(o / Og) * Cg;
  const P = OH * OW;
  const wPlane = Cg * KH * KW;
  const { lo, hi } = interior(g);
  if (staging) packFourChannels(dv, new Float32Array(staging.memory.buffer, 4 * staging.d, 4 * N * P), N, O, o, P);
  const sums = staging ? staging.sums : new Float64Array(12); // [kw · 4 + q]
  for (let ci = 0; ci < Cg; ci++) {
    for (let kh = 0; kh < KH; kh++) {
      sums.fill(0);
      for (let n = 0; n < N; n++) {
        const dn = (n * O + o) * OH;
        const xc = (n * C + cFirst + ci) * H;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - pt + kh * dh;
          if (ih < 0 || ih >= H) continue;
          const dr = (dn + oh) * OW;
          const xr = (xc + ih) * W - pl; // x[xr + ow · sw + kw] is the tap (ow, kw)
          // one row in column order: the left border, the interior, the right border
          for (let ow = 0; ow < lo; ow++) borderColumn(sums, dv, xv, dr + ow, P, xr + ow * sw, ow * sw - pl, W, KW);
          if (staging) staging.row(4 * (staging.d + ((n * OH + oh) * OW + lo) * 4), 4 * (staging.x + xr + lo * sw), hi - lo, 4 * sw, 0);
          else if (lo < hi) interiorColumns(sums, dv, xv, dr, P, xr, lo, hi);
          for (let ow = hi; ow < OW; ow++) borderColumn(sums, dv, xv, dr + ow, P, xr + ow * sw, ow * sw - pl, W, KW);
        }
      }
      const k = ((o * Cg + ci) * KH + kh) * KW;
      for (let q = 0; q < 4; q++) for (let kw = 0; kw < KW; kw++) dwv[k + q * wPlane + kw] = sums[kw * 4 + q]!;
    }
  }
}

/** A 3-wide kernel's interior columns [lo, hi) of one row at width stride 1: twelve sums in registers (loaded from and stored to `sums`). */
function interiorColumns(sums: Float64Array, dv: FloatValues, xv: FloatValues, dr: number, P: number, xr: number, lo: number, hi: number): void {
  const f = Math.fround;
  // a, b, c, e: channels 0 to 3; 0, 1, 2: the kernel column ([kw · 4 + q] in `sums`)
  let a0 = sums[0]!, a1 = sums[4]!, a2 = sums[8]!, b0 = sums[1]!, b1 = sums[5]!, b2 = sums[9]!;
  let c0 = sums[2]!, c1 = sums[6]!, c2 = sums[10]!, e0 = sums[3]!, e1 = sums[7]!, e2 = sums[11]!;
  for (let ow = lo; ow < hi; ow++) {
    const x0 = xv[xr + ow]!, x1 = xv[xr + ow + 1]!, x2 = xv[xr + ow + 2]!;
    const p = dr + ow;
    const d0 = dv[p]!, d1 = dv[p + P]!, d2 = dv[p + 2 * P]!, d3 = dv[p + 3 * P]!;
    a0 = f(a0 + d0 * x0);
    a1 = f(a1 + d0 * x1);
    a2 = f(a2 + d0 * x2);
    b0 = f(b0 + d1 * x0);
    b1 = f(b1 + d1 * x1);
    b2 = f(b2 + d1 * x2);
    c0 = f(c0 + d2 * x0);
    c1 = f(c1 + d2 * x1);
    c2 = f(c2 + d2 * x2);
    e0 = f(e0 + d3 * x0);
    e1 = f(e1 + d3 * x1);
    e2 = f(e2 + d3 * x2);
  }
  sums[0] = a0; sums[4] = a1; sums[8] = a2; sums[1] = b0; sums[5] = b1; sums[9] = b2;
  sums[2] = c0; sums[6] = c1; sums[10] = c2; sums[3] = e0; sums[7] = e1; sums[11] = e2;
}

/**
 * A border column (dout at `p`, its taps' input at `x + kw`, the first tap's input column `iw`): only
 * the taps inside the input, each adding into the four channels' sums.
 */
function borderColumn(sums: Float64Array, dv: FloatValues, xv: FloatValues, p: number, P: number, x: number, iw: number, W: number, KW: number): void {
  const f = Math.fround;
  for (let kw = Math.max(0, -iw); kw < Math.min(KW, W - iw); kw++) {
    const v = xv[x + kw]!;
    for (let q = 0; q < 4; q++) sums[kw * 4 + q] = f(sums[kw * 4 + q]! + dv[p + q * P]! * v);
  }
}
