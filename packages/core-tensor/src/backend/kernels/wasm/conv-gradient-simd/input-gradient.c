// The input gradient for small maps, strided convs and inputs under 4 channels.
#include "simd.h"

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
