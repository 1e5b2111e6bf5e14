/**
 * Reductions: ReduceSum, ReduceMean, ReduceMax over axes (all when omitted) with keepDims; ArgMax along
 * one axis; AddN over several tensors. Each output element accumulates its inputs in ascending index
 * order; float16, bfloat16 and float32 accumulate in float32 (one rounding per add), float64 in float64,
 * integers wrap. ReduceMax and ArgMax propagate NaN as numpy does (ArgMax: the first NaN, else the first
 * maximum; int32 indices as MindSpore's Argmax); among equal values (+0 and -0 too) the first one stays.
 * @module
 */
import { ArgumentTypeError, DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES, type DType } from '../dtype.js';
import { allFinite, computeDType, finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf, stridesOf, type Shape } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KernelDef, type KernelOptions } from '../tensor.js';

/** Attributes of ReduceSum, ReduceMean and ReduceMax. */
export interface ReduceAttrs {
  /** Axes to reduce (negative counts from the end); all when omitted or empty. */
  readonly axis?: number | readonly number[];
  /** Keep reduced axes as size 1. */
  readonly keepDims?: boolean;
}

/** Normalises axes: each in [-rank, rank), no repeats. */
export function normaliseAxes(axis: number | readonly number[] | undefined, rank: number, api: string): number[] {
  if (axis !== undefined && typeof axis !== 'number' && !Array.isArray(axis)) {
    throw new ArgumentTypeError(`For '${api}', the type of \`axis\` should be one of ['int', 'tuple'], but got ${String(axis)}`);
  }
  const list = axis === undefined ? [] : typeof axis === 'number' ? [axis] : [...axis];
  if (list.length === 0) return Array.from({ length: rank }, (_, i) => i);
  const out = list.map((a) => {
    if (!Number.isInteger(a) || a < -rank || a >= Math.max(rank, 1)) {
      throw new ShapeError(`${api}: axis ${a} is out of range for a tensor of rank ${rank}`);
    }
    return a < 0 ? a + rank : a;
  });
  if (new Set(out).size !== out.length) throw new ShapeError(`${api}: axis ${JSON.stringify(list)} repeats an axis`);
  return out.sort((a, b) => a - b);
}

function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  shape.forEach((d, i) => {
    if (!axes.includes(i)) out.push(d);
    else if (keepDims) out.push(1);
  });
  return out;
}

/** For each input element in C order, the offset of the output element it reduces into. */
function outputOffsets(shape: Shape, axes: readonly number[]): Int32Array {
  const kept = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const keptStrides = stridesOf(kept).map((s, i) => (axes.includes(i) ? 0 : s));
  const n = sizeOf(shape);
  const offsets = new Int32Array(n);
  const idx = new Int32Array(shape.length);
  let o = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = o;
    for (let ax = shape.length - 1; ax >= 0; ax--) {
      idx[ax]!++;
      o += keptStrides[ax]!;
      if (idx[ax]! < shape[ax]!) break;
      o -= keptStrides[ax]! * shape[ax]!;
      idx[ax] = 0;
    }
  }
  return offsets;
}

type ReduceKind = 'sum' | 'mean' | 'max';

