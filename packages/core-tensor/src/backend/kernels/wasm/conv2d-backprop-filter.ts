import {
  type backend_util,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  type BackpropFilterAttrs,
  backpropFilterInfo,
  filterGradientIm2col,
} from '../filter-gradient-im2col';
import {
  byteOffset,
  convGradientSimd,
  convGradientThreads,
  runSplit,
  wasmThreadCount,
} from './conv-gradient-simd';
import { tapOutputRange } from '../tap-output-range';
import { filterGradientShiftedRows } from './filter-gradient-shifted-rows';
import { splitRange } from './simd-thread-pool';
import { floatOffset, heapF32, type WasmHeapBackend } from './wasm-heap';

/**
 * When the wasm filter gradient runs the direct SIMD kernels (`filter_gradient_direct`,
 * `filter_gradient_packed`: no copies of whole tensors) instead of the XNNPACK route (pads,
 * transposes and one threaded matmul per tap): always on one thread and once the kernels' own
 * worker threads are ready (`convGradientThreads`), before that up to `maxMacsThreaded`
 * multiply-adds (N·Ho·Wo·kh·kw·C·Co), where the route's fixed cost per call outweighs its threads.
 * Which of the two: `filter_gradient_packed` (operands copied per chunk into contiguous panels)
 * where C is a multiple of 4, Co of 8 and at least `packedMinCoverage` of the taps' reads land
 * inside x ({@link tapCoverage}: the packed kernel multiplies the padding's zeros too, so it loses
 * on 2²–4² maps); else `filter_gradient_direct`.
 * `chunkPositions`, `packedChunkPositions`: output positions per cache block of each kernel
 * (whole output rows; the packed kernel's dy panels of 256 positions × 256 channels, 256 KiB,
 * stay in L2). Tuning knobs (tests move them; `packed: false` keeps every call on the direct one).
 */
export const wasmFilterGradientDirect = {
  maxMacsThreaded: 1 << 25,
  chunkPositions: 128,
  packed: true,
  packedChunkPositions: 256,
  packedMinCoverage: 0.75,
};

/**
 * Which direct SIMD kernel the wasm filter gradient of this conv runs (see
 * {@link wasmFilterGradientDirect}).
 */
export function filterGradientKernel(info: backend_util.Conv2DInfo): 'packed' | 'direct' {
  const { packed, packedMinCoverage } = wasmFilterGradientDirect;
  return packed &&
    info.inChannels % 4 === 0 &&
    info.outChannels % 8 === 0 &&
    tapCoverage(info) >= packedMinCoverage
    ? 'packed'
    : 'direct';
}

/**
 * The fraction of the taps' reads (N·Ho·Wo per tap) that land inside x rather than in padding:
 * 1 for 1×1 convs, (10/12)² for a 3×3 'same' conv on a 4² map.
 */
export function tapCoverage(info: backend_util.Conv2DInfo): number {
  const axis = (size: number, out: number, k: number, s: number, d: number, pad: number) => {
    let inside = 0;
    for (let t = 0; t < k; t++) {
      const [lo, hi] = tapOutputRange(t * d - pad, s, size, out);
      inside += Math.max(0, hi - lo);
    }
    return inside / (k * out);
  };
  return (
    axis(
      info.inHeight,
      info.outHeight,
      info.filterHeight,
      info.strideHeight,
      info.dilationHeight,
      info.padInfo.top,
    ) *
    axis(
      info.inWidth,
      info.outWidth,
      info.filterWidth,
      info.strideWidth,
      info.dilationWidth,
      info.padInfo.left,
    )
  );
}

/**
 * `Conv2DBackpropFilter` for the wasm backend, which ships none: dW = im2col(x)ᵀ · dy by the
 * backend's own XNNPACK `BatchMatMul` (without transpose flags: tfjs-backend-wasm runs those ~12×
 * slower): one matmul per tap over windows of a padded, phase-split, channels-first copy of x, no
 * column matrix (`filterGradientShiftedRows`); single images over its size limit: the transposed
 * column matrix built in JS row chunks (`filterGradientIm2col`). NHWC; stride, dilation and
 * same/valid/explicit padding.
 */
