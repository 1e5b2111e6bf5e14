#!/usr/bin/env python3
"""Generates fixtures from MindSpore itself (run from the repository root; CI never runs this script):

    python3 -m venv /tmp/msvenv && /tmp/msvenv/bin/pip install mindspore "numpy<2"
    /tmp/msvenv/bin/python scripts/gen_mindspore_fixtures.py

MindSpore r1.5 has no wheel for the Pythons here (PyPI serves 1.0.0 and 2.x), so the fixtures come
from the newest release on its CPU target; each file records the version. Where 2.x differs from r1.5,
r1.5 wins and the test says so (the r1.5 behaviour is read from its sources, kungfu-team/mindspore at
v1.5.0).

- pooling.json: MaxPool and AvgPool forward outputs and their gradients (GradOperation with sens) for
  random NCHW float32 inputs, kernel sizes, strides and pad modes; the inputs are distinct values (no
  ties), so the gradient of MaxPool has one answer; a separate case with ties records 2.x's choice.
- ms-elementwise.json: Div, Rsqrt, Reciprocal, ReLU6, GreaterEqual, NotEqual, LogicalAnd/Or/Not on
  random values with zeros, signed zeros, infinities and NaN (float32, float16, int32, bool), and the
  gradients of the differentiable ones (float32, sens given). NaN is null, infinities are strings.
- batchnorm.json: P.BatchNorm in training and inference on [N, C] and NCHW float32 inputs (y, the
  saved batch mean and variance, the moving mean and variance after the step) and the gradients of y
  for x, scale and bias (GradOperation, sens given). 2.x's CPU kernel updates the moving variance with
  the unbiased batch variance (r1.5's CPU kernel used the biased one; r1.5's GPU and Ascend kernels
  the unbiased one), so the moving statistics are checked against mindsim's GPU and Ascend targets.
- checkpoint/ms-written.ckpt and checkpoint/ms-written.json: a network MindSpore saved (Conv2d with
  bias, BatchNorm2d after a training step, Dense, a float16 and an int32 Parameter, a scalar) with
  save_checkpoint and an append_dict, and every value as MindSpore holds it; and
  checkpoint/mindsim-read-by-mindspore.json: what MindSpore's load_checkpoint reads from
  checkpoint/mindsim-written.ckpt (written by test/api/checkpoint.test.ts with MINDSIM_WRITE_FIXTURES=1).
- dynamic-lr.json: the learning-rate lists of nn.piecewise_constant_lr, exponential_decay_lr,
  natural_exp_decay_lr, inverse_decay_lr, cosine_decay_lr, polynomial_decay_lr and warmup_lr for random
  arguments (the same functions as r1.5's, float64 Python arithmetic).
- gather.json: Gather (random shapes, axes and in-range indices, repeats included) and
  UnsortedSegmentSum (ids with repeats; in range: 2.10's CPU kernel refuses the others, which r1.5's
  dropped), forward and gradient (sens given), float32.
- layers.json: nn.LeakyReLU (several alphas) and nn.L1Loss (each reduction) on random float32 values,
  forward and gradient (GradOperation get_all, sens given).
- norm-layers.json: P.LayerNorm (several begin_norm_axis / begin_params_axis / epsilon) forward (y, mean,
  variance) and the gradients of y for x, gamma and beta; nn.GELU; nn.BCELoss with and without weight
  for each reduction (gradient for the logits), float32, sens given.
- strided-slice.json: StridedSlice specs (begin/end beyond the bounds, negative strides, random
  begin/end/ellipsis/new-axis/shrink masks) on float32 inputs, forward and gradient from numpy's basic
  indexing: r1.5's _compute_slicing_shape is Python's slice rule with the masks as TensorFlow's, so numpy
  is the oracle. MindSpore 2.10's CPU kernel is not: on edge specs it reads outside its input (NaN and
  denormal garbage) and gives zero gradients; the file records in how many cases it disagrees.
- scatter.json: P.ScatterAdd / ScatterSub (repeated indices) and ScatterUpdate (distinct indices) on a
  float32 Parameter: the op's output and the Parameter afterwards.
- optimizers.json: nn.RMSProp (plain, with momentum, centered, with weight decay and loss scale),
  nn.AdamWeightDecay and nn.Lamb (with and without weight decay; a Parameter named 'beta' is not decayed): three
  steps on two float32 Parameters with random gradients, every Parameter and state after each step;
  for AdamWeightDecay also r1.5's step (its _update_run_op's ops replayed one by one with MindSpore's
  ops: 2.10 runs a fused kernel instead); for Lamb only that replay (2.10's fused Lamb has no CPU kernel).
- tensor-text.json: repr() of tensors of every dtype and of shapes that exercise the summaries and line
  breaks (random values with NaN, infinities, -0, float16 extremes): the text of the C++
  Tensor::ToStringRepr, which r1.5's Print kernels use without the commas (ToStringNoLimit).
- mixed-precision.json: the manual mixed-precision example of r1.5's enable_mixed_precision.md
  (Net(512, 128) with to_float(float16) and the dense layer back to float32, its casts written out as
  r1.5's Cell.__call__ inserts them: 2.10's to_float differs and the guide's code fails there), its Dense
  given fixed weights, two TrainOneStepCell steps: the losses and the trained weights.
- conv-transpose.json: nn.Conv2dTranspose for each pad mode, strides, a dilation, asymmetric padding,
  with and without bias, its weights set from a seeded stream: forward and the input gradient.
- lr-schedules.json: each nn.LearningRateSchedule class (staircase variants too) at steps 0-9, and a
  Momentum optimizer stepping with ExponentialDecayLR (the Parameter after each of three steps).
- shape-ops.json: ExpandDims, Squeeze, Concat, Split, Tile (forward and gradient) and OneHot (indices
  out of range included) on small float32 / int32 inputs.
- sparse-ce.json: P.SparseSoftmaxCrossEntropyWithLogits on random logits and labels: the mean loss and
  its gradient (sens given).
- bce-with-logits.json: nn.BCEWithLogitsLoss with and without weight and pos_weight for each reduction:
  the loss and the gradients for logits and labels (sens given).
- truncated-normal.json: r1.5's TruncatedNormal initializer as it computes (scipy's truncnorm.rvs(-2, 2,
  scale=sigma) on numpy's global RandomState after np.random.seed, into a float32 array).
- resnet-block.json and checkpoint/resnet-block.ckpt: r1.5's ResidualBlock from
  tests/st/networks/test_gpu_resnet.py (its initializers verbatim), trained three steps (MSELoss,
  Momentum 0.01/0.9) on a fixed input: each step's loss, the output in training and in eval mode
  after them, and the trained Parameters saved with save_checkpoint.
"""
import json
import os

import numpy as np
import mindspore as ms
from mindspore import Tensor, nn, ops

ms.set_context(mode=ms.PYNATIVE_MODE, device_target='CPU')
OUT = os.path.join('test', 'fixtures')
rng = np.random.default_rng(20261130)


def write_fixture(name, generator, payload):
    """Writes test/fixtures/<name>: {'generator': ..., **payload} as one line of JSON."""
    with open(os.path.join(OUT, name), 'w') as fh:
        json.dump({'generator': generator, **payload}, fh)
        fh.write('\n')


