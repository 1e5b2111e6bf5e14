/**
 * `ops`: MindSpore's primitives. A factory returns a callable primitive (`ops.Add()(x, y)`) that
 * records an op on the current context's device and returns its output at once; the data is produced
 * when a synchronisation point (reading it) runs the op. Each primitive exposes `name`, `sideEffectMem`
 * (Assign, AssignAdd, AssignSub) and `sideEffectIo` (Print), as MindSpore's flags.
 * @module
 */
import { ArgumentTypeError, ArgumentValueError, DTypeError, ShapeError } from '../../errors/index.js';
import { DTYPES, ELEMENTWISE, ELEMENTWISE_ARITY, kernelRegistry, resolveDType, type Conv2DAttrs, type DTypeLike, type KernelDef } from '../../kernels/index.js';
import { record, type RecordOptions } from '../graph/executor.js';
import { currentContext } from '../execution-context.js';
import { str } from '../print.js';
import { printKernelText } from '../print-text.js';
import { Parameter } from '../parameter.js';
import { Tensor } from '../tensor.js';
import { tapeRecord, taping } from '../graph/tape.js';
import { tensors, type Input } from './inputs.js';
import { primitive, type Primitive } from './primitive.js';
import { checkArgs, signature, type Signature } from './signature.js';
import { checkedOptions, checkOptions, checkPositiveInt, checkPositivePair } from './attr-checks.js';
import { plannedCall, planning, type ShardKind } from '../parallel/planner.js';

export type { Primitive, Strategy } from './primitive.js';

export type { Input } from './inputs.js';

const kernel = (name: string): KernelDef<never> => kernelRegistry.find('*', name) ?? (ELEMENTWISE[name] as KernelDef<never>);

/** MindSpore's implicit conversion: inputs of different dtypes are cast to the highest-ranked one. */
/**
 * The inputs cast to the highest dtype among them. `consumer` (the kernel that takes them, with its
 * attributes) checks the cast inputs first, so an op that refuses them records no Cast.
 */
function promoted(inputs: Tensor[], consumer?: { kernel: KernelDef<never>; attrs?: object }): Tensor[] {
  if (inputs.length === 2 && inputs[0]!.dtype === inputs[1]!.dtype) return inputs;
  const top = inputs.reduce((best, t) => (t.dtype.rank > best.dtype.rank ? t : best), inputs[0]!).dtype;
  if (inputs.every((t) => t.dtype === top)) return inputs;
  consumer?.kernel.infer(inputs.map((t) => ({ shape: t.shape, dtype: top })) as never, (consumer.attrs ?? {}) as never);
  return inputs.map((t) => (t.dtype === top ? t : (record('Cast', [t], { kernel: kernel('Cast'), attrs: { dtype: top } })[0]!)));
}

function op(name: string, options: Omit<RecordOptions, 'kernel'> & { kernel?: KernelDef<never> | null } = {}) {
  return (inputs: Tensor[]): Tensor[] => record(name, inputs, { kernel: options.kernel === undefined ? kernel(name) : options.kernel, ...options });
}

/**
 * A primitive semi-automatic parallel plans (see parallel/planner.ts): under SEMI_AUTO_PARALLEL and
 * AUTO_PARALLEL a call is sharded by its strategy; otherwise it runs as `call`.
 */
function shardable<Args extends unknown[], R = Tensor>(name: string, kind: ShardKind, args: string | Signature, call: (...args: Args) => R, attrs: Record<string, unknown> = {}): Primitive<Args, R> {
  const self: Primitive<Args, R> = primitive(
    name,
    (...a: Args) => (planning(currentContext()) ? (plannedCall(self as never, kind, a, call as never, attrs) as R) : call(...a)),
    { args },
  );
  return self;
}

/** An elementwise primitive (with scalar inputs and implicit dtype promotion). */
function elementwise(name: string): () => Primitive<Input[], Tensor> {
  const promotes = ELEMENTWISE[name] !== undefined && !['Equal', 'NotEqual', 'Less', 'LessEqual', 'Greater', 'GreaterEqual'].includes(name);
  const kernelDef = kernel(name);
  const args = signature(ELEMENTWISE_ARITY[name] === 1 ? 'x:input' : 'x:input y:input'); // parsed once per op, not per primitive
  const options = { kernel: kernelDef as KernelDef<never> }; // the record options, made once per op
  return () => shardable(name, 'elementwise', args, (...args: Input[]) => {
    const ins = tensors(name, args);
    return record(name, promotes && ins.length > 1 ? promoted(ins, options) : ins, options)[0]!;
  });
}

/* eslint-disable @typescript-eslint/naming-convention */
/**
 * x + y, elementwise with numpy broadcasting (numbers become tensors of the other input's dtype).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Add()(x, y))); // [2.  0.5 4. ]
 * ```
 */
export const Add = elementwise('Add');
/**
 * x - y, elementwise with broadcasting.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Sub()(x, y))); // [-4.  -0.5  0. ]
 * ```
 */
