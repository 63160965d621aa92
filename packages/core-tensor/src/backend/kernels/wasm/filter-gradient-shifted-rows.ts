import { type backend_util, getKernel, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-backend-like';

/**
 * Largest transposed column matrix {@link filterGradientShiftedRows} builds at once, in floats
 * (default 2²⁴ = 64 MB); more images are taken in chunks. A tuning knob (tests lower it).
 */
export const wasmIm2colLimit = { maxFloats: 1 << 24 };

/**
 * The stride-1 conv2d filter gradient on the wasm backend: dW = colsT · dy by one XNNPACK matmul
 * per chunk of images, `[kh·kw·C, Q] · [Q, Co]` (a wide left operand and the small dy as the
 * packed right one, the shape XNNPACK runs fastest; its transpose flags are ~12× slower).
 *
 * The columns run over every position q of the zero-padded input grid (`Hp × Wp` per image), not
 * only over the outputs: with x channels-first and padded (`xT[c, q]`), the row of colsT for tap
 * (i, j) and channel c is then one contiguous run, `xT[c, q + i·dh·Wp + j·dw]`, copied in one
 * piece straight into wasm memory; dy gets zero rows at the grid positions that are not outputs.
 * That costs (Hp·Wp − Ho·Wo)/(Ho·Wo) extra work (6 % for 64×64 maps and a 3×3 kernel) and saves
 * building the columns element by element. Returns null when one image alone exceeds
 * `wasmIm2colLimit.maxFloats` (the caller then builds the columns in JS row chunks).
 */
export function filterGradientShiftedRows(
  b: WasmBackendLike,
  backend: KernelBackend,
  x: TensorInfo,
  dy: TensorInfo,
  info: backend_util.Conv2DInfo,
): Float32Array | null {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C } = info;
  const { outHeight: Ho, outWidth: Wo, outChannels: Co, filterHeight: kh, filterWidth: kw } = info;
  const { dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const kd = kh * kw * C;
  const Hp = Ho + (kh - 1) * dh; // stride 1: top + H + bottom
  const Wp = Wo + (kw - 1) * dw;
  const grid = Hp * Wp;
  if (kd * grid > wasmIm2colLimit.maxFloats) return null;
  const dW = new Float32Array(kd * Co);
  if (N * Ho * Wo === 0) return dW;
  const batchMatMul = getKernel('BatchMatMul', 'wasm')!.kernelFunc;

  // xT[c, n·grid + (y + top)·Wp + x + left], plus a zero tail per channel for the last taps
  const tail = (kh - 1) * dh * Wp + (kw - 1) * dw;
  const stride = N * grid + tail;
  const xv = b.readSync(x.dataId) as Float32Array;
  const xT = new Float32Array(C * stride);
  const xw = Math.min(W, Wp - left);
  for (let c = 0; c < C; c++) {
    for (let n = 0; n < N; n++) {
      for (let y = 0; y < H && y + top < Hp; y++) {
        const dst = c * stride + n * grid + (y + top) * Wp + left;
        const src = (n * H + y) * W * C + c;
        for (let xx = 0; xx < xw; xx++) xT[dst + xx] = xv[src + xx * C]!;
      }
    }
  }
  const dyv = b.readSync(dy.dataId) as Float32Array;

  const imagesPerChunk = Math.max(1, Math.floor(wasmIm2colLimit.maxFloats / (kd * grid)));
  for (let n0 = 0; n0 < N; n0 += imagesPerChunk) {
    const n1 = Math.min(N, n0 + imagesPerChunk);
    const q0 = n0 * grid;
    const cols = (n1 - n0) * grid;
    // dy on the grid: output (n, ho, wo) at row (n − n0)·grid + ho·Wp + wo, zeros elsewhere
    const dyGrid = new Float32Array(cols * Co);
    for (let n = n0; n < n1; n++) {
      for (let ho = 0; ho < Ho; ho++) {
        const from = (n * Ho + ho) * Wo * Co;
        dyGrid.set(dyv.subarray(from, from + Wo * Co), ((n - n0) * grid + ho * Wp) * Co);
      }
    }
    const colsT = b.makeOutput([1, kd, cols], 'float32');
    const view = b.typedArrayFromHeap(colsT) as Float32Array; // filled before the next allocation
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const off = q0 + i * dh * Wp + j * dw;
        for (let c = 0; c < C; c++) {
          const src = c * stride + off;
          view.set(xT.subarray(src, src + cols), ((i * kw + j) * C + c) * cols);
        }
      }
    }
    const dyInfo = b.makeOutput([1, cols, Co], 'float32', undefined, dyGrid);
    const prod = batchMatMul({
      inputs: { a: colsT, b: dyInfo },
      backend,
      attrs: { transposeA: false, transposeB: false },
    }) as TensorInfo;
    const pv = b.readSync(prod.dataId);
    for (let k = 0; k < dW.length; k++) dW[k]! += pv[k]!;
    b.disposeData(colsT.dataId);
    b.disposeData(dyInfo.dataId);
    b.disposeData(prod.dataId);
  }
  return dW;
}
