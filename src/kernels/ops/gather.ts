/**
 * Gather (r1.5's `P.Gather`, GatherV2) and UnsortedSegmentSum. Gather(params, indices, axis) takes the
 * slices of `params` along `axis` that `indices` name: the output is params.shape[:axis] +
 * indices.shape + params.shape[axis+1:]; a negative index from −params.shape[axis] counts from the end
 * (r1.5's CPU kernel, nnacl gather_base.c), an index beyond the range gives zeros (r1.5's GPU kernel;
 * its CPU kernel fails the launch). UnsortedSegmentSum(x, segmentIds, numSegments) adds each slice x[i...] into
 * output[segmentIds[i...]] in index order (one rounding per addition); ids outside [0, numSegments)
 * are dropped. Both move bytes for any dtype (the sum: numbers only).
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { computeDType, finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** Gather's attributes. */
export interface GatherAttrs {
  /** The axis of `params` the indices select along (negative: from the end). */
  readonly axis: number;
}

const INDEX_TYPES = ['int32', 'int64'];

function gatherAxis(params: KSignature, axis: number): number {
  const rank = params.shape.length;
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new ShapeError(`For 'Gather', the 'axis' must be in range [${-rank}, ${rank}), but got ${axis}`);
  return axis < 0 ? axis + rank : axis;
}

/** The Gather kernel: (params, indices) → slices. */
export const Gather: KernelDef<GatherAttrs> = {
  name: 'Gather',
  infer(inputs, attrs) {
    const [params, indices] = inputs;
    if (!params || !indices || inputs.length !== 2) throw new ShapeError(`For 'Gather', the number of inputs must be 2 (input_params, input_indices), but got ${inputs.length}`);
    if (!INDEX_TYPES.includes(indices.dtype.name)) throw new DTypeError(`For 'Gather', the 'input_indices' should be one of [Int32, Int64], but got ${indices.dtype.msName}`);
    if (params.shape.length === 0) throw new ShapeError("For 'Gather', the 'input_params' must have at least one dimension, but got a scalar");
    const axis = gatherAxis(params, attrs.axis);
    return [{ dtype: params.dtype, shape: [...params.shape.slice(0, axis), ...indices.shape, ...params.shape.slice(axis + 1)] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const [params, indices] = inputs as [typeof inputs[0], typeof inputs[0]];
    const axis = gatherAxis(params!, attrs.axis);
    const out = outputFor(sig, options, 'Gather');
    const outer = sizeOf(params!.shape.slice(0, axis));
    const limit = params!.shape[axis]!;
    const inner = sizeOf(params!.shape.slice(axis + 1));
    const n = sizeOf(indices!.shape);
    const src = params!.data;
    const dst = out.data;
    const idx = indices!.data;
    for (let o = 0; o < outer; o++) {
      for (let k = 0; k < n; k++) {
        const raw = Number(idx[k]!);
        const at = raw < 0 && raw >= -limit ? raw + limit : raw;
        const base = (o * n + k) * inner;
        if (at >= 0 && at < limit) (dst as Float32Array).set((src as Float32Array).subarray((o * limit + at) * inner, (o * limit + at + 1) * inner), base);
        else if (dst instanceof BigInt64Array) dst.fill(0n, base, base + inner);
        else (dst as Float32Array).fill(0, base, base + inner);
      }
    }
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => {
    const out = Gather.infer(inputs, attrs)[0]!;
    return { flops: 0, bytes: 2 * bytesOf(out) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype };
  },
};

/** UnsortedSegmentSum's attributes. */
export interface UnsortedSegmentSumAttrs {
  /** The number of segments (the output's first dimension). */
  readonly numSegments: number;
}

/** The UnsortedSegmentSum kernel: (x, segmentIds) → sums per segment. */
export const UnsortedSegmentSum: KernelDef<UnsortedSegmentSumAttrs> = {
  name: 'UnsortedSegmentSum',
  infer(inputs, attrs) {
    const [x, ids] = inputs;
    if (!x || !ids || inputs.length !== 2) throw new ShapeError(`For 'UnsortedSegmentSum', the number of inputs must be 2 (x, segment_ids), but got ${inputs.length}`);
    if (!INDEX_TYPES.includes(ids.dtype.name)) throw new DTypeError(`For 'UnsortedSegmentSum', the 'segment_ids' should be one of [Int32, Int64], but got ${ids.dtype.msName}`);
    if (x.dtype.kind === 'bool') throw new DTypeError(`For 'UnsortedSegmentSum', the 'x' must be a number tensor, but got ${x.dtype.msName}`);
    if (ids.shape.length > x.shape.length || ids.shape.some((d, i) => d !== x.shape[i])) {
      throw new ShapeError(`For 'UnsortedSegmentSum', the shape of 'segment_ids' must be a prefix of the shape of 'x', but got ${formatShape(ids.shape)} and ${formatShape(x.shape)}`);
    }
    if (!Number.isInteger(attrs.numSegments) || attrs.numSegments < 1) throw new ShapeError(`For 'UnsortedSegmentSum', the 'num_segments' must be a positive int, but got ${attrs.numSegments}`);
    return [{ dtype: x.dtype, shape: [attrs.numSegments, ...x.shape.slice(ids.shape.length)] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const [x, ids] = inputs as [typeof inputs[0], typeof inputs[0]];
    const inner = sizeOf(x!.shape.slice(ids!.shape.length));
    const n = sizeOf(ids!.shape);
    const float = x!.dtype.kind === 'float';
    const values = float ? floatValues(x!) : x!.data;
    const wide = !float || computeDType(x!.dtype).name === 'float64';
    const acc = wide ? new Float64Array(attrs.numSegments * inner) : new Float32Array(attrs.numSegments * inner);
    const idData = ids!.data;
    for (let k = 0; k < n; k++) {
      const seg = Number(idData[k]!);
      if (seg < 0 || seg >= attrs.numSegments) continue;
      for (let i = 0; i < inner; i++) acc[seg * inner + i] = acc[seg * inner + i]! + Number(values[k * inner + i]!);
    }
    const out = outputFor(sig, options, 'UnsortedSegmentSum');
    if (float) return { outputs: [out], overflow: finishFloat(acc, out, true, options) };
    const dst = out.data; // integers: summed exactly below 2^53, then wrapped to the dtype as the store does
    if (dst instanceof BigInt64Array) for (let i = 0; i < acc.length; i++) dst[i] = BigInt(acc[i]!);
    else for (let i = 0; i < acc.length; i++) (dst as Int32Array)[i] = acc[i]!;
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => {
    const out = UnsortedSegmentSum.infer(inputs, attrs)[0]!;
    return { flops: sizeOf(inputs[0]!.shape), bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!) + bytesOf(out), dtype: inputs[0]!.dtype };
  },
};
