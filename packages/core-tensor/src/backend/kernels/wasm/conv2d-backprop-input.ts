import {
  backend_util,
  getKernel,
  type KernelBackend,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { backpropInputByPhases } from './backprop-input-phases';
import {
  byteOffset,
  convGradientSimd,
  convGradientThreads,
  runSplit,
  wasmThreadCount,
} from './conv-gradient-simd';
import { withDerivedFilters } from './flipped-filter-cache';
import { splitRange } from './simd-thread-pool';
import type { WasmHeapBackend } from './wasm-heap';

/** The attributes tfjs passes to `Conv2DBackpropInput` (plus the optional `dilations`). */
interface BackpropInputAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
  /** tfjs's conv2d gradient never sends it (it refuses dilation); direct `runKernel` callers may. */
  dilations?: [number, number] | number;
}

/**
 * When the wasm input gradient runs the direct SIMD kernel (`input_gradient_direct`, on the cached
 * flipped filter) instead of XNNPACK convolutions: up to `maxMacs` multiply-adds
 * (N·Ho·Wo·kh·kw·C·Co; small maps, where a conv call's fixed cost dominates), every strided one
 * (whose phase convs have awkward sub-kernels) on one thread or once the kernel's own worker
 * threads are ready (`convGradientThreads`), and always below 4 input channels.
 * `gather`: whether narrow maps take the kernel's chunks of many rows, of at most `chunkBytes` of
 * dx and dy ({@link inputGradientRowsPerChunk}; false: one row each, for comparisons). Tuning
 * knobs (tests and benchmarks move them).
 */
export const wasmInputGradientDirect = { maxMacs: 1 << 22, gather: true, chunkBytes: 128 * 1024 };

/**
 * Output rows per chunk of the direct input gradient (`input_gradient_direct`), for an input of
 * width `W` and `C` channels, an output of width `Wo` and `Co` channels, a kernel `kw` wide and a
 * vertical stride `sh`. A tap's outputs in one row go 4 at a time, and the 1–3 a row leaves over
 * would each reload the filter alone: chunks of many rows (as many as keep their dx and dy within
 * `wasmInputGradientDirect.chunkBytes`, 128 KiB: in L2) gather those across rows. That pays on
 * narrow maps: at most 4 outputs a row, or at most 12 under a filter of 128 × 128 channels or more.
 * Else one row per chunk, whose dx stays in L1 over its taps, and always for 1×1 kernels (no
 * leftovers) and under 8 output channels (too little work per gathered block).
 * Measured in bench/results/conv-sweep.md ("input / forward, rows": one row per chunk).
 */
export function inputGradientRowsPerChunk(
  W: number,
  C: number,
  Wo: number,
  Co: number,
  kw: number,
  sh: number,
): number {
  const narrow = Wo <= 4 || (Wo <= 12 && C * Co >= 128 * 128);
  if (!narrow || kw === 1 || Co < 8) return 1;
  return Math.max(1, Math.floor(wasmInputGradientDirect.chunkBytes / (4 * (sh * W * C + Wo * Co))));
}

/**
 * The flipped, in/out-transposed filter: `wt[kh-1-i, kw-1-j, co, c] = w[i, j, c, co]`, so that
 * the input gradient is a forward convolution of the (dilated, padded) output gradient with `wt`.
 * Written into `out` when given (e.g. a view of wasm memory), else into a new array.
 */
export function flipTransposeFilter(
  w: ArrayLike<number>,
  kh: number,
  kw: number,
  c: number,
  co: number,
  out: Float32Array<ArrayBufferLike> = new Float32Array(kh * kw * c * co),
): Float32Array<ArrayBufferLike> {
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const src = (i * kw + j) * c * co;
      const dst = ((kh - 1 - i) * kw + (kw - 1 - j)) * co * c;
      for (let ci = 0; ci < c; ci++) {
        for (let o = 0; o < co; o++) out[dst + o * c + ci] = w[src + ci * co + o]!;
      }
    }
  }
  return out;
}

/**
 * Builds the wasm backend's `Conv2DBackpropInput` as forward convolutions, so it runs on XNNPACK
 * like the forward pass (tfjs-backend-wasm's own kernel is a direct loop, ~10-25× slower than its
 * forward conv): dx = conv2d(dy', wt, stride 1, dilation d), where dy' is dy with `stride - 1`
 * zeros between its rows/columns and `(k-1)·d - pad` zeros around it (negative: cropped), and wt
 * is the spatially flipped filter with in/out channels swapped. Stride 1 with non-negative border
 * needs no copy of dy (the border is the conv's own explicit padding). Stride > 1 without dilation
 * (every strided conv tfjs differentiates) skips the zeros: one conv per output phase
 * (`backpropInputByPhases`). Small maps, and strided ones on one thread, go to the direct SIMD
 * kernel instead (see {@link wasmInputGradientDirect}). NCHW goes to `stock`. The flipped filters are cached per source
 * filter (`withDerivedFilters`): a filter used again before it changes (a head shared across
 * pyramid levels) is neither flipped nor packed by XNNPACK again.
 */
