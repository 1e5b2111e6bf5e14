/**
 * Conv2DBackpropInput by gathering: each input element's gradient summed in a register over the taps
 * that reach it, instead of scattering every (output element, tap) product into memory. The taps of one
 * input element come in the tap walk's order (conv2d-backprop.ts): output channel o ascending, then
 * output row oh ascending, then output column ow ascending — for a fixed element each (o, oh, ow) has
 * at most one tap (kh, kw), since a kernel index is fixed by the position. Each step rounds as the walk's
 * store did (`fround` for float32 steps, none for float64), from the same +0, so the bits are the
 * walk's. Four input channels of one group go together, sharing each dout load; each element's taps
 * are listed once per call, flattened.
 * @module
 */
import type { FloatValues } from '../float-output.js';
import type { ConvGeometry } from './conv-geometry.js';
import { simdConv } from './conv2d-simd.js';
import { GatherLists, unpackLanes, type GatherLayout } from './conv2d-gather-simd.js';

/**
 * For each input position along one axis, the taps that reach it: pairs (output position, kernel index)
 * in `pairs`, output positions ascending, those of position i at pair indices [starts[i], starts[i + 1]).
 */
interface AxisTaps {
  readonly starts: Int32Array;
  readonly pairs: Int32Array;
}

function axisTaps(size: number, outSize: number, kernel: number, stride: number, pad: number, dilation: number): AxisTaps {
  const starts = new Int32Array(size + 1);
  const pairs: number[] = [];
  for (let i = 0; i < size; i++) {
    starts[i] = pairs.length / 2;
    // i = o · stride − pad + k · dilation: a larger k is an earlier o
    for (let k = kernel - 1; k >= 0; k--) {
      const t = i + pad - k * dilation;
      if (t < 0 || t % stride !== 0 || t / stride >= outSize) continue;
      pairs.push(t / stride, k);
    }
  }
  starts[size] = pairs.length / 2;
  return { starts, pairs: Int32Array.from(pairs) };
}

/**
 * The taps of every input element of a plane, in (oh, ow) order: element e's at [starts[e], starts[e + 1])
 * of `dout` (its offset oh · OW + ow in a dout plane) and `weight` (kh · KW + kw in a kernel plane).
 */
interface PlaneTaps {
  readonly starts: Int32Array;
  readonly dout: Int32Array;
  readonly weight: Int32Array;
}

function planeTaps(g: ConvGeometry): PlaneTaps {
  const rows = axisTaps(g.H, g.OH, g.KH, g.sh, g.pt, g.dh);
  const cols = axisTaps(g.W, g.OW, g.KW, g.sw, g.pl, g.dw);
  const starts = new Int32Array(g.H * g.W + 1);
  const dout: number[] = [];
  const weight: number[] = [];
  for (let ih = 0; ih < g.H; ih++) {
    for (let iw = 0; iw < g.W; iw++) {
      starts[ih * g.W + iw] = dout.length;
      for (let r = rows.starts[ih]!; r < rows.starts[ih + 1]!; r++) {
        for (let c = cols.starts[iw]!; c < cols.starts[iw + 1]!; c++) {
          dout.push(rows.pairs[2 * r]! * g.OW + cols.pairs[2 * c]!);
          weight.push(rows.pairs[2 * r + 1]! * g.KW + cols.pairs[2 * c + 1]!);
        }
      }
    }
  }
  starts[g.H * g.W] = dout.length;
  return { starts, dout: Int32Array.from(dout), weight: Int32Array.from(weight) };
}

/**
 * dx = the gathered gradient (`single`: float32 steps), for groups of at least four input channels.
 * Channels go four at a time; where the count is not a multiple of four the last four overlap the
 * ones before (each channel's sums are its own, so a channel done twice gets the same bits twice).
 * Float32 steps run in WebAssembly SIMD where available (conv2d-gather-simd.ts).
 */
export function gatherInput(dv: FloatValues, wv: FloatValues, dx: FloatValues, g: ConvGeometry, single: boolean): void {
  const taps = planeTaps(g);
  const staged = single ? stageGather(dv, g, taps) : null;
  for (let grp = 0; grp < g.group; grp++) {
    for (let ci = 0; ci < g.Cg; ci += 4) {
      const c = Math.min(ci, g.Cg - 4);
      if (staged) gatherFourSimd(staged, wv, dx, g, grp, c);
      else for (let n = 0; n < g.N; n++) gatherFour(dv, wv, dx, g, taps, n, grp, c, single);
    }
  }
}