def f32(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


class OpNet(nn.Cell):
    """Calls fn(x) in construct (fn closes over the op and its constant arguments)."""
    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def construct(self, x):
        return self.fn(x)


def pool_case(kind, shape, kernel, stride, pad, x=None):
    if x is None:
        x = rng.permutation(int(np.prod(shape))).astype(np.float32).reshape(shape) * np.float32(0.37) - np.float32(3)
        x += rng.standard_normal(shape).astype(np.float32) * np.float32(0.01)
    prim = (ops.MaxPool if kind == 'MaxPool' else ops.AvgPool)(kernel_size=tuple(kernel), strides=tuple(stride), pad_mode=pad)
    net = OpNet(prim)
    y = net(Tensor(x)).asnumpy()
    dy = rng.standard_normal(y.shape).astype(np.float32)
    dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), Tensor(dy)).asnumpy()
    return {'kind': kind, 'shape': list(shape), 'kernelSize': kernel, 'strides': stride, 'padMode': pad,
            'x': f32(x), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': f32(dx)}


def pooling():
    cases = []
    for _ in range(40):
        kind = 'MaxPool' if rng.random() < 0.5 else 'AvgPool'
        kernel = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        stride = [int(rng.integers(1, 4)), int(rng.integers(1, 4))]
        pad = 'same' if rng.random() < 0.5 else 'valid'
        shape = [int(rng.integers(1, 3)), int(rng.integers(1, 4)), int(rng.integers(kernel[0], 8)), int(rng.integers(kernel[1], 8))]
        cases.append(pool_case(kind, shape, kernel, stride, pad))
    ties = np.array([[[[1, 5, 2], [5, 1, 5], [2, 5, 1]]]], dtype=np.float32)
    tie_case = pool_case('MaxPool', [1, 1, 3, 3], [2, 2], [1, 1], 'valid', ties)
    write_fixture('pooling.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE; numpy %s)' % (ms.__version__, np.__version__), {'cases': cases, 'ties': tie_case})


SPECIAL = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 6.0, 7.5, -3.25, 1e-30, 1e30, np.inf, -np.inf, np.nan]


def values(dtype, n):
    if dtype == 'bool':
        return rng.random(n) < 0.5
    if dtype == 'int32':
        return rng.integers(-20, 21, n).astype(np.int32)
    v = rng.standard_normal(n).astype(np.float64) * 4
    v[:len(SPECIAL)] = SPECIAL[:n]
    return v.astype(dtype)


def enc(a):
    a = np.asarray(a)
    if a.dtype == np.bool_:
        return [bool(v) for v in a.ravel()]
    if a.dtype.kind == 'i':
        return [int(v) for v in a.ravel()]
    return [None if np.isnan(v) else (str(v) if np.isinf(v) else float(v)) for v in a.astype(np.float64).ravel()]


ELEMENTWISE = {
    'Div': (2, ['float32', 'float16', 'int32'], True),
    'Rsqrt': (1, ['float32', 'float16'], True),
    'Reciprocal': (1, ['float32', 'float16'], True),
    'ReLU6': (1, ['float32', 'float16'], True),
    'GreaterEqual': (2, ['float32', 'float16', 'int32'], False),
    'NotEqual': (2, ['float32', 'float16', 'int32'], False),
    'LogicalAnd': (2, ['bool'], False),
    'LogicalOr': (2, ['bool'], False),
    'LogicalNot': (1, ['bool'], False),
}


def elementwise():
    cases = []
    for name, (arity, dtypes, grad) in ELEMENTWISE.items():
        prim = getattr(ops, name)()
        for dtype in dtypes:
            n = 40
            xs = [values(dtype, n) for _ in range(arity)]
            if arity == 2 and dtype != 'bool':
                xs[1][:14] = values(dtype, 14)[::-1]  # specials meet specials
            out = prim(*[Tensor(x) for x in xs]).asnumpy()
            case = {'op': name, 'dtype': dtype, 'inputs': [enc(x) for x in xs], 'output': enc(out), 'outDtype': str(out.dtype)}
            if grad and dtype == 'float32':
                gx = [np.abs(rng.standard_normal(n)).astype(np.float32) + np.float32(0.5) for _ in range(arity)]
                if name in ('Rsqrt',):
                    gx = [np.abs(g) + np.float32(0.1) for g in gx]
                dy = rng.standard_normal(n).astype(np.float32)
                net = OpNet(prim)
                if arity == 1:
                    g = ops.GradOperation(sens_param=True)(net)(Tensor(gx[0]), Tensor(dy)).asnumpy()
                    case['grad'] = {'inputs': [enc(gx[0])], 'dy': enc(dy), 'dx': [enc(g)]}
                else:
                    class Two(nn.Cell):
                        def __init__(self):
                            super().__init__()
                            self.op = prim

                        def construct(self, a, b):
                            return self.op(a, b)
                    g = ops.GradOperation(get_all=True, sens_param=True)(Two())(Tensor(gx[0]), Tensor(gx[1]), Tensor(dy))
                    case['grad'] = {'inputs': [enc(v) for v in gx], 'dy': enc(dy), 'dx': [enc(v.asnumpy()) for v in g]}
            cases.append(case)
    write_fixture('ms-elementwise.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE; numpy %s)' % (ms.__version__, np.__version__), {'cases': cases})


class BN(nn.Cell):
    def __init__(self, training, eps, momentum, mean, var):
        super().__init__()
        self.op = ops.BatchNorm(is_training=training, epsilon=eps, momentum=momentum)
        self.mean = ms.Parameter(Tensor(mean), name='mean', requires_grad=False)
        self.var = ms.Parameter(Tensor(var), name='variance', requires_grad=False)

    def construct(self, x, scale, bias):
        return self.op(x, scale, bias, self.mean, self.var)[0]


def batchnorm():
    r = np.random.default_rng(1505)  # its own stream: the same cases whichever sections run
    cases = []
    for k in range(24):
        training = k % 3 != 2
        shape = [int(r.integers(1, 5)) + (1 if training else 0), int(r.integers(1, 5))]
        if k % 2 == 0:
            shape += [int(r.integers(1, 4)), int(r.integers(1, 4))]
        c = shape[1]
        x = (r.standard_normal(shape) * r.uniform(0.5, 3) + r.uniform(-2, 2)).astype(np.float32)
        scale = r.uniform(0.5, 1.5, c).astype(np.float32)
        bias = r.standard_normal(c).astype(np.float32)
        mean = r.standard_normal(c).astype(np.float32)
        var = r.uniform(0.5, 2, c).astype(np.float32)
        eps = float(r.choice([1e-5, 1e-3, 0.1]))
        momentum = float(r.choice([0.1, 0.5, 0.01]))
        op = ops.BatchNorm(is_training=training, epsilon=eps, momentum=momentum)
        pm, pv = ms.Parameter(Tensor(mean), name='m'), ms.Parameter(Tensor(var), name='v')
        outs = op(Tensor(x), Tensor(scale), Tensor(bias), pm, pv)
        dy = r.standard_normal(shape).astype(np.float32)
        net = BN(training, eps, momentum, mean, var)
        g = ops.GradOperation(get_all=True, sens_param=True)(net)(Tensor(x), Tensor(scale), Tensor(bias), Tensor(dy))
        cases.append({'training': training, 'epsilon': eps, 'momentum': momentum, 'shape': shape,
                      'x': f32(x), 'scale': f32(scale), 'bias': f32(bias), 'mean': f32(mean), 'variance': f32(var),
                      'y': f32(outs[0].asnumpy()), 'saved': [f32(outs[3].asnumpy()), f32(outs[4].asnumpy())],
                      'movingMean': f32(pm.asnumpy()), 'movingVariance': f32(pv.asnumpy()),
                      'dy': f32(dy), 'dx': f32(g[0].asnumpy()), 'dscale': f32(g[1].asnumpy()), 'dbias': f32(g[2].asnumpy())})
    write_fixture('batchnorm.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE; numpy %s)' % (ms.__version__, np.__version__), {'cases': cases})


