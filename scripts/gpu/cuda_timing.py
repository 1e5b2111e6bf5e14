"""What the PyTorch measurement scripts share: the device and microseconds per call by CUDA events."""
import torch

dev = torch.device('cuda')


def t(fn, reps):
    """Microseconds per call of fn, over reps calls after one warm-up, as CUDA events see them."""
    fn(); torch.cuda.synchronize()
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    s.record()
    for _ in range(reps): fn()
    e.record(); torch.cuda.synchronize()
    return 1000.0 * s.elapsed_time(e) / reps
