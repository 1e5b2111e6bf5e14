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
"""
import json
import os

import numpy as np
import mindspore as ms
from mindspore import Tensor, nn, ops

ms.set_context(mode=ms.PYNATIVE_MODE, device_target='CPU')
OUT = os.path.join('test', 'fixtures')
rng = np.random.default_rng(20261130)


def f32(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


class Pool(nn.Cell):
    def __init__(self, op):
        super().__init__()
        self.op = op

    def construct(self, x):
        return self.op(x)


def pool_case(kind, shape, kernel, stride, pad, x=None):
    if x is None:
        x = rng.permutation(int(np.prod(shape))).astype(np.float32).reshape(shape) * np.float32(0.37) - np.float32(3)
        x += rng.standard_normal(shape).astype(np.float32) * np.float32(0.01)
    prim = (ops.MaxPool if kind == 'MaxPool' else ops.AvgPool)(kernel_size=tuple(kernel), strides=tuple(stride), pad_mode=pad)
    net = Pool(prim)
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
    with open(os.path.join(OUT, 'pooling.json'), 'w') as fh:
        json.dump({'generator': 'scripts/gen_mindspore_fixtures.py (MindSpore %s, CPU, PYNATIVE_MODE; numpy %s)' % (ms.__version__, np.__version__),
                   'cases': cases, 'ties': tie_case}, fh)
        fh.write('\n')


if __name__ == '__main__':
    pooling()
