/**
 * ScatterAdd, ScatterSub and ScatterUpdate as MindSpore r1.5's `P.ScatterAdd` / `P.ScatterSub` /
 * `P.ScatterUpdate` (scatter_arithmetic_cpu_kernel.cc): for each index i in order, the row
 * x[indices[i]] (x's first axis) is combined with updates[i] — added, subtracted (one rounding per
 * operation in x's dtype, repeated indices accumulate in index order) or replaced (the last one wins).
 * The kernel computes the new value of x; the op writes it in place. r1.5's kernels do not check the
 * indices (an index outside x's first axis writes outside the tensor); here it is a run-time error of
 * the op, raised at the next synchronisation.
 * @module
 */
import { ArgumentValueError, DTypeError, ShapeError } from '../../errors/index.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { bytesOf, outputFor, type KSignature, type KernelDef } from '../tensor.js';

type Combine = 'add' | 'sub' | 'update';

/** A shape as r1.5's message prints it (a Python list). */
const list = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

function checkScatter(name: string, inputs: readonly KSignature[]): void {
  if (inputs.length !== 3) throw new ShapeError(`For '${name}', the number of inputs must be 3, but got ${inputs.length}`);
  const [x, indices, updates] = inputs as [KSignature, KSignature, KSignature];
  if (indices.dtype.name !== 'int32') throw new DTypeError(`For '${name}', the 'indices' should be one of [Int32], but got ${indices.dtype.msName}`);
  if (x.dtype.kind === 'bool' || updates.dtype !== x.dtype) {
    throw new DTypeError(`For '${name}', the 'x' and 'updates' should be number tensors of the same dtype, but got ${x.dtype.msName} and ${updates.dtype.msName}`);
  }
  const want = [...indices.shape, ...x.shape.slice(1)];
  if (x.shape.length === 0 || formatShape(updates.shape) !== formatShape(want)) {
    throw new ShapeError(`For '${name}', updates_shape = indices_shape + x_shape[1:], but got x_shape: ${list(x.shape)}, indices_shape: ${list(indices.shape)}, updates_shape: ${list(updates.shape)}.`);
  }
}

function scatterKernel(name: string, combine: Combine): KernelDef {
  return {
    name,
    infer(inputs) {
      checkScatter(name, inputs);
      return [{ dtype: inputs[0]!.dtype, shape: [...inputs[0]!.shape] }];
    },
    compute(inputs, _attrs, options) {
      const sig = this.infer(inputs, {} as never)[0]!;
      const [x, indices, updates] = inputs as [typeof inputs[0], typeof inputs[0], typeof inputs[0]];
      const rows = x!.shape[0]!;
      const inner = sizeOf(x!.shape.slice(1));
      const ids = indices!.data as Int32Array;
      for (const id of ids) if (id < 0 || id >= rows) throw new ArgumentValueError(`For '${name}', the index ${id} is outside the first axis of 'x' [0, ${rows}) (r1.5's kernel would write outside the tensor)`);
      const out = outputFor(sig, options, name);
      if (x!.dtype.kind === 'float') {
        // a copy of x in its compute dtype (float32, or float64), updated in place
        const wide = x!.dtype.name === 'float64';
        const target = wide ? Float64Array.from(floatValues(x!)) : Float32Array.from(floatValues(x!));
        const u = floatValues(updates!);
        const round = wide ? (v: number) => v : Math.fround;
        for (let i = 0; i < ids.length; i++) {
          const base = ids[i]! * inner;
          for (let j = 0; j < inner; j++) {
            const v = u[i * inner + j]!;
            const at = base + j;
            target[at] = combine === 'update' ? v : round(combine === 'add' ? target[at]! + v : target[at]! - v);
          }
        }
        return { outputs: [out], overflow: finishFloat(target, out, true, options) };
      }
      const dst = out.data as Int32Array | BigInt64Array;
      dst.set(x!.data as never);
      const u = updates!.data as Int32Array | BigInt64Array;
      for (let i = 0; i < ids.length; i++) {
        const base = ids[i]! * inner;
        for (let j = 0; j < inner; j++) {
          const at = base + j;
          const v = u[i * inner + j]!;
          if (combine === 'update') dst[at] = v;
          else if (dst instanceof BigInt64Array) dst[at] = combine === 'add' ? dst[at]! + (v as bigint) : dst[at]! - (v as bigint);
          else dst[at] = combine === 'add' ? dst[at]! + (v as number) : dst[at]! - (v as number);
        }
      }
      return { outputs: [out], overflow: false };
    },
    cost: (inputs) => ({ flops: sizeOf(inputs[2]!.shape), bytes: 2 * bytesOf(inputs[2]!) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype }),
  };
}

/** The ScatterAdd kernel: (x, indices, updates) → x with updates added at the indexed rows. */
export const ScatterAdd: KernelDef = scatterKernel('ScatterAdd', 'add');
/** The ScatterSub kernel: (x, indices, updates) → x with updates subtracted at the indexed rows. */
export const ScatterSub: KernelDef = scatterKernel('ScatterSub', 'sub');
/** The ScatterUpdate kernel: (x, indices, updates) → x with the indexed rows replaced. */
export const ScatterUpdate: KernelDef = scatterKernel('ScatterUpdate', 'update');
