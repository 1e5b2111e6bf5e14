/**
 * `ops`: MindSpore's primitives. A factory returns a callable primitive (`ops.Add()(x, y)`) that
 * records an op on the current context's device and returns its output at once; the data is produced
 * when a synchronisation point (reading it) runs the op. Each primitive exposes `name`, `sideEffectMem`
 * (Assign, AssignAdd, AssignSub) and `sideEffectIo` (Print), as MindSpore's flags.
 * @module
 */
import { ArgumentTypeError, DTypeError } from '../../errors/index.js';
import { DTYPES, ELEMENTWISE, kernelRegistry, resolveDType, type DTypeLike, type KernelDef } from '../../kernels/index.js';
import { record, type RecordOptions } from '../graph/executor.js';
import { print as pythonPrint, str } from '../print.js';
import { Tensor } from '../tensor.js';

/** A callable primitive with MindSpore's flags. */
export interface Primitive<Args extends unknown[] = unknown[], R = Tensor> {
  (...args: Args): R;
  /** MindSpore's primitive name. */
  readonly primitiveName: string;
  /** Writes memory (program order among such ops and the reads of what they write). */
  readonly sideEffectMem: boolean;
  /** Does IO (program order among such ops). */
  readonly sideEffectIo: boolean;
}

/** What a primitive takes: tensors, or Python-style scalars (converted to the other inputs' dtype). */
export type Input = Tensor | number | bigint | boolean;

function primitive<Args extends unknown[], R>(name: string, call: (...args: Args) => R, flags: { mem?: boolean; io?: boolean } = {}): Primitive<Args, R> {
  const f = call as Primitive<Args, R>; // a fresh closure per primitive: it carries the flags itself
  Object.defineProperty(f, 'name', { value: name });
  return Object.assign(f, { primitiveName: name, sideEffectMem: flags.mem ?? false, sideEffectIo: flags.io ?? false });
}

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name) ?? (ELEMENTWISE[name] as KernelDef<never>);

/** Tensors from inputs: numbers become 0-d tensors of the first tensor's dtype (MindSpore's scalars). */
function tensors(name: string, args: readonly Input[]): Tensor[] {
  if (args.every((a) => a instanceof Tensor)) return args as Tensor[];
  const first = args.find((a): a is Tensor => a instanceof Tensor);
  return args.map((a) => {
    if (a instanceof Tensor) return a;
    if (typeof a === 'number' || typeof a === 'bigint' || typeof a === 'boolean') return new Tensor(Number(a), first?.dtype ?? DTYPES.float32);
    throw new ArgumentTypeError(`For '${name}', inputs must be Tensors or numbers, but got ${typeof a}`);
  });
}

/** MindSpore's implicit conversion: inputs of different dtypes are cast to the highest-ranked one. */
function promoted(inputs: Tensor[]): Tensor[] {
  if (inputs.length === 2 && inputs[0]!.dtype === inputs[1]!.dtype) return inputs;
  const top = inputs.reduce((best, t) => (t.dtype.rank > best.dtype.rank ? t : best), inputs[0]!).dtype;
  return inputs.map((t) => (t.dtype === top ? t : (record('Cast', [t], { kernel: kernel('Cast'), attrs: { dtype: top } })[0]!)));
}

function op(name: string, options: Omit<RecordOptions, 'kernel'> & { kernel?: KernelDef<never> | null } = {}) {
  return (inputs: Tensor[]): Tensor[] => record(name, inputs, { kernel: options.kernel === undefined ? kernel(name) : options.kernel, ...options });
}

/** An elementwise primitive (with scalar inputs and implicit dtype promotion). */
function elementwise(name: string): () => Primitive<Input[], Tensor> {
  const promotes = ELEMENTWISE[name] !== undefined && !['Equal', 'Less', 'LessEqual', 'Greater'].includes(name);
  const kernelDef = kernel(name);
  return () => primitive(name, (...args: Input[]) => {
    const ins = tensors(name, args);
    return record(name, promotes && ins.length > 1 ? promoted(ins) : ins, { kernel: kernelDef })[0]!;
  });
}