export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const b = backend as unknown as WasmHeapBackend;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const a = attrs as NamedAttrMap & BackpropFilterAttrs;
    if (a.dataFormat === 'NCHW')
      throw new Error(`aligndet wasm Conv2DBackpropFilter: dataFormat must be 'NHWC', got 'NCHW'`);
    const info = backpropFilterInfo(x.shape, a);
    const { batchSize: N, outHeight: Ho, outWidth: Wo, inChannels: C, outChannels: Co } = info;
    const macs = N * Ho * Wo * info.filterHeight * info.filterWidth * C * Co;
    const { maxMacsThreaded, chunkPositions } = wasmFilterGradientDirect;
    const { pool, threads } = convGradientThreads(b, macs);
    const simd =
      threads > 1 || macs <= maxMacsThreaded || wasmThreadCount(b) <= 1 ? convGradientSimd(b) : null;
    if (simd) {
      const dW = b.makeOutput(a.filterShape, 'float32');
      const common = [
        byteOffset(b, x),
        byteOffset(b, dy),
        byteOffset(b, dW),
        N,
        info.inHeight,
        info.inWidth,
        C,
        Ho,
        Wo,
        Co,
        info.filterHeight,
        info.filterWidth,
        info.strideHeight,
        info.strideWidth,
        info.dilationHeight,
        info.dilationWidth,
        info.padInfo.top,
        info.padInfo.left,
        Math.max(1, Math.floor(chunkPositions / Wo)),
      ];
      const rows = N * Ho;
      if (filterGradientKernel(info) === 'packed') {
        // threads take ranges of input channels as below, each with its own scratch for the
        // panels (one chunk of dy, one of x)
        // no more rows per chunk than there are: the scratch is sized by them
        const rowsPerChunk = Math.min(
          rows,
          Math.max(1, Math.floor(wasmFilterGradientDirect.packedChunkPositions / Wo)),
        );
        const K = rowsPerChunk * Wo;
        const floats = (Co / 8) * (8 * K + 16) + 4 * K;
        const ranges = threads > 1 ? splitRange(C, threads, 4) : [[0, C]];
        const scratch = b.makeOutput([ranges.length * floats], 'float32');
        const at = byteOffset(b, scratch);
        const [xp, dyp, dwp, ...sizes] = common.slice(0, 18);
        const parts = ranges.map(([lo, hi], k) => [
          xp!,
          dyp!,
          dwp!,
          at + 4 * k * floats,
          ...sizes,
          rowsPerChunk,
          lo!,
          hi!,
          0,
          rows,
        ]);
        runSplit(simd, threads > 1 ? pool : null, 'filter_gradient_packed', parts);
        b.disposeData(scratch.dataId);
        return dW;
      }
      if (threads > 1 && C >= 8) {
        // threads take ranges of input channels (4-blocks; each then reads only its columns of x:
        // 1.8-1.9× faster on 2 threads where output-channel ranges gave 1.5×), each writing its
        // own part of dW, every element summed in the same order as on one thread
        const parts = splitRange(C, threads, 4).map(([lo, hi]) => [...common, lo, hi, 0, Co, 0, rows]);
        runSplit(simd, pool, 'filter_gradient_direct', parts);
      } else if (threads > 1 && rows >= 2 * threads) {
        // few input channels (an RGB stem): channel ranges would each read all of x and gain
        // nothing, so threads take ranges of output rows into their own dW and the sums are added
        // (two partial sums per element: float32 round-off differs from one thread's)
        const ranges = splitRange(rows, threads, 1);
        const partials = ranges.slice(1).map(() => b.makeOutput(a.filterShape, 'float32'));
        const outputs = [dW, ...partials];
        const parts = ranges.map(([lo, hi], k) => {
          const p = [...common, 0, C, 0, Co, lo, hi];
          p[2] = byteOffset(b, outputs[k]!);
          return p;
        });
        runSplit(simd, pool, 'filter_gradient_direct', parts);
        const heap = heapF32(b);
        const size = dW.shape.reduce((p, d) => p * d, 1);
        const out = floatOffset(b, dW);
        for (const t of partials) {
          const from = floatOffset(b, t);
          for (let k = 0; k < size; k++) heap[out + k]! += heap[from + k]!;
          b.disposeData(t.dataId);
        }
      } else {
        runSplit(simd, null, 'filter_gradient_direct', [[...common, 0, C, 0, Co, 0, rows]]);
      }
      return dW;
    }
    const windows = filterGradientShiftedRows(b, backend as KernelBackend, x, dy, info);
    if (windows) return windows;
    const batchMatMul = getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    let colsInfo: TensorInfo | null = null;
    const dW = filterGradientIm2col(
      b.readSync(x.dataId) as Float32Array,
      b.readSync(dy.dataId) as Float32Array,
      info,
      {
        columns: (kd, cols) => {
          // built in place in wasm memory; nothing is allocated until it is filled
          colsInfo = b.makeOutput([1, kd, cols], 'float32');
          const view = b.typedArrayFromHeap(colsInfo) as Float32Array;
          view.fill(0);
          return view;
        },
        multiply: (dyRows, cols, _kd, co) => {
          const ta = colsInfo!;
          const tb = b.makeOutput([1, cols, co], 'float32', undefined, dyRows);
          const prod = batchMatMul({
            inputs: { a: ta, b: tb },
            backend,
            attrs: { transposeA: false, transposeB: false },
          }) as TensorInfo;
          const values = b.readSync(prod.dataId);
          b.disposeData(ta.dataId);
          b.disposeData(tb.dataId);
          b.disposeData(prod.dataId);
          colsInfo = null;
          return values;
        },
      },
    );
    return b.makeOutput(a.filterShape, 'float32', undefined, dW);
  },
};