export const Sub = elementwise('Sub');
/**
 * x * y, elementwise with broadcasting.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Mul()(x, 2))); // [-2.  0.  4.]
 * ```
 */
export const Mul = elementwise('Mul');
/**
 * x / y, elementwise with broadcasting (integer inputs keep their dtype: the quotient truncates).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.RealDiv()(x, y))); // [-0.33333334  0.          1.        ]
 * ```
 */
export const RealDiv = elementwise('RealDiv');
/**
 * The larger of x and y, elementwise (NaN propagates).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Maximum()(x, y))); // [3.  0.5 2. ]
 * ```
 */
export const Maximum = elementwise('Maximum');
/**
 * The smaller of x and y, elementwise (NaN propagates).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Minimum()(x, y))); // [-1.  0.  2.]
 * ```
 */
export const Minimum = elementwise('Minimum');
/**
 * x to the power y, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Pow()(x, 2))); // [1. 0. 4.]
 * ```
 */
export const Pow = elementwise('Pow');
/**
 * -x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Neg()(x))); // [ 1. -0. -2.]
 * ```
 */
export const Neg = elementwise('Neg');
/**
 * |x|, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Abs()(x))); // [1. 0. 2.]
 * ```
 */
export const Abs = elementwise('Abs');
/**
 * x * x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Square()(x))); // [1. 0. 4.]
 * ```
 */
export const Square = elementwise('Square');
/**
 * The square root, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Sqrt()(y))); // [1.7320508  0.70710677 1.4142135 ]
 * ```
 */
export const Sqrt = elementwise('Sqrt');
/**
 * e to the power x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Exp()(x))); // [0.36787945 1.         7.389056  ]
 * ```
 */
export const Exp = elementwise('Exp');
/**
 * The natural logarithm, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Log()(y))); // [ 1.0986123 -0.6931472  0.6931472]
 * ```
 */
export const Log = elementwise('Log');
/**
 * max(x, 0), elementwise (NaN stays NaN).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.ReLU()(x))); // [0. 0. 2.]
 * ```
 */
export const ReLU = elementwise('ReLU');
/**
 * 1 / (1 + exp(-x)), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Sigmoid()(x))); // [0.26894143 0.5        0.8807971 ]
 * ```
 */
export const Sigmoid = elementwise('Sigmoid');
/**
 * The hyperbolic tangent, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Tanh()(x))); // [-0.7615942  0.         0.9640276]
 * ```
 */
export const Tanh = elementwise('Tanh');
/**
 * x == y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Equal()(x, y))); // [False False  True]
 * ```
 */
export const Equal = elementwise('Equal');
/**
 * x < y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Less()(x, y))); // [ True  True False]
 * ```
 */
export const Less = elementwise('Less');
/**
 * x <= y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.LessEqual()(x, y))); // [ True  True  True]
 * ```
 */
export const LessEqual = elementwise('LessEqual');
/**
 * x > y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.Greater()(x, y))); // [False False False]
 * ```
 */
export const Greater = elementwise('Greater');
/**
 * x >= y, elementwise: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.GreaterEqual()(new Tensor([-1, 0, 2], 'float32'), new Tensor([3, 0, 2], 'float32')))); // [False  True  True]
 * ```
 */
export const GreaterEqual = elementwise('GreaterEqual');
/**
 * x != y, elementwise: a Bool tensor (NaN differs from everything).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.NotEqual()(new Tensor([1, NaN], 'float32'), new Tensor([1, NaN], 'float32')))); // [False  True]
 * ```
 */
export const NotEqual = elementwise('NotEqual');
/**
 * x and y of Bool tensors, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.LogicalAnd()(new Tensor([true, true, false]), new Tensor([true, false, false])))); // [ True False False]
 * ```
 */
export const LogicalAnd = elementwise('LogicalAnd');
/**
 * x or y of Bool tensors, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.LogicalOr()(new Tensor([true, true, false]), new Tensor([true, false, false])))); // [ True  True False]
 * ```
 */
export const LogicalOr = elementwise('LogicalOr');
/**
 * not x of a Bool tensor, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.LogicalNot()(new Tensor([true, false])))); // [False  True]
 * ```
 */
export const LogicalNot = elementwise('LogicalNot');
/**
 * x / y, elementwise, as r1.5's Div: 0 / 0 is NaN and x / 0 is ±inf by x's sign (integers: 0, or the
 * type's max or min; otherwise truncated). MindSpore 2.x returns float32 for integer inputs; r1.5 keeps
 * the integer dtype.
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'CPU' }); // ascend910 would saturate inf and NaN
 * console.log(String(ops.Div()(new Tensor([1, -1, 0, 7], 'float32'), new Tensor([0, 0, 0, 2], 'float32')))); // [ inf -inf  nan  3.5]
 * ```
 */
export const Div = elementwise('Div');
/**
 * 1 / sqrt(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Rsqrt()(new Tensor([4, 0.25], 'float32')))); // [0.5 2. ]
 * ```
 */
export const Rsqrt = elementwise('Rsqrt');
/**
 * 1 / x, elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Reciprocal()(new Tensor([4, -0.5], 'float32')))); // [ 0.25 -2.  ]
 * ```
 */
