# Real GPU timings through PyTorch (where the lent machine has it): float32 matmul, conv2d as in
# mindsim's benchmark, elementwise add; CUDA events; TF32 off (mindsim's presets model float32 FMA).
import json, torch
torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
from cuda_timing import dev, t
out = {'device': torch.cuda.get_device_name(0), 'matmul': [], 'conv2d': [], 'add': []}
for n in [128, 256, 512, 1024, 2048, 4096, 8192]:
    a = torch.rand(n, n, device=dev); b = torch.rand(n, n, device=dev)
    out['matmul'].append({'n': n, 'us': t(lambda: a @ b, 5 if n >= 4096 else 50)})
for shape in [(8, 64, 56, 56), (32, 64, 56, 56), (8, 256, 14, 14)]:
    x = torch.rand(*shape, device=dev); w = torch.rand(shape[1], shape[1], 3, 3, device=dev)
    out['conv2d'].append({'x': list(shape), 'w': [shape[1], shape[1], 3, 3], 'us': t(lambda: torch.nn.functional.conv2d(x, w, padding=1), 20)})
for n in [1024, 8192, 65536, 1 << 20, 16 << 20, 64 << 20]:
    a = torch.rand(n, device=dev); b = torch.rand(n, device=dev)
    out['add'].append({'elements': n, 'us': t(lambda: a + b, 100)})
print(json.dumps(out))
