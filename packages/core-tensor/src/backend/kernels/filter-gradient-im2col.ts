import { backend_util } from '@tensorflow/tfjs-core';
import { tapOutputRange } from './tap-output-range';

/** The attributes tfjs passes to `Conv2DBackpropFilter` (plus the optional `dilations`). */
export interface BackpropFilterAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
  /** tfjs's conv2d gradient never sends it (it refuses dilation); direct `runKernel` callers may. */
  dilations?: [number, number] | number;
}

/** The NHWC conv geometry of a `Conv2DBackpropFilter` call, dilation included. */
export function backpropFilterInfo(xShape: number[], attrs: BackpropFilterAttrs): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    attrs.dilations ?? 1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
}

/** Columns (output positions) of the transposed im2col matrix per chunk (bounds its memory). */
export const IM2COL_CHUNK_COLUMNS = 4096;

/**
 * The backend side of {@link filterGradientIm2col}: where a chunk of the transposed column matrix
 * is built, and the matmul that multiplies it.
 */
export interface ChunkMatMul {
  /**
   * A zero-filled `[kd, cols]` buffer for the next chunk of colsT (e.g. a view of backend memory,
   * to save a copy). It is filled before `multiply` is called and not touched after.
   */
  columns(kd: number, cols: number): Float32Array;
  /**
   * colsT · dyRows: the `[kd, co]` row-major product of the last `columns` buffer and `dyRows`
   * `[cols, co]` (no transposes: the small `dyRows` is the right operand, which XNNPACK packs).
   */
  multiply(dyRows: Float32Array, cols: number, kd: number, co: number): ArrayLike<number>;
}

/**
 * The conv2d filter gradient dW = im2col(x)ᵀ · dy (NHWC, `[kh, kw, C, Co]`). The transposed column
 * matrix is built in JS chunk by chunk from a channels-first copy of x (so each of its rows is
 * filled by contiguous runs of x), and each chunk is multiplied by `matMul` (the backend's own
 * matrix multiply). Handles stride, dilation and same/valid/explicit padding.
 */
export function filterGradientIm2col(
  x: Float32Array,
  dy: Float32Array,
  info: backend_util.Conv2DInfo,
  matMul: ChunkMatMul,
): Float32Array {
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: C } = info;
  const { outHeight: Ho, outWidth: Wo, outChannels: Co, filterHeight: kh, filterWidth: kw } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  const kd = kh * kw * C;
  const dW = new Float32Array(kd * Co);
  if (N * Ho * Wo === 0) return dW;
  // x as [C, N, H, W]: a row of colsT (one tap i, j and channel c) is then runs of contiguous x
  const xT = new Float32Array(x.length);
  const plane = N * H * W;
  for (let c = 0; c < C; c++) {
    const dst = c * plane;
    for (let p = 0; p < plane; p++) xT[dst + p] = x[p * C + c]!;
  }
  // chunks of whole output rows (n, ho)
  const rowsPerChunk = Math.max(1, Math.floor(IM2COL_CHUNK_COLUMNS / Wo));
  const outRows = N * Ho;
  for (let q0 = 0; q0 < outRows; q0 += rowsPerChunk) {
    const q1 = Math.min(outRows, q0 + rowsPerChunk);
    const cols = (q1 - q0) * Wo;
    const colsT = matMul.columns(kd, cols);
    for (let j = 0; j < kw; j++) {
      // output columns whose tap j lands inside x: 0 <= wo·sw - left + j·dw < W
      const off = j * dw - left;
      const [woLo, woEnd] = tapOutputRange(off, sw, W, Wo);
      if (woEnd <= woLo) continue;
      const len = woEnd - woLo;
      for (let q = q0; q < q1; q++) {
        const n = Math.floor(q / Ho);
        const ho = q % Ho;
        const colBase = (q - q0) * Wo + woLo;
        for (let i = 0; i < kh; i++) {
          const y = ho * sh - top + i * dh;
          if (y < 0 || y >= H) continue;
          const x0 = woLo * sw + off;
          for (let c = 0; c < C; c++) {
            const src = c * plane + (n * H + y) * W + x0;
            const dst = ((i * kw + j) * C + c) * cols + colBase;
            // plain loops: runs are short (one output row), subarray views would cost more
            if (sw === 1) for (let t = 0; t < len; t++) colsT[dst + t] = xT[src + t]!;
            else for (let t = 0; t < len; t++) colsT[dst + t] = xT[src + t * sw]!;
          }
        }
      }
    }
    const product = matMul.multiply(dy.subarray(q0 * Wo * Co, q1 * Wo * Co), cols, kd, Co);
    for (let k = 0; k < dW.length; k++) dW[k]! += product[k]!;
  }
  return dW;
}
