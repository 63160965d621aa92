// Shared by the conv-gradient SIMD kernels (filter-gradient-direct.c, filter-gradient-packed.c,
// input-gradient.c, copy-runs.c), which build.sh links into one module: small-map and large-map
// conv2d gradients and a strided copy in wasm SIMD128, run on the tfjs wasm backend's own memory
// (the module imports it; every pointer is a byte offset into it). NHWC x / dy, [kh, kw, C, Co]
// filter gradient, float32 throughout. The functions use no stack and no static data, so the
// imported memory is only touched where the caller points (scratch space included). Built by
// build.sh; the .wasm and its base64 copy are committed.
#ifndef CONV_GRADIENT_SIMD_H
#define CONV_GRADIENT_SIMD_H
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define INLINE static inline __attribute__((always_inline))

// The output range [lo, hi) of one axis whose tap offset `off` (tap·dilation − pad) reads inside
// the input of `size`: 0 ≤ o·stride + off < size.
INLINE int range_lo(int off, int stride) { return off >= 0 ? 0 : (-off + stride - 1) / stride; }
INLINE int range_hi(int off, int stride, int size, int out) {
  int last = size - 1 - off;
  if (last < 0) return 0;
  int hi = last / stride + 1;
  return hi < out ? hi : out;
}

// acc += s·d, lane by lane (wasm SIMD128 has no fused multiply-add).
#define FMA(acc, s, d) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(s, d))
// Adds a block's sums to `out`, or (the first row chunk) stores them: dw needs no zeroing pass,
// which on the top pyramid levels (a few outputs, a large filter) costs as much as the sums.
#define PUT(p, acc) wasm_v128_store(p, first ? acc : wasm_f32x4_add(wasm_v128_load(p), acc))
// The same for one float (the channel tails).
#define PUT1(p, v) (*(p) = (first ? 0 : *(p)) + (v))

// A 4 × 8 block's accumulators a0 … a7 (a0, a1: its first input channel's 8 outputs; a2, a3: the
// second's; …) put into dw at `out`, rows `Co` apart.
#define PUT4X8(out, Co)                                                                          \
  {                                                                                              \
    PUT(out, a0);                                                                                \
    PUT((out) + 4, a1);                                                                          \
    PUT((out) + (Co), a2);                                                                       \
    PUT((out) + (Co) + 4, a3);                                                                   \
    PUT((out) + 2 * (Co), a4);                                                                   \
    PUT((out) + 2 * (Co) + 4, a5);                                                               \
    PUT((out) + 3 * (Co), a6);                                                                   \
    PUT((out) + 3 * (Co) + 4, a7);                                                               \
  }

// BODY once per tap (i, j) of a filter gradient that reads inside x, with the tap's offsets offH,
// offW, its valid outputs ho ∈ [hoLo, hoHi), wo ∈ [woLo, woHi) and `tap`, dw's [C, Co] slice.
#define FOR_READING_TAPS(BODY)                                                                   \
  for (int i = 0; i < kh; i++) {                                                                 \
    int offH = i * dh - top;                                                                     \
    int hoLo = range_lo(offH, sh), hoHi = range_hi(offH, sh, H, Ho);                             \
    if (hoLo >= hoHi) continue;                                                                  \
    for (int j = 0; j < kw; j++) {                                                               \
      int offW = j * dwl - left;                                                                 \
      int woLo = range_lo(offW, sw), woHi = range_hi(offW, sw, W, Wo);                           \
      if (woLo >= woHi) continue;                                                                \
      float *tap = dw + (i * kw + j) * C * Co;                                                   \
      BODY                                                                                       \
    }                                                                                            \
  }

// Zeros over dw[i, j, c0:c1, co0:co1] for the taps (i, j) that read only padding, which the
// filter gradients' row chunks never store.
INLINE void zero_padding_taps(float *dw, int H, int W, int C, int Ho, int Wo, int Co, int kh, int kw,
                              int sh, int sw, int dh, int dwl, int top, int left, int c0, int c1,
                              int co0, int co1) {
  for (int i = 0; i < kh; i++)
    for (int j = 0; j < kw; j++) {
      int offH = i * dh - top, offW = j * dwl - left;
      if (range_lo(offH, sh) < range_hi(offH, sh, H, Ho) && range_lo(offW, sw) < range_hi(offW, sw, W, Wo))
        continue;
      for (int c = c0; c < c1; c++)
        for (int co = co0; co < co1; co++) dw[((i * kw + j) * C + c) * Co + co] = 0;
    }
}

#endif
