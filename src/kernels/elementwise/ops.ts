/**
 * The elementwise kernels, as a table: each entry is one kernel (its name, arity, the dtypes it takes
 * and its expression per dtype family). Semantics:
 * - floats: the expression is evaluated in double and rounded once on store to float32 or float64;
 *   float16 and bfloat16 compute in float32 and round that once more to their own dtype (as devices
 *   with float32 arithmetic do);
 * - int8, int16, int32, uint8: results wrap on store (numpy's wrap-around), products with Math.imul;
 *   division truncates toward zero and x / 0 is 0;
 * - int64: exact BigInt arithmetic, wrapping on store;
 * - comparisons, IsFinite and IsNan give bool.
 * Special values follow numpy: Maximum/Minimum propagate NaN and, on ties (+0 vs -0), return the second
 * operand for float32/float64 and the first for float16 (numpy's SIMD and scalar loops differ there);
 * Pow(1, y) and Pow(-1, ±inf) are 1.
 * @module
 */
import { DTypeError } from '../../errors/index.js';
import { DTYPES, type DType } from '../dtype.js';
import { broadcastShapes } from '../broadcast.js';
import { sameShape, sizeOf, type Shape } from '../shape.js';
import { allFinite, finishFloat, floatValues } from '../float-output.js';
import { bytesOf, outputFor, trustedOutput, type KSignature, type KTensor, type KernelDef, type KernelOptions, type KernelResult } from '../tensor.js';
import { elementLoop, type ElementLoop, type ElementStorage as Storage } from './loops.js';

/** The expressions of one elementwise op, per dtype family (absent: the family is rejected). */
interface ElementSpec {
  readonly name: string;
  readonly arity: 1 | 2;
  /** Expression for float dtypes (evaluated in double). */
  readonly float?: string;
  /** Expression for float16 and bfloat16 when it differs from `float` (numpy's tie rules). */
  readonly half?: string;
  /** Expression for float64 when it differs from `float` (one that rounds steps to float32). */
  readonly float64?: string;
  /** Expression for int8/int16/int32/uint8. */
  readonly int?: string;
  /** Expression for int64 (BigInt operands). */
  readonly int64?: string;
  /** Expression for bool inputs. */
  readonly bool?: string;
  /** Output is bool instead of the input dtype. */
  readonly toBool?: boolean;
  /** Operations per element, for the cost. */
  readonly flops?: number;
}

