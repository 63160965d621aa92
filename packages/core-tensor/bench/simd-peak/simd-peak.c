// Peak float32 arithmetic of 128-bit wasm SIMD on this CPU, for the benchmark's ceiling analysis:
// 12 independent f32x4 accumulators, each updated by a·m + c per step (8 flops per update), with
// SIMD128's separate mul and add (what tfjs-backend-wasm's XNNPACK build uses; SIMD128 has no
// fused multiply-add). native-peak.c measures the same loop natively, with and without FMA.
#include <wasm_simd128.h>

#define ACCUMULATORS 12

#define UPDATE(a) a = wasm_f32x4_add(wasm_f32x4_mul(a, m), c)

// Runs `steps` updates of every accumulator; returns a lane sum so nothing is optimised away.
// Flops = steps · ACCUMULATORS · 8.
__attribute__((export_name("multiply_add_loop"))) float multiply_add_loop(int steps, float seed) {
  const v128_t m = wasm_f32x4_splat(0.9999999f);
  const v128_t c = wasm_f32x4_splat(1e-7f);
  v128_t a0 = wasm_f32x4_splat(seed), a1 = wasm_f32x4_splat(seed + 1), a2 = wasm_f32x4_splat(seed + 2);
  v128_t a3 = wasm_f32x4_splat(seed + 3), a4 = wasm_f32x4_splat(seed + 4), a5 = wasm_f32x4_splat(seed + 5);
  v128_t a6 = wasm_f32x4_splat(seed + 6), a7 = wasm_f32x4_splat(seed + 7), a8 = wasm_f32x4_splat(seed + 8);
  v128_t a9 = wasm_f32x4_splat(seed + 9), a10 = wasm_f32x4_splat(seed + 10), a11 = wasm_f32x4_splat(seed + 11);
  for (int i = 0; i < steps; i++) {
    UPDATE(a0); UPDATE(a1); UPDATE(a2); UPDATE(a3); UPDATE(a4); UPDATE(a5);
    UPDATE(a6); UPDATE(a7); UPDATE(a8); UPDATE(a9); UPDATE(a10); UPDATE(a11);
  }
  v128_t s = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_add(a0, a1), wasm_f32x4_add(a2, a3)),
                            wasm_f32x4_add(wasm_f32x4_add(a4, a5), wasm_f32x4_add(a6, a7)));
  s = wasm_f32x4_add(s, wasm_f32x4_add(wasm_f32x4_add(a8, a9), wasm_f32x4_add(a10, a11)));
  return wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
         wasm_f32x4_extract_lane(s, 3);
}