export const Reciprocal = elementwise('Reciprocal');
/**
 * min(max(x, 0), 6), elementwise (NaN stays NaN).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.ReLU6()(new Tensor([-1, 3, 9], 'float32')))); // [0. 3. 6.]
 * ```
 */
export const ReLU6 = elementwise('ReLU6');
/**
 * Whether each element is finite: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const z = new Tensor([1, Infinity, NaN], 'float32');
 * console.log(String(ops.IsFinite()(z))); // [ True False False]
 * ```
 */
export const IsFinite = elementwise('IsFinite');
/**
 * sin(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Sin()(new Tensor([0, 1], 'float32')))); // [0.         0.84147096]
 * ```
 */
export const Sin = elementwise('Sin');
/**
 * cos(x), elementwise.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Cos()(new Tensor([0, 1], 'float32')))); // [1.        0.5403023]
 * ```
 */
export const Cos = elementwise('Cos');
/**
 * The largest integer not above x, elementwise (r1.5's `P.Floor`).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Floor()(new Tensor([-1.5, 2.5], 'float32')))); // [-2.  2.]
 * ```
 */
export const Floor = elementwise('Floor');
/**
 * The smallest integer not below x, elementwise (r1.5's `P.Ceil`).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.Ceil()(new Tensor([-1.5, 2.5], 'float32')))); // [-1.  3.]
 * ```
 */
export const Ceil = elementwise('Ceil');
/**
 * floor(x / y), elementwise with broadcasting (r1.5's `P.FloorDiv`; integers: x // 0 is 0).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.FloorDiv()(new Tensor([7, -7], 'int32'), new Tensor([2, 2], 'int32')))); // [ 3 -4]
 * ```
 */
export const FloorDiv = elementwise('FloorDiv');
/**
 * Whether each element is NaN: a Bool tensor.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const z = new Tensor([1, Infinity, NaN], 'float32');
 * console.log(String(ops.IsNan()(z))); // [False False  True]
 * ```
 */
export const IsNan = elementwise('IsNan');
/**
 * ReluGrad(dy, y).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const dy = new Tensor([5, 6, 7], 'float32');
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.ReluGrad()(dy, x))); // [0. 0. 7.]
 * ```
 */
export const ReluGrad = elementwise('ReluGrad');
/**
 * SigmoidGrad(y, dy).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([0.5, 0.25, 0.9], 'float32');
 * const dy = new Tensor([1, 2, 1], 'float32');
 * console.log(String(ops.SigmoidGrad()(y, dy))); // [0.25       0.375      0.09000002]
 * ```
 */
export const SigmoidGrad = elementwise('SigmoidGrad');
/**
 * TanhGrad(y, dy).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const y = new Tensor([0, 0.5, -0.5], 'float32');
 * const dy = new Tensor([1, 2, 1], 'float32');
 * console.log(String(ops.TanhGrad()(y, dy))); // [1.   1.5  0.75]
 * ```
 */
export const TanhGrad = elementwise('TanhGrad');
/**
 * GeLU: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), r1.5's `P.GeLU` (the tanh approximation, in float32
 * steps as its CPU kernel).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.GeLU()(new Tensor([-1, 0, 2], 'float32')))); // [-0.158808   0.         1.9545977]
 * ```
 */
export const GeLU = elementwise('GeLU');
/**
 * GeLUGrad(dy, x): GeLU's gradient, r1.5's `G.GeLUGrad` (its CPU kernel reads dy and x only).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * console.log(String(ops.GeLUGrad()(new Tensor([1, 1], 'float32'), new Tensor([0, 2], 'float32')))); // [0.5       1.0860993]
 * ```
 */
export const GeLUGrad = elementwise('GeLUGrad');

/**
 * Select(cond, x, y).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * const cond = new Tensor([true, false, true]);
 * console.log(String(ops.Select()(cond, x, y))); // [-1.   0.5  2. ]
 * ```
 */
export const Select = () => shardable('Select', 'elementwise', 'cond:tensor x:tensor y:tensor', (cond: Tensor, x: Tensor, y: Tensor) => op('Select')([cond, x, y])[0]!);
/**
 * Cast(x, dtype).
 *
 * @example
 * ```ts
 * import { Tensor, mstype, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.Cast()(x, mstype.int32))); // [-1  0  2]
 * ```
 */
export const Cast = () => shardable('Cast', 'same', 'input_x:tensor type:dtype', (x: Tensor, dtype: DTypeLike) => op('Cast', { attrs: { dtype: resolveDType(dtype, 'Cast') } })([x])[0]!);
/**
 * Reshape(x, shape).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6), 'float32');
 * console.log(String(ops.Reshape()(m, [2, 3]).shape)); // 2,3
 * ```
 */