const SPECS: readonly ElementSpec[] = [
  { name: 'Add', arity: 2, float: 'x + y', int: 'x + y', int64: 'x + y' },
  { name: 'Sub', arity: 2, float: 'x - y', int: 'x - y', int64: 'x - y' },
  { name: 'Mul', arity: 2, float: 'x * y', int: 'M.imul(x, y)', int64: 'x * y' },
  { name: 'RealDiv', arity: 2, float: 'x / y', int: 'y === 0 ? 0 : M.trunc(x / y)', int64: 'y === 0n ? 0n : x / y' },
  {
    name: 'Maximum', arity: 2, float: 'x !== x ? x : y !== y ? y : x > y ? x : y',
    half: 'x !== x ? x : y !== y ? y : x >= y ? x : y', int: 'x >= y ? x : y', int64: 'x >= y ? x : y',
  },
  {
    name: 'Minimum', arity: 2, float: 'x !== x ? x : y !== y ? y : x < y ? x : y',
    half: 'x !== x ? x : y !== y ? y : x <= y ? x : y', int: 'x <= y ? x : y', int64: 'x <= y ? x : y',
  },
  { name: 'Pow', arity: 2, float: 'x === 1 || (x === -1 && (y === Infinity || y === -Infinity)) ? 1 : M.pow(x, y)', flops: 10 },
  { name: 'Equal', arity: 2, float: 'x === y ? 1 : 0', int: 'x === y ? 1 : 0', int64: 'x === y ? 1 : 0', bool: 'x === y ? 1 : 0', toBool: true },
  { name: 'Less', arity: 2, float: 'x < y ? 1 : 0', int: 'x < y ? 1 : 0', int64: 'x < y ? 1 : 0', bool: 'x < y ? 1 : 0', toBool: true },
  { name: 'LessEqual', arity: 2, float: 'x <= y ? 1 : 0', int: 'x <= y ? 1 : 0', int64: 'x <= y ? 1 : 0', bool: 'x <= y ? 1 : 0', toBool: true },
  { name: 'Greater', arity: 2, float: 'x > y ? 1 : 0', int: 'x > y ? 1 : 0', int64: 'x > y ? 1 : 0', bool: 'x > y ? 1 : 0', toBool: true },
  { name: 'GreaterEqual', arity: 2, float: 'x >= y ? 1 : 0', int: 'x >= y ? 1 : 0', int64: 'x >= y ? 1 : 0', bool: 'x >= y ? 1 : 0', toBool: true },
  { name: 'NotEqual', arity: 2, float: 'x !== y ? 1 : 0', int: 'x !== y ? 1 : 0', int64: 'x !== y ? 1 : 0', bool: 'x !== y ? 1 : 0', toBool: true },
  { name: 'LogicalAnd', arity: 2, bool: 'x && y ? 1 : 0', toBool: true },
  { name: 'LogicalOr', arity: 2, bool: 'x || y ? 1 : 0', toBool: true },
  { name: 'LogicalNot', arity: 1, bool: 'x ? 0 : 1', toBool: true },
  // r1.5's CPU Div (arithmetic_cpu_kernel.cc): x / 0 is NaN for 0 / 0, else +inf when x > 0 and -inf
  // otherwise (NaN / 0 too); integers: 0 / 0 is 0, x / 0 the type's max or min, else truncation
  {
    name: 'Div', arity: 2, float: 'y === 0 ? (x === 0 ? NaN : x > 0 ? Infinity : -Infinity) : x / y',
    int: 'y === 0 ? (x === 0 ? 0 : x > 0 ? 2147483647 : -2147483648) : M.trunc(x / y)',
    int64: 'y === 0n ? (x === 0n ? 0n : x > 0n ? 9223372036854775807n : -9223372036854775808n) : x / y',
  },
  { name: 'Neg', arity: 1, float: '-x', int: '-x', int64: '-x' },
  { name: 'Abs', arity: 1, float: 'M.abs(x)', int: 'M.abs(x)', int64: 'x < 0n ? -x : x' },
  { name: 'Square', arity: 1, float: 'x * x', int: 'M.imul(x, x)', int64: 'x * x' },
  { name: 'Sqrt', arity: 1, float: 'M.sqrt(x)', flops: 4 },
  // the square root rounded to float32 first, then its reciprocal (MindSpore's two float operations)
  { name: 'Rsqrt', arity: 1, float: '1 / f(M.sqrt(x))', float64: '1 / M.sqrt(x)', flops: 5 },
  { name: 'Reciprocal', arity: 1, float: '1 / x', int: 'x === 0 ? 0 : M.trunc(1 / x)', flops: 1 },
  { name: 'ReLU6', arity: 1, float: 'x > 0 ? (x > 6 ? 6 : x) : 0', int: 'x < 0 ? 0 : x > 6 ? 6 : x' }, // oneDNN's bounded_relu: NaN and -0 give 0
  { name: 'Exp', arity: 1, float: 'M.exp(x)', flops: 10 },
  { name: 'Sin', arity: 1, float: 'M.sin(x)', flops: 10 },
  { name: 'Cos', arity: 1, float: 'M.cos(x)', flops: 10 },
  { name: 'Floor', arity: 1, float: 'M.floor(x)', int: 'x', int64: 'x' },
  { name: 'Ceil', arity: 1, float: 'M.ceil(x)', int: 'x', int64: 'x' },
  // numpy's floor_divide: x // 0 is ±inf or NaN for floats (x / 0 floored), 0 for integers
  {
    name: 'FloorDiv', arity: 2, float: 'M.floor(x / y)', int: 'y === 0 ? 0 : M.floor(x / y)',
    int64: 'y === 0n ? 0n : (x / y) - ((x % y !== 0n) && ((x < 0n) !== (y < 0n)) ? 1n : 0n)',
  },
  { name: 'Log', arity: 1, float: 'M.log(x)', flops: 10 },
  { name: 'ReLU', arity: 1, float: 'x > 0 || x !== x ? x : 0', int: 'x > 0 ? x : 0', int64: 'x > 0n ? x : 0n' },
  { name: 'Sigmoid', arity: 1, float: '1 / (1 + M.exp(-x))', flops: 12 },
  { name: 'Tanh', arity: 1, float: 'M.tanh(x)', flops: 12 },
  // r1.5's CPU GeLU (arithmetic_self_cpu_kernel.cc): the tanh approximation in float32 steps,
  // 0.5·x·(1 + tanh(0.7978845608·(x + 0.044715·x³))); GeLUGrad(dy, x) as its eltwise_grad kernel (the
  // tanh and its slope in double, the rest in float32)
  {
    name: 'GeLU', arity: 1, flops: 16,
    float: 'f(x * f(1 + f(M.tanh(f(0.7978845834732056 * f(x + f(f(f(0.044714998453855515 * x) * x) * x))))))) / 2',
    float64: '0.5 * x * (1 + M.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))',
  },
  {
    name: 'GeLUGrad', arity: 2, flops: 24,
    float: 'x * f(f(f(1 + f(M.tanh(0.7978845608 * (y + 0.044715 * y * y * y)))) + f(f(y * f(1 - f(f(M.tanh(0.7978845608 * (y + 0.044715 * y * y * y))) * f(M.tanh(0.7978845608 * (y + 0.044715 * y * y * y)))))) * f(0.7978845608 + 0.1070322244 * y * y))) / 2)',
    float64: 'x * (1 + M.tanh(0.7978845608 * (y + 0.044715 * y * y * y)) + y * (1 - M.tanh(0.7978845608 * (y + 0.044715 * y * y * y)) ** 2) * (0.7978845608 + 0.1070322244 * y * y)) / 2',
  },
  { name: 'IsFinite', arity: 1, float: 'x - x === 0 ? 1 : 0', int: '1', int64: '1', bool: '1', toBool: true },
  { name: 'IsNan', arity: 1, float: 'x !== x ? 1 : 0', int: '0', int64: '0', bool: '0', toBool: true },
  // gradients of the activations: ReluGrad(dy, y), SigmoidGrad(y, dy), TanhGrad(y, dy) as MindSpore orders them
  { name: 'ReluGrad', arity: 2, float: 'y > 0 ? x : 0', int: 'y > 0 ? x : 0' },
  { name: 'SigmoidGrad', arity: 2, float: 'y * x * (1 - x)', flops: 3 },
  { name: 'TanhGrad', arity: 2, float: 'y * (1 - x * x)', flops: 3 },
];

