import {
  backend_util,
  getKernel,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-backend-like';

/** Rows of the im2col matrix multiplied per chunk (bounds the temporary memory). */
const CHUNK_ROWS = 4096;

/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships none: dW = im2col(x)ᵀ · dy, with the
 * column matrix built in JS chunk by chunk and each product run by the backend's own (XNNPACK)
 * `BatchMatMul`. NHWC, dilation 1 (tfjs's conv2d gradient requires it).
 */
export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const b = backend as unknown as WasmBackendLike;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as NamedAttrMap & {
      strides: [number, number] | number;
      pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: 'floor' | 'round' | 'ceil';
      filterShape: [number, number, number, number];
    };
    if (dataFormat === 'NCHW') throw new Error('aligndet wasm Conv2DBackpropFilter: only NHWC is supported');
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      1,
      pad,
      dimRoundingMode,
      false,
      'channelsLast',
    );
    const {
      batchSize: N,
      inHeight: H,
      inWidth: W,
      inChannels: C,
      outHeight: Ho,
      outWidth: Wo,
      outChannels: Co,
      filterHeight: kh,
      filterWidth: kw,
    } = info;
    const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
    const { top, left } = info.padInfo;
    const xv = b.readSync(x.dataId) as Float32Array;
    const dyv = b.readSync(dy.dataId) as Float32Array;
    const Kd = kh * kw * C;
    const M = N * Ho * Wo;
    const dW = new Float32Array(Kd * Co);
    const batchMatMul = getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    const cols = new Float32Array(Math.min(CHUNK_ROWS, M) * Kd);
    for (let m0 = 0; m0 < M; m0 += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, M - m0);
      cols.fill(0, 0, rows * Kd);
      for (let r = 0; r < rows; r++) {
        const m = m0 + r;
        const n = Math.floor(m / (Ho * Wo));
        const ho = Math.floor(m / Wo) % Ho;
        const wo = m % Wo;
        for (let i = 0; i < kh; i++) {
          const y = ho * sh - top + i * dh;
          if (y < 0 || y >= H) continue;
          for (let j = 0; j < kw; j++) {
            const xx = wo * sw - left + j * dw;
            if (xx < 0 || xx >= W) continue;
            const src = ((n * H + y) * W + xx) * C;
            cols.set(xv.subarray(src, src + C), r * Kd + (i * kw + j) * C);
          }
        }
      }
      const a = b.makeOutput([1, rows, Kd], 'float32', undefined, cols.subarray(0, rows * Kd));
      const d = b.makeOutput([1, rows, Co], 'float32', undefined, dyv.subarray(m0 * Co, (m0 + rows) * Co));
      const prod = batchMatMul({
        inputs: { a, b: d },
        backend,
        attrs: { transposeA: true, transposeB: false },
      }) as TensorInfo;
      const pv = b.readSync(prod.dataId) as Float32Array;
      for (let k = 0; k < dW.length; k++) dW[k]! += pv[k]!;
      b.disposeData(a.dataId);
      b.disposeData(d.dataId);
      b.disposeData(prod.dataId);
    }
    return b.makeOutput([kh, kw, C, Co], 'float32', undefined, dW);
  },
};
