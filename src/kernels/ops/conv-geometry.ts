/**
 * Conv2D geometry in NCHW, as MindSpore r1.5 computes it: output sizes and paddings for the pad modes
 * 'same', 'valid' and 'pad', with stride, dilation and groups.
 * @module
 */
import { ArgumentValueError, ShapeError } from '../../errors/index.js';
import { formatShape, type Shape } from '../shape.js';

/** Conv2D attributes (and those of its backprops). */
export interface Conv2DAttrs {
  /** 'same' (out = ceil(in / stride)), 'valid' (no padding) or 'pad' (explicit `pad`). Default 'valid'. */
  readonly padMode?: 'same' | 'valid' | 'pad';
  /** Explicit padding for 'pad': one value, or [top, bottom, left, right]. Must be 0 otherwise. */
  readonly pad?: number | readonly [number, number, number, number];
  /** Stride: one value or [h, w]. Default 1. */
  readonly stride?: number | readonly [number, number];
  /** Dilation: one value or [h, w]. Default 1. */
  readonly dilation?: number | readonly [number, number];
  /** Groups: input and output channels are split into this many independent convolutions. Default 1. */
  readonly group?: number;
}

/** Everything the loops need, resolved. */
export interface ConvGeometry {
  /** Batch size. */
  readonly N: number;
  /** Input channels. */
  readonly C: number;
  /** Input height. */
  readonly H: number;
  /** Input width. */
  readonly W: number;
  /** Output channels. */
  readonly O: number;
  /** Kernel height. */
  readonly KH: number;
  /** Kernel width. */
  readonly KW: number;
  /** Output height. */
  readonly OH: number;
  /** Output width. */
  readonly OW: number;
  /** Stride along the height. */
  readonly sh: number;
  /** Stride along the width. */
  readonly sw: number;
  /** Dilation along the height. */
  readonly dh: number;
  /** Dilation along the width. */
  readonly dw: number;
  /** Padding above the input (the rows below follow from the output height). */
  readonly pt: number;
  /** Padding left of the input. */
  readonly pl: number;
  /** Groups. */
  readonly group: number;
  /** Input channels per group. */
  readonly Cg: number;
  /** Output channels per group. */
  readonly Og: number;
}

function pair(v: number | readonly [number, number] | undefined, name: string, api: string): [number, number] {
  const p: [number, number] = v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= 1)) throw new ArgumentValueError(`${api}: ${name} must be positive integers, but got ${JSON.stringify(v)}`);
  return p;
}

/** The output size along one axis and its leading padding. */
function axis(mode: string, size: number, k: number, s: number, d: number, padA: number, padB: number): [number, number] {
  const span = d * (k - 1) + 1;
  if (mode === 'same') {
    const out = Math.ceil(size / s);
    const total = Math.max(0, (out - 1) * s + span - size);
    return [out, Math.floor(total / 2)];
  }
  if (mode === 'valid') return [Math.ceil((size - span + 1) / s), 0];
  return [Math.floor((size + padA + padB - span) / s) + 1, padA];
}

/**
 * Resolves the geometry of x [N, C, H, W] and w [O, C / group, KH, KW].
 *
 * @throws {@link ShapeError} for ranks, channel counts or sizes that do not fit.
 * @throws {@link ArgumentValueError} for bad attributes (a non-zero pad outside 'pad' mode, and so on).
 */
export function convGeometry(x: Shape, w: Shape, attrs: Conv2DAttrs, api: string): ConvGeometry {
  if (x.length !== 4 || w.length !== 4) throw new ShapeError(`${api}: x and weight must be 4-D (NCHW and OIHW), but got ${formatShape(x)} and ${formatShape(w)}`);
  const [N, C, H, W] = x as [number, number, number, number];
  const [O, Cw, KH, KW] = w as [number, number, number, number];
  const group = attrs.group ?? 1;
  if (!Number.isInteger(group) || group < 1 || C % group !== 0 || O % group !== 0) {
    throw new ArgumentValueError(`${api}: group ${group} must divide the input channels ${C} and the output channels ${O}`);
  }
  if (Cw !== C / group) throw new ShapeError(`${api}: weight ${formatShape(w)} needs ${C / group} input channels per group for x ${formatShape(x)} with group ${group}`);
  const mode = attrs.padMode ?? 'valid';
  if (mode !== 'same' && mode !== 'valid' && mode !== 'pad') throw new ArgumentValueError(`${api}: pad_mode must be 'same', 'valid' or 'pad', but got '${String(mode)}'`);
  const pads = attrs.pad === undefined ? [0, 0, 0, 0] : typeof attrs.pad === 'number' ? [attrs.pad, attrs.pad, attrs.pad, attrs.pad] : [...attrs.pad];
  if (!pads.every((p) => Number.isInteger(p) && p >= 0)) throw new ArgumentValueError(`${api}: pad must be non-negative integers, but got ${JSON.stringify(attrs.pad)}`);
  if (mode !== 'pad' && pads.some((p) => p !== 0)) throw new ArgumentValueError(`${api}: pad must be zero when pad_mode is '${mode}', but got ${JSON.stringify(attrs.pad)}`);
  const [sh, sw] = pair(attrs.stride, 'stride', api);
  const [dh, dw] = pair(attrs.dilation, 'dilation', api);
  const [OH, pt] = axis(mode, H, KH, sh, dh, pads[0]!, pads[1]!);
  const [OW, pl] = axis(mode, W, KW, sw, dw, pads[2]!, pads[3]!);
  if (OH <= 0 || OW <= 0) {
    throw new ShapeError(`${api}: a ${KH}x${KW} kernel (dilation ${dh}x${dw}) does not fit the input ${formatShape(x)} with pad_mode '${mode}'`);
  }
  return { N, C, H, W, O, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl, group, Cg: C / group, Og: O / group };
}

/**
 * The first kernel tap along one axis that lands inside the input for output position `o`
 * (input position `o · stride − pad + k · dilation` ≥ 0).
 */
export function firstTap(o: number, stride: number, pad: number, dilation: number): number {
  return Math.max(0, Math.ceil((pad - o * stride) / dilation));
}

/** One past the last kernel tap along one axis that lands inside an input of `size` for output position `o`. */
export function endTap(o: number, stride: number, pad: number, dilation: number, size: number, kernel: number): number {
  return Math.min(kernel, Math.floor((size - 1 + pad - o * stride) / dilation) + 1);
}

/**
 * The first output position along one axis whose tap at input offset `off` (`k · dilation − pad`)
 * lands inside the input (`o · stride + off` ≥ 0).
 */
export function firstOutput(off: number, stride: number): number {
  return Math.max(0, Math.ceil(-off / stride));
}

/** One past the last output position (of `outSize`) whose tap at input offset `off` lands inside an input of `size`. */
export function endOutput(off: number, stride: number, size: number, outSize: number): number {
  return Math.min(outSize, Math.floor((size - 1 - off) / stride) + 1);
}