type Family = 'float' | 'int' | 'int64' | 'bool';

function familyOf(dtype: DType): Family {
  if (dtype.kind === 'float') return 'float';
  if (dtype.kind === 'bool') return 'bool';
  return dtype.name === 'int64' ? 'int64' : 'int';
}

/** Whether every signature has the first one's shape (no broadcasting). */
function sameShapes(inputs: readonly KSignature[]): boolean {
  const first = inputs[0]!.shape;
  for (let k = 1; k < inputs.length; k++) if (!sameShape(inputs[k]!.shape, first)) return false;
  return true;
}

/** Builds the kernel of one table entry. */
function elementKernel(spec: ElementSpec): KernelDef {
  const expression = (dtype: DType): string => {
    const e = dtype.itemsize === 2 && dtype.kind === 'float' && spec.half ? spec.half : dtype.name === 'float64' && spec.float64 ? spec.float64 : spec[familyOf(dtype)];
    if (e === undefined) throw new DTypeError(`${spec.name}: ${dtype.msName} inputs are not supported`);
    return e;
  };
  const infer = (inputs: readonly KSignature[]): KSignature[] => {
    if (inputs.length !== spec.arity) throw new DTypeError(`${spec.name}: expected ${spec.arity} inputs, but got ${inputs.length}`);
    const dtype = inputs[0]!.dtype;
    for (let k = 1; k < inputs.length; k++) {
      if (inputs[k]!.dtype !== dtype) {
        throw new DTypeError(`${spec.name}: all inputs must have one dtype, but got ${inputs.map((i) => i.dtype.msName).join(' and ')}`);
      }
    }
    expression(dtype);
    // the input's own (readonly) shape: whoever keeps the result copies it (the executor, for a Tensor)
    const shape = spec.arity === 1 || sameShapes(inputs) ? inputs[0]!.shape : broadcastShapes(inputs.map((i) => i.shape), spec.name);
    return [{ dtype: spec.toBool ? DTYPES.bool : dtype, shape }];
  };
  // the loop of the storage classes seen last (a string key per call would cost more than a tiny op)
  let last: { expr: string; c0: unknown; c1: unknown; cd: unknown; loop: ElementLoop } | undefined;
  const loopFor = (expr: string, a0: Storage, a1: Storage | undefined, dst: Storage): ElementLoop => {
    if (last && last.expr === expr && last.c0 === a0.constructor && last.c1 === a1?.constructor && last.cd === dst.constructor) return last.loop;
    const storage = `${a1 ? `${a0.constructor.name},${a1.constructor.name}` : a0.constructor.name}>${dst.constructor.name}`;
    const loop = elementLoop(expr, spec.arity, storage);
    last = { expr, c0: a0.constructor, c1: a1?.constructor, cd: dst.constructor, loop };
    return loop;
  };
  /** Runs the loop over one or two inputs' values into `dst` (no list or closure per call). */
  const runLoop = (expr: string, a0: Storage, s0: Shape, a1: Storage | undefined, s1: Shape | undefined, dst: Storage, outShape: Shape): void => {
    loopFor(expr, a0, a1, dst)(dst, outShape, a0, s0, a1, s1);
  };
  return {
    name: spec.name,
    infer,
    compute(inputs: readonly KTensor[], _attrs: Record<string, never>, options?: KernelOptions): KernelResult {
      const out = trustedOutput(options) ?? outputFor(infer(inputs)[0]!, options, spec.name);
      const x = inputs[0]!;
      const y = inputs[1]; // arity 1 or 2
      const dtype = x.dtype;
      const expr = expression(dtype);
      if (dtype.kind !== 'float') {
        runLoop(expr, x.data, x.shape, y?.data, y?.shape, out.data, out.shape);
        return { outputs: [out], overflow: false };
      }
      const vx = floatValues(x);
      const vy = y && floatValues(y);
      if (spec.toBool) {
        runLoop(expr, vx, x.shape, vy, y?.shape, out.data, out.shape);
        return { outputs: [out], overflow: false };
      }
      const detect = options?.detectOverflow === true || options?.saturate === true;
      const finite = detect && allFinite(vx) && (vy === undefined || allFinite(vy));
      if (dtype.name === 'float32' || dtype.name === 'float64') {
        runLoop(expr, vx, x.shape, vy, y?.shape, out.data, out.shape);
        return { outputs: [out], overflow: detect && finishFloat(out.data as Float32Array, out, finite, options) };
      }
      const tmp = new Float32Array(out.data.length);
      runLoop(expr, vx, x.shape, vy, y?.shape, tmp, out.shape);
      return { outputs: [out], overflow: finishFloat(tmp, out, finite, options) };
    },
    cost(inputs: readonly KSignature[]) {
      const n = spec.arity === 1 || sameShapes(inputs) ? sizeOf(inputs[0]!.shape) : sizeOf(infer(inputs)[0]!.shape);
      let bytes = n * (spec.toBool ? 1 : inputs[0]!.dtype.itemsize);
      for (let k = 0; k < inputs.length; k++) bytes += bytesOf(inputs[k]!);
      return { flops: n * (spec.flops ?? 1), bytes, dtype: inputs[0]!.dtype };
    },
  };
}

/** The elementwise kernels by name. */
export const ELEMENTWISE: Readonly<Record<string, KernelDef>> = Object.freeze(
  Object.fromEntries(SPECS.map((s) => [s.name, elementKernel(s)])),
);

/** How many inputs each elementwise kernel takes, by name. */
export const ELEMENTWISE_ARITY: Readonly<Record<string, 1 | 2>> = Object.freeze(Object.fromEntries(SPECS.map((s) => [s.name, s.arity])));
