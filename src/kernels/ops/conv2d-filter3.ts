/**
 * Conv2DBackpropFilter's path for 3-wide kernels at stride 1 and dilation 1 along the width, float32
 * steps: four output channels × three kernel columns, twelve sums side by side. Each weight element
 * still sums dout · x over n → oh → ow with one `fround` per step (the tap walk's order, see
 * conv2d-backprop.ts), but along a row the three kernel columns read neighbouring x values, so one x
 * load and four dout loads feed twelve independent multiply-adds (the four-channel path loads an x
 * and four dout values for four). Columns whose taps reach into the padding skip those taps, as
 * everywhere (adding a padding zero could turn an accumulator of −0 into +0).
 * @module
 */
import type { FloatValues } from '../float-output.js';
import type { ConvGeometry } from './conv-geometry.js';

/** Whether {@link filterFour3} applies: 3-wide kernels, width stride and dilation 1, float32 steps. */
export function fitsFilterFour3(g: ConvGeometry, single: boolean): boolean {
  return single && g.KW === 3 && g.sw === 1 && g.dw === 1;
}

/** dw for output channels o … o + 3 (one group); see the module. */
export function filterFour3(dv: FloatValues, xv: FloatValues, dwv: FloatValues, g: ConvGeometry, o: number): void {
  const { N, C, H, W, O, KH, OH, OW, sh, dh, pt, pl, Cg, Og } = g;
  const f = Math.fround;
  const c0 = Math.floor(o / Og) * Cg;
  const P = OH * OW;
  const wPlane = Cg * KH * 3;
  // interior columns: all three taps inside the input (ow − pl ≥ 0 and ow − pl + 2 ≤ W − 1)
  const lo = Math.min(OW, Math.max(0, pl));
  const hi = Math.max(lo, Math.min(OW, W - 2 + pl));
  for (let ci = 0; ci < Cg; ci++) {
    for (let kh = 0; kh < KH; kh++) {
      let a0 = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0, b2 = 0, c0s = 0, c1 = 0, c2 = 0, e0 = 0, e1 = 0, e2 = 0;
      for (let n = 0; n < N; n++) {
        const dn = (n * O + o) * OH;
        const xc = (n * C + c0 + ci) * H;
        for (let oh = 0; oh < OH; oh++) {
          const ih = oh * sh - pt + kh * dh;
          if (ih < 0 || ih >= H) continue;
          const dr = (dn + oh) * OW;
          const xr = (xc + ih) * W - pl; // x[xr + ow + kw] is the tap (ow, kw)
          for (let ow = 0; ow < OW; ow++) {
            if (ow === lo && lo < hi) {
              // the interior: every tap real
              for (; ow < hi; ow++) {
                const x0 = xv[xr + ow]!, x1 = xv[xr + ow + 1]!, x2 = xv[xr + ow + 2]!;
                const p = dr + ow;
                const d0 = dv[p]!, d1 = dv[p + P]!, d2 = dv[p + 2 * P]!, d3 = dv[p + 3 * P]!;
                a0 = f(a0 + d0 * x0);
                a1 = f(a1 + d0 * x1);
                a2 = f(a2 + d0 * x2);
                b0 = f(b0 + d1 * x0);
                b1 = f(b1 + d1 * x1);
                b2 = f(b2 + d1 * x2);
                c0s = f(c0s + d2 * x0);
                c1 = f(c1 + d2 * x1);
                c2 = f(c2 + d2 * x2);
                e0 = f(e0 + d3 * x0);
                e1 = f(e1 + d3 * x1);
                e2 = f(e2 + d3 * x2);
              }
              if (ow >= OW) break;
            }
            // a border column: only the taps inside the input
            const p = dr + ow;
            const d0 = dv[p]!, d1 = dv[p + P]!, d2 = dv[p + 2 * P]!, d3 = dv[p + 3 * P]!;
            const iw = ow - pl;
            if (iw >= 0 && iw < W) {
              const x = xv[xr + ow]!;
              a0 = f(a0 + d0 * x);
              b0 = f(b0 + d1 * x);
              c0s = f(c0s + d2 * x);
              e0 = f(e0 + d3 * x);
            }
            if (iw + 1 >= 0 && iw + 1 < W) {
              const x = xv[xr + ow + 1]!;
              a1 = f(a1 + d0 * x);
              b1 = f(b1 + d1 * x);
              c1 = f(c1 + d2 * x);
              e1 = f(e1 + d3 * x);
            }
            if (iw + 2 >= 0 && iw + 2 < W) {
              const x = xv[xr + ow + 2]!;
              a2 = f(a2 + d0 * x);
              b2 = f(b2 + d1 * x);
              c2 = f(c2 + d2 * x);
              e2 = f(e2 + d3 * x);
            }
          }
        }
      }
      const k = ((o * Cg + ci) * KH + kh) * 3;
      dwv[k] = a0;
      dwv[k + 1] = a1;
      dwv[k + 2] = a2;
      dwv[k + wPlane] = b0;
      dwv[k + wPlane + 1] = b1;
      dwv[k + wPlane + 2] = b2;
      dwv[k + 2 * wPlane] = c0s;
      dwv[k + 2 * wPlane + 1] = c1;
      dwv[k + 2 * wPlane + 2] = c2;
      dwv[k + 3 * wPlane] = e0;
      dwv[k + 3 * wPlane + 1] = e1;
      dwv[k + 3 * wPlane + 2] = e2;
    }
  }
}