/* eslint-disable @typescript-eslint/naming-convention */
/** Add. */ export const Add = elementwise('Add');
/** Sub. */ export const Sub = elementwise('Sub');
/** Mul. */ export const Mul = elementwise('Mul');
/** RealDiv. */ export const RealDiv = elementwise('RealDiv');
/** Maximum. */ export const Maximum = elementwise('Maximum');
/** Minimum. */ export const Minimum = elementwise('Minimum');
/** Pow. */ export const Pow = elementwise('Pow');
/** Neg. */ export const Neg = elementwise('Neg');
/** Abs. */ export const Abs = elementwise('Abs');
/** Square. */ export const Square = elementwise('Square');
/** Sqrt. */ export const Sqrt = elementwise('Sqrt');
/** Exp. */ export const Exp = elementwise('Exp');
/** Log. */ export const Log = elementwise('Log');
/** ReLU. */ export const ReLU = elementwise('ReLU');
/** Sigmoid. */ export const Sigmoid = elementwise('Sigmoid');
/** Tanh. */ export const Tanh = elementwise('Tanh');
/** Equal. */ export const Equal = elementwise('Equal');
/** Less. */ export const Less = elementwise('Less');
/** LessEqual. */ export const LessEqual = elementwise('LessEqual');
/** Greater. */ export const Greater = elementwise('Greater');
/** IsFinite. */ export const IsFinite = elementwise('IsFinite');
/** IsNan. */ export const IsNan = elementwise('IsNan');
/** ReluGrad(dy, y). */ export const ReluGrad = elementwise('ReluGrad');
/** SigmoidGrad(y, dy). */ export const SigmoidGrad = elementwise('SigmoidGrad');
/** TanhGrad(y, dy). */ export const TanhGrad = elementwise('TanhGrad');

/** Select(cond, x, y). */
export const Select = () => primitive('Select', (cond: Tensor, x: Tensor, y: Tensor) => op('Select')([cond, x, y])[0]!);
/** Cast(x, dtype). */
export const Cast = () => primitive('Cast', (x: Tensor, dtype: DTypeLike) => op('Cast', { attrs: { dtype: resolveDType(dtype, 'Cast') } })([x])[0]!);
/** Reshape(x, shape). */
export const Reshape = () => primitive('Reshape', (x: Tensor, shape: readonly number[]) => op('Reshape', { attrs: { shape: [...shape] } })([x])[0]!);
/** Transpose(x, perm). */
export const Transpose = () => primitive('Transpose', (x: Tensor, perm: readonly number[]) => op('Transpose', { attrs: { perm: [...perm] } })([x])[0]!);
/** OnesLike(x). */
export const OnesLike = () => primitive('OnesLike', (x: Tensor) => op('OnesLike')([x])[0]!);
/** ZerosLike(x). */
export const ZerosLike = () => primitive('ZerosLike', (x: Tensor) => op('ZerosLike')([x])[0]!);

