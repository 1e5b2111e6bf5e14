/**
 * MatMul (2-D, optional transposes), BatchMatMul (leading batch axes broadcast as numpy's matmul),
 * BiasAdd (x [N, C, ...] + b [C] along axis 1) and BiasAddGrad (sum of dout over every axis but 1).
 * Floats only. Accumulation: see gemm.ts (float32/float64 sum in float64 and round once; float16 and
 * bfloat16 accumulate in float32 step by step).
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { broadcastShapes } from '../broadcast.js';
import { allFinite, finishFloat, floatValues, type FloatValues } from '../float-output.js';
import { formatShape, sizeOf, stridesOf } from '../shape.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KTensor, type KernelDef, type KernelOptions } from '../tensor.js';
import { gemmSteps, gemmWide, transpose } from './gemm.js';

/** MatMul and BatchMatMul attributes. */
export interface MatMulAttrs {
  /** Use the transpose of the first operand's last two axes. */
  readonly transposeA?: boolean;
  /** Use the transpose of the second operand's last two axes. */
  readonly transposeB?: boolean;
}

function floats(name: string, inputs: readonly KSignature[], n: number): void {
  if (inputs.length !== n) throw new DTypeError(`${name}: expected ${n} inputs, but got ${inputs.length}`);
  for (const s of inputs) if (s.dtype.kind !== 'float') throw new DTypeError(`${name}: ${s.dtype.msName} inputs are not supported (floats only)`);
  if (inputs.some((s) => s.dtype !== inputs[0]!.dtype)) {
    throw new DTypeError(`${name}: inputs must have one dtype, but got ${inputs.map((s) => s.dtype.msName).join(' and ')}`);
  }
}