def encode_values(d):
    out = {}
    for name, p in d.items():
        a = p.asnumpy()
        vals = a.astype(np.float64).ravel().tolist() if a.dtype != np.bool_ else a.ravel().astype(int).tolist()
        out[name] = {'dtype': str(p.dtype), 'shape': list(a.shape), 'values': vals}
    return out


class Saved(nn.Cell):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 2, 3, has_bias=True, weight_init='normal', bias_init='normal')
        self.bn1 = nn.BatchNorm2d(2)
        self.fc = nn.Dense(32, 3)
        self.half = ms.Parameter(Tensor(np.array([0.5, -1.25, 65504], np.float16)), name='half')
        self.count = ms.Parameter(Tensor(np.array([[1, -2], [3, 2147483647]], np.int32)), name='count', requires_grad=False)
        self.scale = ms.Parameter(Tensor(np.float32(0.25)), name='scale')

    def construct(self, x):
        y = self.bn1(self.conv1(x))
        return self.fc(y.reshape((y.shape[0], -1))) * self.scale


def checkpoint():
    folder = os.path.join(OUT, 'checkpoint')
    os.makedirs(folder, exist_ok=True)
    ms.set_seed(5)
    net = Saved()
    net.set_train(True)
    net(Tensor(np.arange(32, dtype=np.float32).reshape(2, 1, 4, 4) / 7))  # moves the BatchNorm statistics
    path = os.path.join(folder, 'ms-written.ckpt')
    if os.path.exists(path):
        os.chmod(path, 0o600)
    ms.save_checkpoint(net, path, append_dict={'epoch_num': 3, 'lr': 0.5, 'is_fp16': True})
    read = ms.load_checkpoint(path)
    with open(os.path.join(folder, 'ms-written.json'), 'w') as fh:
        json.dump({'generator': 'scripts/gen_mindspore_fixtures.py (MindSpore %s)' % ms.__version__,
                   'order': list(read.keys()), 'values': encode_values(read)}, fh)
        fh.write('\n')
    mine = os.path.join(folder, 'mindsim-written.ckpt')
    if os.path.exists(mine):
        read = ms.load_checkpoint(mine)
        with open(os.path.join(folder, 'mindsim-read-by-mindspore.json'), 'w') as fh:
            json.dump({'generator': 'scripts/gen_mindspore_fixtures.py (MindSpore %s load_checkpoint)' % ms.__version__,
                       'order': list(read.keys()), 'values': encode_values(read)}, fh)
            fh.write('\n')


def resnet_block():
    # r1.5's tests/st/networks/test_gpu_resnet.py, the helpers and ResidualBlock as written there
    def variance_scaling_raw(shape):
        return Tensor(np.ones(shape).astype(np.float32) * 0.01)

    def weight_variable_0(shape):
        return Tensor(np.zeros(shape).astype(np.float32))

    def weight_variable_1(shape):
        return Tensor(np.ones(shape).astype(np.float32))

    def conv3x3(in_channels, out_channels, stride=1, padding=1):
        weight = variance_scaling_raw((out_channels, in_channels, 3, 3))
        return nn.Conv2d(in_channels, out_channels, kernel_size=3, stride=stride, weight_init=weight, has_bias=False, pad_mode="same")

    def conv1x1(in_channels, out_channels, stride=1, padding=0):
        weight = variance_scaling_raw((out_channels, in_channels, 1, 1))
        return nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, weight_init=weight, has_bias=False, pad_mode="same")

    def bn_with_initialize(out_channels, last=False):
        shape = (out_channels)
        return nn.BatchNorm2d(out_channels, momentum=0.1, eps=0.0001, gamma_init=weight_variable_0(shape) if last else weight_variable_1(shape),
                              beta_init=weight_variable_0(shape), moving_mean_init=weight_variable_0(shape), moving_var_init=weight_variable_1(shape))

    class ResidualBlock(nn.Cell):
        expansion = 4

        def __init__(self, in_channels, out_channels, stride=1, down_sample=False):
            super(ResidualBlock, self).__init__()
            out_chls = out_channels // self.expansion
            self.conv1 = conv1x1(in_channels, out_chls, stride=1, padding=0)
            self.bn1 = bn_with_initialize(out_chls)
            self.conv2 = conv3x3(out_chls, out_chls, stride=stride, padding=1)
            self.bn2 = bn_with_initialize(out_chls)
            self.conv3 = conv1x1(out_chls, out_channels, stride=1, padding=0)
            self.bn3 = bn_with_initialize(out_channels, last=True)
            self.relu = ops.ReLU()
            self.add = ops.Add()

        def construct(self, x):
            identity = x
            out = self.relu(self.bn1(self.conv1(x)))
            out = self.relu(self.bn2(self.conv2(out)))
            out = self.bn3(self.conv3(out))
            return self.relu(self.add(out, identity))

    r = np.random.default_rng(1506)
    x = r.standard_normal((2, 16, 4, 4)).astype(np.float32)
    target = r.standard_normal((2, 16, 4, 4)).astype(np.float32)
    block = ResidualBlock(16, 16)
    block.set_train(True)
    step = nn.TrainOneStepCell(nn.WithLossCell(block, nn.MSELoss()), nn.Momentum(block.trainable_params(), 0.01, 0.9))
    step.set_train(True)
    losses = [float(step(Tensor(x), Tensor(target)).asnumpy()) for _ in range(3)]
    train_out = block(Tensor(x)).asnumpy()
    block.set_train(False)
    eval_out = block(Tensor(x)).asnumpy()
    path = os.path.join(OUT, 'checkpoint', 'resnet-block.ckpt')
    if os.path.exists(path):
        os.chmod(path, 0o600)
    ms.save_checkpoint(block, path)
    os.chmod(path, 0o644)
    write_fixture('resnet-block.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'x': f32(x), 'target': f32(target), 'losses': losses, 'trainOut': f32(train_out), 'evalOut': f32(eval_out),
                   'params': {n: f32(p.asnumpy()) for n, p in block.parameters_and_names()}})