function reduceKernel(name: string, kind: ReduceKind): KernelDef<ReduceAttrs> {
  const infer = (inputs: readonly KSignature[], attrs: ReduceAttrs): KSignature[] => {
    const x = inputs[0];
    if (inputs.length !== 1 || !x) throw new DTypeError(`${name}: expected 1 input, but got ${inputs.length}`);
    if (x.dtype.kind === 'bool' || (kind === 'mean' && x.dtype.kind !== 'float')) {
      throw new DTypeError(`${name}: ${x.dtype.msName} inputs are not supported`);
    }
    const axes = normaliseAxes(attrs.axis, x.shape.length, name);
    return [{ dtype: x.dtype, shape: reducedShape(x.shape, axes, attrs.keepDims ?? false) }];
  };
  return {
    name,
    infer,
    compute(inputs, attrs, options?: KernelOptions) {
      const x = inputs[0]!;
      const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, name);
      const axes = normaliseAxes(attrs.axis, x.shape.length, name);
      const offsets = outputOffsets(x.shape, axes);
      const m = out.data.length;
      const count = m === 0 ? 0 : x.data.length / m;
      if (x.dtype.name === 'int64') {
        const src = x.data as BigInt64Array;
        const dst = out.data as BigInt64Array;
        if (kind === 'max') for (let j = 0; j < m; j++) dst[j] = -(2n ** 63n);
        else dst.fill(0n);
        for (let i = 0; i < src.length; i++) {
          const o = offsets[i]!;
          dst[o] = kind === 'max' ? (src[i]! > dst[o]! ? src[i]! : dst[o]!) : dst[o]! + src[i]!;
        }
        return { outputs: [out], overflow: false };
      }
      if (x.dtype.kind !== 'float') {
        // int8/int16/int32/uint8: sums wrap on store; a max starts from each output's first element
        const src = x.data as Int32Array;
        const dst = out.data as Int32Array;
        const seen = kind === 'max' ? new Uint8Array(m) : undefined;
        for (let i = 0; i < src.length; i++) {
          const o = offsets[i]!;
          const v = src[i]!;
          if (!seen) dst[o] = dst[o]! + v;
          else if (!seen[o] || v > dst[o]!) {
            seen[o] = 1;
            dst[o] = v;
          }
        }
        return { outputs: [out], overflow: false };
      }
      const values = floatValues(x);
      const acc = computeDType(x.dtype) === DTYPES.float64 ? new Float64Array(m) : new Float32Array(m);
      if (kind === 'max') acc.fill(-Infinity);
      for (let i = 0; i < values.length; i++) {
        const o = offsets[i]!;
        const v = values[i]!;
        if (kind === 'max') {
          const a = acc[o]!;
          if (v !== v || v > a) acc[o] = v; // NaN wins and stays (v > NaN is false)
        } else acc[o] = acc[o]! + v;
      }
      if (kind === 'mean') for (let j = 0; j < m; j++) acc[j] = acc[j]! / count;
      const detect = options?.detectOverflow === true || options?.saturate === true;
      return { outputs: [out], overflow: finishFloat(acc, out, detect && allFinite(values), options) };
    },
    cost(inputs, attrs) {
      const sig = infer(inputs, attrs)[0]!;
      return { flops: sizeOf(inputs[0]!.shape), bytes: bytesOf(inputs[0]!) + bytesOf(sig), dtype: inputs[0]!.dtype };
    },
  };
}

/** ReduceSum. */
export const ReduceSum = reduceKernel('ReduceSum', 'sum');
/** ReduceMean. */
export const ReduceMean = reduceKernel('ReduceMean', 'mean');
/** ReduceMax. */
export const ReduceMax = reduceKernel('ReduceMax', 'max');

/** ArgMax's attribute. */
export interface ArgMaxAttrs {
  /** The axis; -1 by default. */
  readonly axis?: number;
}

