// Small-map conv2d gradients and a strided copy in wasm SIMD128, run on the tfjs wasm backend's own
// memory (this module imports it; every pointer is a byte offset into it). For maps where the
// XNNPACK route (pads, transposes, one matmul per tap) is mostly per-call overhead: the top pyramid
// levels, batch × 1² … 8². NHWC x / dy, [kh, kw, C, Co] filter gradient, float32 throughout.
// The functions use no stack and no static data, so the imported memory is only touched where the
// caller points. Built by build.sh; the .wasm and its base64 copy are committed.
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
      int sh, int sw, int offH, int offW, int hoLo, int hoHi, int woLo, int woHi, int q0, int q1
#define FMA(acc, s, d) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(s, d))

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
  wasm_v128_store(out, wasm_f32x4_add(wasm_v128_load(out), a0));
  wasm_v128_store(out + 4, wasm_f32x4_add(wasm_v128_load(out + 4), a1));
  wasm_v128_store(out + Co, wasm_f32x4_add(wasm_v128_load(out + Co), a2));
  wasm_v128_store(out + Co + 4, wasm_f32x4_add(wasm_v128_load(out + Co + 4), a3));
  wasm_v128_store(out + 2 * Co, wasm_f32x4_add(wasm_v128_load(out + 2 * Co), a4));
  wasm_v128_store(out + 2 * Co + 4, wasm_f32x4_add(wasm_v128_load(out + 2 * Co + 4), a5));
  wasm_v128_store(out + 3 * Co, wasm_f32x4_add(wasm_v128_load(out + 3 * Co), a6));
  wasm_v128_store(out + 3 * Co + 4, wasm_f32x4_add(wasm_v128_load(out + 3 * Co + 4), a7));
}

// 4 input channels × 4 output channels.
INLINE void block4x4(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
  OVER_OUTPUTS(v128_t d0 = wasm_v128_load(dr); FMA(a0, wasm_f32x4_splat(xr[0]), d0);
               FMA(a1, wasm_f32x4_splat(xr[1]), d0); FMA(a2, wasm_f32x4_splat(xr[2]), d0);
               FMA(a3, wasm_f32x4_splat(xr[3]), d0);)
  wasm_v128_store(out, wasm_f32x4_add(wasm_v128_load(out), a0));
  wasm_v128_store(out + Co, wasm_f32x4_add(wasm_v128_load(out + Co), a1));
  wasm_v128_store(out + 2 * Co, wasm_f32x4_add(wasm_v128_load(out + 2 * Co), a2));
  wasm_v128_store(out + 3 * Co, wasm_f32x4_add(wasm_v128_load(out + 3 * Co), a3));
}

// 1 input channel × 8 output channels.
INLINE void block1x8(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0), a1 = a0;
  OVER_OUTPUTS(v128_t s = wasm_f32x4_splat(xr[0]); FMA(a0, s, wasm_v128_load(dr));
               FMA(a1, s, wasm_v128_load(dr + 4));)
  wasm_v128_store(out, wasm_f32x4_add(wasm_v128_load(out), a0));
  wasm_v128_store(out + 4, wasm_f32x4_add(wasm_v128_load(out + 4), a1));
}

// 1 input channel × 4 output channels.
INLINE void block1x4(ARGS) {
  v128_t a0 = wasm_f32x4_splat(0);
  OVER_OUTPUTS(FMA(a0, wasm_f32x4_splat(xr[0]), wasm_v128_load(dr));)
  wasm_v128_store(out, wasm_f32x4_add(wasm_v128_load(out), a0));
}

// One input channel × one output channel (the tails of C and Co).
INLINE float scalar(ARGS) {
  float acc = 0;
  (void)out;
  OVER_OUTPUTS(acc += *xr * *dr;)
  return acc;
}

#define AT(c, co) x + (c), dy + (co), tap + (c) * Co + (co), N, H, W, C, Ho, Wo, Co, sh, sw, offH, offW, \
                  hoLo, hoHi, woLo, woHi, q0, q1

// The filter gradient dw[i, j, c, co] = Σ_{n, ho, wo} x[n, ho·sh + i·dh − top, wo·sw + j·dw − left, c]
// · dy[n, ho, wo, co] (reads outside x are zeros), written over dw. The output rows are taken
// `rowsPerChunk` at a time (all taps and channel blocks per chunk), so that the chunk's dy and x
// stay in cache while every block sweeps them.
EXPORT("filter_gradient_direct")
void filter_gradient_direct(const float *x, const float *dy, float *dw, int N, int H, int W, int C,
                            int Ho, int Wo, int Co, int kh, int kw, int sh, int sw, int dh, int dwl,
                            int top, int left, int rowsPerChunk) {
  int total = kh * kw * C * Co;
  for (int k = 0; k < total; k++) dw[k] = 0;
  for (int q0 = 0; q0 < N * Ho; q0 += rowsPerChunk) {
    int q1 = q0 + rowsPerChunk < N * Ho ? q0 + rowsPerChunk : N * Ho;
    for (int i = 0; i < kh; i++) {
      int offH = i * dh - top;
      int hoLo = range_lo(offH, sh), hoHi = range_hi(offH, sh, H, Ho);
      if (hoLo >= hoHi) continue;
      for (int j = 0; j < kw; j++) {
        int offW = j * dwl - left;
        int woLo = range_lo(offW, sw), woHi = range_hi(offW, sw, W, Wo);
        if (woLo >= woHi) continue;
        float *tap = dw + (i * kw + j) * C * Co;
        int c = 0;
        for (; c + 4 <= C; c += 4) {
          int co = 0;
          for (; co + 8 <= Co; co += 8) block4x8(AT(c, co));
          for (; co + 4 <= Co; co += 4) block4x4(AT(c, co));
          for (; co < Co; co++)
            for (int r = 0; r < 4; r++) tap[(c + r) * Co + co] += scalar(AT(c + r, co));
        }
        for (; c < C; c++) {
          int co = 0;
          for (; co + 8 <= Co; co += 8) block1x8(AT(c, co));
          for (; co + 4 <= Co; co += 4) block1x4(AT(c, co));
          for (; co < Co; co++) tap[c * Co + co] += scalar(AT(c, co));
        }
      }
    }
  }
}

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