def dynamic_lr():
    r = np.random.default_rng(1507)
    cases = []
    for _ in range(60):
        total, spe, de = int(r.integers(1, 30)), int(r.integers(1, 5)), int(r.integers(1, 5))
        lr, rate, stair = float(r.uniform(0.01, 1)), float(r.uniform(0.05, 0.99)), bool(r.random() < 0.5)
        end = float(lr * r.uniform(0, 0.9))
        power = float(r.uniform(0.2, 3))
        update = bool(r.random() < 0.5)
        cases += [
            {'fn': 'exponentialDecayLr', 'args': [lr, rate, total, spe, de, stair], 'lr': nn.exponential_decay_lr(lr, rate, total, spe, de, stair)},
            {'fn': 'naturalExpDecayLr', 'args': [lr, rate, total, spe, de, stair], 'lr': nn.natural_exp_decay_lr(lr, rate, total, spe, de, stair)},
            {'fn': 'inverseDecayLr', 'args': [lr, rate, total, spe, de, stair], 'lr': nn.inverse_decay_lr(lr, rate, total, spe, de, stair)},
            {'fn': 'cosineDecayLr', 'args': [end, lr, total, spe, de], 'lr': nn.cosine_decay_lr(end, lr, total, spe, de)},
            {'fn': 'polynomialDecayLr', 'args': [lr, end, total, spe, de, power, update], 'lr': nn.polynomial_decay_lr(lr, end, total, spe, de, power, update)},
            {'fn': 'warmupLr', 'args': [lr, total, spe, de], 'lr': nn.warmup_lr(lr, total, spe, de)},
        ]
        miles = sorted(set(int(v) for v in r.integers(1, 20, 3)))
        rates = [float(v) for v in r.uniform(0.001, 0.5, len(miles))]
        cases.append({'fn': 'piecewiseConstantLr', 'args': [miles, rates], 'lr': nn.piecewise_constant_lr(miles, rates)})
    write_fixture('dynamic-lr.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s)' % ms.__version__, {'cases': cases})


class GatherNet(nn.Cell):
    def __init__(self, indices, axis):
        super().__init__()
        self.op = ops.Gather()
        self.indices = Tensor(indices)
        self.axis = axis

    def construct(self, x):
        return self.op(x, self.indices, self.axis)


class SegmentNet(nn.Cell):
    def __init__(self, ids, n):
        super().__init__()
        self.op = ops.UnsortedSegmentSum()
        self.ids = Tensor(ids)
        self.n = n

    def construct(self, x):
        return self.op(x, self.ids, self.n)


