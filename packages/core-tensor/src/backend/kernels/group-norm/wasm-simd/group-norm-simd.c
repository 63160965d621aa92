// The per-element sweeps of aligndet's GroupNorm kernels in wasm SIMD128, run on the tfjs wasm
// backend's own memory (this module imports it; every pointer is a byte offset into it). Rows are
// NHWC positions of `channels` floats; the per-group arithmetic between the sweeps stays in JS
// (group-norm-math.ts). Sums accumulate in float64 (f64x2), products and outputs in float32.
// The functions use no stack and no static data, so the imported memory is only touched where the
// caller points. Built by build.sh; the .wasm and its base64 copy are committed.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))

static inline v128_t promote_high(v128_t v) {
  return wasm_f64x2_promote_low_f32x4(wasm_i32x4_shuffle(v, v, 2, 3, 2, 3));
}

// Σx and Σx² per channel over `rows` rows: sums[c], squares[c] (float64).
EXPORT("channel_moments")
void channel_moments(const float *x, int rows, int channels, double *sums, double *squares) {
  int c = 0;
  for (; c + 4 <= channels; c += 4) {
    v128_t s0 = wasm_f64x2_splat(0), s1 = s0, q0 = s0, q1 = s0;
    const float *p = x + c;
    for (int r = 0; r < rows; r++, p += channels) {
      v128_t v = wasm_v128_load(p);
      v128_t lo = wasm_f64x2_promote_low_f32x4(v), hi = promote_high(v);
      s0 = wasm_f64x2_add(s0, lo);
      s1 = wasm_f64x2_add(s1, hi);
      q0 = wasm_f64x2_add(q0, wasm_f64x2_mul(lo, lo));
      q1 = wasm_f64x2_add(q1, wasm_f64x2_mul(hi, hi));
    }
    wasm_v128_store(sums + c, s0);
    wasm_v128_store(sums + c + 2, s1);
    wasm_v128_store(squares + c, q0);
    wasm_v128_store(squares + c + 2, q1);
  }
  for (; c < channels; c++) {
    double s = 0, q = 0;
    const float *p = x + c;
    for (int r = 0; r < rows; r++, p += channels) {
      double v = *p;
      s += v;
      q += v * v;
    }
    sums[c] = s;
    squares[c] = q;
  }
}

// Σdy and Σdy·x per channel over `rows` rows (float64).
EXPORT("channel_gradient_sums")
void channel_gradient_sums(const float *dy, const float *x, int rows, int channels, double *sum_dy,
                           double *sum_dy_x) {
  int c = 0;
  for (; c + 4 <= channels; c += 4) {
    v128_t s0 = wasm_f64x2_splat(0), s1 = s0, t0 = s0, t1 = s0;
    const float *pd = dy + c, *px = x + c;
    for (int r = 0; r < rows; r++, pd += channels, px += channels) {
      v128_t d = wasm_v128_load(pd), v = wasm_v128_load(px);
      v128_t dlo = wasm_f64x2_promote_low_f32x4(d), dhi = promote_high(d);
      s0 = wasm_f64x2_add(s0, dlo);
      s1 = wasm_f64x2_add(s1, dhi);
      t0 = wasm_f64x2_add(t0, wasm_f64x2_mul(dlo, wasm_f64x2_promote_low_f32x4(v)));
      t1 = wasm_f64x2_add(t1, wasm_f64x2_mul(dhi, promote_high(v)));
    }
    wasm_v128_store(sum_dy + c, s0);
    wasm_v128_store(sum_dy + c + 2, s1);
    wasm_v128_store(sum_dy_x + c, t0);
    wasm_v128_store(sum_dy_x + c + 2, t1);
  }
  for (; c < channels; c++) {
    double s = 0, t = 0;
    const float *pd = dy + c, *px = x + c;
    for (int r = 0; r < rows; r++, pd += channels, px += channels) {
      s += *pd;
      t += (double)*pd * *px;
    }
    sum_dy[c] = s;
    sum_dy_x[c] = t;
  }
}

// out = a·alpha[c] + b·beta[c] + gamma[c] over `rows` rows; b may be 0 (then out = a·alpha + gamma):
// the forward's y = x·scale + shift and the backward's dx = dy·α + x·β + γ.
EXPORT("channel_affine")
void channel_affine(const float *a, const float *b, int rows, int channels, const float *alpha,
                    const float *beta, const float *gamma, float *out) {
  for (int r = 0; r < rows; r++, a += channels, out += channels) {
    int c = 0;
    if (b) {
      for (; c + 4 <= channels; c += 4) {
        v128_t v = wasm_f32x4_mul(wasm_v128_load(a + c), wasm_v128_load(alpha + c));
        v = wasm_f32x4_add(v, wasm_f32x4_mul(wasm_v128_load(b + c), wasm_v128_load(beta + c)));
        wasm_v128_store(out + c, wasm_f32x4_add(v, wasm_v128_load(gamma + c)));
      }
      for (; c < channels; c++) out[c] = a[c] * alpha[c] + b[c] * beta[c] + gamma[c];
      b += channels;
    } else {
      for (; c + 4 <= channels; c += 4) {
        v128_t v = wasm_f32x4_mul(wasm_v128_load(a + c), wasm_v128_load(alpha + c));
        wasm_v128_store(out + c, wasm_f32x4_add(v, wasm_v128_load(gamma + c)));
      }
      for (; c < channels; c++) out[c] = a[c] * alpha[c] + gamma[c];
    }
  }
}