export const Reshape = () => shardable('Reshape', 'whole', 'input_x:tensor input_shape:ints', (x: Tensor, shape: readonly number[]) => op('Reshape', { attrs: { shape: [...shape] } })([x])[0]!);
/**
 * Slice()(x, begin, size): the block of `x` starting at `begin`, `size` long in each dimension (-1: to
 * the end), as MindSpore's `P.Slice`.
 *
 * @throws {@link ArgumentTypeError} when begin or size is not a list of integers.
 * @throws {@link ArgumentValueError} when their lengths differ from x's rank, or the block does not fit.
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(12).reshape(3, 4), 'float32');
 * console.log(String(ops.Slice()(m, [1, 1], [2, -1]))); // [[ 5.  6.  7.]\n [ 9. 10. 11.]]
 * ```
 */
export const Slice = () =>
  shardable('Slice', 'whole', 'input_x:tensor begin:any size:any', (x: Tensor, begin: readonly number[], size: readonly number[]) => {
    for (const [what, list] of [['begin', begin], ['size', size]] as const) {
      if (!Array.isArray(list) || list.some((v) => typeof v !== 'number' || !Number.isInteger(v))) throw new ArgumentTypeError(`For 'Slice', '${what}' must be a tuple of int, but got ${String(list)}.`);
      if (list.length !== x.shape.length) throw new ArgumentValueError(`For 'Slice', the length of '${what}' must be equal to the rank of 'input_x' ${x.shape.length}, but got ${list.length}.`);
    }
    const sizes = size.map((s, i) => (s === -1 ? x.shape[i]! - begin[i]! : s));
    sizes.forEach((s, i) => {
      if (begin[i]! < 0 || s < 0 || begin[i]! + s > x.shape[i]!) {
        throw new ArgumentValueError(`For 'Slice', the sliced shape can not be greater than origin shape, but got sliced shape is ${begin[i]! + s}, and origin shape is (${x.shape.join(', ')}).`);
      }
    });
    return op('Slice', { attrs: { begin: [...begin], size: sizes } })([x])[0]!;
  });
/** @internal the gradient of Slice: `dout` placed at `begin` in zeros shaped like `x` */
export const SliceGrad = () => primitive('SliceGrad', (dout: Tensor, x: Tensor, begin: readonly number[]) => op('SliceGrad', { attrs: { begin: [...begin] } })([dout, x])[0]!, { args: 'dout:tensor x:tensor begin:ints' });
/**
 * Transpose(x, perm).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.Transpose()(m, [1, 0]).shape)); // 3,2
 * ```
 */
export const Transpose = () => shardable('Transpose', 'whole', 'input_x:tensor input_perm:ints', (x: Tensor, perm: readonly number[]) => op('Transpose', { attrs: { perm: [...perm] } })([x])[0]!);
/**
 * OnesLike(x).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.OnesLike()(x))); // [1. 1. 1.]
 * ```
 */
export const OnesLike = () => primitive('OnesLike', (x: Tensor) => op('OnesLike')([x])[0]!, { args: 'input_x:tensor' });
/**
 * ZerosLike(x).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * console.log(String(ops.ZerosLike()(x))); // [0. 0. 0.]
 * ```
 */
export const ZerosLike = () => primitive('ZerosLike', (x: Tensor) => op('ZerosLike')([x])[0]!, { args: 'input_x:tensor' });

/** ReduceSum/ReduceMean/ReduceMax({ keepDims })(x, axis?). */
function reduce(name: string) {
  return (given?: { keepDims?: boolean }) => {
    const options = checkOptions(given, name);
    return shardable(name, name === 'ReduceMax' ? 'whole' : 'reduce', 'input_x:tensor axis:axis?', (x: Tensor, axis?: number | readonly number[]) => op(name, { attrs: { axis, keepDims: options.keepDims ?? false } })([x])[0]!, { keepDims: options.keepDims ?? false });
  };
}
/**
 * ReduceSum({ keepDims })(x, axis?): the sum over `axis` (every axis when omitted).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.ReduceSum()(m, 1))); // [ 3. 12.]
 * ```
 */
export const ReduceSum = reduce('ReduceSum');
/**
 * ReduceMean({ keepDims })(x, axis?): the mean over `axis` (every axis when omitted).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.ReduceMean({ keepDims: true })(m, 0))); // [[1.5 2.5 3.5]]
 * ```
 */
export const ReduceMean = reduce('ReduceMean');
/**
 * ReduceMax({ keepDims })(x, axis?): the maximum over `axis` (every axis when omitted).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const m = new Tensor(np.arange(6).reshape(2, 3), 'float32');
 * console.log(String(ops.ReduceMax()(m))); // 5.0
 * ```
 */
export const ReduceMax = reduce('ReduceMax');
/**
 * Argmax({ axis = -1 })(x): int32 indices.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const m = new Tensor([[1, 5, 2], [7, 0, 3]], 'float32');
 * console.log(String(ops.Argmax()(m))); // [1 0]
 * ```
 */
export const Argmax = (given?: { axis?: number }) =>
  checkedOptions(given, 'Argmax', (options) => shardable('Argmax', 'whole', 'input_x:tensor', (x: Tensor) => op('Argmax', { kernel: kernel('ArgMax'), attrs: { axis: options.axis ?? -1 } })([x])[0]!));
