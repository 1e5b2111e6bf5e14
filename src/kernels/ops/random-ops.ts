/**
 * The random kernels as MindSpore r1.5's CPU kernels draw them (random_cpu_kernel.cc,
 * dropout_cpu_kernel.cc): UniformReal and StandardNormal fill a float32 tensor of `shape` from the
 * standard-library streams seeded with `seed` (the same values at every launch, as r1.5's kernel
 * re-seeds each time); Dropout applies a keep mask drawn by the op (`mask`, 1 to keep) as
 * mask · x · (1 / keep_prob) in x's dtype and outputs the mask too; DropoutGrad is dy · mask · scale.
 * @module
 */
import { DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES } from '../dtype.js';
import { finishFloat, floatValues } from '../float-output.js';
import { formatShape, sizeOf } from '../shape.js';
import { stdStandardNormal, stdUniformReal } from '../random/std-random.js';
import { bytesOf, ktensor, outputFor, type KSignature, type KernelDef } from '../tensor.js';

/** A random fill's attributes. */
export interface RandomFillAttrs {
  /** The output's shape. */
  readonly shape: readonly number[];
  /** The generator's seed (a 32-bit unsigned int). */
  readonly seed: number;
  /** The host threads r1.5's StandardNormal splits its output over (its chunking; 16 here). */
  readonly hostThreads?: number;
}

function randomFill(name: string, draw: (attrs: RandomFillAttrs, n: number) => Float32Array, flops: number): KernelDef<RandomFillAttrs> {
  return {
    name,
    infer(inputs, attrs) {
      if (inputs.length !== 0) throw new ShapeError(`For '${name}', the kernel takes no tensor inputs, but got ${inputs.length}`);
      return [{ dtype: DTYPES.float32, shape: [...attrs.shape] }];
    },
    compute(_inputs, attrs, options) {
      const out = outputFor({ dtype: DTYPES.float32, shape: [...attrs.shape] }, options, name);
      (out.data as Float32Array).set(draw(attrs, sizeOf(attrs.shape)));
      return { outputs: [out], overflow: false };
    },
    cost: (_inputs, attrs) => ({ flops: flops * sizeOf(attrs.shape), bytes: 4 * sizeOf(attrs.shape), dtype: DTYPES.float32 }),
  };
}

/** The UniformReal kernel: () → float32 values in [0, 1). */
export const UniformReal = randomFill('UniformReal', (a, n) => stdUniformReal(a.seed, n), 8);
/** The StandardNormal kernel: () → float32 N(0, 1) values. */
export const StandardNormal = randomFill('StandardNormal', (a, n) => stdStandardNormal(a.seed, n, a.hostThreads ?? 16), 30);

/** Dropout's attributes. */
export interface DropoutAttrs {
  /** The probability of keeping an element, in (0, 1]. */
  readonly keepProb: number;
  /** The keep mask (1 keeps), one per element, drawn by the op when it was recorded. */
  readonly mask: Uint8Array;
}

const FLOATS = ['float16', 'float32'];

/** r1.5's Dropout checks of its input: float16/float32, at least 1-D (the op checks before drawing its mask). */
export function checkDropoutInput(x: KSignature | undefined): asserts x is KSignature {
  if (!x) throw new ShapeError("For 'Dropout', the number of inputs must be 1, but got 0");
  if (!FLOATS.includes(x.dtype.name)) throw new DTypeError(`For 'Dropout', the 'x' should be one of [Float16, Float32], but got ${x.dtype.msName}`);
  if (x.shape.length < 1) throw new ShapeError("For 'Dropout', the dimension of 'x_shape' must be >= 1, but got 0");
}

/** The Dropout kernel: x → (mask · x · scale, mask), in x's dtype. */
export const Dropout: KernelDef<DropoutAttrs> = {
  name: 'Dropout',
  infer(inputs, attrs) {
    const x = inputs[0];
    checkDropoutInput(x);
    if (inputs.length !== 1 || sizeOf(x.shape) !== attrs.mask.length) throw new ShapeError(`For 'Dropout', one input with one mask element each: got ${inputs.length} inputs, ${formatShape(x.shape)} and ${attrs.mask.length} mask elements`);
    return [{ dtype: x.dtype, shape: [...x.shape] }, { dtype: x.dtype, shape: [...x.shape] }];
  },
  compute(inputs, attrs, options) {
    const sigs = this.infer(inputs, attrs);
    const x = floatValues(inputs[0]!);
    const scale = Math.fround(1 / Math.fround(attrs.keepProb));
    const y = new Float32Array(x.length);
    const m = new Float32Array(x.length);
    for (let i = 0; i < x.length; i++) {
      m[i] = attrs.mask[i]!;
      y[i] = Math.fround(m[i]! * x[i]!) * scale; // 0 · x keeps x's sign (and NaN), as the kernel's float product
    }
    const out = outputFor(sigs[0]!, options, 'Dropout');
    const overflow = finishFloat(y, out, true, options);
    const mask = ktensor(sigs[1]!.dtype, sigs[1]!.shape);
    finishFloat(m, mask, true);
    return { outputs: [out, mask], overflow };
  },
  cost: (inputs) => ({ flops: 2 * sizeOf(inputs[0]!.shape), bytes: 3 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
};

/** DropoutGrad's attributes. */
export interface DropoutGradAttrs {
  /** The forward's keep probability. */
  readonly keepProb: number;
}

/** The DropoutGrad kernel: (dy, mask) → dy · mask · scale. */
export const DropoutGrad: KernelDef<DropoutGradAttrs> = {
  name: 'DropoutGrad',
  infer(inputs) {
    const [dy, mask] = inputs;
    if (!dy || !mask || inputs.length !== 2) throw new ShapeError(`For 'DropoutGrad', the number of inputs must be 2, but got ${inputs.length}`);
    if (!FLOATS.includes(dy.dtype.name) || mask.dtype !== dy.dtype) throw new DTypeError(`For 'DropoutGrad', 'dy' and 'mask' should both be Float16 or Float32, but got ${dy.dtype.msName} and ${mask.dtype.msName}`);
    if (formatShape(dy.shape) !== formatShape(mask.shape)) throw new ShapeError(`For 'DropoutGrad', 'mask' must have the shape of 'dy' ${formatShape(dy.shape)}, but got ${formatShape(mask.shape)}`);
    return [{ dtype: dy.dtype, shape: [...dy.shape] }];
  },
  compute(inputs, attrs, options) {
    const sig = this.infer(inputs, attrs)[0]!;
    const [dy, mask] = [floatValues(inputs[0]!), floatValues(inputs[1]!)];
    const scale = Math.fround(1 / Math.fround(attrs.keepProb));
    const dx = new Float32Array(dy.length);
    for (let i = 0; i < dy.length; i++) dx[i] = Math.fround(dy[i]! * mask[i]!) * scale;
    const out = outputFor(sig, options, 'DropoutGrad');
    return { outputs: [out], overflow: finishFloat(dx, out, true, options) };
  },
  cost: (inputs) => ({ flops: 2 * sizeOf(inputs[0]!.shape), bytes: 3 * bytesOf(inputs[0]!), dtype: inputs[0]!.dtype }),
};
