/**
 * Conv2D's four-channel blocks (conv2d.ts's `convBlocks4`) in WebAssembly SIMD, on the input
 * gradient's `gather4` (conv2d-gather-simd.ts): a forward convolution is the same gather with the
 * roles named differently — each output element sums, over input channels and then its taps (kernel
 * row, then column, padding taps skipped), x · w for four output channels side by side, one float32
 * rounding a step. So the tap lists here hold, per output element, the x offset in an input plane and
 * the tap's place in the packed weights ([ci][tap][q]); the results are the JavaScript blocks' bits.
 * @module
 */
import type { FloatValues } from '../float-output.js';
import type { ConvGeometry } from './conv-geometry.js';
import { simdConv } from './conv2d-simd.js';
import { GatherLists, unpackLanes } from './conv2d-gather-simd.js';

/**
 * Output channels [oFrom, O) (at least four) of a group-1 convolution with float32 steps, four at a
 * time (the last four overlapping the ones before), in SIMD; returns false (nothing done) where SIMD is
 * unavailable.
 */
export function convBlocksSimd(xv: FloatValues, wv: FloatValues, out: FloatValues, g: ConvGeometry, oFrom: number): boolean {
  const simd = simdConv();
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl } = g;
  if (!simd || !(xv instanceof Float32Array)) return false;
  const P = OH * OW, K = KH * KW, plane = H * W;
  // the taps of every output element, kernel row then column, those in the padding left out
  const lists = new GatherLists();
  for (let oh = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++) {
      lists.element();
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * sh - pt + kh * dh;
        if (ih < 0 || ih >= H) continue;
        for (let kw = 0; kw < KW; kw++) {
          const iw = ow * sw - pl + kw * dw;
          if (iw >= 0 && iw < W) lists.tap(4 * (ih * W + iw), 16 * (kh * KW + kw));
        }
      }
    }
  }
  const at = lists.stage(simd.memory, [16 * P, 16 * C * K, 4 * xv.length]);
  const [outAt, weightsAt, xAt] = at.regions as [number, number, number];
  const buffer = simd.memory.buffer;
  new Float32Array(buffer, xAt, xv.length).set(xv);
  const packed = new Float32Array(buffer, weightsAt, 4 * C * K);
  const results = new Float32Array(buffer, outAt, 4 * P);
  for (let next = oFrom; next < O; next += 4) {
    const o = Math.min(next, O - 4);
    for (let ci = 0; ci < C; ci++) {
      for (let k = 0; k < K; k++) for (let q = 0; q < 4; q++) packed[(ci * K + k) * 4 + q] = wv[((o + q) * C + ci) * K + k]!;
    }
    for (let n = 0; n < N; n++) {
      simd.exports.gather4(outAt, at.starts, at.tapsD, at.tapsW, P, xAt + 4 * n * C * plane, weightsAt, C, 4 * plane, 16 * K);
      unpackLanes(results, out, (n * O + o) * P, P, P);
    }
  }
  return true;
}
