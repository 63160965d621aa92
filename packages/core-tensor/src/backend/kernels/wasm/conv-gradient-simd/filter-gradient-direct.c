// The filter gradient read in place: per tap, blocks of input × output channels accumulated in
// registers over chunks of output rows (every shape the packed kernel does not take).
#include "simd.h"

// The loops over one tap's valid outputs among the output rows q0 … q1 − 1 (q = n·Ho + ho):
// `xr` points at x[position + tap, c], `dr` at dy[output, co]; BODY accumulates one output.
#define OVER_OUTPUTS(BODY)                                                                       \
  for (int q = q0; q < q1; q++) {                                                                \
    int n = q / Ho, ho = q - n * Ho;                                                             \
    if (ho < hoLo || ho >= hoHi) continue;                                                       \
    const float *xr = x + ((n * H + ho * sh + offH) * W + woLo * sw + offW) * C;                \
    const float *dr = dy + (q * Wo + woLo) * Co;                                                 \
    for (int wo = woLo; wo < woHi; wo++, xr += sw * C, dr += Co) { BODY }                       \
  }
#define ARGS                                                                                     \
  const float *x, const float *dy, float *out, int N, int H, int W, int C, int Ho, int Wo, int Co, \
      int sh, int sw, int offH, int offW, int hoLo, int hoHi, int woLo, int woHi, int q0, int q1,    \
      int first
// One tap's block of 4 input channels × 8 output channels: Σ over the valid outputs of
// x[position + tap, c..c+4) ⊗ dy[output, co..co+8), in 8 registers (named, not an array: an
// array would live on the stack, which this module must not use), then added to `out`.
INLINE void block4x8(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
  OVER_OUTPUTS(v128_t d0 = wasm_v128_load(dr); v128_t d1 = wasm_v128_load(dr + 4);
               v128_t s = wasm_f32x4_splat(xr[0]); FMA(a0, s, d0); FMA(a1, s, d1);
               s = wasm_f32x4_splat(xr[1]); FMA(a2, s, d0); FMA(a3, s, d1);
               s = wasm_f32x4_splat(xr[2]); FMA(a4, s, d0); FMA(a5, s, d1);
               s = wasm_f32x4_splat(xr[3]); FMA(a6, s, d0); FMA(a7, s, d1);)
  PUT4X8(out, Co);
}

// 4 input channels × 4 output channels.
INLINE void block4x4(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  OVER_OUTPUTS(v128_t d0 = wasm_v128_load(dr); FMA(a0, wasm_f32x4_splat(xr[0]), d0);
               FMA(a1, wasm_f32x4_splat(xr[1]), d0); FMA(a2, wasm_f32x4_splat(xr[2]), d0);
               FMA(a3, wasm_f32x4_splat(xr[3]), d0);)
  PUT(out, a0);
  PUT(out + Co, a1);
  PUT(out + 2 * Co, a2);
  PUT(out + 3 * Co, a3);
}

// 3 input channels × 8 output channels: an RGB input's whole pixel per splat triple, so that the
// stem's dy is loaded once for its 3 channels rather than once per channel (1x8 blocks: 1.24-1.3×
// the forward conv's time, bench/results/conv-sweep.md).
INLINE void block3x8(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
  OVER_OUTPUTS(v128_t d0 = wasm_v128_load(dr); v128_t d1 = wasm_v128_load(dr + 4);
               v128_t s = wasm_f32x4_splat(xr[0]); FMA(a0, s, d0); FMA(a1, s, d1);
               s = wasm_f32x4_splat(xr[1]); FMA(a2, s, d0); FMA(a3, s, d1);
               s = wasm_f32x4_splat(xr[2]); FMA(a4, s, d0); FMA(a5, s, d1);)
  PUT(out, a0);
  PUT(out + 4, a1);
  PUT(out + Co, a2);
  PUT(out + Co + 4, a3);
  PUT(out + 2 * Co, a4);
  PUT(out + 2 * Co + 4, a5);
}

