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
      int sh, int sw, int offH, int offW, int hoLo, int hoHi, int woLo, int woHi, int q0, int q1,    \
      int first
#define FMA(acc, s, d) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(s, d))
// Adds a block's sums to `out`, or (the first row chunk) stores them: dw needs no zeroing pass,
// which on the top pyramid levels (a few outputs, a large filter) costs as much as the sums.
#define PUT(p, acc) wasm_v128_store(p, first ? acc : wasm_f32x4_add(wasm_v128_load(p), acc))
// The same for one float (the channel tails).
#define PUT1(p, v) (*(p) = (first ? 0 : *(p)) + (v))

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
  PUT(out, a0);
  PUT(out + 4, a1);
  PUT(out + Co, a2);
  PUT(out + Co + 4, a3);
  PUT(out + 2 * Co, a4);
  PUT(out + 2 * Co + 4, a5);
  PUT(out + 3 * Co, a6);
  PUT(out + 3 * Co + 4, a7);
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
  for (int i = 0; i < kh; i++)
    for (int j = 0; j < kw; j++) {
      int offH = i * dh - top, offW = j * dwl - left;
      if (range_lo(offH, sh) < range_hi(offH, sh, H, Ho) && range_lo(offW, sw) < range_hi(offW, sw, W, Wo))
        continue;
      for (int c = c0; c < c1; c++)
        for (int co = co0; co < co1; co++) dw[((i * kw + j) * C + c) * Co + co] = 0;
    }
  for (int q0 = qBegin; q0 < qEnd; q0 += rowsPerChunk) {
    int q1 = q0 + rowsPerChunk < qEnd ? q0 + rowsPerChunk : qEnd;
    int first = q0 == qBegin;
    for (int i = 0; i < kh; i++) {
      int offH = i * dh - top;
      int hoLo = range_lo(offH, sh), hoHi = range_hi(offH, sh, H, Ho);
      if (hoLo >= hoHi) continue;
      for (int j = 0; j < kw; j++) {
        int offW = j * dwl - left;
        int woLo = range_lo(offW, sw), woHi = range_hi(offW, sw, W, Wo);
        if (woLo >= woHi) continue;
        float *tap = dw + (i * kw + j) * C * Co;
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
      }
    }
  }
}

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
  PUT(out, a0);
  PUT(out + 4, a1);
  PUT(out + Co, a2);
  PUT(out + Co + 4, a3);
  PUT(out + 2 * Co, a4);
  PUT(out + 2 * Co + 4, a5);
  PUT(out + 3 * Co, a6);
  PUT(out + 3 * Co + 4, a7);
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
  for (int i = 0; i < kh; i++)
    for (int j = 0; j < kw; j++) {
      int offH = i * dh - top, offW = j * dwl - left;
      if (range_lo(offH, sh) < range_hi(offH, sh, H, Ho) && range_lo(offW, sw) < range_hi(offW, sw, W, Wo))
        continue;
      for (int c = c0; c < c1; c++)
        for (int co = 0; co < Co; co++) dw[((i * kw + j) * C + c) * Co + co] = 0;
    }
  for (int q0 = qBegin; q0 < qEnd; q0 += rowsPerChunk) {
    int q1 = q0 + rowsPerChunk < qEnd ? q0 + rowsPerChunk : qEnd;
    int K = (q1 - q0) * Wo, first = q0 == qBegin;
    pack_dy(dy + q0 * Wo * Co, dp, K, Co, pstride);
    for (int i = 0; i < kh; i++) {
      int offH = i * dh - top;
      int hoLo = range_lo(offH, sh), hoHi = range_hi(offH, sh, H, Ho);
      if (hoLo >= hoHi) continue;
      for (int j = 0; j < kw; j++) {
        int offW = j * dwl - left;
        int woLo = range_lo(offW, sw), woHi = range_hi(offW, sw, W, Wo);
        if (woLo >= woHi) continue;
        float *tap = dw + (i * kw + j) * C * Co;
        for (int c = c0; c < c1; c += 4) {
          pack_x(x, xp, H, W, C, Ho, Wo, sh, sw, offH, offW, hoLo, hoHi, woLo, woHi, q0, q1, c);
          for (int b = 0; b < Co / 8; b++)
            packed4x8(xp, dp + b * pstride, K, tap + c * Co + b * 8, Co, first);
        }
      }
    }
  }
}

