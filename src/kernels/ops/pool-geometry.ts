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
 * Walks every window in output order: `visit(o, base, h0, h1, w0, w1)` with the output index, the
 * plane's offset and the window's real rows [h0, h1) and columns [w0, w1) (padding cut off) — the walk
 * the forward and gradient kernels share.
 */
export function forEachWindow(g: PoolGeometry, visit: (o: number, base: number, h0: number, h1: number, w0: number, w1: number) => void): void {
  const bounds = (n: number, step: number, pad: number, k: number, size: number) => {
    const b = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      b[2 * i] = Math.max(0, i * step - pad);
      b[2 * i + 1] = Math.min(size, i * step - pad + k);
    }
    return b;
  };
  const rows = bounds(g.OH, g.SH, g.pt, g.KH, g.H);
  const cols = bounds(g.OW, g.SW, g.pl, g.KW, g.W);
  let o = 0;
  for (let p = 0; p < g.N * g.C; p++) {
    const base = p * g.H * g.W;
    for (let oh = 0; oh < g.OH; oh++) {
      for (let ow = 0; ow < g.OW; ow++, o++) visit(o, base, rows[2 * oh]!, rows[2 * oh + 1]!, cols[2 * ow]!, cols[2 * ow + 1]!);
    }
  }
}

/** The float16/float32 check pooling inputs share. */
export function checkPoolDType(name: string, x: KSignature): void {
  if (x.dtype.name !== 'float16' && x.dtype.name !== 'float32') {
    throw new DTypeError(`For '${name}', the type of 'x' should be one of [Float16, Float32], but got ${x.dtype.msName}`);
  }
}