export function wasmConv2DBackpropInputConfig(stock?: KernelFunc): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const a = attrs as NamedAttrMap & BackpropInputAttrs;
      if (a.dataFormat === 'NCHW') {
        if (!stock)
          throw new Error(`aligndet wasm Conv2DBackpropInput: dataFormat must be 'NHWC', got 'NCHW'`);
        return stock(args);
      }
      const b = backend as unknown as WasmHeapBackend;
      const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
      const info = backend_util.computeConv2DInfo(
        a.inputShape,
        filter.shape as [number, number, number, number],
        a.strides,
        a.dilations ?? 1,
        a.pad,
        a.dimRoundingMode,
        false,
        'channelsLast',
      );
      const { batchSize: N, inHeight: H, inWidth: W, inChannels: C } = info;
      const { outHeight: Ho, outWidth: Wo, outChannels: Co, filterHeight: kh, filterWidth: kw } = info;
      const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
      // border of the dilated dy so that a stride-1 conv with the flipped filter returns H×W
      const padTop = (kh - 1) * dh - info.padInfo.top;
      const padLeft = (kw - 1) * dw - info.padInfo.left;
      const dilatedH = (Ho - 1) * sh + 1;
      const dilatedW = (Wo - 1) * sw + 1;
      const padBottom = H - dilatedH + info.padInfo.top;
      const padRight = W - dilatedW + info.padInfo.left;
      const flip = () => {
        const wt = b.makeOutput([kh, kw, Co, C], 'float32');
        // views after the allocation
        const w = b.typedArrayFromHeap(filter) as Float32Array;
        flipTransposeFilter(w, kh, kw, C, Co, b.typedArrayFromHeap(wt) as Float32Array);
        return [wt];
      };
      const macs = N * Ho * Wo * kh * kw * C * Co;
      const strided = sh > 1 || sw > 1;
      // (fewer than 4 input channels, e.g. the image's gradient that tfjs's fused conv always
      // computes: XNNPACK's convs to 1–3 channels run at a fraction of its speed)
      const { pool, threads } = convGradientThreads(b, macs);
      const direct =
        C < 4 ||
        macs <= wasmInputGradientDirect.maxMacs ||
        (strided && (threads > 1 || wasmThreadCount(b) <= 1))
          ? convGradientSimd(b)
          : null;
      if (direct) {
        return withDerivedFilters(b, filter, `flip ${filter.shape}`, flip, ([wt]) => {
          const dx = b.makeOutput([N, H, W, C], 'float32');
          const common = [
            byteOffset(b, dy),
            byteOffset(b, wt!),
            byteOffset(b, filter),
            byteOffset(b, dx),
            N,
            H,
            W,
            C,
            Ho,
            Wo,
            Co,
            kh,
            kw,
            sh,
            sw,
            dh,
            dw,
            info.padInfo.top,
            info.padInfo.left,
            wasmInputGradientDirect.gather ? inputGradientRowsPerChunk(W, C, Wo, Co, kw, sh) : 1,
          ];
          // threads take images, else ranges of channels (8-blocks): each writes its own part of
          // dx, every element summed in the same order as on one thread
          const parts =
            threads > 1 && N >= threads
              ? splitRange(N, threads, 1).map(([lo, hi]) => [...common, lo, hi, 0, C])
              : threads > 1 && C >= 16
                ? splitRange(C, threads, 8).map(([lo, hi]) => [...common, 0, N, lo, hi])
                : [[...common, 0, N, 0, C]];
          runSplit(direct, pool, 'input_gradient_direct', parts);
          return dx;
        });
      }
      if (strided && dh === 1 && dw === 1)
        return backpropInputByPhases(b, backend as KernelBackend, dy, filter, info);
      const conv2d = getKernel('Conv2D', 'wasm')!.kernelFunc;
      const unpadded = sh === 1 && sw === 1 && Math.min(padTop, padLeft, padBottom, padRight) >= 0;
      let source = dy;
      let pad: backend_util.ExplicitPadding = [
        [0, 0],
        [padTop, padBottom],
        [padLeft, padRight],
        [0, 0],
      ];
      if (!unpadded) {
        // the dilated, padded (or cropped) dy, built in wasm memory: [N, H + (kh-1)·dh, W + (kw-1)·dw, Co]
        const Hp = H + (kh - 1) * dh;
        const Wp = W + (kw - 1) * dw;
        source = b.makeOutput([N, Hp, Wp, Co], 'float32');
        const padded = b.typedArrayFromHeap(source) as Float32Array; // views after the allocation
        const src = b.typedArrayFromHeap(dy) as Float32Array;
        padded.fill(0);
        for (let n = 0; n < N; n++) {
          for (let ho = 0; ho < Ho; ho++) {
            const p = padTop + ho * sh;
            if (p < 0 || p >= Hp) continue;
            for (let wo = 0; wo < Wo; wo++) {
              const q = padLeft + wo * sw;
              if (q < 0 || q >= Wp) continue;
              const from = ((n * Ho + ho) * Wo + wo) * Co;
              padded.set(src.subarray(from, from + Co), ((n * Hp + p) * Wp + q) * Co);
            }
          }
        }
        pad = [
          [0, 0],
          [0, 0],
          [0, 0],
          [0, 0],
        ];
      }
      const dx = withDerivedFilters(
        b,
        filter,
        `flip ${filter.shape}`,
        flip,
        ([wt]) =>
          conv2d({
            inputs: { x: source, filter: wt! },
            backend,
            attrs: { strides: [1, 1], pad, dataFormat: 'NHWC', dilations: [dh, dw] },
          }) as TensorInfo,
      );
      if (source !== dy) b.disposeData(source.dataId);
      return dx;
    },
  };
}
