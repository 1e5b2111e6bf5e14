#!/usr/bin/env python3
"""Generates the numpy-produced fixtures under test/fixtures/ (run from the repository root).

    python3 scripts/gen_fixtures.py            # print cases, casts, float16/bfloat16 samples and hashes
    python3 scripts/gen_fixtures.py --full     # also the hashes of all 2**32 float32 patterns (~10 min)
    python3 scripts/gen_fixtures.py --only print-cases.json   # one fixture file

CI never runs this script: the fixtures it writes are committed. numpy is the oracle:
- printing: numpy's str() with legacy='1.25', which keeps numpy 1.21's scalar rules (the spec's
  reference) on numpy 2.x; array printing is the same in 1.21 and 2.x;
- float16: numpy's astype;
- bfloat16: numpy has none, so its expected bits come from an independent float64 computation
  (choose the nearer of the two neighbouring bfloat16 values, ties to the even one).
"""
import json
import os
import sys

import numpy as np

np.set_printoptions(legacy='1.25')
rng = np.random.default_rng(20261126)
OUT = os.path.join('test', 'fixtures')
FLOATS = ['float16', 'float32', 'float64']
INTS = ['int8', 'int16', 'int32', 'int64', 'uint8']
SCALES = ['1e-12', '1e-9', '1e-6', '1e-4', '0.001', '0.1', '1', '10', '1000', '1e5', '1e8', '1e12']


# ---------------------------------------------------------------- printing

def random_shape(max_size):
    for _ in range(100):
        rank = int(rng.integers(0, 6))
        dims = [int(rng.integers(0, 9)) for _ in range(rank)]
        if rng.random() < 0.05 and rank > 0:
            dims[int(rng.integers(0, rank))] = 0
        if int(np.prod(dims)) <= max_size:
            return dims
    return [3]


def float_values(n, dtype):
    kind = rng.choice(['uniform', 'mixed', 'integral', 'specials', 'decimals', 'tiny', 'ties', 'huge'])
    k = int(rng.integers(-12, 13))
    if kind == 'uniform':
        v = rng.uniform(-1, 1, n) * 10.0 ** k
    elif kind == 'mixed':
        v = 10.0 ** rng.uniform(-12, 12, n) * rng.choice([-1, 1], n)
    elif kind == 'integral':
        v = rng.integers(-10 ** int(rng.integers(1, 9)), 10 ** int(rng.integers(1, 9)), n).astype(np.float64)
    elif kind == 'specials':
        v = rng.choice([0.0, -0.0, np.nan, np.inf, -np.inf, 1.5, -2.25, 65504, 65520, 1e-5, 3e38], n)
    elif kind == 'decimals':
        v = rng.choice([0.1, 0.2, 0.3, 1 / 3, 2 / 3, 0.5, 0.125, 12.5, -7.75, 100.0, 1e4], n)
    elif kind == 'tiny':
        v = rng.choice([6e-8, 5.96e-8, 1e-7, 6.1e-5, 2 ** -24, 2 ** -149, 1e-45, 1e-310, 0.0], n) * rng.choice([-1, 1], n)
    elif kind == 'ties':
        v = rng.integers(-2000, 2000, n) / 512.0
    else:
        v = rng.uniform(1, 10, n) * 10.0 ** rng.integers(5, 40, n)
    with np.errstate(all='ignore'):
        return v.astype(dtype)


def int_values(n, dtype):
    info = np.iinfo(dtype)
    kind = rng.choice(['range', 'small', 'limits'])
    if kind == 'range':
        return rng.integers(info.min, info.max, n, dtype=dtype, endpoint=True)
    if kind == 'small':
        return rng.integers(-50 if info.min < 0 else 0, 50, n).astype(dtype)
    return rng.choice(np.array([info.min, info.max, 0, -1 if info.min < 0 else 1, info.min + 1, info.max - 1],
                               dtype=dtype), n)


def explicit_case(dtype, shape):
    n = int(np.prod(shape))
    if dtype == 'bool':
        a = rng.random(n) < 0.5
    elif dtype in FLOATS:
        a = float_values(n, dtype)
    else:
        a = int_values(n, dtype)
    a = np.asarray(a, dtype=dtype).reshape(shape)
    return {'dtype': dtype, 'shape': shape, 'hex': a.tobytes().hex(), 'str': str(a)}