// The input gradient of one tap at P (1 or 4) dx positions d0 … d3 (any four: from one row or
// several), each += its output's dy (g0 … g3) [0..Co) · wt[0..Co, 0..4V) over 4V channels at a
// time (wt: the tap's [Co, C] transposed filter, at the block's first channel). Accumulates into
// dx (other taps add to it too); every element is its own sum over co, whatever P is.
INLINE void input_block(float *d0, float *d1, float *d2, float *d3, const float *g0,
                        const float *g1, const float *g2, const float *g3, const float *wt, int P,
                        int V, int C, int Co) {
  v128_t a0 = wasm_v128_load(d0), a1 = V > 1 ? wasm_v128_load(d0 + 4) : a0;
  v128_t b0 = a0, b1 = a1, c0 = a0, c1 = a1, e0 = a0, e1 = a1;
  if (P > 1) {
    b0 = wasm_v128_load(d1);
    c0 = wasm_v128_load(d2);
    e0 = wasm_v128_load(d3);
    if (V > 1) {
      b1 = wasm_v128_load(d1 + 4);
      c1 = wasm_v128_load(d2 + 4);
      e1 = wasm_v128_load(d3 + 4);
    }
  }
  for (int co = 0; co < Co; co++) {
    const float *w = wt + co * C;
    v128_t w0 = wasm_v128_load(w), w1 = V > 1 ? wasm_v128_load(w + 4) : w0;
    v128_t s = wasm_f32x4_splat(g0[co]);
    FMA(a0, s, w0);
    if (V > 1) FMA(a1, s, w1);
    if (P > 1) {
      s = wasm_f32x4_splat(g1[co]);
      FMA(b0, s, w0);
      if (V > 1) FMA(b1, s, w1);
      s = wasm_f32x4_splat(g2[co]);
      FMA(c0, s, w0);
      if (V > 1) FMA(c1, s, w1);
      s = wasm_f32x4_splat(g3[co]);
      FMA(e0, s, w0);
      if (V > 1) FMA(e1, s, w1);
    }
  }
  wasm_v128_store(d0, a0);
  if (V > 1) wasm_v128_store(d0 + 4, a1);
  if (P > 1) {
    wasm_v128_store(d1, b0);
    wasm_v128_store(d2, c0);
    wasm_v128_store(d3, e0);
    if (V > 1) {
      wasm_v128_store(d1 + 4, b1);
      wasm_v128_store(d2 + 4, c1);
      wasm_v128_store(d3 + 4, e1);
    }
  }
}

// One dx position, channels c (the tail of C past its 4-channel blocks), one at a time.
INLINE void input_scalar(float *dx, const float *dy, const float *wt, int C, int Co) {
  float acc = *dx;
  for (int co = 0; co < Co; co++) acc += dy[co] * wt[co * C];
  *dx = acc;
}

// Σ a[k]·b[k] over k < n.
INLINE float dot(const float *a, const float *b, int n) {
  v128_t acc = wasm_f32x4_splat(0);
  int k = 0;
  for (; k + 4 <= n; k += 4) FMA(acc, wasm_v128_load(a + k), wasm_v128_load(b + k));
  float sum = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
              wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
  for (; k < n; k++) sum += a[k] * b[k];
  return sum;
}

// One channel block (`cw` ≤ 8 channels from the block's first: 8, else 4 and/or single ones) of
// P (1 or 4) positions.
INLINE void input_positions(float *d0, float *d1, float *d2, float *d3, const float *g0,
                            const float *g1, const float *g2, const float *g3, const float *wt,
                            int P, int cw, int C, int Co) {
  int c = 0;
  if (cw >= 8) {
    input_block(d0, d1, d2, d3, g0, g1, g2, g3, wt, P, 2, C, Co);
    return;
  }
  if (cw >= 4) {
    input_block(d0, d1, d2, d3, g0, g1, g2, g3, wt, P, 1, C, Co);
    c = 4;
  }
  for (; c < cw; c++) {
    input_scalar(d0 + c, g0, wt + c, C, Co);
    if (P > 1) {
      input_scalar(d1 + c, g1, wt + c, C, Co);
      input_scalar(d2 + c, g2, wt + c, C, Co);
      input_scalar(d3 + c, g3, wt + c, C, Co);
    }
  }
}

