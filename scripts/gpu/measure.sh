#!/bin/bash
# Runs on the lent GPU machine (the `device` tool): probes what is installed, then measures with nvcc
# (measure.cu) and, where PyTorch is present, with it (conv2d, matmul). Results go to $OUT.
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/gpu-out}; mkdir -p "$OUT"
{ nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv; which nvcc; nvcc --version | tail -2; ls /usr/local/cuda*/lib64/libcublas.so* 2>/dev/null | head -2; python3 --version; python3 -c "import torch; print('torch', torch.__version__, torch.version.cuda)" 2>&1 | tail -1; python3 -c "import cupy; print('cupy', cupy.__version__)" 2>&1 | tail -1; } > "$OUT/probe.txt" 2>&1
cat "$OUT/probe.txt"
NVCC=$(command -v nvcc || ls /usr/local/cuda*/bin/nvcc 2>/dev/null | head -1)
if [ -n "$NVCC" ]; then
  if "$NVCC" -O2 -DWITH_CUBLAS -o /tmp/measure measure.cu -lcublas 2> "$OUT/nvcc.txt" || "$NVCC" -O2 -o /tmp/measure measure.cu 2>> "$OUT/nvcc.txt"; then
    timeout 240 /tmp/measure > "$OUT/cuda.json" 2> "$OUT/cuda.err"; echo "cuda rc $?"
  fi
fi
if [ -z "$SKIP_TORCH" ] && python3 -c "import torch; assert torch.cuda.is_available()" 2>/dev/null; then timeout 240 python3 measure_torch.py > "$OUT/torch.json" 2> "$OUT/torch.err"; echo "torch rc $?"; fi
ls -la "$OUT"