def recipe_values(dtype, n, r):
    """The formula test/fixtures readers evaluate too (exact in IEEE float64 and int64)."""
    i = np.arange(n, dtype=np.int64)
    q = (i * r['a'] + r['b']) % r['m']
    if dtype == 'bool':
        return (q % 2) == 0
    if dtype in INTS:
        vals = [int(r['offset']) + int(x) for x in q]
        return np.array(vals, dtype=dtype)
    x = q.astype(np.float64) / r['m']
    if r['signs']:
        x = x * 2 - 1
    scales = np.array([float(s) for s in r['scales']])
    v = x * scales[(i * 7 + r['b']) % len(scales)]
    with np.errstate(all='ignore'):
        a = v.astype(dtype)
    for idx, name in r['specials']:
        a[idx] = {'nan': np.nan, 'inf': np.inf, '-inf': -np.inf, '-0': -0.0}[name]
    return a


def recipe_case(dtype, shape):
    n = int(np.prod(shape))
    r = {'a': int(rng.integers(1, 2 ** 20)), 'b': int(rng.integers(0, 2 ** 16)), 'signs': bool(rng.random() < 0.6)}
    if dtype in INTS:
        info = np.iinfo(dtype)
        span = int(min(info.max - info.min, int(rng.choice([100, 10 ** 4, 10 ** 9, 2 ** 40]))))
        r['m'] = max(span, 2)
        base = int(rng.choice([info.min, 0 if info.min == 0 else -span // 2, info.max - span]))
        r['offset'] = str(max(info.min, min(base, info.max - r['m'])))
    else:
        r['m'] = int(rng.integers(2, 2 ** 31))
        r['offset'] = '0'
    lo, hi = int(rng.integers(0, len(SCALES))), int(rng.integers(0, len(SCALES)))
    r['scales'] = SCALES[min(lo, hi):max(lo, hi) + 1]
    r['specials'] = []
    if dtype in FLOATS and rng.random() < 0.3:
        for _ in range(int(rng.integers(1, 4))):
            r['specials'].append([int(rng.integers(0, n)), str(rng.choice(['nan', 'inf', '-inf', '-0']))])
    a = recipe_values(dtype, n, r).reshape(shape)
    return {'dtype': dtype, 'shape': shape, 'recipe': r, 'str': str(a)}


def large_shape():
    for _ in range(100):
        rank = int(rng.integers(1, 6))
        dims = [int(rng.integers(1, 60)) for _ in range(rank)]
        if rank <= 2:
            dims = [int(rng.integers(7, 400)) for _ in range(rank)]
        size = int(np.prod(dims))
        if 1000 < size <= 100000:
            return dims
    return [1001]


def print_cases():
    cases = []
    dtypes = FLOATS + INTS + ['bool']
    for k in range(2100):
        dtype = dtypes[(k // 3) % len(dtypes)] if k % 3 else str(rng.choice(['float32', 'float64', 'float16']))
        if k % 7 == 0:
            cases.append(recipe_case(dtype, large_shape()))
        else:
            cases.append(explicit_case(dtype, random_shape(1000 if k % 13 == 0 else 60)))
    # hand-picked layouts: wrapping, blank lines, scalars
    for dtype, shape, values in [
        ('float64', [], [2.0]), ('float32', [], [1e-5]), ('float16', [], [65504]), ('float64', [], [1e16]),
        ('float64', [], [-0.0]), ('int64', [], [-5]), ('bool', [], [True]), ('float32', [], [np.nan]),
        ('float64', [2], [0.001953125, 1.0]), ('float64', [2], [0.005859375, 1.0]),
        ('float32', [2], [0.1, 1.2345678e-05]), ('float64', [2], [1e100, 1.0]),
        ('float64', [3], [np.nan, np.inf, -np.inf]), ('float32', [1, 3], [1.0, 2.0, 3.0]),
    ]:
        a = np.array(values, dtype=dtype).reshape(shape)
        cases.append({'dtype': dtype, 'shape': shape, 'hex': a.tobytes().hex(), 'str': str(a)})
    return cases


# ---------------------------------------------------------------- casts

def cast_cases():
    specials = [0.0, -0.0, 0.5, 1.5, 2.5, -1.7, 127.9, -128.9, 255.5, 300.5, 65504, 65519.99, 65520, 1e5,
                2 ** 31, -2 ** 31 - 0.5, 3e9, -3e9, 2 ** 63, 1e20, 1e-8, 2 ** -24, 2 ** -25, 3e-8, 1e-310,
                np.nan, np.inf, -np.inf]
    rand = list(rng.uniform(-70000, 70000, 200)) + list(10.0 ** rng.uniform(-30, 30, 200) * rng.choice([-1, 1], 200))
    doubles = np.array(specials + rand, dtype=np.float64)
    ints = np.array([0, 1, -1, 127, 128, -129, 255, 256, 65504, 65519, 65520, 2049, 2051, 2 ** 24 + 1,
                     2 ** 31, -2 ** 31 - 1, 2 ** 53 + 1, 2 ** 62 + 2 ** 39 + 1, 2 ** 63 - 1, -2 ** 63]
                    + list(rng.integers(-2 ** 63, 2 ** 63 - 1, 100, endpoint=True)), dtype=np.int64)
    cases = []
    with np.errstate(all='ignore'):
        for src in ['float64', 'float32', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool']:
            base = doubles if src in FLOATS else ints
            a = base.astype(src)
            for dst in FLOATS + INTS + ['bool']:
                cases.append({'from': src, 'to': dst, 'hex': a.tobytes().hex(), 'out': a.astype(dst).tobytes().hex()})
    return cases


# ---------------------------------------------------------------- elementwise kernels

FLOAT_SPECIALS = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 3.0, -7.25, 1e-3, 6e-8, 5.96e-8, 1e-40, 65504.0, 65520.0,
                  -65504.0, 3e38, 1e300, np.inf, -np.inf, np.nan]
BINARY = {'Add': np.add, 'Sub': np.subtract, 'Mul': np.multiply, 'RealDiv': np.divide, 'Maximum': np.maximum,
          'Minimum': np.minimum, 'Equal': np.equal, 'Less': np.less, 'LessEqual': np.less_equal,
          'Greater': np.greater}
UNARY = {'Neg': np.negative, 'Abs': np.abs, 'Square': np.square, 'Sqrt': np.sqrt,
         'IsFinite': np.isfinite, 'IsNan': np.isnan}


def trunc_div(a, b, dtype):
    """C-style truncating division, 0 for division by zero, wrapped to the dtype (exact, in Python)."""
    info = np.iinfo(dtype)
    out = []
    for x, y in zip(a.tolist(), b.tolist()):
        q = 0 if y == 0 else (abs(x) // abs(y)) * (1 if (x < 0) == (y < 0) else -1)
        q = (q - info.min) % (info.max - info.min + 1) + info.min
        out.append(q)
    return np.array(out, dtype=dtype)


def elementwise_cases():
    cases = []
    with np.errstate(all='ignore'):
        for dtype in FLOATS:
            v = np.array(FLOAT_SPECIALS, dtype=dtype)
            x, y = np.meshgrid(v, v, indexing='ij')
            x, y = x.ravel(), y.ravel()
            for name, fn in BINARY.items():
                cases.append({'op': name, 'dtype': dtype, 'inputs': [x.tobytes().hex(), y.tobytes().hex()],
                              'out': np.asarray(fn(x, y)).astype(fn(x, y).dtype).tobytes().hex()})
            for name, fn in UNARY.items():
                cases.append({'op': name, 'dtype': dtype, 'inputs': [v.tobytes().hex()], 'out': fn(v).tobytes().hex()})
            # exactly specified pow cases: x**0, 1**y, (-1)**±inf
            px = np.array([1.0, 1.0, 1.0, -1.0, -1.0, np.nan, 2.0, 0.0], dtype=dtype)
            py = np.array([np.nan, np.inf, -np.inf, np.inf, -np.inf, 0.0, 0.0, 0.0], dtype=dtype)
            cases.append({'op': 'Pow', 'dtype': dtype, 'inputs': [px.tobytes().hex(), py.tobytes().hex()],
                          'out': np.power(px, py).tobytes().hex()})
        # float16 rounding of results over random pairs
        r = rng.uniform(-300, 300, 4000).astype(np.float16)
        s = rng.uniform(-300, 300, 4000).astype(np.float16)
        for name in ['Add', 'Sub', 'Mul', 'RealDiv']:
            cases.append({'op': name, 'dtype': 'float16', 'inputs': [r.tobytes().hex(), s.tobytes().hex()],
                          'out': BINARY[name](r, s).tobytes().hex()})
        cases.append({'op': 'Sqrt', 'dtype': 'float16', 'inputs': [np.abs(r).tobytes().hex()],
                      'out': np.sqrt(np.abs(r)).tobytes().hex()})
        for dtype in INTS:
            info = np.iinfo(dtype)
            edge = [info.min, info.min + 1, -100, -7, -1, 0, 1, 2, 7, 100, info.max - 1, info.max]
            v = np.array([e for e in edge if info.min <= e <= info.max], dtype=dtype)
            x, y = np.meshgrid(v, v, indexing='ij')
            x, y = x.ravel(), y.ravel()
            for name in ['Add', 'Sub', 'Mul', 'Maximum', 'Minimum', 'Equal', 'Less', 'Greater']:
                cases.append({'op': name, 'dtype': dtype, 'inputs': [x.tobytes().hex(), y.tobytes().hex()],
                              'out': BINARY[name](x, y).tobytes().hex()})
            cases.append({'op': 'RealDiv', 'dtype': dtype, 'inputs': [x.tobytes().hex(), y.tobytes().hex()],
                          'out': trunc_div(x, y, dtype).tobytes().hex()})
            for name in ['Neg', 'Abs', 'Square']:
                cases.append({'op': name, 'dtype': dtype, 'inputs': [v.tobytes().hex()], 'out': UNARY[name](v).tobytes().hex()})
    return cases


# ---------------------------------------------------------------- numpy's legacy RandomState

def random_cases():
    """Sequences of calls on the legacy global RandomState (as MindSpore r1.5's initializers make them)."""
    cases = []
    for seed in [0, 1, 42, 12345, 2 ** 32 - 1]:
        steps = [('uniform', -0.07, 0.07, 7), ('normal', 0.0, 0.01, 5), ('uniform', -1.0, 1.0, 3),
                 ('normal', 1.5, 2.0, 1000), ('uniform', 0.0, 1.0, 1000), ('normal', 0.0, 1.0, 3)]
        np.random.seed(seed)
        out = []
        for kind, a, b, n in steps:
            vals = np.random.uniform(a, b, n) if kind == 'uniform' else np.random.normal(a, b, n)
            out.append({'kind': kind, 'a': a, 'b': b, 'n': n, 'hex': vals.astype(np.float64).tobytes().hex()})
        perms = [np.random.permutation(n).tolist() for n in (1, 2, 10, 37)]
        cases.append({'seed': seed, 'steps': out, 'permutations': perms})
    return cases


def initializer_cases():
    """Initializer values from numpy's RandomState by the formulas of the spec (float32 results)."""
    import math
    cases = []
    shape = (4, 3, 2, 2)
    fan_in, fan_out = 3 * 4, 4 * 4
    for seed in [0, 1, 7]:
        np.random.seed(seed)
        vals = {}
        vals['Uniform'] = np.random.uniform(-0.07, 0.07, shape).astype(np.float32)
        b = math.sqrt(6 / (fan_in + fan_out))
        vals['XavierUniform'] = np.random.uniform(-b, b, shape).astype(np.float32)
        vals['XavierNormal'] = np.random.normal(0, math.sqrt(2 / (fan_in + fan_out)), shape).astype(np.float32)
        b = math.sqrt(3) * math.sqrt(2) / math.sqrt(fan_in)
        vals['HeUniform'] = np.random.uniform(-b, b, shape).astype(np.float32)
        vals['HeNormal'] = np.random.normal(0, math.sqrt(2) / math.sqrt(fan_in), shape).astype(np.float32)
        sp = np.random.normal(0, 0.01, (6, 5))
        for c in range(5):
            sp[np.random.permutation(6)[:math.ceil(0.4 * 6)], c] = 0
        vals['Sparse'] = sp.astype(np.float32)
        cases.append({'seed': seed, 'shape': list(shape), 'values': {k: v.tobytes().hex() for k, v in vals.items()}})
    return cases


# ---------------------------------------------------------------- float16 / bfloat16

def bf16_reference(bits):
    """Expected bfloat16 bits of float32 patterns, by float64 arithmetic (independent of bit tricks)."""
    bits = bits.astype(np.uint32)
    f = bits.view(np.float32).astype(np.float64)
    sign = (bits >> 16) & 0x8000
    low = (bits >> 16) & 0x7fff  # truncated magnitude bits
    a = np.abs(f)
    lo_val = (low.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    hi_val = ((low.astype(np.uint32) + 1) << 16).view(np.float32).astype(np.float64)
    hi_val = np.where(low == 0x7f7f, 2.0 ** 128, hi_val)  # rounding past the largest finite value gives inf
    with np.errstate(all='ignore'):
        d_lo = a - lo_val
        d_hi = hi_val - a
    up = (d_hi < d_lo) | ((d_hi == d_lo) & ((low & 1) == 1))
    out = (low + up.astype(np.uint32)).astype(np.uint32)
    out = np.where(np.isnan(f), 0x7fc0, out)
    out = np.where(np.isinf(f), 0x7f80, out)
    return (out | sign).astype(np.uint16)


def hashes(out):
    """Two 32-bit position-weighted sums (the test computes the same in JavaScript)."""
    o = out.astype(np.uint64)
    i = np.arange(len(out), dtype=np.uint64)
    h1 = int((o * (2 * i + 1) & 0xffffffff).sum() & 0xffffffff)
    w = ((i * np.uint64(0x9E3779B1)) & np.uint64(0xffffffff)) | np.uint64(1)
    h2 = int((o * w & 0xffffffff).sum() & 0xffffffff)
    return [h1, h2]


def stratified_group(g):
    """Inputs of group g (sign and exponent = g): all 65536 low 16-bit patterns under 4 top patterns."""
    tops = [0, 0x7f, (g * 37 + 11) & 0x7f, (g * 101 + 53) & 0x7f]
    low = np.arange(65536, dtype=np.uint32)
    return np.concatenate([np.uint32(g << 23) | np.uint32(t << 16) | low for t in tops])


def conversion_fixture(full):
    groups = []
    with np.errstate(all='ignore'):
        for g in range(512):
            bits = stratified_group(g)
            f16 = bits.view(np.float32).astype(np.float16).view(np.uint16)
            groups.append({'f16': hashes(f16), 'bf16': hashes(bf16_reference(bits))})
        samples = np.concatenate([
            np.array([0, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x7fa00000, 0xffffffff,
                      0x477fe000, 0x477ff000, 0x477fefff, 0x33000000, 0x33000001, 0x387fe000, 0x38800000,
                      0x3f808000, 0x3f818000, 0x7f7f8000, 0x7f7f7fff, 0x00008000, 0x00018000, 0x00000001],
                     dtype=np.uint32),
            rng.integers(0, 2 ** 32, 20000, dtype=np.uint64).astype(np.uint32),
        ])
        fixture = {
            'stratified': groups,
            'samples': {
                'bits': [int(b) for b in samples],
                'f16': [int(h) for h in samples.view(np.float32).astype(np.float16).view(np.uint16)],
                'bf16': [int(h) for h in bf16_reference(samples)],
            },
        }
        if full:
            everything = []
            for g in range(512):
                bits = (np.uint32(g << 23) | np.arange(2 ** 23, dtype=np.uint32))
                f16 = bits.view(np.float32).astype(np.float16).view(np.uint16)
                everything.append({'f16': hashes(f16), 'bf16': hashes(bf16_reference(bits))})
            fixture['all'] = everything
        return fixture


def write(name, obj):
    path = os.path.join(OUT, name)
    with open(path, 'w') as f:
        json.dump(obj, f, separators=(',', ':'))
    print(f'wrote {path} ({os.path.getsize(path)} bytes)')


def main():
    os.makedirs(OUT, exist_ok=True)
    full = '--full' in sys.argv
    only = sys.argv[sys.argv.index('--only') + 1] if '--only' in sys.argv else None
    makers = {
        'print-cases.json': lambda: {'numpy': np.__version__, 'cases': print_cases()},
        'casts.json': lambda: {'numpy': np.__version__, 'cases': cast_cases()},
        'float16-conversion.json': lambda: conversion_fixture(full),
        'elementwise.json': lambda: {'numpy': np.__version__, 'cases': elementwise_cases()},
        'random-state.json': lambda: {'numpy': np.__version__, 'cases': random_cases()},
        'initializers.json': lambda: {'numpy': np.__version__, 'cases': initializer_cases()},
    }
    global rng
    for k, (name, make) in enumerate(makers.items()):
        if only is None or only == name:
            rng = np.random.default_rng(20261126 + k)  # one stream per file: each can be remade alone
            write(name, make())


if __name__ == '__main__':
    main()