// input_positions for 4 positions and for 1, each compiled once (P a constant inside: the blocks
// are compiled for it) and called, not inlined, for a block past the last full 8 channels: inlined
// at every use the module was 17.7 KB instead of 14.2 (base64 in every browser bundle), for 0–10 %
// on the smallest maps' calls (demo head P5 on 1 thread: 0.65× → 0.69–0.77×).
static __attribute__((noinline)) void input_positions4(float *d0, float *d1, float *d2, float *d3,
                                                        const float *g0, const float *g1,
                                                        const float *g2, const float *g3,
                                                        const float *wt, int cw, int C, int Co) {
  input_positions(d0, d1, d2, d3, g0, g1, g2, g3, wt, 4, cw, C, Co);
}
static __attribute__((noinline)) void input_positions1(float *d, const float *g, const float *wt,
                                                        int cw, int C, int Co) {
  input_positions(d, d, d, d, g, g, g, g, wt, 1, cw, C, Co);
}

// Every channel block c0 … c1 of 4 outputs (dx d0 … d3, dy g0 … g3): full 8-blocks inlined, the
// block past the last full one called.
INLINE void input_four(float *d0, float *d1, float *d2, float *d3, const float *g0, const float *g1,
                       const float *g2, const float *g3, const float *tap, int c0, int c1, int C,
                       int Co) {
  int c = c0;
  for (; c + 8 <= c1; c += 8)
    input_block(d0 + c, d1 + c, d2 + c, d3 + c, g0, g1, g2, g3, tap + c, 4, 2, C, Co);
  if (c < c1)
    input_positions4(d0 + c, d1 + c, d2 + c, d3 + c, g0, g1, g2, g3, tap + c, c1 - c, C, Co);
}

// The same for one output.
INLINE void input_one(float *d, const float *g, const float *tap, int c0, int c1, int C, int Co) {
  int c = c0;
  for (; c + 8 <= c1; c += 8) input_block(d + c, d, d, d, g, g, g, g, tap + c, 1, 2, C, Co);
  if (c < c1) input_positions1(d + c, g, tap + c, c1 - c, C, Co);
}

// One output row at a time, all taps of it (wide maps: its dx stays in L1 over the taps); 4
// outputs of the row × 8 channels in registers, the row's last 1–3 one by one.
static void input_gradient_rows(const float *dy, const float *wt, const float *w, float *dx, int H,
                                int W, int C, int Ho, int Wo, int Co, int kh, int kw, int sh,
                                int sw, int dh, int dwl, int top, int left, int n0, int n1, int c0,
                                int c1) {
  int stride = sw * C;
  for (int n = n0; n < n1; n++)
    for (int ho = 0; ho < Ho; ho++)
      for (int i = 0; i < kh; i++) {
        int h = ho * sh + i * dh - top;
        if (h < 0 || h >= H) continue;
        for (int j = 0; j < kw; j++) {
          int off = j * dwl - left;
          int woLo = range_lo(off, sw), woHi = range_hi(off, sw, W, Wo);
          const float *tap = wt + ((kh - 1 - i) * kw + (kw - 1 - j)) * Co * C;
          for (int wo = woLo; wo < woHi;) {
            int P = wo + 4 <= woHi ? 4 : 1;
            float *d = dx + ((n * H + h) * W + wo * sw + off) * C;
            const float *g = dy + ((n * Ho + ho) * Wo + wo) * Co;
            if (C < 4) {
              // too few channels for a vector: dot products along Co with the filter itself
              const float *wc = w + (i * kw + j) * C * Co;
              for (int p = 0; p < P; p++)
                for (int c = c0; c < c1; c++) d[p * stride + c] += dot(g + p * Co, wc + c * Co, Co);
            } else if (P == 4) {
              input_four(d, d + stride, d + 2 * stride, d + 3 * stride, g, g + Co, g + 2 * Co,
                         g + 3 * Co, tap, c0, c1, C, Co);
            } else {
              input_one(d, g, tap, c0, c1, C, Co);
            }
            wo += P;
          }
        }
      }
}

