/**
 * The geometry of 2-D pooling in NCHW as MindSpore r1.5 computes it (`_Pool.infer_shape` and the CPU
 * kernels' `GetPadding`): 'valid' gives ceil((H - KH + 1) / SH) rows and no padding; 'same' gives
 * ceil(H / SH) rows and pads max(0, (OH - 1) * SH + KH - H) rows, half (rounded down) above.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { formatShape } from '../shape.js';
import type { KSignature } from '../tensor.js';

/** MaxPool's and AvgPool's attributes (r1.5's, after its checks: pairs, upper-case pad mode). */
export interface PoolAttrs {
  /** Window height and width. */
  readonly kernelSize: readonly [number, number];
  /** Steps along the height and width. */
  readonly strides: readonly [number, number];
  /** 'VALID' (no padding) or 'SAME' (output ceil(H / stride)). */
  readonly padMode: 'VALID' | 'SAME';
}

/** Every size pooling needs. */
export interface PoolGeometry {
  /** Batch size. */
  readonly N: number;
  /** Channels. */
  readonly C: number;
  /** Input height. */
  readonly H: number;
  /** Input width. */
  readonly W: number;
  /** Window height. */
  readonly KH: number;
  /** Window width. */
  readonly KW: number;
  /** Step along the height. */
  readonly SH: number;
  /** Step along the width. */
  readonly SW: number;
  /** Output height. */
  readonly OH: number;
  /** Output width. */
  readonly OW: number;
  /** Padding above the input. */
  readonly pt: number;
  /** Padding left of the input. */
  readonly pl: number;
}

/**
 * The geometry for an input of `shape`.
 *
 * @throws {@link ShapeError} for an input that is not 4-D or an empty output ("has invalid output shape").
 */
export function poolGeometry(shape: readonly number[], attrs: PoolAttrs, name: string): PoolGeometry {
  if (shape.length !== 4) throw new ShapeError(`For '${name}', the x_shape should be 4-D (NCHW), but got ${formatShape(shape)}`);
  const [N, C, H, W] = shape as [number, number, number, number];
  const [KH, KW] = attrs.kernelSize;
  const [SH, SW] = attrs.strides;
  const same = attrs.padMode === 'SAME';
  const OH = same ? Math.ceil(H / SH) : Math.ceil((H - KH + 1) / SH);
  const OW = same ? Math.ceil(W / SW) : Math.ceil((W - KW + 1) / SW);
  if (!(OH > 0 && OW > 0)) throw new ShapeError(`For '${name}' has invalid output shape: input ${formatShape(shape)}, kernel_size (${KH}, ${KW}), strides (${SH}, ${SW}), pad_mode ${attrs.padMode}`);
  const pt = same ? Math.floor(Math.max(0, (OH - 1) * SH + KH - H) / 2) : 0;
  const pl = same ? Math.floor(Math.max(0, (OW - 1) * SW + KW - W) / 2) : 0;
  return { N, C, H, W, KH, KW, SH, SW, OH, OW, pt, pl };
}

/**
 * The windows of one plane in output order, four numbers each: the real rows [h0, h1) and columns
 * [w0, w1) (padding cut off). Every plane has the same windows, so the forward and gradient kernels
 * walk planes × this table with no per-window call.
 */
export function planeWindows(g: PoolGeometry): Int32Array {
  const table = new Int32Array(4 * g.OH * g.OW);
  let k = 0;
  for (let oh = 0; oh < g.OH; oh++) {
    const top = oh * g.SH - g.pt;
    for (let ow = 0; ow < g.OW; ow++, k += 4) {
      const left = ow * g.SW - g.pl;
      table[k] = Math.max(0, top);
      table[k + 1] = Math.min(g.H, top + g.KH);
      table[k + 2] = Math.max(0, left);
      table[k + 3] = Math.min(g.W, left + g.KW);
    }
  }
  return table;
}

/** The float16/float32 check pooling inputs share. */
export function checkPoolDType(name: string, x: KSignature): void {
  if (x.dtype.name !== 'float16' && x.dtype.name !== 'float32') {
    throw new DTypeError(`For '${name}', the type of 'x' should be one of [Float16, Float32], but got ${x.dtype.msName}`);
  }
}