/** The SIMD gather's module and where one call's data lies in its memory (byte addresses). */
interface StagedGather {
  readonly simd: NonNullable<ReturnType<typeof simdConv>>;
  readonly at: GatherLayout;
  readonly out: number;
  readonly weights: number;
  readonly dout: number;
}

/** Copies dout and the tap lists (as byte offsets) into the SIMD module's memory; null without SIMD. */
function stageGather(dv: FloatValues, g: ConvGeometry, taps: PlaneTaps): StagedGather | null {
  const simd = simdConv();
  if (!simd || !(dv instanceof Float32Array)) return null;
  const plane = g.H * g.W;
  const lists = new GatherLists();
  for (let e = 0; e < plane; e++) {
    lists.element();
    for (let t = taps.starts[e]!; t < taps.starts[e + 1]!; t++) lists.tap(4 * taps.dout[t]!, 16 * taps.weight[t]!);
  }
  const at = lists.stage(simd.memory, [16 * plane, 16 * g.Og * g.KH * g.KW, 4 * dv.length]);
  const [out, weights, dout] = at.regions as [number, number, number];
  new Float32Array(simd.memory.buffer, dout, dv.length).set(dv);
  return { simd, at, out, weights, dout };
}

/** Input channels c … c + 3 of group `grp`, every sample, in SIMD: the block's weights packed [o][tap][q]. */
function gatherFourSimd(s: StagedGather, wv: FloatValues, dx: FloatValues, g: ConvGeometry, grp: number, c: number): void {
  const { N, C, H, W, O, KH, KW, OH, OW, Cg, Og } = g;
  const P = OH * OW, K = KH * KW, plane = H * W;
  const buffer = s.simd.memory.buffer;
  const packed = new Float32Array(buffer, s.weights, 4 * Og * K);
  for (let o = 0; o < Og; o++) {
    for (let k = 0; k < K; k++) for (let q = 0; q < 4; q++) packed[(o * K + k) * 4 + q] = wv[((grp * Og + o) * Cg + c + q) * K + k]!;
  }
  const results = new Float32Array(buffer, s.out, 4 * plane);
  for (let n = 0; n < N; n++) {
    s.simd.exports.gather4(s.out, s.at.starts, s.at.tapsD, s.at.tapsW, plane, s.dout + 4 * (n * O + grp * Og) * P, s.weights, Og, 4 * P, 16 * K);
    unpackLanes(results, dx, (n * C + grp * Cg + c) * plane, plane, plane);
  }
}

/** Input channels ci … ci + 3 of group `grp`, sample n. */
function gatherFour(dv: FloatValues, wv: FloatValues, dx: FloatValues, g: ConvGeometry, taps: PlaneTaps, n: number, grp: number, ci: number, single: boolean): void {
  const { C, H, W, O, KH, KW, OH, OW, Cg, Og } = g;
  const f = Math.fround;
  const P = OH * OW, K = KH * KW, plane = H * W;
  const oFirst = grp * Og, oEnd = oFirst + Og;
  const { starts, dout, weight } = taps;
  const x0 = (n * C + grp * Cg + ci) * plane;
  for (let e = 0; e < plane; e++) {
    const ts = starts[e]!, te = starts[e + 1]!;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let o = oFirst; o < oEnd; o++) {
      const dBase = (n * O + o) * P;
      const wBase = (o * Cg + ci) * K;
      for (let t = ts; t < te; t++) {
        const d = dv[dBase + dout[t]!]!;
        const wi = wBase + weight[t]!;
        if (single) {
          a0 = f(a0 + d * wv[wi]!);
          a1 = f(a1 + d * wv[wi + K]!);
          a2 = f(a2 + d * wv[wi + 2 * K]!);
          a3 = f(a3 + d * wv[wi + 3 * K]!);
        } else {
          a0 = a0 + d * wv[wi]!;
          a1 = a1 + d * wv[wi + K]!;
          a2 = a2 + d * wv[wi + 2 * K]!;
          a3 = a3 + d * wv[wi + 3 * K]!;
        }
      }
    }
    dx[x0 + e] = a0;
    dx[x0 + e + plane] = a1;
    dx[x0 + e + 2 * plane] = a2;
    dx[x0 + e + 3 * plane] = a3;
  }
}