/** ReduceSum/ReduceMean/ReduceMax({ keepDims })(x, axis?). */
function reduce(name: string) {
  return (options: { keepDims?: boolean } = {}) =>
    primitive(name, (x: Tensor, axis?: number | readonly number[]) => op(name, { attrs: { axis, keepDims: options.keepDims ?? false } })([x])[0]!);
}
/** ReduceSum. */ export const ReduceSum = reduce('ReduceSum');
/** ReduceMean. */ export const ReduceMean = reduce('ReduceMean');
/** ReduceMax. */ export const ReduceMax = reduce('ReduceMax');
/** Argmax({ axis = -1 })(x): int32 indices. */
export const Argmax = (options: { axis?: number } = {}) => primitive('Argmax', (x: Tensor) => op('ArgMax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!);
/** AddN()([x1, x2, ...]). */
export const AddN = () => primitive('AddN', (xs: readonly Tensor[]) => op('AddN')([...xs])[0]!);
/** Softmax({ axis = -1 }). */
export const Softmax = (options: { axis?: number } = {}) => primitive('Softmax', (x: Tensor) => op('Softmax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!);
/** LogSoftmax({ axis = -1 }). */
export const LogSoftmax = (options: { axis?: number } = {}) => primitive('LogSoftmax', (x: Tensor) => op('LogSoftmax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!);
/** SoftmaxCrossEntropyWithLogits()(logits, labels) → [loss, dlogits]. */
export const SoftmaxCrossEntropyWithLogits = () =>
  primitive('SoftmaxCrossEntropyWithLogits', (logits: Tensor, labels: Tensor) => op('SoftmaxCrossEntropyWithLogits')([logits, labels]) as [Tensor, Tensor]);
/** MatMul({ transposeA, transposeB }). */
export const MatMul = (options: { transposeA?: boolean; transposeB?: boolean } = {}) =>
  primitive('MatMul', (x: Tensor, y: Tensor) => op('MatMul', { attrs: { ...options } })(promoted([x, y]))[0]!);
/** BatchMatMul({ transposeA, transposeB }). */
export const BatchMatMul = (options: { transposeA?: boolean; transposeB?: boolean } = {}) =>
  primitive('BatchMatMul', (x: Tensor, y: Tensor) => op('BatchMatMul', { attrs: { ...options } })(promoted([x, y]))[0]!);
/** BiasAdd()(x, b). */
export const BiasAdd = () => primitive('BiasAdd', (x: Tensor, b: Tensor) => op('BiasAdd')([x, b])[0]!);

/** Conv2D's attributes (MindSpore's P.Conv2D). */
export interface Conv2DOptions {
  /** 'valid' (default, as P.Conv2D), 'same' or 'pad'. */
  readonly padMode?: 'same' | 'valid' | 'pad';
  /** Padding for 'pad': one value or [top, bottom, left, right]. */
  readonly pad?: number | readonly [number, number, number, number];
  /** Stride (1). */
  readonly stride?: number | readonly [number, number];
  /** Dilation (1). */
  readonly dilation?: number | readonly [number, number];
  /** Groups (1). */
  readonly group?: number;
}
/** Conv2D(outChannel, kernelSize, options)(x, weight), NCHW. */
export const Conv2D = (outChannel: number, kernelSize: number | readonly [number, number], options: Conv2DOptions = {}) =>
  primitive('Conv2D', (x: Tensor, w: Tensor) => {
    checkConvWeight('Conv2D', w.shape, outChannel, kernelSize);
    return op('Conv2D', { attrs: convAttrs(options) })([x, w])[0]!;
  });

/** Conv2D's attributes as the kernels take them. */
function convAttrs(options: Conv2DOptions): Conv2DOptions {
  return { padMode: options.padMode ?? 'valid', pad: options.pad, stride: options.stride, dilation: options.dilation, group: options.group } as Conv2DOptions;
}

/** @throws {@link DTypeError} when a weight shape does not match out_channel and kernel_size. */
function checkConvWeight(api: string, shape: readonly number[], outChannel: number, kernelSize: number | readonly [number, number]): void {
  const [kh, kw] = typeof kernelSize === 'number' ? [kernelSize, kernelSize] : kernelSize;
  if (shape[0] !== outChannel || shape[2] !== kh || shape[3] !== kw) {
    throw new DTypeError(`For '${api}', the weight ${String(shape)} does not match out_channel ${outChannel} and kernel_size ${kh}x${kw}`);
  }
}

/**
 * Conv2DBackpropInput(outChannel, kernelSize, options)(dout, weight, inputSize): the gradient of Conv2D
 * with respect to its input, of shape `inputSize` (NCHW).
 */
export const Conv2DBackpropInput = (outChannel: number, kernelSize: number | readonly [number, number], options: Conv2DOptions = {}) =>
  primitive('Conv2DBackpropInput', (dout: Tensor, weight: Tensor, inputSize: readonly number[]) => {
    checkConvWeight('Conv2DBackpropInput', weight.shape, outChannel, kernelSize);
    return op('Conv2DBackpropInput', { attrs: { ...convAttrs(options), inputShape: [...inputSize] } })([dout, weight])[0]!;
  });
/**
 * Conv2DBackpropFilter(outChannel, kernelSize, options)(dout, x, filterSize): the gradient of Conv2D
 * with respect to its weight, of shape `filterSize` ([out, in / group, kh, kw]).
 */
export const Conv2DBackpropFilter = (outChannel: number, kernelSize: number | readonly [number, number], options: Conv2DOptions = {}) =>
  primitive('Conv2DBackpropFilter', (dout: Tensor, x: Tensor, filterSize: readonly number[]) => {
    checkConvWeight('Conv2DBackpropFilter', filterSize, outChannel, kernelSize);
    return op('Conv2DBackpropFilter', { attrs: { ...convAttrs(options), filterShape: [...filterSize] } })([dout, x])[0]!;
  });
/** BiasAddGrad()(dout): dout summed over every axis but the channel axis 1. */
export const BiasAddGrad = () => primitive('BiasAddGrad', (dout: Tensor) => op('BiasAddGrad')([dout])[0]!);

/** FloatStatus()(x): [1] float32, 1.0 when x holds inf or NaN (GPU). */
export const FloatStatus = () => primitive('FloatStatus', (x: Tensor) => op('FloatStatus', { kernel: kernelRegistry.find('GPU', 'FloatStatus') ?? null })([x])[0]!);
/** NPUAllocFloatStatus()(): an [8] float32 status buffer of zeros (Ascend). */
export const NPUAllocFloatStatus = () => primitive('NPUAllocFloatStatus', () => op('NPUAllocFloatStatus', { kernel: kernelRegistry.find('Ascend', 'NPUAllocFloatStatus') ?? null, outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([])[0]!);
/** NPUClearFloatStatus()(x): clears the register when it runs; outputs zeros (Ascend). */
export const NPUClearFloatStatus = () =>
  primitive('NPUClearFloatStatus', (x: Tensor) => op('NPUClearFloatStatus', { kernel: npuKernel('NPUClearFloatStatus', x), action: 'npu-clear', outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([x])[0]!);
/** NPUGetFloatStatus()(x): copies the register into x, in place, when it runs; outputs zeros (Ascend). */
export const NPUGetFloatStatus = () =>
  primitive('NPUGetFloatStatus', (x: Tensor) => op('NPUGetFloatStatus', { kernel: npuKernel('NPUGetFloatStatus', x), action: 'npu-get', outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([x])[0]!);

function npuKernel(name: string, x: Tensor): KernelDef<never> | null {
  const k = kernelRegistry.find('Ascend', name);
  k?.infer([{ shape: x.shape, dtype: x.dtype }], {} as never); // MindSpore's shape and dtype checks
  return k ?? null;
}

/** Assign()(variable, value): writes value into the Parameter, in place (memory side effect). */
export const Assign = () => primitive('Assign', (variable: Tensor, value: Input) => op('Assign', { kernel: null, action: 'assign', inPlace: true, sideEffectMem: true })(tensors('Assign', [variable, value]))[0]!, { mem: true });
/** AssignAdd()(variable, value): variable += value, in place. */
export const AssignAdd = () => primitive('AssignAdd', (variable: Tensor, value: Input) => op('AssignAdd', { kernel: kernel('Add'), action: 'assign', inPlace: true, sideEffectMem: true })(tensors('AssignAdd', [variable, value]))[0]!, { mem: true });
/** AssignSub()(variable, value): variable -= value, in place. */
export const AssignSub = () => primitive('AssignSub', (variable: Tensor, value: Input) => op('AssignSub', { kernel: kernel('Sub'), action: 'assign', inPlace: true, sideEffectMem: true })(tensors('AssignSub', [variable, value]))[0]!, { mem: true });

/** Print()(...values): prints when it runs on the device, in program order with other IO (IO side effect). */
export const Print = () =>
  primitive('Print', (...values: unknown[]) => {
    const ts = values.filter((v): v is Tensor => v instanceof Tensor);
    const texts = values.map((v) => (v instanceof Tensor ? null : str(v)));
    return op('Print', {
      kernel: null,
      action: 'print',
      sideEffectIo: true,
      outputs: [],
      print: (tensorTexts) => {
        let k = 0;
        pythonPrint(texts.map((t) => t ?? tensorTexts[k++]).join(' '));
      },
    })(ts)[0] ?? (ts[0] as Tensor);
  }, { io: true });

/**
 * depend(value, expr): `value`, with its consumers ordered after `expr`'s op (MindSpore's Depend).
 *
 * @example
 * ```ts
 * import { ops, Tensor } from 'mindsim';
 * const a = new Tensor([1, 2], 'float32');
 * const b = ops.depend(a, ops.Add()(a, a));
 * console.log(String(b)); // [1. 2.]
 * ```
 */
export function depend(value: Tensor, expr: Tensor): Tensor {
  const producer = expr.data_.producer;
  return value.alias(producer ? [producer, ...expr.after] : [...expr.after]);
}
/** Depend()(value, expr): the primitive form of {@link depend}. */
export const Depend = () => primitive('Depend', (value: Tensor, expr: Tensor) => depend(value, expr));