def gather():
    r = np.random.default_rng(1508)
    cases = []
    for _ in range(30):
        rank = int(r.integers(1, 4))
        shape = [int(r.integers(1, 5)) for _ in range(rank)]
        axis = int(r.integers(-rank, rank))
        ind_shape = [int(r.integers(1, 4)) for _ in range(int(r.integers(0, 3)))]
        indices = r.integers(0, shape[axis], ind_shape).astype(np.int32)
        x = r.standard_normal(shape).astype(np.float32)
        net = GatherNet(indices, axis)
        y = net(Tensor(x)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), Tensor(dy)).asnumpy()
        cases.append({'op': 'Gather', 'shape': shape, 'axis': axis, 'indices': indices.ravel().tolist(), 'indicesShape': ind_shape,
                      'x': f32(x), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': f32(dx)})
    for _ in range(20):
        n = int(r.integers(1, 8))
        inner = [int(r.integers(1, 4)) for _ in range(int(r.integers(0, 3)))]
        k = int(r.integers(1, 6))
        segs = int(r.integers(1, 5))
        ids = r.integers(0, segs, [k]).astype(np.int32)  # 2.10's CPU kernel refuses ids out of range (r1.5's dropped them)
        x = r.standard_normal([k] + inner).astype(np.float32)
        net = SegmentNet(ids, segs)
        y = net(Tensor(x)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), Tensor(dy)).asnumpy()
        cases.append({'op': 'UnsortedSegmentSum', 'shape': [k] + inner, 'ids': ids.tolist(), 'numSegments': segs,
                      'x': f32(x), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': f32(dx)})
    write_fixture('gather.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


def layers():
    r = np.random.default_rng(1509)
    cases = []
    for alpha in [0.2, 0.01, 0.5, 1.0, 1.5]:
        x = r.standard_normal([3, 4]).astype(np.float32)
        net = nn.LeakyReLU(alpha)
        y = net(Tensor(x)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), Tensor(dy)).asnumpy()
        cases.append({'layer': 'LeakyReLU', 'alpha': alpha, 'inputs': [f32(x)], 'shape': [3, 4], 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': [f32(dx)]})
    for reduction in ['mean', 'sum', 'none']:
        a = r.standard_normal([2, 5]).astype(np.float32)
        b = r.standard_normal([2, 5]).astype(np.float32)
        net = nn.L1Loss(reduction)
        y = net(Tensor(a), Tensor(b)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        g = ops.GradOperation(get_all=True, sens_param=True)(net)(Tensor(a), Tensor(b), Tensor(dy))
        cases.append({'layer': 'L1Loss', 'reduction': reduction, 'inputs': [f32(a), f32(b)], 'shape': [2, 5], 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': [f32(v.asnumpy()) for v in g]})
    write_fixture('layers.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


class LayerNormNet(nn.Cell):
    def __init__(self, bna, bpa, eps):
        super().__init__()
        self.op = ops.LayerNorm(begin_norm_axis=bna, begin_params_axis=bpa, epsilon=eps)

    def construct(self, x, gamma, beta):
        return self.op(x, gamma, beta)[0]


def norm_layers():
    r = np.random.default_rng(1510)
    cases = []
    for shape, bna, bpa, eps in [([2, 3], 1, 1, 1e-7), ([4, 5], -1, -1, 1e-5), ([2, 3, 4], 1, 1, 1e-7), ([2, 3, 4], 2, 1, 1e-3),
                                 ([3, 2, 2, 2], 1, 2, 1e-7), ([2, 6], 1, 1, 1e-7), ([1, 8], 1, 1, 1e-5), ([2, 2, 3], -1, 2, 1e-7)]:
        x = (r.standard_normal(shape) * 2 + 0.5).astype(np.float32)
        pshape = shape[(bpa + len(shape)) % len(shape):]
        gamma = r.standard_normal(pshape).astype(np.float32)
        beta = r.standard_normal(pshape).astype(np.float32)
        net = LayerNormNet(bna, bpa, eps)
        y, mean, var = ops.LayerNorm(begin_norm_axis=bna, begin_params_axis=bpa, epsilon=eps)(Tensor(x), Tensor(gamma), Tensor(beta))
        dy = r.standard_normal(shape).astype(np.float32)
        g = ops.GradOperation(get_all=True, sens_param=True)(net)(Tensor(x), Tensor(gamma), Tensor(beta), Tensor(dy))
        cases.append({'op': 'LayerNorm', 'shape': shape, 'beginNormAxis': bna, 'beginParamsAxis': bpa, 'epsilon': eps,
                      'x': f32(x), 'gamma': f32(gamma), 'beta': f32(beta), 'y': f32(y.asnumpy()), 'mean': f32(mean.asnumpy()),
                      'variance': f32(var.asnumpy()), 'statShape': list(mean.shape), 'dy': f32(dy), 'dx': [f32(v.asnumpy()) for v in g]})
    for shape in [[2, 3], [7], [2, 2, 2]]:
        x = (r.standard_normal(shape) * 3).astype(np.float32)
        x.ravel()[0] = -8.0
        net = nn.GELU()
        y = net(Tensor(x)).asnumpy()
        dy = r.standard_normal(shape).astype(np.float32)
        dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), Tensor(dy)).asnumpy()
        cases.append({'op': 'GeLU', 'shape': shape, 'x': f32(x), 'y': f32(y), 'dy': f32(dy), 'dx': [f32(dx)]})
    for shape, reduction, weighted in [([2, 3], 'mean', True), ([5], 'sum', False), ([2, 2], 'none', True), ([3, 2], 'mean', False)]:
        logits = r.uniform(0.02, 0.98, shape).astype(np.float32)
        labels = r.uniform(0, 1, shape).astype(np.float32)
        weight = r.uniform(0.5, 2, shape).astype(np.float32) if weighted else None
        net = nn.BCELoss(weight=Tensor(weight) if weighted else None, reduction=reduction)
        y = net(Tensor(logits), Tensor(labels)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        g = ops.GradOperation(get_all=True, sens_param=True)(net)(Tensor(logits), Tensor(labels), Tensor(dy))
        cases.append({'op': 'BCELoss', 'shape': shape, 'reduction': reduction, 'weight': f32(weight) if weighted else None,
                      'x': f32(logits), 'labels': f32(labels), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': [f32(g[0].asnumpy())]})
    write_fixture('norm-layers.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


class StridedSliceNet(nn.Cell):
    def __init__(self, begin, end, strides, masks):
        super().__init__()
        self.op = ops.StridedSlice(*masks)
        self.spec = (tuple(begin), tuple(end), tuple(strides))

    def construct(self, x):
        return self.op(x, *self.spec)


def numpy_index(shape, begin, end, strides, masks):
    """The Python index r1.5's StridedSlice takes (its _compute_slicing_shape is Python's slice rule)."""
    bm, em, ellipsis, new_axis, shrink = masks
    index = []
    for j in range(len(begin)):
        if ellipsis >> j & 1:
            index.append(Ellipsis)
        elif new_axis >> j & 1:
            index.append(np.newaxis)
        elif shrink >> j & 1:
            index.append(0 if bm >> j & 1 else begin[j])
        else:
            index.append(slice(None if bm >> j & 1 else begin[j], None if em >> j & 1 else end[j], strides[j]))
    return tuple(index)


def strided_slice():
    r = np.random.default_rng(1511)
    cases = []
    disagree = 0
    while len(cases) < 80:
        rank = int(r.integers(1, 5))
        shape = [int(r.integers(1, 6)) for _ in range(rank)]
        n = int(r.integers(1, rank + 2))
        begin = [int(r.integers(-7, 8)) for _ in range(n)]
        end = [int(r.integers(-7, 8)) for _ in range(n)]
        strides = [int(r.choice([-3, -2, -1, 1, 1, 1, 2, 3])) for _ in range(n)]
        masks = [int(r.integers(0, 2 ** n)) if r.random() < 0.4 else 0 for _ in range(2)]
        ellipsis = (1 << int(r.integers(0, n))) if r.random() < 0.15 else 0
        new_axis = int(r.integers(0, 2 ** n)) if r.random() < 0.15 else 0
        shrink = int(r.integers(0, 2 ** n)) if r.random() < 0.25 else 0
        all_masks = masks + [ellipsis, new_axis, shrink]
        x = r.standard_normal(shape).astype(np.float32)
        index = numpy_index(shape, begin, end, strides, all_masks)
        if sum(1 for e in index if e is not None and e is not Ellipsis) > rank:
            continue
        if any(isinstance(e, int) and not (-shape[k] <= e < shape[k] and strides[j] > 0)
               for j, (k, e) in enumerate(zip(range(len(index)), index))):
            continue  # r1.5 refuses a shrunk axis out of range or with a negative stride: the tests check that
        try:
            y = x[index]
        except IndexError:
            continue
        dy = r.standard_normal(y.shape).astype(np.float32)
        dx = np.zeros_like(x)
        dx[index] = dy
        try:  # MindSpore 2.10's CPU kernel, for the record
            net = StridedSliceNet(begin, end, strides, all_masks)
            same = np.array_equal(net(Tensor(x)).asnumpy(), y)
        except Exception:
            same = False
        disagree += 0 if same else 1
        cases.append({'shape': shape, 'begin': begin, 'end': end, 'strides': strides, 'masks': all_masks,
                      'x': f32(x), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': f32(dx)})
    write_fixture('strided-slice.json', 'scripts/gen_mindspore_fixtures.py (numpy %s indexing; MindSpore %s CPU disagrees in %d cases)' % (np.__version__, ms.__version__, disagree), {'cases': cases})


class ScatterNet(nn.Cell):
    def __init__(self, kind, x):
        super().__init__()
        self.op = getattr(ops, kind)()
        self.x = ms.Parameter(Tensor(x), name='x')

    def construct(self, indices, updates):
        return self.op(self.x, indices, updates)


def scatter():
    r = np.random.default_rng(1512)
    cases = []
    for kind in ['ScatterAdd', 'ScatterSub', 'ScatterUpdate']:
        for _ in range(8):
            rows = int(r.integers(1, 5))
            inner = [int(r.integers(1, 4)) for _ in range(int(r.integers(0, 3)))]
            ind_shape = [int(r.integers(1, 4)) for _ in range(int(r.integers(1, 3)))]
            x = r.standard_normal([rows] + inner).astype(np.float32)
            indices = r.integers(0, rows, ind_shape).astype(np.int32)
            if kind == 'ScatterUpdate':  # repeated indices: the kernels run in parallel, no fixed winner
                flat = r.permutation(rows)[:min(rows, int(np.prod(ind_shape)))]
                ind_shape = [len(flat)]
                indices = flat.astype(np.int32)
            updates = r.standard_normal(ind_shape + inner).astype(np.float32)
            net = ScatterNet(kind, x)
            out = net(Tensor(indices), Tensor(updates)).asnumpy()
            cases.append({'op': kind, 'shape': [rows] + inner, 'x': f32(x), 'indices': indices.ravel().tolist(), 'indicesShape': list(ind_shape),
                          'updates': f32(updates), 'y': f32(out), 'param': f32(net.x.asnumpy())})
    write_fixture('scatter.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


def adam_weight_decay_r15(w0, b0, grads, kwargs):
    """r1.5's AdamWeightDecay step (nn/optim/adam.py _update_run_op) replayed with MindSpore's own ops."""
    beta1 = Tensor(np.array([kwargs.get('beta1', 0.9)]).astype(np.float32))
    beta2 = Tensor(np.array([kwargs.get('beta2', 0.999)]).astype(np.float32))
    eps = Tensor(np.array([kwargs.get('eps', 1e-6)]).astype(np.float32))
    lr = Tensor(kwargs['learning_rate'], ms.float32)
    wd = kwargs.get('weight_decay', 0.0)
    one = Tensor(np.array([1.0]).astype(np.float32))
    state = {'w': [Tensor(w0), Tensor(np.zeros_like(w0)), Tensor(np.zeros_like(w0))],
             'beta': [Tensor(b0), Tensor(np.zeros_like(b0)), Tensor(np.zeros_like(b0))]}
    out = []
    for g in grads:
        for name, gv, shape in [('w', g[0], w0.shape), ('beta', g[1], b0.shape)]:
            p, m, v = state[name]
            grad = Tensor(np.array(gv, dtype=np.float32).reshape(shape))
            next_m = ops.Mul()(beta1, m) + ops.Mul()(one - beta1, grad)
            next_v = ops.Mul()(beta2, v) + ops.Mul()(one - beta2, ops.Square()(grad))
            update = next_m / (eps + ops.Sqrt()(next_v))
            if 'beta' not in name and 'gamma' not in name:
                update = ops.Mul()(Tensor(wd, ms.float32), p) + update
            next_p = p - ops.Reshape()(ops.Mul()(lr, update), shape)
            state[name] = [next_p, next_m, next_v]
        out.append({'w': f32(state['w'][0].asnumpy()), 'beta': f32(state['beta'][0].asnumpy()),
                    'adam_m.w': f32(state['w'][1].asnumpy()), 'adam_m.beta': f32(state['beta'][1].asnumpy()),
                    'adam_v.w': f32(state['w'][2].asnumpy()), 'adam_v.beta': f32(state['beta'][2].asnumpy())})
    return out


def lamb_r15(w0, b0, grads, kwargs):
    """r1.5's Lamb step on GPU/CPU (nn/optim/lamb.py _update_run_op) replayed with MindSpore's own ops."""
    beta1 = Tensor(np.array([kwargs.get('beta1', 0.9)]).astype(np.float32))
    beta2 = Tensor(np.array([kwargs.get('beta2', 0.999)]).astype(np.float32))
    eps = Tensor(np.array([kwargs.get('eps', 1e-6)]).astype(np.float32))
    lr = Tensor(kwargs['learning_rate'], ms.float32)
    wd = kwargs.get('weight_decay', 0.0)
    one = Tensor(np.ones([1]), ms.float32)
    norm = lambda x: ops.Sqrt()(ops.ReduceSum(True)(ops.Square()(x), ())).reshape(())
    state = {'w': [Tensor(w0), Tensor(np.zeros_like(w0)), Tensor(np.zeros_like(w0))],
             'beta': [Tensor(b0), Tensor(np.zeros_like(b0)), Tensor(np.zeros_like(b0))]}
    global_step = Tensor(np.zeros([1]), ms.float32)
    out = []
    for g in grads:
        for name, gv, shape in [('w', g[0], w0.shape), ('beta', g[1], b0.shape)]:
            p, m, v = state[name]
            grad = Tensor(np.array(gv, dtype=np.float32).reshape(shape))
            next_m = ops.Mul()(beta1, m) + ops.Mul()(one - beta1, grad)
            next_v = ops.Mul()(beta2, v) + ops.Mul()(one - beta2, ops.Square()(grad))
            next_mm = next_m / (one - ops.Pow()(beta1, global_step + one))
            next_vv = next_v / (one - ops.Pow()(beta2, global_step + one))
            w_norm = norm(p)
            g_norm = norm(grad)
            g_norm_hat = norm(ops.Mul()(next_mm, ops.Rsqrt()(next_vv + eps)) + wd * p)
            zeros = ops.ZerosLike()(w_norm)
            ones = ops.OnesLike()(w_norm)
            trust = ops.Select()(ops.Greater()(w_norm, zeros), ops.Select()(ops.Greater()(g_norm, zeros), w_norm / g_norm_hat, ones), ones)
            trust = ops.Maximum()(ops.Minimum()(trust, Tensor(10.0, ms.float32)), zeros)
            update = next_mm / (ops.Sqrt()(next_vv) + eps)
            if 'beta' not in name and 'gamma' not in name:
                update = update + ops.Mul()(Tensor(wd, ms.float32), p)
            next_p = p - ops.Reshape()(ops.Mul()(ops.Mul()(trust, lr), update), shape)
            state[name] = [next_p, next_m, next_v]
        global_step = global_step + one
        out.append({'w': f32(state['w'][0].asnumpy()), 'beta': f32(state['beta'][0].asnumpy()),
                    'lamb_m.w': f32(state['w'][1].asnumpy()), 'lamb_m.beta': f32(state['beta'][1].asnumpy()),
                    'lamb_v.w': f32(state['w'][2].asnumpy()), 'lamb_v.beta': f32(state['beta'][2].asnumpy())})
    return out


def optimizers():
    r = np.random.default_rng(1513)
    cases = []
    configs = [
        ('RMSProp', {'learning_rate': 0.1}),
        ('RMSProp', {'learning_rate': 0.05, 'decay': 0.8, 'momentum': 0.9, 'epsilon': 1e-6}),
        ('RMSProp', {'learning_rate': 0.01, 'momentum': 0.5, 'centered': True}),
        ('RMSProp', {'learning_rate': 0.1, 'weight_decay': 0.1, 'loss_scale': 4.0}),
        ('AdamWeightDecay', {'learning_rate': 0.1}),
        ('AdamWeightDecay', {'learning_rate': 0.01, 'beta1': 0.8, 'beta2': 0.99, 'eps': 1e-4, 'weight_decay': 0.05}),
        ('Lamb', {'learning_rate': 0.1}),
        ('Lamb', {'learning_rate': 0.02, 'beta1': 0.8, 'beta2': 0.99, 'eps': 1e-4, 'weight_decay': 0.05}),
    ]
    for kind, kwargs in configs:
        w0 = r.standard_normal([2, 3]).astype(np.float32)
        b0 = r.standard_normal([3]).astype(np.float32)
        params = [ms.Parameter(Tensor(w0), name='w'), ms.Parameter(Tensor(b0), name='beta')]
        opt = getattr(nn, kind)(params, **kwargs) if kind != 'Lamb' else None  # 2.10's Lamb has no CPU kernel
        grads, after = [], []
        for _ in range(3):
            g = [r.standard_normal([2, 3]).astype(np.float32), r.standard_normal([3]).astype(np.float32)]
            if opt is None:
                grads.append([f32(x) for x in g])
                continue
            opt(tuple(Tensor(x) for x in g))
            grads.append([f32(x) for x in g])
            state = {p.name: f32(p.asnumpy()) for p in opt.parameters}
            for prefix in ['mean_grad', 'mean_square', 'moment', 'moments1', 'moments2']:
                tup = getattr(opt, {'mean_grad': 'mg', 'mean_square': 'ms', 'moment': 'moment', 'moments1': 'moments1', 'moments2': 'moments2'}[prefix], None)
                if tup is not None:
                    for q in tup:
                        state[q.name] = f32(q.asnumpy())
            after.append(state)
        case = {'optimizer': kind, 'options': kwargs, 'w': f32(w0), 'beta': f32(b0), 'grads': grads, 'after': after}
        if kind == 'AdamWeightDecay':  # 2.10 runs a fused kernel; r1.5 ran _update_run_op's ops: replay those
            case['afterR15'] = adam_weight_decay_r15(w0, b0, grads, kwargs)
        if kind == 'Lamb':  # only r1.5's composite step, replayed
            case['after'] = lamb_r15(w0, b0, grads, kwargs)
        cases.append(case)
    write_fixture('optimizers.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


def tensor_text():
    r = np.random.default_rng(1514)
    cases = []
    shapes = [[], [1], [3], [13], [30], [2, 3], [7, 2], [2, 8], [8, 8], [2, 3, 4], [7, 1, 2], [2, 2, 7], [1, 1, 1, 3], [0], [2, 0]]
    for dtype in ['float32', 'float16', 'float64', 'int32', 'int64', 'int8', 'uint8', 'int16', 'bool']:
        for shape in shapes:
            n = int(np.prod(shape)) if shape else 1
            if dtype == 'bool':
                a = r.random(n) < 0.5
            elif dtype.startswith('float'):
                a = r.standard_normal(n) * 10.0 ** r.integers(-12, 12, n)
                specials = [np.nan, np.inf, -np.inf, -0.0, 0.0, 1.0, 0.5, 65504.0, 1e-8]
                for k in range(min(n, int(r.integers(0, 4)))):
                    a[int(r.integers(0, n))] = specials[int(r.integers(0, len(specials)))]
            else:
                info = np.iinfo(dtype)
                a = r.integers(max(info.min, -10 ** int(r.integers(1, 7))), min(info.max, 10 ** int(r.integers(1, 7))), n, endpoint=True)
            with np.errstate(over='ignore'):
                arr = np.asarray(a).astype(dtype).reshape(shape)
            cases.append({'dtype': dtype, 'shape': shape, 'values': [None if isinstance(v, float) and np.isnan(v) else (str(v) if isinstance(v, float) and np.isinf(v) else v) for v in arr.ravel().tolist()],
                          'repr': repr(Tensor(arr))})
    write_fixture('tensor-text.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s: repr(Tensor), the C++ Tensor::ToStringRepr)' % ms.__version__, {'cases': cases})


class MixedNet(nn.Cell):
    """The guide's manual mixed-precision network as r1.5 runs it after net.to_float(float16) and
    net.dense.to_float(float32): Net's inputs cast to float16, the dense layer's back to float32 (r1.5's
    Cell.__call__ casts a cell's inputs by its fp16/fp32 flag). MindSpore 2.10's to_float no longer
    does this (the guide's code fails there: float16 logits against float32 labels), so the casts are
    written out."""
    def __init__(self, input_channel, out_channel):
        super().__init__()
        self.dense = nn.Dense(input_channel, out_channel)
        self.relu = ops.ReLU()
        self.cast = ops.Cast()

    def construct(self, x):
        x = self.cast(x, ms.float16)
        x = self.dense(self.cast(x, ms.float32))
        x = self.relu(x)
        return x


def mixed_precision():
    r = np.random.default_rng(1515)
    w = (r.standard_normal([128, 512]) * 0.05).astype(np.float32)
    b = (r.standard_normal([128]) * 0.05).astype(np.float32)
    net = MixedNet(512, 128)
    net.dense.weight.set_data(Tensor(w))
    net.dense.bias.set_data(Tensor(b))
    predict = Tensor(np.ones([64, 512]).astype(np.float32) * 0.01)
    label = Tensor(np.zeros([64, 128]).astype(np.float32))
    loss = nn.SoftmaxCrossEntropyWithLogits()
    optimizer = nn.Momentum(params=net.trainable_params(), learning_rate=0.1, momentum=0.9)
    train_network = nn.TrainOneStepCell(nn.WithLossCell(net, loss), optimizer)
    train_network.set_train()
    outputs = [f32(train_network(predict, label).asnumpy()) for _ in range(2)]
    write_fixture('mixed-precision.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'weight': f32(w), 'bias': f32(b), 'outputs': outputs,
                   'trainedWeight': f32(net.dense.weight.asnumpy()), 'trainedBias': f32(net.dense.bias.asnumpy())})

def conv_transpose():
    r = np.random.default_rng(1516)
    cases = []
    configs = [(2, 3, 3, 1, 'same', 0, 1, False), (1, 2, 2, 2, 'valid', 0, 1, True), (3, 2, 3, 2, 'pad', 1, 1, True),
               (2, 2, 3, 1, 'valid', 0, 2, False), (2, 4, (2, 3), (2, 1), 'same', 0, 1, True), (1, 1, 3, 2, 'pad', (1, 0, 2, 1), 1, False)]
    for cin, cout, k, stride, pad_mode, padding, dilation, bias in configs:
        net = nn.Conv2dTranspose(cin, cout, k, stride=stride, pad_mode=pad_mode, padding=padding, dilation=dilation, has_bias=bias)
        w = (r.standard_normal(net.weight.shape) * 0.5).astype(np.float32)
        net.weight.set_data(Tensor(w))
        b = None
        if bias:
            b = r.standard_normal([cout]).astype(np.float32)
            net.bias.set_data(Tensor(b))
        x = r.standard_normal([2, cin, 4, 5]).astype(np.float32)
        y = net(Tensor(x)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), Tensor(dy)).asnumpy()
        cases.append({'inChannels': cin, 'outChannels': cout, 'kernel': k, 'stride': stride, 'padMode': pad_mode, 'padding': padding,
                      'dilation': dilation, 'weight': f32(w), 'weightShape': list(w.shape), 'bias': f32(b) if bias else None,
                      'x': f32(x), 'xShape': list(x.shape), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': f32(dx)})
    write_fixture('conv-transpose.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


def lr_schedules():
    cases = []
    configs = [('ExponentialDecayLR', [0.1, 0.9, 4]), ('ExponentialDecayLR', [0.1, 0.9, 4, True]), ('NaturalExpDecayLR', [0.1, 0.9, 4]),
               ('NaturalExpDecayLR', [0.1, 0.9, 4, True]), ('InverseDecayLR', [0.1, 0.5, 2]), ('InverseDecayLR', [0.1, 0.5, 2, True]),
               ('CosineDecayLR', [0.01, 0.1, 4]), ('PolynomialDecayLR', [0.1, 0.01, 4, 0.5]), ('PolynomialDecayLR', [0.1, 0.01, 4, 0.5, True]),
               ('WarmUpLR', [0.1, 4])]
    for name, args in configs:
        sched = getattr(nn, name)(*args)
        values = [f32(sched(Tensor(np.array([step]), ms.int32)).asnumpy())[0] for step in range(10)]
        cases.append({'schedule': name, 'args': args, 'values': values})
    # Momentum stepping with a schedule: each step's rate from the global step, then the step moves on
    w = ms.Parameter(Tensor(np.array([1.0, -2.0, 3.0], np.float32)), name='w')
    opt = nn.Momentum([w], nn.ExponentialDecayLR(0.1, 0.9, 2), 0.9)
    trained = []
    for g in [[1.0, 1.0, 1.0], [0.5, -1.0, 2.0], [-1.0, 0.25, 0.0]]:
        opt((Tensor(np.array(g, np.float32)),))
        trained.append(f32(w.asnumpy()))
    write_fixture('lr-schedules.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases, 'momentum': {'grads': [[1.0, 1.0, 1.0], [0.5, -1.0, 2.0], [-1.0, 0.25, 0.0]], 'trained': trained}})




def shape_ops():
    r = np.random.default_rng(1517)
    cases = []

    def record(op, spec, x, fn, differentiable=True):
        net = OpNet(fn)
        y = net(Tensor(x))
        ys = y if isinstance(y, tuple) else (y,)
        case = {'op': op, 'spec': spec, 'x': f32(x) if x.dtype == np.float32 else x.ravel().tolist(), 'shape': list(x.shape), 'dtype': str(x.dtype),
                'y': [f32(v.asnumpy()) for v in ys], 'yShapes': [list(v.shape) for v in ys]}
        if differentiable:
            dys = tuple(Tensor(r.standard_normal(v.shape).astype(np.float32)) for v in ys)
            dx = ops.GradOperation(sens_param=True)(net)(Tensor(x), dys if isinstance(y, tuple) else dys[0]).asnumpy()
            case['dy'] = [f32(d.asnumpy()) for d in dys]
            case['dx'] = f32(dx)
        cases.append(case)

    for shape, axis in [([2, 3], 0), ([2, 3], -1), ([4], 1), ([], 0), ([2, 1, 3], -2)]:
        x = r.standard_normal(shape).astype(np.float32)
        record('ExpandDims', {'axis': axis}, x, lambda v, a=axis: ops.ExpandDims()(v, a))
    for shape, axis in [([2, 1, 3, 1], ()), ([2, 1, 3, 1], (1,)), ([1, 4], 0), ([3, 1, 1], (-1, 1))]:
        x = r.standard_normal(shape).astype(np.float32)
        record('Squeeze', {'axis': list(axis) if isinstance(axis, tuple) else axis}, x, lambda v, a=axis: ops.Squeeze(a)(v))
    for shape, axis, n in [([2, 3], 0, 2), ([2, 3], 1, 3), ([2, 4, 2], -2, 2)]:
        x = r.standard_normal(shape).astype(np.float32)
        record('Concat', {'axis': axis, 'n': n}, x, lambda v, a=axis, k=n: ops.Concat(a)(tuple(v * (i + 1) for i in range(k))))
    for shape, axis, n in [([4, 3], 0, 2), ([2, 6], 1, 3), ([2, 3, 4], -1, 4)]:
        x = r.standard_normal(shape).astype(np.float32)
        record('Split', {'axis': axis, 'outputNum': n}, x, lambda v, a=axis, k=n: ops.Split(a, k)(v))
    for shape, multiples in [([2, 3], (2, 1)), ([3], (2, 2)), ([2, 1, 2], (1, 3, 2))]:
        x = r.standard_normal(shape).astype(np.float32)
        record('Tile', {'multiples': list(multiples)}, x, lambda v, m=multiples: ops.Tile()(v, m))
    for shape, depth, axis in [([4], 3, -1), ([2, 3], 4, 0), ([3], 5, -1)]:
        x = r.integers(-1, depth + 1, shape).astype(np.int32)
        record('OneHot', {'depth': depth, 'axis': axis}, x,
               lambda v, d=depth, a=axis: ops.OneHot(a)(v, d, Tensor(2.5, ms.float32), Tensor(-1.0, ms.float32)), differentiable=False)
    write_fixture('shape-ops.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


class SparseCENet(nn.Cell):
    def __init__(self, labels):
        super().__init__()
        self.op = ops.SparseSoftmaxCrossEntropyWithLogits()
        self.labels = Tensor(labels)

    def construct(self, x):
        return self.op(x, self.labels)


def sparse_ce():
    r = np.random.default_rng(1518)
    cases = []
    for n, c in [(1, 2), (3, 4), (8, 10), (5, 3), (16, 7)]:
        logits = (r.standard_normal([n, c]) * 3).astype(np.float32)
        labels = r.integers(0, c, n).astype(np.int32)
        net = SparseCENet(labels)
        y = net(Tensor(logits)).asnumpy()
        dy = np.float32(r.standard_normal())
        dx = ops.GradOperation(sens_param=True)(net)(Tensor(logits), Tensor(dy)).asnumpy()
        cases.append({'shape': [n, c], 'logits': f32(logits), 'labels': labels.tolist(), 'y': float(y), 'dy': float(dy), 'dx': f32(dx)})
    write_fixture('sparse-ce.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


def bce_with_logits():
    r = np.random.default_rng(1519)
    cases = []
    for shape, reduction, weighted, pos in [([2, 3], 'mean', False, False), ([4], 'sum', True, False), ([2, 2], 'none', True, True), ([3, 2], 'mean', False, True)]:
        logits = (r.standard_normal(shape) * 3).astype(np.float32)
        labels = r.uniform(0, 1, shape).astype(np.float32)
        weight = r.uniform(0.5, 2, shape).astype(np.float32) if weighted else None
        pos_weight = r.uniform(0.5, 2, shape[-1:]).astype(np.float32) if pos else None
        net = nn.BCEWithLogitsLoss(reduction=reduction, weight=Tensor(weight) if weighted else None, pos_weight=Tensor(pos_weight) if pos else None)
        y = net(Tensor(logits), Tensor(labels)).asnumpy()
        dy = r.standard_normal(y.shape).astype(np.float32)
        g = ops.GradOperation(get_all=True, sens_param=True)(net)(Tensor(logits), Tensor(labels), Tensor(dy))
        cases.append({'shape': shape, 'reduction': reduction, 'weight': f32(weight) if weighted else None, 'posWeight': f32(pos_weight) if pos else None,
                      'logits': f32(logits), 'labels': f32(labels), 'y': f32(y), 'yShape': list(y.shape), 'dy': f32(dy), 'dx': [f32(v.asnumpy()) for v in g]})
    write_fixture('bce-with-logits.json', 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE)' % ms.__version__, {'cases': cases})


def truncated_normal():
    """r1.5's TruncatedNormal initializer: scipy's truncnorm.rvs(-2, 2, scale=sigma) on numpy's global
    RandomState (inverse CDF of random_sample draws), assigned into a float32 array."""
    from scipy.stats import truncnorm
    cases = []
    for seed, sigma, shape in [(1, 0.01, [2, 3]), (5, 0.02, [40, 50]), (1234, 1.0, [7, 11]), (0, 0.5, [3, 3, 3])]:
        np.random.seed(seed)
        arr = np.ndarray(shape, dtype=np.float32)
        arr[:] = truncnorm.rvs(-2, 2, loc=0, scale=sigma, size=arr.shape, random_state=None)
        cases.append({'seed': seed, 'sigma': sigma, 'shape': shape, 'values': f32(arr)})
    import scipy
    write_fixture('truncated-normal.json', 'scripts/gen_mindspore_fixtures.py (scipy %s, numpy %s)' % (scipy.__version__, np.__version__), {'cases': cases})


if __name__ == '__main__':
    import sys
    which = sys.argv[1:] or ['pooling', 'elementwise', 'batchnorm', 'checkpoint', 'resnet_block', 'dynamic_lr', 'gather', 'layers', 'norm_layers', 'strided_slice', 'scatter', 'optimizers', 'tensor_text', 'mixed_precision', 'conv_transpose', 'lr_schedules', 'shape_ops', 'sparse_ce', 'bce_with_logits', 'truncated_normal']
    if 'pooling' in which:
        pooling()
    if 'elementwise' in which:
        elementwise()
    if 'batchnorm' in which:
        batchnorm()
    if 'checkpoint' in which:
        checkpoint()
    if 'resnet_block' in which:
        resnet_block()
    if 'dynamic_lr' in which:
        dynamic_lr()
    if 'gather' in which:
        gather()
    if 'layers' in which:
        layers()
    if 'norm_layers' in which:
        norm_layers()
    if 'strided_slice' in which:
        strided_slice()
    if 'scatter' in which:
        scatter()
    if 'optimizers' in which:
        optimizers()
    if 'tensor_text' in which:
        tensor_text()
    if 'mixed_precision' in which:
        mixed_precision()
    if 'conv_transpose' in which:
        conv_transpose()
    if 'lr_schedules' in which:
        lr_schedules()
    if 'shape_ops' in which:
        shape_ops()
    if 'sparse_ce' in which:
        sparse_ce()
    if 'bce_with_logits' in which:
        bce_with_logits()
    if 'truncated_normal' in which:
        truncated_normal()