/** ArgMax: int32 indices of the maximum along an axis. */
export const ArgMax: KernelDef<ArgMaxAttrs> = {
  name: 'ArgMax',
  infer(inputs, attrs) {
    const x = inputs[0];
    if (inputs.length !== 1 || !x) throw new DTypeError(`Argmax: expected 1 input, but got ${inputs.length}`);
    if (x.dtype.kind === 'bool') throw new DTypeError('Argmax: Bool inputs are not supported');
    if (x.shape.length === 0) throw new ShapeError('Argmax: the input must have at least one axis');
    const [axis] = normaliseAxes(attrs.axis ?? -1, x.shape.length, 'Argmax');
    if (x.shape[axis!] === 0) throw new ShapeError(`Argmax: axis ${axis} of shape ${formatShape(x.shape)} is empty`);
    return [{ dtype: DTYPES.int32, shape: x.shape.filter((_, i) => i !== axis) }];
  },
  compute(inputs, attrs, options) {
    const x = inputs[0]!;
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'Argmax');
    const [axis] = normaliseAxes(attrs.axis ?? -1, x.shape.length, 'Argmax');
    const n = x.shape[axis!]!;
    const inner = sizeOf(x.shape.slice(axis! + 1));
    const outer = sizeOf(x.shape.slice(0, axis));
    const values: ArrayLike<number | bigint> = x.dtype.kind === 'float' ? floatValues(x) : (x.data as Int32Array | BigInt64Array);
    const dst = out.data as Int32Array;
    for (let a = 0; a < outer; a++) {
      for (let b = 0; b < inner; b++) {
        const base = a * n * inner + b;
        let best = 0;
        let bestV = values[base]!;
        if (bestV === bestV) {
          for (let k = 1; k < n; k++) {
            const v = values[base + k * inner]!;
            if (v !== v) {
              best = k;
              break;
            }
            if (v > bestV) {
              best = k;
              bestV = v;
            }
          }
        }
        dst[a * inner + b] = best;
      }
    }
    return { outputs: [out], overflow: false };
  },
  cost(inputs) {
    return { flops: sizeOf(inputs[0]!.shape), bytes: bytesOf(inputs[0]!), dtype: inputs[0]!.dtype };
  },
};

/** AddN: the elementwise sum of several tensors of one dtype and shape, added in input order. */
export const AddN: KernelDef = {
  name: 'AddN',
  infer(inputs) {
    const first = inputs[0];
    if (!first) throw new DTypeError('AddN: needs at least one input');
    for (const s of inputs) {
      if (s.dtype !== first.dtype) throw new DTypeError(`AddN: all inputs must have one dtype, but got ${inputs.map((i) => i.dtype.msName).join(', ')}`);
      if (formatShape(s.shape) !== formatShape(first.shape)) {
        throw new ShapeError(`AddN: all inputs must have one shape, but got ${inputs.map((i) => formatShape(i.shape)).join(', ')}`);
      }
    }
    if (first.dtype.kind === 'bool') throw new DTypeError('AddN: Bool inputs are not supported');
    return [{ dtype: first.dtype, shape: [...first.shape] }];
  },
  compute(inputs, attrs, options) {
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'AddN');
    const dtype: DType = out.dtype;
    if (dtype.name === 'int64') {
      const dst = out.data as BigInt64Array;
      dst.set(inputs[0]!.data as BigInt64Array);
      for (let k = 1; k < inputs.length; k++) {
        const src = inputs[k]!.data as BigInt64Array;
        for (let i = 0; i < dst.length; i++) dst[i] = dst[i]! + src[i]!;
      }
      return { outputs: [out], overflow: false };
    }
    if (dtype.kind !== 'float') {
      const dst = out.data as Int32Array; // int8/int16/int32/uint8 alike: the store wraps
      dst.set(inputs[0]!.data as Int32Array);
      for (let k = 1; k < inputs.length; k++) {
        const src = inputs[k]!.data as Int32Array;
        for (let i = 0; i < dst.length; i++) dst[i] = dst[i]! + src[i]!;
      }
      return { outputs: [out], overflow: false };
    }
    const all = inputs.map(floatValues);
    const acc: Float32Array | Float64Array = computeDType(dtype) === DTYPES.float64 ? Float64Array.from(all[0]!) : Float32Array.from(all[0]!);
    for (let k = 1; k < all.length; k++) {
      const src = all[k]!;
      for (let i = 0; i < acc.length; i++) acc[i] = acc[i]! + src[i]!;
    }
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(acc, out, detect && all.every(allFinite), options) };
  },
  cost(inputs) {
    const n = sizeOf(inputs[0]!.shape);
    return { flops: n * Math.max(0, inputs.length - 1), bytes: inputs.reduce((b, s) => b + bytesOf(s), bytesOf(inputs[0]!)), dtype: inputs[0]!.dtype };
  },
};
