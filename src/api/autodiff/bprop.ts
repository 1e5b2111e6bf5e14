/**
 * Gradient rules (MindSpore's bprops): for each differentiable primitive, the gradients of its inputs
 * from the gradients of its outputs, built from ops so that they run on the device like forward ops.
 * A rule returns null for an input that has no gradient (labels, conditions, constants' shapes).
 * @module
 */
import { sameShape, sizeOf, type StridedSliceAttrs } from '../../kernels/index.js';
import type { TapeEntry } from '../graph/tape.js';
import * as ops from '../ops/index.js';
import * as comm from '../ops/collectives.js';
import * as pooling from '../ops/pooling.js';
import * as array from '../ops/array.js';
import * as batchNorm from '../ops/batch-norm.js';
import * as gather from '../ops/gather.js';
import * as normalization from '../ops/normalization.js';
import * as stridedSlice from '../ops/strided-slice.js';
import * as random from '../ops/random.js';
import { NotImplementedYetError } from '../../errors/index.js';
import { Tensor } from '../tensor.js';

/**
 * A gradient rule: the entry, its outputs' gradients (one per output) and which inputs need a gradient
 * (those that lead to a differentiated target) → one gradient (or null) per input. A rule may leave out
 * (null) what no one needs; the costly ones (MatMul, BatchMatMul, Conv2D) do.
 */
export type Bprop = (entry: TapeEntry, douts: readonly Tensor[], needs: readonly boolean[]) => (Tensor | null)[];

/**
 * The gradients of a (batched) matrix product out = op(a) · op(b), op a transpose where the attributes
 * say, for the inputs that need one (`mm(x, y, tx, ty)` is the product with those transposes).
 */
function productGrads(mm: (x: Tensor, y: Tensor, tx: boolean, ty: boolean) => Tensor, a: Tensor, b: Tensor, d: Tensor, attrs: object, [needA, needB]: readonly boolean[]): [Tensor | null, Tensor | null] {
  const { transposeA: ta = false, transposeB: tb = false } = attrs as { transposeA?: boolean; transposeB?: boolean };
  const da = !needA ? null : !ta ? mm(d, b, false, !tb) : mm(b, d, tb, true);
  const db = !needB ? null : !tb ? mm(a, d, !ta, false) : mm(d, a, true, ta);
  return [da, db];
}

