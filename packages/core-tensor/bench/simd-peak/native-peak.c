// Native float32 peaks of this x86-64 CPU for the benchmark's ceiling analysis, next to the wasm
// SIMD128 loop of simd-peak.c (same structure: 12 independent accumulators, a·m + c per update).
// Prints one JSON line per path. bench/run.ts builds and runs it when clang is installed:
//   clang -O2 -mavx512f -mfma native-peak.c -o /tmp/native-peak && /tmp/native-peak
// (without AVX-512 the last loop faults; run.ts then reports the paths printed before it).
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

#define LOOP(T, SPLAT, UPDATE, LANES, NAME)                                                        \
  {                                                                                              \
    T m = SPLAT(0.9999999f), c = SPLAT(1e-7f);                                                   \
    T a[12];                                                                                     \
    for (int k = 0; k < 12; k++) a[k] = SPLAT((float)k);                                         \
    const long steps = 200000000L;                                                               \
    double t = now();                                                                            \
    for (long i = 0; i < steps; i++) {                                                           \
      for (int k = 0; k < 12; k++) a[k] = UPDATE(a[k], m, c);                                    \
      __asm__ volatile("" ::: "memory");                                                         \
    }                                                                                            \
    t = now() - t;                                                                               \
    float s = 0;                                                                                 \
    for (int k = 0; k < 12; k++) s += ((float *)&a[k])[0];                                       \
    printf("{\"path\": \"%s\", \"gflops\": %.2f, \"check\": %g}\n", NAME, steps * 12.0 * 2 * LANES / t / 1e9, s); \
    fflush(stdout);                                                                              \
  }

#define MULADD128(a, m, c) _mm_add_ps(_mm_mul_ps(a, m), c)
#define FMA128(a, m, c) _mm_fmadd_ps(a, m, c)
#define FMA256(a, m, c) _mm256_fmadd_ps(a, m, c)
#define FMA512(a, m, c) _mm512_fmadd_ps(a, m, c)

int main(void) {
  LOOP(__m128, _mm_set1_ps, MULADD128, 4, "native 128-bit mul + add (what wasm SIMD128 compiles to)")
  LOOP(__m128, _mm_set1_ps, FMA128, 4, "native 128-bit FMA (what relaxed-SIMD madd compiles to)")
  LOOP(__m256, _mm256_set1_ps, FMA256, 8, "native 256-bit FMA (AVX2)")
  LOOP(__m512, _mm512_set1_ps, FMA512, 16, "native 512-bit FMA (AVX-512)")
  return 0;
}
