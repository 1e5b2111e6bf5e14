# More real H200 timings through PyTorch: float16/bfloat16 GEMM (tensor cores), batched GEMM, the
# convolution's two gradients, as CUDA events see them. Prints one JSON object.
import json, torch
from cuda_timing import dev, t
out = {'device': torch.cuda.get_device_name(0), 'torch': torch.__version__, 'hgemm': [], 'bgemm': [], 'conv2d_grad': []}
for dtype in ['float16', 'bfloat16']:
    for n in [512, 1024, 2048, 4096, 8192]:
        a = torch.rand(n, n, device=dev, dtype=getattr(torch, dtype)); b = torch.rand(n, n, device=dev, dtype=getattr(torch, dtype))
        out['hgemm'].append({'dtype': dtype, 'n': n, 'us': t(lambda: a @ b, 10 if n >= 4096 else 50)})
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
for (bt, n) in [(8, 256), (32, 512), (64, 1024)]:
    a = torch.rand(bt, n, n, device=dev); b = torch.rand(bt, n, n, device=dev)
    out['bgemm'].append({'batch': bt, 'n': n, 'us': t(lambda: torch.bmm(a, b), 20)})
for shape in [(8, 64, 56, 56), (32, 64, 56, 56), (8, 256, 14, 14)]:
    x = torch.rand(*shape, device=dev, requires_grad=True); w = torch.rand(shape[1], shape[1], 3, 3, device=dev, requires_grad=True)
    y = torch.nn.functional.conv2d(x, w, padding=1); g = torch.rand_like(y)
    gi = t(lambda: torch.nn.grad.conv2d_input(x.shape, w, g, padding=1), 20)
    gw = t(lambda: torch.nn.grad.conv2d_weight(x, w.shape, g, padding=1), 20)
    out['conv2d_grad'].append({'x': list(shape), 'w': [shape[1], shape[1], 3, 3], 'input_us': gi, 'filter_us': gw})
print(json.dumps(out))
