#!/usr/bin/env python3
"""Generates test/fixtures/parallel-slices.json: MindSpore r1.5's parameter slicing rules, as its
Python code runs them with numpy (run from the repository root; CI never runs this script).

MindSpore r1.5 itself has no wheel for the Pythons here (PyPI serves 1.0.0 and 2.x only), so this
script carries r1.5's own functions, transcribed from its sources (kungfu-team/mindspore at v1.5.0):
- mindspore/parallel/_tensor.py: _get_tensor_strategy, _rank_to_coordinate,
  _convert_to_new_device_coordinate, _coordinate_to_rank, _get_slice_index, _chunk_tensor_by_strategy
  (numpy.split along each axis, depth first) and _load_tensor;
- mindspore/common/tensor.py Tensor.init_data's seed_context: without a global seed, numpy is seeded
  with the slice index for the draw and re-seeded afterwards with np.random.get_state()[1][0] taken
  before; the initializer's op seed becomes the slice index (Normal then draws with (index + 1, 0));
- mindspore/common/initializer.py Uniform._initialize: np.random.uniform(-scale, scale, shape), cast
  to float32 on assignment.
"""
import json
import os

import numpy as np

OUT = os.path.join('test', 'fixtures', 'parallel-slices.json')
rng = np.random.default_rng(20261130)


def tensor_strategy(dev_mat, tensor_map):
    return [1 if d == -1 else dev_mat[-d - 1] for d in tensor_map]


def rank_to_coordinate(rank, dev_mat):
    coordinate = []
    for dim in dev_mat[::-1]:
        coordinate.append(rank % dim)
        rank = rank // dim
    return coordinate[::-1]


def convert_to_new_device_coordinate(device_coordinate, tensor_map):
    new = []
    for i in range(len(tensor_map)):
        m = tensor_map[len(tensor_map) - 1 - i]
        if m != -1:
            new.insert(0, device_coordinate[len(device_coordinate) - 1 - m])
        else:
            new.insert(0, 0)
    return new


def coordinate_to_rank(coordinate, arrangement):
    index, size = 0, 1
    for i in range(len(coordinate)):
        index += size * coordinate[len(coordinate) - 1 - i]
        size *= arrangement[len(coordinate) - 1 - i]
    return index


def slice_index(dev_mat, tensor_map, rank):
    strategy = tensor_strategy(dev_mat, tensor_map)
    return coordinate_to_rank(convert_to_new_device_coordinate(rank_to_coordinate(rank, dev_mat), tensor_map), strategy)


def chunk(np_tensor, strategy):
    out = []

    def rec(t, axis):
        if axis == len(strategy):
            out.append(t)
            return
        for part in np.split(t, strategy[axis], axis):
            rec(part, axis + 1)
    rec(np_tensor, 0)
    return out


def random_layout():
    dev_mat = [int(2 ** rng.integers(0, 3)) for _ in range(int(rng.integers(1, 4)))]
    ndim = int(rng.integers(1, 4))
    axes = list(range(len(dev_mat)))
    rng.shuffle(axes)
    tensor_map = []
    for _ in range(ndim):
        if axes and rng.random() < 0.7:
            tensor_map.append(int(axes.pop()))
        else:
            tensor_map.append(-1)
    strategy = tensor_strategy(dev_mat, tensor_map)
    shape = [s * int(rng.integers(1, 4)) for s in strategy]
    return dev_mat, tensor_map, shape


cases = []
for _ in range(60):
    dev_mat, tensor_map, shape = random_layout()
    world = int(np.prod(dev_mat))
    rank = int(rng.integers(0, world))
    strategy = tensor_strategy(dev_mat, tensor_map)
    index = slice_index(dev_mat, tensor_map, rank)
    full = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    piece = chunk(full, strategy)[index]
    slice_shape = list(piece.shape)
    # an initializer-backed slice without a global seed: numpy seeded with the index
    np_seed = int(rng.integers(0, 2 ** 31))
    pre_draws = int(rng.integers(0, 5))
    np.random.seed(np_seed)
    np.random.uniform(size=pre_draws)  # some earlier draws
    before_word = int(np.random.get_state()[1][0])
    np.random.seed(index)
    uniform = np.random.uniform(-0.07, 0.07, slice_shape).astype(np.float32)
    np.random.seed(before_word)
    after = float(np.random.uniform())
    cases.append({
        'devMat': dev_mat, 'tensorMap': tensor_map, 'shape': shape, 'rank': rank, 'world': world,
        'sliceIndex': index, 'sliceShape': slice_shape, 'slice': piece.ravel().tolist(),
        'npSeed': np_seed, 'preDraws': pre_draws, 'uniform': [float(v) for v in uniform.ravel()], 'nextAfter': after,
    })

# the example of distributed.md: dev_mat [2, 4], tensor_map [1, -1], rank 5 -> slice 1
assert slice_index([2, 4], [1, -1], 5) == 1

# with a global seed nothing is reseeded: slices continue numpy's stream
np.random.seed(9)
seeded = [float(v) for v in np.random.uniform(-0.07, 0.07, [2, 3]).astype(np.float32).ravel()]
seeded_next = [float(v) for v in np.random.uniform(-0.07, 0.07, [2, 3]).astype(np.float32).ravel()]

with open(OUT, 'w') as f:
    json.dump({'generator': 'scripts/gen_parallel_fixtures.py (numpy %s; r1.5 rules transcribed)' % np.__version__,
               'cases': cases, 'globalSeed9': [seeded, seeded_next]}, f, separators=(',', ':'))
print('wrote', OUT, len(cases), 'cases')
