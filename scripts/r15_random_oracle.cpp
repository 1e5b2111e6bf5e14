// r1.5's CPU random kernels, their standard-library calls verbatim, as an oracle for mindsim's
// StandardNormal, UniformReal and Dropout streams (CI never builds this; the fixture is committed):
//
//   g++ -O2 -std=c++17 -o /tmp/r15_random scripts/r15_random_oracle.cpp && /tmp/r15_random > test/fixtures/r15-random.json
//
// - UniformReal (random_cpu_kernel.cc LaunchUniformReal): std::mt19937 gen(seed);
//   std::uniform_real_distribution<> distrib(0.0, 1.0); output[i] = distrib(gen) (float).
// - StandardNormal (LaunchStandardNormal): the output split into thread chunks (ceil(n / 128) threads
//   when n < 128 * hardware threads, else that many threads; each chunk ceil(n / threads) long), each
//   chunk drawn with its own std::default_random_engine(++seed) and a fresh copy of
//   std::normal_distribution<float>.
// - Dropout's mask (dropout_cpu_kernel.cc): std::bernoulli_distribution dis(keep_prob) on an
//   std::mt19937 — r1.5 seeds it from std::random_device; mindsim seeds it from the op's seeds, so the
//   oracle uses a given seed.
// libstdc++ (GCC) is the library r1.5's Linux wheels were built against.
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

static void uniform_real(unsigned seed, size_t n) {
  std::mt19937 gen(seed);
  std::uniform_real_distribution<> distrib(0.0, 1.0);
  std::printf("{\"op\": \"UniformReal\", \"seed\": %u, \"values\": [", seed);
  for (size_t i = 0; i < n; ++i) std::printf("%s%.9g", i ? ", " : "", static_cast<float>(distrib(gen)));
  std::printf("]}");
}

static void standard_normal(unsigned seed, size_t n, size_t threads_available) {
  std::vector<float> out(n);
  size_t thread_num = n < 128 * threads_available ? static_cast<size_t>(std::ceil(n / 128.0)) : threads_available;
  size_t once = (n + thread_num - 1) / thread_num;
  std::normal_distribution<float> distribution;
  unsigned s = seed;
  for (size_t start = 0; start < n; start += once) {
    std::default_random_engine random_generator(++s);
    std::normal_distribution<float> d = distribution;
    size_t end = start + once > n ? n : start + once;
    for (size_t i = start; i < end; ++i) out[i] = d(random_generator);
  }
  std::printf("{\"op\": \"StandardNormal\", \"seed\": %u, \"threads\": %zu, \"values\": [", seed, threads_available);
  for (size_t i = 0; i < n; ++i) std::printf("%s%.9g", i ? ", " : "", out[i]);
  std::printf("]}");
}

static void bernoulli(unsigned seed, double keep_prob, size_t n) {
  std::mt19937 gen(seed);
  std::bernoulli_distribution dis(keep_prob);
  std::printf("{\"op\": \"DropoutMask\", \"seed\": %u, \"keepProb\": %.17g, \"values\": [", seed, keep_prob);
  for (size_t i = 0; i < n; ++i) std::printf("%s%d", i ? ", " : "", dis(gen) ? 1 : 0);
  std::printf("]}");
}

int main() {
  std::printf("{\"generator\": \"scripts/r15_random_oracle.cpp (libstdc++ %d)\", \"cases\": [", __GLIBCXX__);
  uniform_real(1, 40); std::printf(", ");
  uniform_real(5489, 7); std::printf(", ");
  uniform_real(4294967295u, 5); std::printf(", ");
  standard_normal(1, 40, 16); std::printf(", ");
  standard_normal(7, 300, 16); std::printf(", ");
  standard_normal(123456, 3000, 16); std::printf(", ");
  standard_normal(2147483646u, 9, 16); std::printf(", ");
  bernoulli(3, 0.5, 64); std::printf(", ");
  bernoulli(87654321, 0.9, 64); std::printf(", ");
  bernoulli(11, 0.25, 64);
  std::printf("]}\n");
  return 0;
}
