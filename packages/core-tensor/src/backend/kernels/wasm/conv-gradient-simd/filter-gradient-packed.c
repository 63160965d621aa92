// The filter gradient on contiguous copies of dy and x, chunk by chunk (1×1 convs and the wider
// maps with channel counts of its blocks).
#include "simd.h"

// dy's output rows [q0, q1) (K = (q1 − q0)·Wo positions, contiguous [K, Co]) as Co / 8 panels
// [K, 8], `pstride` floats apart (8·K plus a cache line, so that the panels' k-th rows do not all
// fall into one L1 set).
INLINE void pack_dy(const float *dy, float *dp, int K, int Co, int pstride) {
  for (int k = 0; k < K; k++, dy += Co)
    for (int b = 0; b < Co / 8; b++) {
      float *d = dp + b * pstride + k * 8;
      wasm_v128_store(d, wasm_v128_load(dy + b * 8));
      wasm_v128_store(d + 4, wasm_v128_load(dy + b * 8 + 4));
    }
}

// One tap's x[position + tap, c..c+4) for the chunk's K positions as a panel [K, 4], zeros where
// the tap reads padding.
INLINE void pack_x(const float *x, float *xp, int H, int W, int C, int Ho, int Wo, int sh, int sw,
                   int offH, int offW, int hoLo, int hoHi, int woLo, int woHi, int q0, int q1,
                   int c) {
  v128_t z = wasm_f32x4_splat(0);
  for (int q = q0; q < q1; q++) {
    int n = q / Ho, ho = q - n * Ho;
    if (ho < hoLo || ho >= hoHi) {
      for (int wo = 0; wo < Wo; wo++, xp += 4) wasm_v128_store(xp, z);
      continue;
    }
    int wo = 0;
    for (; wo < woLo; wo++, xp += 4) wasm_v128_store(xp, z);
    const float *xr = x + ((n * H + ho * sh + offH) * W + woLo * sw + offW) * C + c;
    for (; wo < woHi; wo++, xp += 4, xr += sw * C) wasm_v128_store(xp, wasm_v128_load(xr));
    for (; wo < Wo; wo++, xp += 4) wasm_v128_store(xp, z);
  }
}

// Σ_k xp[k, 0..4) ⊗ dp[k, 0..8) over a chunk's packed panels, added to (or, `first`, stored in)
// the dw block at `out` (rows Co apart).
INLINE void packed4x8(const float *xp, const float *dp, int K, float *out, int Co, int first) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  for (int k = 0; k < K; k++, xp += 4, dp += 8) {
    v128_t d0 = wasm_v128_load(dp), d1 = wasm_v128_load(dp + 4);
    v128_t s = wasm_v128_load32_splat(xp);
    FMA(a0, s, d0);
    FMA(a1, s, d1);
    s = wasm_v128_load32_splat(xp + 1);
    FMA(a2, s, d0);
    FMA(a3, s, d1);
    s = wasm_v128_load32_splat(xp + 2);
    FMA(a4, s, d0);
    FMA(a5, s, d1);
    s = wasm_v128_load32_splat(xp + 3);
    FMA(a6, s, d0);
    FMA(a7, s, d1);
  }
  PUT4X8(out, Co);
}

// filter_gradient_direct over all output channels (its arguments without co0, co1), with both
// operands copied per row chunk into `scratch` (K·Co + 16·Co/8 + 4·K floats, K = rowsPerChunk·Wo,
// its own per thread): dy once per chunk as panels of 8 output channels, x once per tap and block
// of 4 input channels. Each micro-kernel then streams two contiguous panels, where
// filter_gradient_direct reads a line of x and one of dy per position, C·sw and Co floats apart:
// with power-of-two channel counts those lines fall into a few L1 sets and are fetched again for
// every block (FCOS's 1×1 laterals at 800²: 1.4–1.7× the forward conv's time against 0.8×,
// bench/results/conv-sweep.md). For C % 4 == 0 and Co % 8 == 0 only. The sums run in the same
// order as filter_gradient_direct's for the same chunks, plus the padding's products 0·dy, which
// add nothing to a finite sum (a NaN or ∞ in dy at a border output reaches the border taps too).
EXPORT("filter_gradient_packed")
void filter_gradient_packed(const float *x, const float *dy, float *dw, float *scratch, int N, int H,
                            int W, int C, int Ho, int Wo, int Co, int kh, int kw, int sh, int sw,
                            int dh, int dwl, int top, int left, int rowsPerChunk, int c0, int c1,
                            int qBegin, int qEnd) {
  (void)N;
  int pstride = 8 * rowsPerChunk * Wo + 16;
  float *dp = scratch, *xp = scratch + (Co / 8) * pstride;
  zero_padding_taps(dw, H, W, C, Ho, Wo, Co, kh, kw, sh, sw, dh, dwl, top, left, c0, c1, 0, Co);
  for (int q0 = qBegin; q0 < qEnd; q0 += rowsPerChunk) {
    int q1 = q0 + rowsPerChunk < qEnd ? q0 + rowsPerChunk : qEnd;
    int K = (q1 - q0) * Wo, first = q0 == qBegin;
    pack_dy(dy + q0 * Wo * Co, dp, K, Co, pstride);
    FOR_READING_TAPS({
      for (int c = c0; c < c1; c += 4) {
        pack_x(x, xp, H, W, C, Ho, Wo, sh, sw, offH, offW, hoLo, hoHi, woLo, woHi, q0, q1, c);
        for (int b = 0; b < Co / 8; b++)
          packed4x8(xp, dp + b * pstride, K, tap + c * Co + b * 8, Co, first);
      }
    })
  }
}