/** The matrix dimensions (M, K, N) and batch shape of a (batch) matmul. */
function dims(name: string, a: KSignature, b: KSignature, attrs: MatMulAttrs, batch: boolean) {
  const ra = a.shape.length;
  const rb = b.shape.length;
  if (batch ? ra < 2 || rb < 2 : ra !== 2 || rb !== 2) {
    throw new ShapeError(`${name}: expects ${batch ? 'at least 2-D' : '2-D'} inputs, but got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  const [a0, a1] = [a.shape[ra - 2]!, a.shape[ra - 1]!];
  const [b0, b1] = [b.shape[rb - 2]!, b.shape[rb - 1]!];
  const [M, K] = attrs.transposeA ? [a1, a0] : [a0, a1];
  const [K2, N] = attrs.transposeB ? [b1, b0] : [b0, b1];
  if (K !== K2) {
    throw new ShapeError(`${name}: inner dimensions differ: ${formatShape(a.shape)}${attrs.transposeA ? 'ᵀ' : ''} × ${formatShape(b.shape)}${attrs.transposeB ? 'ᵀ' : ''} (${K} vs ${K2})`);
  }
  const batchShape = batch ? broadcastShapes([a.shape.slice(0, -2), b.shape.slice(0, -2)], name) : [];
  return { M, K, N, batchShape };
}

function gemmFor(dtype: KTensor['dtype']) {
  return dtype.name === 'float16' || dtype.name === 'bfloat16' ? gemmSteps : gemmWide;
}

function matmulKernel(name: string, batch: boolean): KernelDef<MatMulAttrs> {
  const infer = (inputs: readonly KSignature[], attrs: MatMulAttrs): KSignature[] => {
    floats(name, inputs, 2);
    const { M, N, batchShape } = dims(name, inputs[0]!, inputs[1]!, attrs, batch);
    return [{ dtype: inputs[0]!.dtype, shape: [...batchShape, M, N] }];
  };
  return {
    name,
    infer,
    compute(inputs, attrs, options?: KernelOptions) {
      const [a, b] = inputs as [KTensor, KTensor];
      const out = trustedOutput(options) ?? outputFor(infer(inputs, attrs)[0]!, options, name);
      const { M, K, N, batchShape } = dims(name, a, b, attrs, batch);
      const av = floatValues(a);
      const bv = floatValues(b);
      const direct = out.dtype.name === 'float32' || out.dtype.name === 'float64';
      const result: FloatValues = direct ? (out.data as FloatValues) : new Float32Array(out.data.length);
      const gemm = gemmFor(a.dtype);
      const batches = sizeOf(batchShape);
      const aBatch = broadcastIndex(a.shape.slice(0, -2), batchShape);
      const bBatch = broadcastIndex(b.shape.slice(0, -2), batchShape);
      for (let t = 0; t < batches; t++) {
        let A = av.subarray(aBatch[t]! * M * K, (aBatch[t]! + 1) * M * K);
        let B = bv.subarray(bBatch[t]! * K * N, (bBatch[t]! + 1) * K * N);
        if (attrs.transposeA) A = transpose(A, K, M);
        if (attrs.transposeB) B = transpose(B, N, K);
        gemm(A, B, result.subarray(t * M * N, (t + 1) * M * N), M, N, K);
      }
      const detect = options?.detectOverflow === true || options?.saturate === true;
      return { outputs: [out], overflow: finishFloat(result, out, detect && allFinite(av) && allFinite(bv), options) };
    },
    cost(inputs, attrs) {
      const sig = infer(inputs, attrs)[0]!;
      const { K } = dims(name, inputs[0]!, inputs[1]!, attrs, batch);
      return { flops: 2 * sizeOf(sig.shape) * K, bytes: bytesOf(inputs[0]!) + bytesOf(inputs[1]!) + bytesOf(sig), dtype: sig.dtype };
    },
  };
}

/** For each batch of `outBatch` (C order), the index of the operand's matrix it reads. */
function broadcastIndex(own: readonly number[], outBatch: readonly number[]): Int32Array {
  const n = sizeOf(outBatch);
  const ownStrides = stridesOf(own);
  const result = new Int32Array(n);
  const idx = new Array<number>(outBatch.length).fill(0);
  for (let t = 0; t < n; t++) {
    let o = 0;
    for (let d = 0; d < own.length; d++) {
      const k = outBatch.length - own.length + d;
      o += (own[d] === 1 ? 0 : idx[k]!) * ownStrides[d]!;
    }
    result[t] = o;
    for (let ax = outBatch.length - 1; ax >= 0; ax--) {
      if (++idx[ax]! < outBatch[ax]!) break;
      idx[ax] = 0;
    }
  }
  return result;
}

/** MatMul: [M, K] × [K, N] → [M, N]. */
export const MatMul = matmulKernel('MatMul', false);
/** BatchMatMul: [..., M, K] × [..., K, N] → [..., M, N], batch axes broadcast. */
export const BatchMatMul = matmulKernel('BatchMatMul', true);

/** BiasAdd: x [N, C, ...] + b [C], added along axis 1. */
export const BiasAdd: KernelDef = {
  name: 'BiasAdd',
  infer(inputs) {
    floats('BiasAdd', inputs, 2);
    const [x, b] = inputs as [KSignature, KSignature];
    if (x.shape.length < 2 || b.shape.length !== 1 || b.shape[0] !== x.shape[1]) {
      throw new ShapeError(`BiasAdd: x must be at least 2-D and b of shape (C,) with C = x.shape[1], but got ${formatShape(x.shape)} and ${formatShape(b.shape)}`);
    }
    return [{ dtype: x.dtype, shape: [...x.shape] }];
  },
  compute(inputs, attrs, options) {
    const [x, b] = inputs as [KTensor, KTensor];
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'BiasAdd');
    const xv = floatValues(x);
    const bv = floatValues(b);
    const C = x.shape[1]!;
    const inner = sizeOf(x.shape.slice(2));
    const res = out.dtype.name === 'float64' ? new Float64Array(xv.length) : new Float32Array(xv.length);
    for (let i = 0; i < xv.length; i++) res[i] = xv[i]! + bv[Math.floor(i / inner) % C]!;
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(res, out, detect && allFinite(xv) && allFinite(bv), options) };
  },
  cost(inputs) {
    return { flops: sizeOf(inputs[0]!.shape), bytes: 2 * bytesOf(inputs[0]!) + bytesOf(inputs[1]!), dtype: inputs[0]!.dtype };
  },
};

/** BiasAddGrad: dout [N, C, ...] summed over every axis but 1 → [C] (index order, compute-dtype adds). */
export const BiasAddGrad: KernelDef = {
  name: 'BiasAddGrad',
  infer(inputs) {
    floats('BiasAddGrad', inputs, 1);
    const d = inputs[0]!;
    if (d.shape.length < 2) throw new ShapeError(`BiasAddGrad: dout must be at least 2-D, but got ${formatShape(d.shape)}`);
    return [{ dtype: d.dtype, shape: [d.shape[1]!] }];
  },
  compute(inputs, attrs, options) {
    const d = inputs[0]!;
    const out = trustedOutput(options) ?? outputFor(this.infer(inputs, attrs)[0]!, options, 'BiasAddGrad');
    const v = floatValues(d);
    const C = d.shape[1]!;
    const inner = sizeOf(d.shape.slice(2));
    const acc = out.dtype.name === 'float64' ? new Float64Array(C) : new Float32Array(C);
    for (let i = 0; i < v.length; i++) {
      const c = Math.floor(i / inner) % C;
      acc[c] = acc[c]! + v[i]!;
    }
    const detect = options?.detectOverflow === true || options?.saturate === true;
    return { outputs: [out], overflow: finishFloat(acc, out, detect && allFinite(v), options) };
  },
  cost(inputs) {
    return { flops: sizeOf(inputs[0]!.shape), bytes: bytesOf(inputs[0]!), dtype: inputs[0]!.dtype };
  },
};
