// A strided copy of runs of floats.
#include "simd.h"

// `outer` × `inner` runs of `run` floats from src to dst, run (a, b) at src + a·srcOuter + b·srcInner
// and dst + a·dstOuter + b·dstInner (strides in floats): e.g. a strided gradient's phase into dx.
EXPORT("copy_runs")
void copy_runs(const float *src, float *dst, int outer, int inner, int run, int srcOuter,
               int srcInner, int dstOuter, int dstInner) {
  for (int a = 0; a < outer; a++) {
    const float *s = src + a * srcOuter;
    float *d = dst + a * dstOuter;
    for (int b = 0; b < inner; b++, s += srcInner, d += dstInner) {
      int k = 0;
      for (; k + 4 <= run; k += 4) wasm_v128_store(d + k, wasm_v128_load(s + k));
      for (; k < run; k++) d[k] = s[k];
    }
  }
}
