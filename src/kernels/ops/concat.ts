/**
 * Concat, Split and Tile: bit patterns copied in blocks, so every dtype passes through exactly.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, ktensor, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** The axis an attribute names, normalised, or a ShapeError naming `name`. */
function axisOf(name: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) throw new ShapeError(`For '${name}', the 'axis' must be in range [${-rank}, ${rank}), but got ${axis}`);
  return axis < 0 ? axis + rank : axis;
}

/** Concat's attribute. */
export interface ConcatAttrs {
  /** The axis joined along (may be negative). */
  readonly axis: number;
}

/** Concat: the inputs joined along an axis (one dtype, equal sizes elsewhere). */
export const Concat: KernelDef<ConcatAttrs> = {
  name: 'Concat',
  infer(inputs, attrs) {
    if (inputs.length === 0) throw new ShapeError("For 'Concat', the input must have at least one Tensor");
    const first = inputs[0]!;
    const axis = axisOf('Concat', attrs.axis, first.shape.length);
    let total = 0;
    for (const [i, s] of inputs.entries()) {
      if (s.dtype !== first.dtype) throw new DTypeError(`For 'Concat', all inputs must have one dtype, but input ${i} is ${s.dtype.msName} and input 0 ${first.dtype.msName}`);
      if (s.shape.length !== first.shape.length || s.shape.some((d, k) => k !== axis && d !== first.shape[k])) {
        throw new ShapeError(`For 'Concat', input ${i} of shape ${formatShape(s.shape)} does not match ${formatShape(first.shape)} outside axis ${axis}`);
      }
      total += s.shape[axis]!;
    }
    return [{ dtype: first.dtype, shape: first.shape.map((d, k) => (k === axis ? total : d)) }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const out = outputFor(sig, options, 'Concat');
    const axis = axisOf('Concat', attrs.axis, sig.shape.length);
    const outer = sizeOf(sig.shape.slice(0, axis));
    const inner = sizeOf(sig.shape.slice(axis + 1));
    const row = sig.shape[axis]! * inner;
    let offset = 0;
    for (const x of inputs) {
      const block = x.shape[axis]! * inner;
      for (let o = 0; o < outer; o++) out.data.set((x.data as Float32Array).subarray(o * block, (o + 1) * block) as never, o * row + offset);
      offset += block;
    }
    return { outputs: [out], overflow: false };
  },
  cost: (inputs) => ({ flops: 0, bytes: 2 * inputs.reduce((n, x) => n + bytesOf(x), 0), dtype: inputs[0]!.dtype }),
};

/** Split's attributes. */
export interface SplitAttrs {
  /** The axis split along (may be negative). */
  readonly axis: number;
  /** How many equal parts. */
  readonly outputNum: number;
}

/** Split: `outputNum` equal parts along an axis. */
export const Split: KernelDef<SplitAttrs> = {
  name: 'Split',
  infer(inputs, attrs) {
    const x = inputs[0]!;
    const axis = axisOf('Split', attrs.axis, x.shape.length);
    const n = attrs.outputNum;
    if (x.shape[axis]! % n !== 0) throw new ShapeError(`For 'Split', x_shape[${axis}] ${x.shape[axis]} must be divisible by output_num ${n}`);
    const part: KSignature = { dtype: x.dtype, shape: x.shape.map((d, k) => (k === axis ? d / n : d)) };
    return Array.from({ length: n }, () => ({ dtype: part.dtype, shape: [...part.shape] }));
  },
  compute(inputs, attrs, options) {
    const x = inputs[0]!;
    const sigs = this.infer(inputs, attrs);
    const axis = axisOf('Split', attrs.axis, x.shape.length);
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const block = sigs[0]!.shape[axis]! * inner;
    const row = x.shape[axis]! * inner;
    const outputs = sigs.map((s, k) => (k === 0 ? outputFor(s, options, 'Split') : ktensor(s.dtype, s.shape)));
    outputs.forEach((out, k) => {
      for (let o = 0; o < outer; o++) out.data.set((x.data as Float32Array).subarray(o * row + k * block, o * row + (k + 1) * block) as never, o * block);
    });
    return { outputs, overflow: false };
  },
  cost: (inputs) => ({ flops: 0, bytes: 2 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
};

/** Tile's attribute. */
export interface TileAttrs {
  /** Copies along each axis (as many as the input's rank or more: the input gains leading 1s). */
  readonly multiples: readonly number[];
}

/** Tile: the input repeated along each axis, as numpy.tile. */
export const Tile: KernelDef<TileAttrs> = {
  name: 'Tile',
  infer(inputs, attrs) {
    const x = inputs[0]!;
    const m = attrs.multiples;
    if (m.length < x.shape.length) throw new ShapeError(`For 'Tile', the length of 'multiples' ${m.length} must be at least the input's rank ${x.shape.length}`);
    const shape = [...Array<number>(m.length - x.shape.length).fill(1), ...x.shape];
    return [{ dtype: x.dtype, shape: shape.map((d, k) => d * m[k]!) }];
  },
  compute(inputs, attrs, options) {
    const x = inputs[0]!;
    const sig = this.infer(inputs, attrs)[0]!;
    const out = outputFor(sig, options, 'Tile');
    const m = attrs.multiples;
    const inShape = [...Array<number>(m.length - x.shape.length).fill(1), ...x.shape];
    // innermost axis first: each level repeats the block built so far
    let cur = (x.data as Float32Array).slice();
    let blockShape = inShape.slice();
    for (let axis = m.length - 1; axis >= 0; axis--) {
      const outer = sizeOf(blockShape.slice(0, axis));
      const chunk = cur.length / Math.max(1, outer);
      const next = new (cur.constructor as Float32ArrayConstructor)(cur.length * m[axis]!);
      for (let o = 0; o < outer; o++) {
        const piece = cur.subarray(o * chunk, (o + 1) * chunk);
        for (let r = 0; r < m[axis]!; r++) next.set(piece, (o * m[axis]! + r) * chunk);
      }
      cur = next;
      blockShape = blockShape.map((d, k) => (k === axis ? d * m[axis]! : d));
    }
    out.data.set(cur as never);
    return { outputs: [out], overflow: false };
  },
  cost: (inputs, attrs) => ({ flops: 0, bytes: bytesOf(inputs[0]!) * (1 + attrs.multiples.reduce((a, b) => a * b, 1)), dtype: inputs[0]!.dtype }),
};
