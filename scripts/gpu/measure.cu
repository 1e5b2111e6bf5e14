// Real GPU timings for mindsim's GPU cost model (issue 18, item 6): launch latency, copy bandwidths,
// elementwise Add and (with cuBLAS) SGEMM, each timed with CUDA events. Prints one JSON object.
// Build: nvcc -O2 -o measure measure.cu -lcublas   (or without -DWITH_CUBLAS and -lcublas)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cuda_runtime.h>
#ifdef WITH_CUBLAS
#include <cublas_v2.h>
#endif
#define CK(x) do { cudaError_t err_ = (x); if (err_ != cudaSuccess) { fprintf(stderr, "%s: %s\n", #x, cudaGetErrorString(err_)); return 1; } } while (0)

__global__ void empty() {}
__global__ void add(const float* a, const float* b, float* c, long n) {
  long i = blockIdx.x * (long)blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

static float timeIt(cudaEvent_t s, cudaEvent_t e) { float ms; cudaEventSynchronize(e); cudaEventElapsedTime(&ms, s, e); return ms; }

int main() {
  cudaEvent_t s, e;
  CK(cudaEventCreate(&s)); CK(cudaEventCreate(&e));
  cudaDeviceProp p; CK(cudaGetDeviceProperties(&p, 0));
  printf("{\"device\":\"%s\",\"sms\":%d", p.name, p.multiProcessorCount);
  // launch latency: back-to-back empty kernels (device-side spacing) and the host's launch call cost
  empty<<<1, 1>>>(); CK(cudaDeviceSynchronize());
  const int L = 10000;
  cudaEventRecord(s); for (int i = 0; i < L; i++) empty<<<1, 1>>>(); cudaEventRecord(e);
  printf(",\"empty_kernel_us\":%.4f", 1000.0 * timeIt(s, e) / L);
  // a synchronised single launch: launch + completion round trip
  float rt = 0; for (int i = 0; i < 100; i++) { cudaEventRecord(s); empty<<<1, 1>>>(); cudaEventRecord(e); rt += timeIt(s, e); }
  printf(",\"empty_kernel_sync_us\":%.4f", 1000.0 * rt / 100);
  // copies: pinned and pageable, H2D and D2H, and D2D
  printf(",\"copies\":[");
  size_t sizes[] = {4096, 65536, 1 << 20, 16 << 20, 256 << 20};
  bool first = true;
  for (size_t bytes : sizes) {
    void *pin, *page, *dev, *dev2;
    CK(cudaMallocHost(&pin, bytes)); page = malloc(bytes); CK(cudaMalloc(&dev, bytes)); CK(cudaMalloc(&dev2, bytes));
    memset(page, 1, bytes); memset(pin, 1, bytes);
    struct { const char* name; void* dst; const void* src; cudaMemcpyKind k; } cases[] = {
      {"h2d_pinned", dev, pin, cudaMemcpyHostToDevice}, {"d2h_pinned", pin, dev, cudaMemcpyDeviceToHost},
      {"h2d_pageable", dev, page, cudaMemcpyHostToDevice}, {"d2h_pageable", page, dev, cudaMemcpyDeviceToHost},
      {"d2d", dev2, dev, cudaMemcpyDeviceToDevice}};
    for (auto& c : cases) {
      CK(cudaMemcpy(c.dst, c.src, bytes, c.k));
      int reps = bytes >= (16 << 20) ? 10 : 100;
      cudaEventRecord(s); for (int i = 0; i < reps; i++) cudaMemcpyAsync(c.dst, c.src, bytes, c.k); cudaEventRecord(e);
      float ms = timeIt(s, e) / reps;
      printf("%s{\"kind\":\"%s\",\"bytes\":%zu,\"us\":%.4f}", first ? "" : ",", c.name, bytes, 1000.0 * ms);
      first = false;
    }
    cudaFreeHost(pin); free(page); cudaFree(dev); cudaFree(dev2);
  }
  printf("]");
  // elementwise add, float32
  printf(",\"add\":[");
  first = true;
  for (long n = 1024; n <= (64L << 20); n *= 8) {
    float *a, *b, *c; CK(cudaMalloc(&a, n * 4)); CK(cudaMalloc(&b, n * 4)); CK(cudaMalloc(&c, n * 4));
    int bs = 256; long g = (n + bs - 1) / bs;
    add<<<g, bs>>>(a, b, c, n); CK(cudaDeviceSynchronize());
    int reps = 200;
    cudaEventRecord(s); for (int i = 0; i < reps; i++) add<<<g, bs>>>(a, b, c, n); cudaEventRecord(e);
    printf("%s{\"elements\":%ld,\"us\":%.4f}", first ? "" : ",", n, 1000.0 * timeIt(s, e) / reps);
    first = false;
    cudaFree(a); cudaFree(b); cudaFree(c);
  }
  printf("]");
#ifdef WITH_CUBLAS
  cublasHandle_t h; cublasCreate(&h);
  printf(",\"sgemm\":[");
  first = true;
  for (int n = 128; n <= 8192; n *= 2) {
    float *a, *b, *c; CK(cudaMalloc(&a, (size_t)n * n * 4)); CK(cudaMalloc(&b, (size_t)n * n * 4)); CK(cudaMalloc(&c, (size_t)n * n * 4));
    cudaMemset(a, 0, (size_t)n * n * 4); cudaMemset(b, 0, (size_t)n * n * 4);
    const float one = 1, zero = 0;
    cublasSetMathMode(h, CUBLAS_DEFAULT_MATH);
    cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, a, n, b, n, &zero, c, n); CK(cudaDeviceSynchronize());
    int reps = n >= 4096 ? 5 : 50;
    cudaEventRecord(s); for (int i = 0; i < reps; i++) cublasSgemm(h, CUBLAS_OP_N, CUBLAS_OP_N, n, n, n, &one, a, n, b, n, &zero, c, n); cudaEventRecord(e);
    printf("%s{\"n\":%d,\"us\":%.4f}", first ? "" : ",", n, 1000.0 * timeIt(s, e) / reps);
    first = false;
    cudaFree(a); cudaFree(b); cudaFree(c);
  }
  printf("]");
#endif
  printf("}\n");
  return 0;
}
