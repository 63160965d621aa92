import { type backend_util, getKernel, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { filterGradientGrid, windowStart, zeroChannels } from './filter-gradient-grid';
import { floatOffset, heapF32, heapView, releaseHeapView, type WasmHeapBackend } from './wasm-heap';

/**
 * Largest channels-first, zero-padded copy of x (in floats, default 2²⁴ = 64 MB) that
 * {@link filterGradientShiftedRows} builds at once; more images are taken in chunks. A tuning knob
 * (tests lower it).
 */
export const wasmIm2colLimit = { maxFloats: 1 << 24 };

/**
 * The conv2d filter gradient on the wasm backend without building an im2col matrix: for each tap
 * (i, j), dW[i, j] = X_ij · dy, an XNNPACK matmul `[C, Q] · [Q, Co]` (the small dy as the right
 * operand, which XNNPACK packs once for all taps; its transpose flags are ~12× slower).
 *
 * Q runs over every position q of the zero-padded phase grids of the images
 * (`filterGradientGrid`; one phase per axis at stride 1), and dy gets zero rows where q is not an
 * output. With x channels-first on each phase grid (`xT[phase][c, q]`, built by the backend's own
 * pad and transposes, plus zero channels), X_ij[c, q] = xT[phase_ij][c, q + off_ij] is the
 * `[C, Q]` matrix that starts `off_ij` floats into its phase: a window of xT's memory whose rows
 * run on into the next channel's zero border (the last one into the zero channels: one, or more
 * when a map is smaller than the kernel's reach and off_ij exceeds Q), so no column
 * matrix is built or copied (copying the windows into one for a single matmul measured slower,
 * even for 3 input channels: with threads, wasm memory is a SharedArrayBuffer, which V8 copies
 * slowly). The products are written straight into the result. Returns null when one image alone
 * exceeds `wasmIm2colLimit.maxFloats` (the caller then builds the columns in JS row chunks).
 */
export function filterGradientShiftedRows(
  b: WasmHeapBackend,
  backend: KernelBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo | null {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C } = info;
  const { outHeight: Ho, outWidth: Wo, outChannels: Co, filterHeight: kh, filterWidth: kw } = info;
  const grid = filterGradientGrid(info);
  const { rows, cols } = grid;
  const phases = rows.stride * cols.stride;
  const cells = rows.size * cols.size;
  const imageFloats = (C + zeroChannels(grid, cells)) * phases * cells;
  if (imageFloats > wasmIm2colLimit.maxFloats) return null;
  const dW = b.makeOutput([kh, kw, C, Co], 'float32');
  if (N * H * W * Ho * Wo * C * Co === 0) {
    (b.typedArrayFromHeap(dW) as Float32Array).fill(0);
    return dW;
  }
  const batchMatMul = getKernel('BatchMatMul', 'wasm')!.kernelFunc;
  const padV2 = getKernel('PadV2', 'wasm')!.kernelFunc;
  const transposeKernel = getKernel('Transpose', 'wasm')!.kernelFunc;
  const pad = (t: TensorInfo, paddings: Array<[number, number]>) =>
    padV2({ inputs: { x: t }, backend, attrs: { paddings, constantValue: 0 } }) as TensorInfo;
  /** `t` (its data read as `shape`) transposed by `perm`; `t` is disposed. */
  const transposed = (t: TensorInfo, shape: number[], perm: number[]) => {
    const out = transposeKernel({
      inputs: { x: { dataId: t.dataId, shape, dtype: 'float32' } },
      backend,
      attrs: { perm },
    }) as TensorInfo;
    b.disposeData(t.dataId);
    return out;
  };

  const imagesPerChunk = Math.max(1, Math.floor(wasmIm2colLimit.maxFloats / imageFloats));
  for (let n0 = 0; n0 < N; n0 += imagesPerChunk) {
    const n = Math.min(N, n0 + imagesPerChunk) - n0;
    const Q = n * cells;
    const Z = zeroChannels(grid, Q);
    const whole = n === N;
    const xc = whole ? x : heapView(b, x, n0 * H * W * C, [n, H, W, C]);
    const dyc = whole ? dy : heapView(b, dy, n0 * Ho * Wo * Co, [n, Ho, Wo, Co]);
    // x padded, plus Z zero channels: [n, sh·rows, sw·cols, C + Z] → [C + Z, n, sh·rows, sw·cols]
    const xGrid = pad(xc, [
      [0, 0],
      [rows.before, rows.after],
      [cols.before, cols.after],
      [0, Z],
    ]);
    let xT = transposed(xGrid, [n * phases * cells, C + Z], [1, 0]);
    // → phases apart: [sh, sw, C + Z, n·rows, cols] (a no-op at stride 1)
    if (phases > 1)
      xT = transposed(xT, [(C + Z) * n * rows.size, rows.stride, cols.size, cols.stride], [1, 3, 0, 2]);
    // dy on the grid: output (n, ho, wo) at q = n·cells + ho·cols + wo, zeros elsewhere
    const dyGrid = pad(dyc, [
      [0, 0],
      [0, rows.size - Ho],
      [0, cols.size - Wo],
      [0, 0],
    ]);
    if (!whole) {
      releaseHeapView(b, xc);
      releaseHeapView(b, dyc);
    }
    const windowAt = (i: number, j: number) => windowStart(grid, i, j, C, Z, Q);
    const dyMatrix: TensorInfo = { dataId: dyGrid.dataId, shape: [1, Q, Co], dtype: 'float32' };
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const window = heapView(b, xT, windowAt(i, j), [1, C, Q]);
        const prod = batchMatMul({
          inputs: { a: window, b: dyMatrix },
          backend,
          attrs: { transposeA: false, transposeB: false },
        }) as TensorInfo;
        releaseHeapView(b, window);
        const heap = heapF32(b); // after the product's allocation
        const from = floatOffset(b, prod);
        const to = floatOffset(b, dW) + (i * kw + j) * C * Co;
        if (n0 === 0) heap.copyWithin(to, from, from + C * Co);
        else for (let k = 0; k < C * Co; k++) heap[to + k]! += heap[from + k]!;
        b.disposeData(prod.dataId);
      }
    }
    b.disposeData(xT.dataId);
    b.disposeData(dyGrid.dataId);
  }
  return dW;
}