// 1 input channel × 8 output channels.
INLINE void block1x8(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0;
  OVER_OUTPUTS(v128_t s = wasm_f32x4_splat(xr[0]); FMA(a0, s, wasm_v128_load(dr));
               FMA(a1, s, wasm_v128_load(dr + 4));)
  PUT(out, a0);
  PUT(out + 4, a1);
}

// 1 input channel × 4 output channels.
INLINE void block1x4(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0);
  OVER_OUTPUTS(FMA(a0, wasm_f32x4_splat(xr[0]), wasm_v128_load(dr));)
  PUT(out, a0);
}

// One input channel × one output channel (the tails of C and Co).
INLINE float scalar(ARGS) {
  float acc = 0;
  (void)out;
  (void)first;
  OVER_OUTPUTS(acc += *xr * *dr;)
  return acc;
}

#define AT(c, co) x + (c), dy + (co), tap + (c) * Co + (co), N, H, W, C, Ho, Wo, Co, sh, sw, offH, offW, \
                  hoLo, hoHi, woLo, woHi, q0, q1, first

// The filter gradient dw[i, j, c, co] = Σ_{n, ho, wo} x[n, ho·sh + i·dh − top, wo·sw + j·dw − left, c]
// · dy[n, ho, wo, co] (reads outside x are zeros), written over dw[:, :, c0:c1, co0:co1] only, so
// that threads can share one call by channel ranges (c0 a multiple of 4, co0 of 8: the blocks of
// each range are those of the whole), summed over the output rows q = n·Ho + ho in [qBegin, qEnd)
// (all of them, N·Ho, but for threads that split the rows and add up their dw). The rows are
// taken `rowsPerChunk` at a time (all taps and channel blocks per chunk), so that the chunk's dy
// and x stay in cache while every block sweeps them.
EXPORT("filter_gradient_direct")
void filter_gradient_direct(const float *x, const float *dy, float *dw, int N, int H, int W, int C,
                            int Ho, int Wo, int Co, int kh, int kw, int sh, int sw, int dh, int dwl,
                            int top, int left, int rowsPerChunk, int c0, int c1, int co0, int co1,
                            int qBegin, int qEnd) {
  // the taps that read only padding get zeros; the others are stored by the first row chunk
  zero_padding_taps(dw, H, W, C, Ho, Wo, Co, kh, kw, sh, sw, dh, dwl, top, left, c0, c1, co0, co1);
  for (int q0 = qBegin; q0 < qEnd; q0 += rowsPerChunk) {
    int q1 = q0 + rowsPerChunk < qEnd ? q0 + rowsPerChunk : qEnd;
    int first = q0 == qBegin;
    FOR_READING_TAPS({
      int c = c0;
      for (; c + 4 <= c1; c += 4) {
        int co = co0;
        for (; co + 8 <= co1; co += 8) block4x8(AT(c, co));
        for (; co + 4 <= co1; co += 4) block4x4(AT(c, co));
        for (; co < co1; co++)
          for (int r = 0; r < 4; r++) PUT1(tap + (c + r) * Co + co, scalar(AT(c + r, co)));
      }
      if (c1 - c == 3) {
        int co = co0;
        for (; co + 8 <= co1; co += 8) block3x8(AT(c, co));
        for (int r = 0; r < 3; r++) {
          int cr = c + r;
          for (int k = co; k + 4 <= co1; k += 4) block1x4(AT(cr, k));
          for (int k = co + (co1 - co) / 4 * 4; k < co1; k++) PUT1(tap + cr * Co + k, scalar(AT(cr, k)));
        }
        c = c1;
      }
      for (; c < c1; c++) {
        int co = co0;
        for (; co + 8 <= co1; co += 8) block1x8(AT(c, co));
        for (; co + 4 <= co1; co += 4) block1x4(AT(c, co));
        for (; co < co1; co++) PUT1(tap + c * Co + co, scalar(AT(c, co)));
      }
    })
  }
}