// Chunks of `rows` output rows on a fixed grid (see input_gradient_direct), their outputs
// gathered 4 at a time across the chunk's rows and images.
static void input_gradient_gathered(const float *dy, const float *wt, const float *w, float *dx,
                                    int H, int W, int C, int Ho, int Wo, int Co, int kh, int kw,
                                    int sh, int sw, int dh, int dwl, int top, int left, int rows,
                                    int n0, int n1, int c0, int c1) {
  int stride = sw * C;
  int qEnd = n1 * Ho;
  for (int qc = (n0 * Ho / rows) * rows; qc < qEnd; qc += rows) {
    int qa = qc > n0 * Ho ? qc : n0 * Ho, qb = qc + rows < qEnd ? qc + rows : qEnd;
    for (int i = 0; i < kh; i++)
      for (int j = 0; j < kw; j++) {
        int off = j * dwl - left;
        int woLo = range_lo(off, sw), woHi = range_hi(off, sw, W, Wo);
        const float *tap = wt + ((kh - 1 - i) * kw + (kw - 1 - j)) * Co * C;
        const float *wc = w + (i * kw + j) * C * Co;
        int k = 0;
        float *d0 = dx, *d1 = dx, *d2 = dx, *d3 = dx;
        const float *g0 = dy, *g1 = dy, *g2 = dy, *g3 = dy;
        for (int q = qa; q < qb; q++) {
          int n = q / Ho, ho = q - n * Ho;
          int h = ho * sh + i * dh - top;
          if (h < 0 || h >= H) continue;
          float *d = dx + ((n * H + h) * W + woLo * sw + off) * C;
          const float *g = dy + (q * Wo + woLo) * Co;
          if (C < 4) {
            // too few channels for a vector: dot products along Co with the filter itself
            for (int wo = woLo; wo < woHi; wo++, d += stride, g += Co)
              for (int c = c0; c < c1; c++) d[c] += dot(g, wc + c * Co, Co);
            continue;
          }
          // the row's outputs 4 at a time, all channel blocks of them at once (their dx stays in
          // L1); its last 1–3 wait for those of the chunk's next rows
          int wo = woLo;
          for (; wo + 4 <= woHi; wo += 4, d += 4 * stride, g += 4 * Co)
            input_four(d, d + stride, d + 2 * stride, d + 3 * stride, g, g + Co, g + 2 * Co,
                       g + 3 * Co, tap, c0, c1, C, Co);
          for (; wo < woHi; wo++, d += stride, g += Co) {
            if (k == 0) d0 = d, g0 = g;
            else if (k == 1) d1 = d, g1 = g;
            else if (k == 2) d2 = d, g2 = g;
            else d3 = d, g3 = g;
            if (++k == 4) {
              input_four(d0, d1, d2, d3, g0, g1, g2, g3, tap, c0, c1, C, Co);
              k = 0;
            }
          }
        }
        if (k > 0) input_one(d0, g0, tap, c0, c1, C, Co);
        if (k > 1) input_one(d1, g1, tap, c0, c1, C, Co);
        if (k > 2) input_one(d2, g2, tap, c0, c1, C, Co);
      }
  }
}

// The input gradient dx[n, h, w, c] = Σ_{i, j, co} dy[n, ho, wo, co] · w[i, j, c, co] over the
// taps and outputs with ho·sh + i·dh − top = h and wo·sw + j·dw − left = w, written over
// dx[n0:n1, :, :, c0:c1] only, so that threads can share one call by images or channel ranges
// (c0 a multiple of 8: the blocks of each range are those of the whole).
// `wt` is the flipped, in/out-transposed filter [kh, kw, Co, C] (wt[kh−1−i, kw−1−j] = w[i, j]ᵀ),
// the one the XNNPACK route caches, and `w` the filter itself. The output rows (q = n·Ho + ho) are
// taken in chunks of `rowsPerChunk` on a fixed grid. Per chunk and tap, the chunk's outputs go 4
// at a time, across its rows and images: 4 dx positions × 8 channels accumulated in registers over
// Co, for every channel block. Chunks of one row keep each row's dx in L1 over its taps (wide
// maps); chunks of many rows let a narrow map (or the 1–3 outputs a tap leaves at a row's end)
// still reuse each filter load 4 times. With fewer than 4 channels (an RGB input), dot products
// along Co with `w` instead. Each element's sum runs in the order chunk, tap, output: the same for
// any n0 … n1, c0 … c1.
EXPORT("input_gradient_direct")
void input_gradient_direct(const float *dy, const float *wt, const float *w, float *dx, int N, int H,
                           int W, int C, int Ho, int Wo, int Co, int kh, int kw, int sh, int sw,
                           int dh, int dwl, int top, int left, int rowsPerChunk, int n0, int n1,
                           int c0, int c1) {
  (void)N;
  for (int p = n0 * H * W; p < n1 * H * W; p++)
    for (int c = c0; c < c1; c++) dx[p * C + c] = 0;
  if (rowsPerChunk <= 1)
    input_gradient_rows(dy, wt, w, dx, H, W, C, Ho, Wo, Co, kh, kw, sh, sw, dh, dwl, top, left, n0,
                        n1, c0, c1);
  else
    input_gradient_gathered(dy, wt, w, dx, H, W, C, Ho, Wo, Co, kh, kw, sh, sw, dh, dwl, top, left,
                            rowsPerChunk, n0, n1, c0, c1);
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
