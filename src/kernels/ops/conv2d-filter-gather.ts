/**
 * Conv2DBackpropFilter's four-channel sums on the input gradient's SIMD gather (conv2d-gather-simd.ts's
 * `gather4`): each weight element (ci, kh, kw) of four output channels sums dout · x over n → oh → ow,
 * so it is a gather whose elements are the kernel taps, whose outer loop runs over samples and whose
 * taps are the output positions that reach the input (padding left out) — the scalar operand x, the
 * four-lane operand dout packed four channels a position. One float32 rounding a step, as the
 * JavaScript loop (conv2d-backprop.ts's `filterChannels`) does: the same bits.
 * @module
 */
import type { FloatValues } from '../float-output.js';
import type { ConvGeometry } from './conv-geometry.js';
import { simdConv } from './conv2d-simd.js';
import { GatherLists, packFourChannels, unpackLanes, type GatherLayout } from './conv2d-gather-simd.js';

/** Where one call's data lies in the SIMD module's memory (byte addresses). */
interface Staged {
  readonly simd: NonNullable<ReturnType<typeof simdConv>>;
  readonly at: GatherLayout;
  readonly out: number;
  readonly dout: number;
  readonly x: number;
}

/**
 * Stages x and the taps of every kernel element (the output positions whose tap lands inside the
 * input, oh then ow ascending) for {@link filterFourGather}; null where SIMD is unavailable.
 */
export function stageFilterGather(xv: FloatValues, g: ConvGeometry): Staged | null {
  const simd = simdConv();
  if (!simd || !(xv instanceof Float32Array)) return null;
  const { H, W, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl } = g;
  const lists = new GatherLists();
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      lists.element();
      for (let oh = 0; oh < OH; oh++) {
        const ih = oh * sh - pt + kh * dh;
        if (ih < 0 || ih >= H) continue;
        for (let ow = 0; ow < OW; ow++) {
          const iw = ow * sw - pl + kw * dw;
          if (iw >= 0 && iw < W) lists.tap(4 * (ih * W + iw), 16 * (oh * OW + ow));
        }
      }
    }
  }
  const at = lists.stage(simd.memory, [16 * KH * KW, 16 * g.N * OH * OW, 4 * xv.length]);
  const [out, dout, x] = at.regions as [number, number, number];
  new Float32Array(simd.memory.buffer, x, xv.length).set(xv);
  return { simd, at, out, dout, x };
}

/** dw for output channels o … o + 3 (one group), every input channel and kernel element, in SIMD. */
export function filterFourGather(s: Staged, dv: FloatValues, dwv: FloatValues, g: ConvGeometry, o: number): void {
  const { N, C, H, W, O, KH, KW, OH, OW, Cg, Og } = g;
  const P = OH * OW, K = KH * KW, plane = H * W;
  const buffer = s.simd.memory.buffer;
  packFourChannels(dv, new Float32Array(buffer, s.dout, 4 * N * P), N, O, o, P);
  const results = new Float32Array(buffer, s.out, 4 * K);
  const c0 = Math.floor(o / Og) * Cg;
  for (let ci = 0; ci < Cg; ci++) {
    s.simd.exports.gather4(s.out, s.at.starts, s.at.tapsD, s.at.tapsW, K, s.x + 4 * (c0 + ci) * plane, s.dout, N, 4 * C * plane, 16 * P);
    unpackLanes(results, dwv, (o * Cg + ci) * K, Cg * K, K);
  }
}