/** Sums a broadcast gradient back to `shape` (numpy broadcasting in reverse). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.shape.length; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  const summed = axes.length > 0 ? ops.ReduceSum({ keepDims: true })(g, axes) : g;
  return ops.Reshape()(summed, shape);
}

/** `g` (the gradient of a reduction's output) broadcast back over the input's shape. */
function unreduce(g: Tensor, x: Tensor, axis: number | readonly number[] | undefined, keepDims: boolean): Tensor {
  const rank = x.shape.length;
  const axes = axis === undefined || (Array.isArray(axis) && axis.length === 0) ? [...Array(rank).keys()] : (Array.isArray(axis) ? axis : [axis as number]).map((a) => (a < 0 ? a + rank : a));
  const kept = keepDims ? g : ops.Reshape()(g, x.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  return ops.Mul()(ops.OnesLike()(x), kept);
}

const unary = (f: (x: Tensor, out: Tensor, d: Tensor) => Tensor): Bprop => (e, [d]) => [f(e.inputs[0]!, e.outputs[0]!, d!)];

const sign = (x: Tensor) => ops.Sub()(ops.Cast()(ops.Greater()(x, 0), x.dtype), ops.Cast()(ops.Less()(x, 0), x.dtype));
const where = (cond: Tensor, d: Tensor) => ops.Select()(cond, d, ops.ZerosLike()(d));

/** The rules, by primitive name. */
export const BPROPS: Readonly<Record<string, Bprop>> = {
  Add: ({ inputs: [x, y] }, [d]) => [sumToShape(d!, x!.shape), sumToShape(d!, y!.shape)],
  Sub: ({ inputs: [x, y] }, [d]) => [sumToShape(d!, x!.shape), sumToShape(ops.Neg()(d!), y!.shape)],
  Mul: ({ inputs: [x, y] }, [d]) => [sumToShape(ops.Mul()(d!, y!), x!.shape), sumToShape(ops.Mul()(d!, x!), y!.shape)],
  RealDiv: ({ inputs: [x, y], outputs: [out] }, [d]) => [
    sumToShape(ops.RealDiv()(d!, y!), x!.shape),
    sumToShape(ops.Neg()(ops.RealDiv()(ops.Mul()(d!, out!), y!)), y!.shape),
  ],
  // r1.5's bprop of Div: bc_x = dout / y, bc_y = -bc_x * out
  Div: ({ inputs: [x, y], outputs: [out] }, [d]) => {
    const bcx = ops.Div()(d!, y!);
    return [sumToShape(bcx, x!.shape), sumToShape(ops.Mul()(ops.Neg()(bcx), out!), y!.shape)];
  },
  Maximum: ({ inputs: [x, y] }, [d]) => {
    const dd = ops.Mul()(d!, ops.OnesLike()(ops.Add()(x!, y!))); // broadcast to the output's shape
    return [sumToShape(where(ops.LessEqual()(y!, x!), dd), x!.shape), sumToShape(where(ops.Less()(x!, y!), dd), y!.shape)];
  },
  Minimum: ({ inputs: [x, y] }, [d]) => {
    const dd = ops.Mul()(d!, ops.OnesLike()(ops.Add()(x!, y!)));
    return [sumToShape(where(ops.LessEqual()(x!, y!), dd), x!.shape), sumToShape(where(ops.Less()(y!, x!), dd), y!.shape)];
  },
  Pow: ({ inputs: [x, p], outputs: [out] }, [d]) => [
    sumToShape(ops.Mul()(ops.Mul()(d!, p!), ops.Pow()(x!, ops.Sub()(p!, 1))), x!.shape),
    sumToShape(ops.Mul()(ops.Mul()(d!, out!), ops.Log()(x!)), p!.shape),
  ],
  Neg: unary((_x, _o, d) => ops.Neg()(d)),
  Abs: unary((x, _o, d) => ops.Mul()(d, sign(x))),
  Square: unary((x, _o, d) => ops.Mul()(d, ops.Mul()(x, 2))),
  Sqrt: unary((_x, out, d) => ops.RealDiv()(ops.Mul()(d, 0.5), out)),
  // r1.5's RsqrtGrad(y, dy) = dy * -0.5 * y³, ReciprocalGrad(y, dy) = -dy * y², ReLU6Grad: dy on (0, 6)
  Rsqrt: unary((_x, out, d) => ops.Mul()(ops.Mul()(d, -0.5), ops.Mul()(ops.Mul()(out, out), out))),
  Reciprocal: unary((_x, out, d) => ops.Mul()(ops.Neg()(d), ops.Mul()(out, out))),
  ReLU6: unary((x, _out, d) => where(ops.LogicalAnd()(ops.Greater()(x, 0), ops.Less()(x, 6)), d)),
  Exp: unary((_x, out, d) => ops.Mul()(d, out)),
  Log: unary((x, _o, d) => ops.RealDiv()(d, x)),
  ReLU: unary((_x, out, d) => ops.ReluGrad()(d, out)),
  Sigmoid: unary((_x, out, d) => ops.SigmoidGrad()(out, d)),
  GeLU: unary((x, _out, d) => ops.GeLUGrad()(d, x)),
  // r1.5's get_bprop_sin / get_bprop_cos: dout · cos(x), −dout · sin(x)
  Sin: unary((x, _out, d) => ops.Mul()(d, ops.Cos()(x))),
  Cos: unary((x, _out, d) => ops.Neg()(ops.Mul()(d, ops.Sin()(x)))),
  Tanh: unary((_x, out, d) => ops.TanhGrad()(out, d)),
  Cast: unary((x, _o, d) => ops.Cast()(d, x.dtype)),
  Reshape: unary((x, _o, d) => ops.Reshape()(d, x.shape)),
  Transpose: ({ attrs }, [d]) => {
    const perm = (attrs as { perm: number[] }).perm;
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [ops.Transpose()(d!, inverse)];
  },
  ReduceSum: ({ inputs: [x], attrs }, [d]) => {
    const { axis, keepDims } = attrs as { axis?: number | number[]; keepDims: boolean };
    return [unreduce(d!, x!, axis, keepDims)];
  },
  ReduceMean: ({ inputs: [x], outputs: [out], attrs }, [d]) => {
    const { axis, keepDims } = attrs as { axis?: number | number[]; keepDims: boolean };
    return [ops.Mul()(unreduce(d!, x!, axis, keepDims), sizeOf(out!.shape) / Math.max(1, sizeOf(x!.shape)))];
  },
  ReduceMax: ({ inputs: [x], outputs: [out], attrs }, [d]) => {
    const { axis, keepDims } = attrs as { axis?: number | number[]; keepDims: boolean };
    const hit = ops.Cast()(ops.Equal()(x!, unreduce(out!, x!, axis, keepDims)), x!.dtype);
    return [ops.Mul()(unreduce(d!, x!, axis, keepDims), hit)];
  },
  AddN: ({ inputs }, [d]) => inputs.map(() => d!),
  Select: ({ inputs: [c] }, [d]) => [null, where(c!, d!), ops.Select()(c!, ops.ZerosLike()(d!), d!)],
  Depend: (_e, [d]) => [d!, null],
  Softmax: ({ outputs: [out], attrs }, [d]) => {
    const axis = (attrs as { axis: number }).axis;
    const dot = ops.ReduceSum({ keepDims: true })(ops.Mul()(d!, out!), axis);
    return [ops.Mul()(ops.Sub()(d!, dot), out!)];
  },
  LogSoftmax: ({ outputs: [out], attrs }, [d]) => {
    const axis = (attrs as { axis: number }).axis;
    return [ops.Sub()(d!, ops.Mul()(ops.Exp()(out!), ops.ReduceSum({ keepDims: true })(d!, axis)))];
  },
  SoftmaxCrossEntropyWithLogits: ({ outputs: [loss, backprop] }, [dloss]) => [ops.Mul()(backprop!, ops.Reshape()(dloss!, [loss!.shape[0]!, 1])), null],
  MatMul: ({ inputs: [a, b], attrs }, [d], needs) => productGrads((x, y, tx, ty) => ops.MatMul({ transposeA: tx, transposeB: ty })(x, y), a!, b!, d!, attrs, needs),
  BatchMatMul: ({ inputs: [a, b], attrs }, [d], needs) => {
    const [da, db] = productGrads((x, y, tx, ty) => ops.BatchMatMul({ transposeA: tx, transposeB: ty })(x, y), a!, b!, d!, attrs, needs);
    return [da ? sumToShape(da, a!.shape) : null, db ? sumToShape(db, b!.shape) : null];
  },
  BiasAdd: (_e, [d]) => [d!, ops.BiasAddGrad()(d!)],
  Slice: ({ inputs: [x], attrs }, [d]) => [ops.SliceGrad()(d!, x!, (attrs as { begin: number[] }).begin)],
  Conv2D: ({ inputs: [x, w], attrs }, [d], [needX, needW]) => {
    const kernel: [number, number] = [w!.shape[2]!, w!.shape[3]!];
    const options = attrs as ops.Conv2DOptions;
    return [
      needX ? ops.Conv2DBackpropInput(w!.shape[0]!, kernel, options)(d!, w!, x!.shape) : null,
      needW ? ops.Conv2DBackpropFilter(w!.shape[0]!, kernel, options)(d!, x!, w!.shape) : null,
    ];
  },
  // r1.5's get_bprop_conv2d_backprop_input (nn.Conv2dTranspose's op): dx = Conv2D(dout, w), dw =
  // Conv2DBackpropFilter(x, dout, shape(w)) — x plays the convolution's output gradient
  Conv2DBackpropInput: ({ inputs: [x, w], attrs }, [d]) => {
    const kernel: [number, number] = [w!.shape[2]!, w!.shape[3]!];
    const { inputShape: _shape, ...options } = attrs as ops.Conv2DOptions & { inputShape: number[] };
    return [ops.Conv2D(w!.shape[0]!, kernel, options)(d!, w!), ops.Conv2DBackpropFilter(w!.shape[0]!, kernel, options)(x!, d!, w!.shape)];
  },
  ExpandDims: unary((x, _o, d) => ops.Reshape()(d, x.shape)),
  Squeeze: unary((x, _o, d) => ops.Reshape()(d, x.shape)),
  Concat: ({ inputs, attrs }, [d]) => {
    const rank = inputs[0]!.shape.length;
    const axis = ((attrs as { axis: number }).axis + rank) % rank;
    let at = 0;
    return inputs.map((x) => {
      const begin = x.shape.map((_, k) => (k === axis ? at : 0));
      at += x.shape[axis]!;
      return ops.Slice()(d!, begin, [...x.shape]);
    });
  },
  Split: ({ outputs, attrs }, douts) => [array.Concat({ axis: (attrs as { axis: number }).axis })(outputs.map((o, k) => douts[k] ?? ops.ZerosLike()(o)))],
  Tile: ({ inputs: [x], attrs }, [d]) => {
    const m = (attrs as { multiples: number[] }).multiples;
    const shape = [...Array<number>(m.length - x!.shape.length).fill(1), ...x!.shape];
    // each axis i of d is (m[i] copies) x (shape[i]): sum over the copies
    const split = ops.Reshape()(d!, shape.flatMap((s, i) => [m[i]!, s]));
    const summed = ops.ReduceSum()(split, m.map((_, i) => 2 * i));
    return [ops.Reshape()(summed, x!.shape)];
  },
  MaxPool: ({ inputs: [x], outputs: [y], attrs }, [d]) => [pooling.MaxPoolGrad(poolOptions(attrs))(x!, y!, d!)],
  AvgPool: ({ inputs: [x], outputs: [y], attrs }, [d]) => [pooling.AvgPoolGrad(poolOptions(attrs))(x!, y!, d!)],
  // r1.5's get_bprop_batch_norm: training reads the saved batch statistics (reserve spaces), inference
  // the given mean and variance; the moving statistics get no gradient
  BatchNorm: ({ inputs: [x, scale, , mean, variance], outputs, attrs }, [d]) => {
    const { isTraining, epsilon } = attrs as { isTraining: boolean; epsilon: number };
    const [saved, savedVar] = isTraining ? [outputs[3]!, outputs[4]!] : [mean!, variance!];
    const [dx, dscale, dbias] = batchNorm.BatchNormGrad({ isTraining, epsilon })(d!, x!, scale!, saved, savedVar, outputs[2]!);
    return [dx!, dscale!, dbias!, null, null];
  },
  // r1.5's get_bprop_strided_slice: StridedSliceGrad(dout, shape(x), begin, end, strides) with the masks
  StridedSlice: ({ inputs: [x], attrs }, [d]) => {
    const { begin, end, strides, ...masks } = attrs as unknown as StridedSliceAttrs;
    return [stridedSlice.StridedSliceGrad(masks)(d!, x!.shape, begin, end, strides)];
  },
  // r1.5's get_bprop_dropout: DropoutGrad(dout[0], mask)
  Dropout: ({ outputs, attrs }, [d]) => [random.DropoutGrad((attrs as { keepProb: number }).keepProb)(d!, outputs[1]!)],
  // r1.5's get_bprop_sparse_softmax_cross_entropy_with_logits: the is_grad op's output times dout
  SparseSoftmaxCrossEntropyWithLogits: ({ inputs: [logits, labels], attrs }, [d]) => {
    if ((attrs as { isGrad: boolean }).isGrad) throw new NotImplementedYetError('GradOperation: the gradient of SparseSoftmaxCrossEntropyWithLogits(is_grad=True) is a second-order gradient, not modelled');
    return [ops.Mul()(normalization.SparseSoftmaxCrossEntropyWithLogits({ isGrad: true })(logits!, labels!), d!), null];
  },
  // r1.5's get_bprop_layer_norm: LayerNormGrad(x, dout[0], variance, mean, gamma)
  LayerNorm: ({ inputs: [x, gamma], outputs, attrs }, [d]) => {
    const { beginNormAxis, beginParamsAxis } = attrs as { beginNormAxis: number; beginParamsAxis: number };
    const [dx, dgamma, dbeta] = normalization.LayerNormGrad({ beginNormAxis, beginParamsAxis })(x!, d!, outputs[2]!, outputs[1]!, gamma!);
    return [dx!, dgamma!, dbeta!];
  },
  // r1.5's get_bprop_binary_cross_entropy: the logits' gradient; none for the labels and the weight
  BinaryCrossEntropy: ({ inputs: [x, y, w], attrs }, [d]) => {
    const grad = normalization.BinaryCrossEntropyGrad(attrs as { reduction: normalization.LossReduction });
    return [w ? grad(x!, y!, d!, w) : grad(x!, y!, d!), null, ...(w ? [null] : [])];
  },
  // r1.5's get_bprop_gather_v2: dout with the indices' axes moved first, summed per index into
  // x.shape[axis] rows (UnsortedSegmentSum), then the axis moved back; no gradient for the indices
  Gather: ({ inputs: [x, indices], attrs }, [d]) => {
    const rank = x!.shape.length;
    const axis = ((attrs as { axis: number }).axis + rank) % rank;
    const k = indices!.shape.length;
    const outRank = rank - 1 + k;
    const perm1 = [...Array(k).keys()].map((i) => axis + i).concat([...Array(axis).keys()], [...Array(outRank - axis - k).keys()].map((i) => axis + k + i));
    const moved = ops.Transpose()(d!, perm1);
    const summed = gather.UnsortedSegmentSum()(moved, indices!, x!.shape[axis]!);
    const perm2 = [...Array(rank).keys()].map((i) => (i < axis ? i + 1 : i === axis ? 0 : i));
    return [ops.Transpose()(summed, perm2), null];
  },
  // r1.5's _gather_drop_negatives: each element's gradient is its segment's (zeros for dropped ids)
  UnsortedSegmentSum: ({ inputs: [, ids] }, [d]) => [gather.Gather()(d!, ids!, 0), null],
  // collectives (r1.5's grad_comm_ops): the same collective, or its transpose, on the gradients
  AllReduce: ({ inputs, outputs, attrs }, douts) => {
    const { op, group } = attrs as { op: comm.ReduceOpValue; group: string };
    const sum = comm.AllReduce({ group });
    // a fused AllReduce (several tensors) differentiates tensor by tensor
    return inputs.map((x, k) => {
      const d = douts[k]!;
      const out = outputs[k]!;
      if (op === 'sum') return sum(d);
      if (op === 'prod') return ops.RealDiv()(sum(ops.Mul()(d, out)), x);
      return ops.Mul()(sum(d), ops.Cast()(ops.Equal()(x, out), d.dtype)); // max, min: where this rank's value was chosen
    });
  },
  AllGather: ({ attrs }, [d]) => [comm.ReduceScatter({ group: (attrs as { group: string }).group })(d!)],
  ReduceScatter: ({ attrs }, [d]) => {
    const { op, group } = attrs as { op: comm.ReduceOpValue; group: string };
    if (op !== 'sum') throw new NotImplementedYetError('The reducescatter bprop only support ReduceOp.SUM until now.');
    return [comm.AllGather({ group })(d!)];
  },
  Broadcast: (_e, douts) => [...douts],
  // semi-automatic parallel's mirror of a Parameter (a tape entry only: the identity forward): its
  // gradient summed over the ranks holding it, averaged with gradientsMean (r1.5's _MirrorOperator)
  _MirrorOperator: ({ attrs }, [d]) => {
    const { group, size, mean } = attrs as { group: string; size: number; mean: boolean };
    const sum = comm.AllReduce({ group })(d!);
    return [mean ? ops.Mul()(sum, new Tensor(Math.fround(1 / size), d!.dtype)) : sum];
  },
  AlltoAll: ({ attrs }, [d]) => {
    const { splitCount, splitDim, concatDim, group } = attrs as { splitCount: number; splitDim: number; concatDim: number; group: string };
    return [comm.AlltoAll(splitCount, concatDim, splitDim, { group })(d!)];
  },
};

/** A pooling node's checked attributes as the options its gradient primitive takes. */
function poolOptions(attrs: object): pooling.PoolOptions {
  const a = attrs as { kernelSize: [number, number]; strides: [number, number]; padMode: string };
  return { kernelSize: a.kernelSize, strides: a.strides, padMode: a.padMode };
}
