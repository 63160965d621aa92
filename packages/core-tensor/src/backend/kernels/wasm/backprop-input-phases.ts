import { type backend_util, getKernel, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { byteOffset, convGradientSimd } from './conv-gradient-simd';
import { withDerivedFilters } from './flipped-filter-cache';
import type { WasmHeapBackend } from './wasm-heap';

/** Where one output phase of a strided input gradient comes from, along one spatial axis. */
interface AxisPhase {
  /** Taps of the original kernel this phase uses: `first + stride·t`, t = 0 … count−1. */
  first: number;
  count: number;
  /** dy padding before / after for the phase's stride-1 conv (never negative). */
  padBefore: number;
  padAfter: number;
  /** Rows of that conv's output to skip (when the ideal padding was negative), and rows to use. */
  skip: number;
  length: number;
}

/**
 * Along one axis: dx[s·u + a] = Σ_t dy[u + q − t] · w[r + s·t], with r = (a + pad) mod s and
 * q = (a + pad − r)/s. As a stride-1 correlation of dy with the flipped sub-kernel this needs
 * `count − 1 − q` rows of padding before dy (negative: skip output rows instead).
 */
function axisPhase(
  a: number,
  stride: number,
  k: number,
  pad: number,
  inSize: number,
  outSize: number,
): AxisPhase {
  const first = (a + pad) % stride;
  const count = first < k ? Math.ceil((k - first) / stride) : 0;
  const q = (a + pad - first) / stride;
  const length = Math.ceil((inSize - a) / stride);
  const before = count - 1 - q;
  const padBefore = Math.max(0, before);
  const skip = Math.max(0, -before);
  const padAfter = Math.max(0, length + skip - outSize - padBefore + count - 1);
  return { first, count, padBefore, padAfter, skip, length };
}

/**
 * The strided (dilation 1) conv2d input gradient on the wasm backend as `sh·sw` stride-1 XNNPACK
 * convolutions, one per output phase (h mod sh, w mod sw): each phase of dx is dy convolved with
 * the taps of the flipped, in/out-transposed filter that land on it, and the phases are
 * interleaved into dx (by the SIMD `copy_runs` when the module loads, else in JS). Same
 * multiply-adds as the forward conv (convolving a zero-dilated dy would take `sh·sw` times more). The phase sub-kernels are cached per source filter
 * (`withDerivedFilters`).
 */
export function backpropInputByPhases(
  b: WasmHeapBackend,
  backend: KernelBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C } = info;
  const { outHeight: Ho, outWidth: Wo, outChannels: Co, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const phases: Array<{ a: number; c0: number; ph: AxisPhase; pw: AxisPhase }> = [];
  for (let a = 0; a < sh && a < H; a++) {
    const ph = axisPhase(a, sh, kh, top, H, Ho);
    if (ph.count === 0 || ph.length <= 0) continue;
    for (let c0 = 0; c0 < sw && c0 < W; c0++) {
      const pw = axisPhase(c0, sw, kw, left, W, Wo);
      if (pw.count > 0 && pw.length > 0) phases.push({ a, c0, ph, pw });
    }
  }
  // sub-kernel g[t', t'', co, c] = w[first_h + sh·(count_h−1−t'), first_w + sw·(count_w−1−t''), c, co]
  const subKernels = () =>
    phases.map(({ ph, pw }) => {
      const g = b.makeOutput([ph.count, pw.count, Co, C], 'float32');
      // views after the allocation
      const w = b.typedArrayFromHeap(filter) as Float32Array;
      const gv = b.typedArrayFromHeap(g) as Float32Array;
      for (let t = 0; t < ph.count; t++) {
        const i = ph.first + sh * (ph.count - 1 - t);
        for (let u = 0; u < pw.count; u++) {
          const j = pw.first + sw * (pw.count - 1 - u);
          const src = (i * kw + j) * C * Co;
          const dst = (t * pw.count + u) * Co * C;
          for (let ci = 0; ci < C; ci++)
            for (let o = 0; o < Co; o++) gv[dst + o * C + ci] = w[src + ci * Co + o]!;
        }
      }
      return g;
    });
  // the phases (and so the sub-kernels) depend on the filter, strides, padding and min(H, sh)…
  const variant = `phases ${filter.shape} s=${sh},${sw} p=${top},${left} ${Math.min(H, sh)},${Math.min(W, sw)}`;
  const conv2d = getKernel('Conv2D', 'wasm')!.kernelFunc;
  const simd = convGradientSimd(b);
  // every element of dx is written when no phase is empty (k ≥ stride, e.g. 3×3 stride 2)
  const covered = phases.length === Math.min(sh, H) * Math.min(sw, W);
  return withDerivedFilters(b, filter, variant, subKernels, (gs) => {
    const dx = b.makeOutput([N, H, W, C], 'float32');
    if (!covered) (b.typedArrayFromHeap(dx) as Float32Array).fill(0);
    phases.forEach(({ a, c0, ph, pw }, k) => {
      const phase = conv2d({
        inputs: { x: dy, filter: gs[k]! },
        backend,
        attrs: {
          strides: [1, 1],
          pad: [
            [0, 0],
            [ph.padBefore, ph.padAfter],
            [pw.padBefore, pw.padAfter],
            [0, 0],
          ],
          dataFormat: 'NHWC',
          dilations: [1, 1],
        },
      }) as TensorInfo;
      const [, Pu, Pv] = phase.shape as [number, number, number, number];
      // interleave the phase into dx: per image, rows a + sh·u, columns c0 + sw·v
      if (simd) {
        const [src, dst] = [byteOffset(b, phase), byteOffset(b, dx)];
        for (let n = 0; n < N; n++) {
          simd.copy_runs(
            src + 4 * ((n * Pu + ph.skip) * Pv + pw.skip) * C,
            dst + 4 * ((n * H + a) * W + c0) * C,
            ph.length,
            pw.length,
            C,
            Pv * C,
            C,
            sh * W * C,
            sw * C,
          );
        }
      } else {
        // views after the allocations
        const out = b.typedArrayFromHeap(dx) as Float32Array;
        const pv = b.typedArrayFromHeap(phase) as Float32Array;
        for (let n = 0; n < N; n++) {
          for (let u = 0; u < ph.length; u++) {
            const h = a + sh * u;
            const srcRow = (n * Pu + u + ph.skip) * Pv;
            for (let v = 0; v < pw.length; v++) {
              const src = (srcRow + v + pw.skip) * C;
              const dst = ((n * H + h) * W + c0 + sw * v) * C;
              for (let ci = 0; ci < C; ci++) out[dst + ci] = pv[src + ci]!;
            }
          }
        }
      }
      b.disposeData(phase.dataId);
    });
    return dx;
  });
}
