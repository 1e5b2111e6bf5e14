/**
 * Conv2D's four-channel blocks (conv2d.ts's `convBlocks4`) in WebAssembly SIMD, on the input
 * gradient's `gather4` (conv2d-input-simd.ts): a forward convolution is the same gather with the
 * roles named differently — each output element sums, over input channels and then its taps (kernel
 * row, then column, padding taps skipped), x · w for four output channels side by side, one float32
 * rounding a step. So the tap lists here hold, per output element, the x offset in an input plane and
 * the tap's place in the packed weights ([ci][tap][q]); the results are the JavaScript blocks' bits.
 * @module
 */
import type { FloatValues } from '../float-output.js';
import type { ConvGeometry } from './conv-geometry.js';
import { ensureMemory } from '../wasm/module.js';
import { simdConv } from './conv2d-simd.js';

/**
 * Output channels [oFrom, O) of a group-1 convolution with float32 steps, four at a time (the last
 * four overlapping the ones before), in SIMD; returns false (nothing done) where SIMD is unavailable
 * or there are fewer than four channels.
 */
export function convBlocksSimd(xv: FloatValues, wv: FloatValues, out: FloatValues, g: ConvGeometry, oFrom: number): boolean {
  const simd = simdConv();
  const { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl } = g;
  if (!simd || O - oFrom < 4 || !(xv instanceof Float32Array)) return false;
  const P = OH * OW, K = KH * KW, plane = H * W;
  // the taps of every output element, kernel row then column, those in the padding left out
  const starts = new Int32Array(P + 1);
  const xOff: number[] = [];
  const wOff: number[] = [];
  for (let oh = 0; oh < OH; oh++) {
    for (let ow = 0; ow < OW; ow++) {
      starts[oh * OW + ow] = xOff.length;
      for (let kh = 0; kh < KH; kh++) {
        const ih = oh * sh - pt + kh * dh;
        if (ih < 0 || ih >= H) continue;
        for (let kw = 0; kw < KW; kw++) {
          const iw = ow * sw - pl + kw * dw;
          if (iw < 0 || iw >= W) continue;
          xOff.push(4 * (ih * W + iw));
          wOff.push(16 * (kh * KW + kw));
        }
      }
    }
  }
  const T = xOff.length;
  starts[P] = T;
  const up = (bytes: number) => Math.ceil(bytes / 16) * 16;
  const at = { starts: 0, tapsD: up(4 * (P + 1)), tapsW: 0, out: 0, weights: 0, x: 0 };
  at.tapsW = up(at.tapsD + 4 * T);
  at.out = up(at.tapsW + 4 * T);
  at.weights = up(at.out + 16 * P);
  at.x = up(at.weights + 16 * C * K);
  ensureMemory(simd.memory, at.x + 4 * xv.length);
  const buffer = simd.memory.buffer;
  new Int32Array(buffer, at.starts, P + 1).set(starts);
  new Int32Array(buffer, at.tapsD, T).set(xOff);
  new Int32Array(buffer, at.tapsW, T).set(wOff);
  new Float32Array(buffer, at.x, xv.length).set(xv);
  const packed = new Float32Array(buffer, at.weights, 4 * C * K);
  const results = new Float32Array(buffer, at.out, 4 * P);
  for (let next = oFrom; next < O; next += 4) {
    const o = Math.min(next, O - 4);
    for (let ci = 0; ci < C; ci++) {
      for (let k = 0; k < K; k++) for (let q = 0; q < 4; q++) packed[(ci * K + k) * 4 + q] = wv[((o + q) * C + ci) * K + k]!;
    }
    for (let n = 0; n < N; n++) {
      simd.exports.gather4(at.out, at.starts, at.tapsD, at.tapsW, P, at.x + 4 * n * C * plane, at.weights, C, 4 * plane, 16 * K);
      for (let q = 0; q < 4; q++) {
        const base = (n * O + o + q) * P;
        for (let e = 0; e < P; e++) out[base + e] = results[4 * e + q]!;
      }
    }
  }
  return true;
}