/**
 * AddN()([x1, x2, ...]).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const x = new Tensor([-1, 0, 2], 'float32');
 * const y = new Tensor([3, 0.5, 2], 'float32');
 * console.log(String(ops.AddN()([x, y, x]))); // [1.  0.5 6. ]
 * ```
 */
export const AddN = () => shardable('AddN', 'whole', 'x:tensors', (xs: readonly Tensor[]) => op('AddN')([...xs])[0]!);
/**
 * Softmax({ axis = -1 }).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const l = new Tensor([1, 2, 3], 'float32');
 * console.log(String(ops.Softmax()(l))); // [0.09003057 0.24472848 0.66524094]
 * ```
 */
export const Softmax = (given?: { axis?: number }) => checkedOptions(given, 'Softmax', (options) => shardable('Softmax', 'whole', 'x:tensor', (x: Tensor) => op('Softmax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!));
/**
 * LogSoftmax({ axis = -1 }).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const l = new Tensor([1, 2, 3], 'float32');
 * console.log(String(ops.LogSoftmax()(l))); // [-2.407606   -1.407606   -0.40760595]
 * ```
 */
export const LogSoftmax = (given?: { axis?: number }) => checkedOptions(given, 'LogSoftmax', (options) => shardable('LogSoftmax', 'whole', 'logits:tensor', (x: Tensor) => op('LogSoftmax', { attrs: { axis: options.axis ?? -1 } })([x])[0]!));
/**
 * SoftmaxCrossEntropyWithLogits()(logits, labels) → [loss, dlogits].
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const logits = new Tensor([[2, 1, 0.1]], 'float32');
 * const labels = new Tensor([[1, 0, 0]], 'float32');
 * console.log(String(ops.SoftmaxCrossEntropyWithLogits()(logits, labels)[0])); // [0.41702995]
 * ```
 */
export const SoftmaxCrossEntropyWithLogits = () =>
  shardable('SoftmaxCrossEntropyWithLogits', 'whole', 'logits:tensor labels:tensor', (logits: Tensor, labels: Tensor) => op('SoftmaxCrossEntropyWithLogits')([logits, labels]) as [Tensor, Tensor]);
/**
 * MatMul({ transposeA, transposeB }).
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const a = new Tensor([[1, 2]], 'float32');
 * const b = new Tensor([[3, 4], [5, 6]], 'float32');
 * console.log(String(ops.MatMul({ transposeB: true })(a, b))); // [[11. 17.]]
 * ```
 */
export const MatMul = (given?: { transposeA?: boolean; transposeB?: boolean }) =>
  checkedOptions(given, 'MatMul', (options) => shardable('MatMul', 'matmul', 'x:tensor y:tensor', (x: Tensor, y: Tensor) => op('MatMul', { attrs: { ...options } })(promoted([x, y], { kernel: kernel('MatMul') as KernelDef<never>, attrs: options }))[0]!, { ...options }));
/**
 * BatchMatMul({ transposeA, transposeB }).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const a = new Tensor(np.ones([4, 2, 3]), 'float32');
 * console.log(String(ops.BatchMatMul({ transposeB: true })(a, a).shape)); // 4,2,2
 * ```
 */
export const BatchMatMul = (given?: { transposeA?: boolean; transposeB?: boolean }) =>
  checkedOptions(given, 'BatchMatMul', (options) => shardable('BatchMatMul', 'matmul', 'x:tensor y:tensor', (x: Tensor, y: Tensor) => op('BatchMatMul', { attrs: { ...options } })(promoted([x, y], { kernel: kernel('BatchMatMul') as KernelDef<never>, attrs: options }))[0]!, { ...options }));
/**
 * BiasAdd()(x, b).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const a = new Tensor(np.zeros([1, 3]), 'float32');
 * const b = new Tensor([1, 2, 3], 'float32');
 * console.log(String(ops.BiasAdd()(a, b))); // [[1. 2. 3.]]
 * ```
 */
export const BiasAdd = () => shardable('BiasAdd', 'bias-add', 'input_x:tensor bias:tensor', (x: Tensor, b: Tensor) => op('BiasAdd')([x, b])[0]!);

/** Conv2D's attributes, as MindSpore's P.Conv2D takes them (the kernels' {@link kernels.Conv2DAttrs}). */
export type Conv2DOptions = Conv2DAttrs;

/**
 * Conv2D(outChannel, kernelSize, options)(x, weight), NCHW.
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const img = new Tensor(np.ones([1, 1, 4, 4]), 'float32');
 * const w = new Tensor(np.ones([2, 1, 3, 3]), 'float32');
 * console.log(String(ops.Conv2D(2, 3, { padMode: 'same' })(img, w).shape)); // 1,2,4,4
 * ```
 */
export const Conv2D = (outChannel: number, kernelSize: number | readonly [number, number], options?: Conv2DOptions) => {
  const conv = convAttrs('Conv2D', outChannel, kernelSize, options);
  return shardable('Conv2D', 'whole', 'input:tensor weight:tensor', (x: Tensor, w: Tensor) => {
    checkConvWeight('Conv2D', w.shape, conv);
    return op('Conv2D', { attrs: { ...conv.options } })([x, w])[0]!;
  });
};

interface ConvAttrs {
  readonly outChannel: number;
  readonly kernel: readonly [number, number];
  readonly options: Conv2DOptions;
}

/**
 * A convolution primitive's constructor arguments, checked as r1.5's Conv2D checks them.
 *
 * @throws {@link ArgumentTypeError} / {@link ArgumentValueError} for an out_channel that is not a positive
 *   int, a kernel_size that is not a positive int or pair, options that are not an object.
 */
function convAttrs(api: string, outChannel: unknown, kernelSize: unknown, options: Conv2DOptions | undefined): ConvAttrs {
  return { outChannel: checkPositiveInt(outChannel, 'out_channel', api), kernel: checkPositivePair(kernelSize, 'kernel_size', api), options: checkOptions(options, api) };
}

/** @throws {@link DTypeError} when a weight shape does not match out_channel and kernel_size. */
function checkConvWeight(api: string, shape: readonly number[], { outChannel, kernel: [kh, kw] }: ConvAttrs): void {
  if (shape[0] !== outChannel || shape[2] !== kh || shape[3] !== kw) {
    throw new DTypeError(`For '${api}', the weight ${String(shape)} does not match out_channel ${outChannel} and kernel_size ${kh}x${kw}`);
  }
}

/**
 * Conv2DBackpropInput(outChannel, kernelSize, options)(dout, weight, inputSize): the gradient of Conv2D
 * with respect to its input, of shape `inputSize` (NCHW).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const dout = new Tensor(np.ones([1, 2, 2, 2]), 'float32');
 * const w = new Tensor(np.ones([2, 1, 3, 3]), 'float32');
 * console.log(String(ops.Conv2DBackpropInput(2, 3)(dout, w, [1, 1, 4, 4]).shape)); // 1,1,4,4
 * ```
 */
export const Conv2DBackpropInput = (outChannel: number, kernelSize: number | readonly [number, number], options?: Conv2DOptions) => {
  const conv = convAttrs('Conv2DBackpropInput', outChannel, kernelSize, options);
  return primitive('Conv2DBackpropInput', (dout: Tensor, weight: Tensor, inputSize: readonly number[]) => {
    checkConvWeight('Conv2DBackpropInput', weight.shape, conv);
    return op('Conv2DBackpropInput', { attrs: { ...conv.options, inputShape: [...inputSize] } })([dout, weight])[0]!;
  }, { args: 'dout:tensor weight:tensor input_size:ints' });
};
/**
 * Conv2DBackpropFilter(outChannel, kernelSize, options)(dout, x, filterSize): the gradient of Conv2D
 * with respect to its weight, of shape `filterSize` ([out, in / group, kh, kw]).
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const dout = new Tensor(np.ones([1, 2, 2, 2]), 'float32');
 * const img = new Tensor(np.ones([1, 1, 4, 4]), 'float32');
 * console.log(String(ops.Conv2DBackpropFilter(2, 3)(dout, img, [2, 1, 3, 3]).shape)); // 2,1,3,3
 * ```
 */
export const Conv2DBackpropFilter = (outChannel: number, kernelSize: number | readonly [number, number], options?: Conv2DOptions) => {
  const conv = convAttrs('Conv2DBackpropFilter', outChannel, kernelSize, options);
  return primitive('Conv2DBackpropFilter', (dout: Tensor, x: Tensor, filterSize: readonly number[]) => {
    checkConvWeight('Conv2DBackpropFilter', filterSize, conv);
    return op('Conv2DBackpropFilter', { attrs: { ...conv.options, filterShape: [...filterSize] } })([dout, x])[0]!;
  }, { args: 'dout:tensor input:tensor filter_size:ints' });
};
/**
 * BiasAddGrad()(dout): dout summed over every axis but the channel axis 1.
 *
 * @example
 * ```ts
 * import { Tensor, np, ops } from 'mindsim';
 * const dout = new Tensor(np.ones([4, 3]), 'float32');
 * console.log(String(ops.BiasAddGrad()(dout))); // [4. 4. 4.]
 * ```
 */
export const BiasAddGrad = () => primitive('BiasAddGrad', (dout: Tensor) => op('BiasAddGrad')([dout])[0]!, { args: 'dout:tensor' });

/**
 * FloatStatus()(x): [1] float32, 1.0 when x holds inf or NaN (GPU).
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'GPU' });
 * const z = new Tensor([1, Infinity], 'float32');
 * console.log(String(ops.FloatStatus()(z))); // [1.]
 * ```
 */
export const FloatStatus = () => primitive('FloatStatus', (x: Tensor) => op('FloatStatus', { kernel: kernelRegistry.find('GPU', 'FloatStatus') ?? null })([x])[0]!, { args: 'x:tensor' });
/**
 * NPUAllocFloatStatus()(): an [8] float32 status buffer of zeros (Ascend).
 *
 * @example
 * ```ts
 * import { ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'Ascend' });
 * console.log(String(ops.NPUAllocFloatStatus()())); // [0. 0. 0. 0. 0. 0. 0. 0.]
 * ```
 */
export const NPUAllocFloatStatus = () => primitive('NPUAllocFloatStatus', () => op('NPUAllocFloatStatus', { kernel: kernelRegistry.find('Ascend', 'NPUAllocFloatStatus') ?? null, outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([])[0]!, { args: '' });
/**
 * NPUClearFloatStatus()(x): clears the register when it runs; outputs zeros (Ascend).
 *
 * @example
 * ```ts
 * import { ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'Ascend' });
 * const status = ops.NPUAllocFloatStatus()();
 * console.log(String(ops.NPUClearFloatStatus()(status).shape)); // 8
 * ```
 */
export const NPUClearFloatStatus = () =>
  primitive('NPUClearFloatStatus', (x: Tensor) => op('NPUClearFloatStatus', { kernel: npuKernel('NPUClearFloatStatus', x), action: 'npu-clear', outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([x])[0]!, { args: 'x:tensor' });
/**
 * NPUGetFloatStatus()(x): copies the register into x, in place, when it runs; outputs zeros (Ascend).
 *
 * @example
 * ```ts
 * import { Tensor, ops, setContext } from 'mindsim';
 * setContext({ deviceTarget: 'Ascend', mode: 'PYNATIVE_MODE' });
 * const status = ops.NPUAllocFloatStatus()();
 * ops.NPUClearFloatStatus()(status);
 * ops.Mul()(new Tensor([3e38], 'float32'), 10); // overflows
 * ops.NPUGetFloatStatus()(status);
 * console.log(String(ops.ReduceSum()(status))); // 1.0
 * ```
 */
export const NPUGetFloatStatus = () =>
  primitive('NPUGetFloatStatus', (x: Tensor) => op('NPUGetFloatStatus', { kernel: npuKernel('NPUGetFloatStatus', x), action: 'npu-get', outputs: [{ shape: [8], dtype: DTYPES.float32 }] })([x])[0]!, { args: 'x:tensor' });

function npuKernel(name: string, x: Tensor): KernelDef<never> | null {
  const k = kernelRegistry.find('Ascend', name);
  k?.infer([{ shape: x.shape, dtype: x.dtype }], {} as never); // MindSpore's shape and dtype checks
  return k ?? null;
}

/**
 * Assign()(variable, value): writes value into the Parameter, in place (memory side effect).
 *
 * @throws {@link ShapeError} when the value's shape is not the variable's (r1.5's message).
 * @throws {@link DTypeError} (r1.5's RuntimeError) for a value of a higher dtype than the variable; a
 *   lower one is cast to the variable's.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * ops.Assign()(p, new Tensor([5, 6], 'float32'));
 * console.log(String(p.asnumpy())); // [5. 6.]
 * ```
 */
export const Assign = assigning('Assign', null);
/**
 * AssignAdd()(variable, value): variable += value, in place.
 *
 * @throws {@link ShapeError} when the value does not broadcast to the variable's shape.
 * @throws {@link DTypeError} (r1.5's RuntimeError) for a value of a higher dtype than the variable.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * ops.AssignAdd()(p, 10);
 * console.log(String(p.asnumpy())); // [11. 12.]
 * ```
 */
export const AssignAdd = assigning('AssignAdd', kernel('Add'));
/**
 * AssignSub()(variable, value): variable -= value, in place.
 *
 * @throws {@link ShapeError} when the value does not broadcast to the variable's shape.
 * @throws {@link DTypeError} (r1.5's RuntimeError) for a value of a higher dtype than the variable.
 * @example
 * ```ts
 * import { Parameter, Tensor, ops } from 'mindsim';
 * const p = new Parameter(new Tensor([1, 2], 'float32'), 'p');
 * ops.AssignSub()(p, 1);
 * console.log(String(p.asnumpy())); // [0. 1.]
 * ```
 */
export const AssignSub = assigning('AssignSub', kernel('Sub'));

/**
 * Assign, AssignAdd, AssignSub: the value checked against the variable before recording, as r1.5's
 * signature and infer do. A lower dtype is cast to the variable's (the writable argument decides); a
 * higher one is r1.5's RuntimeError. Assign needs the variable's shape (or [1] against [] and the
 * reverse); AssignAdd and AssignSub a value that broadcasts to it.
 */
function assigning(name: 'Assign' | 'AssignAdd' | 'AssignSub', kernelDef: KernelDef<never> | null): () => Primitive<[Tensor, Input], Tensor> {
  return () =>
    primitive(name, (variable: Tensor, value: Input) => {
      const [v, given] = tensors(name, [variable, value]) as [Tensor, Tensor];
      checkAssignShape(name, v.shape, given.shape);
      if (given.dtype.rank > v.dtype.rank) {
        throw new DTypeError(
          `In op '${name}', \nthe type of writable argument is '${v.dtype.msName}', but the largest type in the same SignatureEumDtype is '${given.dtype.msName}'. ` +
            'The writable arg type is not equal to the largest type, so can not cast automatically.',
          'RuntimeError',
        );
      }
      const val = given.dtype === v.dtype ? given : record('Cast', [given], { kernel: kernel('Cast'), attrs: { dtype: v.dtype } })[0]!;
      return op(name, { kernel: kernelDef, action: 'assign', inPlace: true, sideEffectMem: true })([v, val])[0]!;
    }, { mem: true, args: 'variable:tensor value:input' });
}

/** @throws {@link ShapeError} r1.5's "For Assign, the shape of value is (2). It should be same with variable's shape (3)." */
function checkAssignShape(name: string, variable: readonly number[], value: readonly number[]): void {
  const text = (s: readonly number[]) => `(${s.join(', ')})`;
  if (name === 'Assign') {
    const scalarPair = (a: readonly number[], b: readonly number[]) => a.length === 1 && a[0] === 1 && b.length === 0;
    if (scalarPair(variable, value) || scalarPair(value, variable)) return;
    if (variable.length !== value.length) {
      throw new ShapeError(`For ${name}, the rank of value is ${value.length}. It should be same with variable's rank ${variable.length}.`);
    }
    if (variable.some((d, i) => d !== value[i])) throw new ShapeError(`For ${name}, the shape of value is ${text(value)}. It should be same with variable's shape ${text(variable)}.`);
    return;
  }
  const fits = value.length <= variable.length && value.every((d, i) => d === 1 || d === variable[variable.length - value.length + i]);
  if (!fits) throw new ShapeError(`For ${name}, the shape of value is ${text(value)}. It should be broadcastable to variable's shape ${text(variable)}.`);
}

/**
 * Print()(...values): prints its arguments, each on its own line, as MindSpore r1.5 does. Called in a
 * cell's `construct` in GRAPH_MODE it is the graph's Print kernel: it prints when it runs on the device,
 * in program order with the other IO, the text of that target's kernel (tensors as r1.5's C++
 * `Tensor(shape=[2], dtype=Float32, value= [...])`; a 0-d tensor as `Tensor(shape=[], dtype=Int32,
 * value=3)` on Ascend, the bare number on CPU), and the top-level call returns only once it has printed.
 * Called in PYNATIVE_MODE, or outside any cell, it is r1.5's Python `Print.__call__`: `print(arg)` for
 * each argument (numpy's text for a tensor, a Parameter's own text), written before the call returns.
 * Returns the first tensor argument.
 *
 * @example
 * ```ts
 * import { ExecutionContext, Tensor, nn, ops } from 'mindsim';
 * class Show extends nn.Cell {
 *   print = ops.Print();
 *   override construct(x: Tensor) { this.print('input_x:', x); return x; }
 * }
 * new ExecutionContext({ deviceTarget: 'Ascend' }).run(() => new Show().call(new Tensor(3, 'int32')));
 * // input_x:
 * // Tensor(shape=[], dtype=Int32, value=3)
 * //
 * ```
 */
export const Print = () =>
  primitive('Print', (...values: unknown[]) => {
    const context = currentContext(); // it prints to its own context's sink, whichever is current when it runs
    const kernelText = context.getContext('mode') === 'GRAPH_MODE' && context.cellDepth > 0;
    const target = context.getContext('deviceTarget') as 'CPU' | 'GPU' | 'Ascend';
    const ts = values.filter((v): v is Tensor => v instanceof Tensor);
    // the Python side prints a Parameter's own text (its name, shape, dtype), not its values
    const texts = values.map((v) => (v instanceof Tensor ? (kernelText || !(v instanceof Parameter) ? null : String(v)) : str(v)));
    op('Print', {
      kernel: null,
      action: 'print',
      sideEffectIo: true,
      outputs: [],
      print: (arrays) => {
        let k = 0;
        const items = texts.map((t) => t ?? arrays[k++]!);
        context.printSink(kernelText ? printKernelText(items, target) : items.map((item) => `${String(item)}\n`).join(''));
      },
    })(ts);
    if (kernelText) context.printsPending = true;
    else context.executor?.drain(); // r1.5's Python print: written before the call returns
    return ts[0] as Tensor;
  }, { io: true, args: '...input_x:any' });

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
  checkArgs('depend', DEPEND_ARGS, [value, expr]);
  const producer = expr.data_.producer;
  const out = value.alias(producer ? [producer, ...expr.after] : [...expr.after]);
  if (taping()) tapeRecord({ name: 'Depend', inputs: [value, expr], outputs: [out], attrs: {} });
  return out;
}
/**
 * Depend()(value, expr): the primitive form of {@link depend}.
 *
 * @example
 * ```ts
 * import { Tensor, ops } from 'mindsim';
 * const a = new Tensor([1, 2], 'float32');
 * console.log(String(ops.Depend()(a, ops.Neg()(a)))); // [1. 2.]
 * ```
 */
export const Depend = () => primitive('Depend', (value: Tensor, expr: Tensor) => depend(value, expr), { args: 'value:tensor expr:tensor' });

const DEPEND_ARGS = signature('value:tensor expr:tensor');
