"""Fits mindsim's GPU cost model (src/runtime/device/spec.ts: kernel = launch + max(flops/peak,
bytes/bandwidth); copy = copy latency + bytes/link bandwidth) to the timings measure.sh took on a real
GPU (measurements/*.json), by least squares on log(simulated/measured). Prints the fitted figures and
every point's error; the h200 preset in src/devices/gpu/presets.ts carries the result, and
test/devices/gpu-calibration.test.ts checks the simulated times against the same files.
Usage: python3 scripts/gpu/fit.py [measurements/h200]"""
import json, math, sys
import numpy as np
from scipy.optimize import least_squares

base = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit('/', 1)[0] + '/measurements/h200'
cuda = json.load(open(base + '-cuda.json'))
torch = json.load(open(base + '-torch.json'))

def conv_work(x, w):
    n, c, h, wd = x
    o, _, kh, kw = w
    flops = 2 * n * o * h * wd * c * kh * kw
    return flops, 4 * (n * c * h * wd + o * c * kh * kw + n * o * h * wd)

# (name, kind, flops, bytes, measured ns)
points = [('empty kernel', 'kernel', 0, 0, 1000 * cuda['empty_kernel_us'])]
points += [(f"Add {a['elements']}", 'kernel', a['elements'], 12 * a['elements'], 1000 * a['us']) for a in cuda['add']]
points += [(f"MatMul {g['n']}", 'kernel', 2 * g['n'] ** 3, 12 * g['n'] ** 2, 1000 * g['us']) for g in cuda['sgemm']]
points += [(f"Conv2D {c['x']}x{c['w']}", 'kernel', *conv_work(c['x'], c['w']), 1000 * c['us']) for c in torch['conv2d']]
points += [(f"{c['kind']} {c['bytes']}", c['kind'], 0, c['bytes'], 1000 * c['us']) for c in cuda['copies'] if c['kind'] in ('h2d_pinned', 'd2h_pinned', 'd2d')]

# The fitted model (spec.ts, `fitted`): a kernel occupies max(launch, startup + max(flops / (peak *
# fraction), bytes / bandwidth)), startup and fraction per kernel class (elementwise: the default; MatMul,
# Conv2D their own); host copies: copy latency + bytes / host link; on-device copies their own latency and
# bandwidth. Parameters: launch, startup, bandwidth, MatMul startup and peak, Conv2D startup and peak,
# copy latency, host link, device copy latency and bandwidth.
NAMES = ['launch', 'kernelStartup', 'memoryBandwidth', 'matmulStartup', 'matmulPeak', 'convStartup', 'convPeak', 'copyLatency', 'hostLinkBandwidth', 'deviceCopyLatency', 'deviceCopyBandwidth']

def simulate(p, name, kind, flops, nbytes):
    launch, startup, bw, mm_start, mm_peak, cv_start, cv_peak, copy_latency, link, dc_latency, dc_bw = p
    if kind == 'kernel':
        if name.startswith('MatMul'):
            startup, peak = mm_start, mm_peak
        elif name.startswith('Conv2D'):
            startup, peak = cv_start, cv_peak
        else:
            peak = math.inf
        return max(launch, startup + max(flops / peak * 1e9, nbytes / bw * 1e9))
    if kind == 'd2d':
        return dc_latency + nbytes / dc_bw * 1e9
    return copy_latency + nbytes / link * 1e9

def residuals(logp):
    p = np.exp(logp)
    # a soft loss: what counts is landing within 20 %, so large misses (the gaps) do not pull the rest
    return [math.log(simulate(p, n, k, f, b) / t) for n, k, f, b, t in points]

start = np.log([3500, 2000, 3.4e12, 10500, 51e12, 13000, 60e12, 2000, 55e9, 3500, 2.1e12])
fit = least_squares(residuals, start, loss='soft_l1', f_scale=0.1)
p = np.exp(fit.x)
print(json.dumps({n: float('%.3g' % v) for n, v in zip(NAMES, p)}))
for (name, k, f, b, t) in points:
    s = simulate(p, name, k, f, b)
    print('%-34s measured %12.1f ns  simulated %12.1f ns  %+6.1f %%%s' % (name, t, s, 100 * (s / t - 1), '' if abs(s / t - 1) <= 0.2 else '  (outside 20 %)'))
