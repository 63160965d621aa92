import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import type { WasmBackendLike } from './wasm-backend-like';

/** The broadcasting binary kernels aligndet speeds up on wasm. */
export type BroadcastKernelName = 'Add' | 'Sub' | 'Multiply';

/** Dimensions merged where both operands continue contiguously (or both broadcast). */
interface Collapsed {
  sizes: number[];
  aStrides: number[];
  bStrides: number[];
}

function stridesFor(shape: readonly number[], out: readonly number[]): number[] {
  const rank = out.length;
  const padded = [...Array(rank - shape.length).fill(1), ...shape];
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let k = rank - 1; k >= 0; k--) {
    strides[k] = padded[k] === 1 && out[k] !== 1 ? 0 : s;
    s *= padded[k]!;
  }
  return strides;
}

/** Broadcast strides of a and b over `out`, with mergeable neighbouring dimensions merged. */
export function collapseBroadcast(
  aShape: readonly number[],
  bShape: readonly number[],
  out: readonly number[],
): Collapsed {
  const as = stridesFor(aShape, out);
  const bs = stridesFor(bShape, out);
  const c: Collapsed = { sizes: [], aStrides: [], bStrides: [] };
  for (let k = 0; k < out.length; k++) {
    if (out[k] === 1) continue;
    const last = c.sizes.length - 1;
    if (last >= 0 && c.aStrides[last] === as[k]! * out[k]! && c.bStrides[last] === bs[k]! * out[k]!) {
      c.sizes[last]! *= out[k]!;
      c.aStrides[last] = as[k]!;
      c.bStrides[last] = bs[k]!;
    } else {
      c.sizes.push(out[k]!);
      c.aStrides.push(as[k]!);
      c.bStrides.push(bs[k]!);
    }
  }
  if (c.sizes.length === 0) return { sizes: [1], aStrides: [0], bStrides: [0] };
  return c;
}

/** One run of the innermost dimension: out[oi + t] = a[ai + t·sa] (+|·) sign·b[bi + t·sb]. */
function innerRun(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  ai: number,
  bi: number,
  oi: number,
  n: number,
  sa: number,
  sb: number,
  multiply: boolean,
  sign: number,
): void {
  if (multiply) {
    if (sa === 1 && sb === 1) for (let t = 0; t < n; t++) out[oi + t] = a[ai + t]! * b[bi + t]!;
    else if (sb === 0) {
      const bv = b[bi]!;
      for (let t = 0; t < n; t++) out[oi + t] = a[ai + t * sa]! * bv;
    } else if (sa === 0) {
      const av = a[ai]!;
      for (let t = 0; t < n; t++) out[oi + t] = av * b[bi + t * sb]!;
    } else for (let t = 0; t < n; t++) out[oi + t] = a[ai + t * sa]! * b[bi + t * sb]!;
  } else if (sa === 1 && sb === 1) for (let t = 0; t < n; t++) out[oi + t] = a[ai + t]! + sign * b[bi + t]!;
  else if (sb === 0) {
    const bv = sign * b[bi]!;
    for (let t = 0; t < n; t++) out[oi + t] = a[ai + t * sa]! + bv;
  } else if (sa === 0) {
    const av = a[ai]!;
    for (let t = 0; t < n; t++) out[oi + t] = av + sign * b[bi + t * sb]!;
  } else for (let t = 0; t < n; t++) out[oi + t] = a[ai + t * sa]! + sign * b[bi + t * sb]!;
}

/**
 * out = a + b or a · b with numpy broadcasting, in JS over collapsed dimensions: the last two are
 * plain loops, the ones before an odometer. `negateB` turns the sum into a − b (negation is exact,
 * so this equals a − b).
 */
export function broadcastBinary(
  a: Float32Array,
  b: Float32Array,
  c: Collapsed,
  out: Float32Array,
  multiply: boolean,
  negateB: boolean,
): void {
  const sizes = c.sizes.length === 1 ? [1, c.sizes[0]!] : c.sizes;
  const as = c.sizes.length === 1 ? [0, c.aStrides[0]!] : c.aStrides;
  const bs = c.sizes.length === 1 ? [0, c.bStrides[0]!] : c.bStrides;
  const rank = sizes.length;
  const inner = sizes[rank - 1]!;
  const mid = sizes[rank - 2]!;
  const [sa, sb, ma, mb] = [as[rank - 1]!, bs[rank - 1]!, as[rank - 2]!, bs[rank - 2]!];
  const block = inner * mid;
  const outer = out.length / block;
  const idx = new Array<number>(rank).fill(0);
  const sign = negateB ? -1 : 1;
  let ai = 0;
  let bi = 0;
  for (let o = 0, oi = 0; o < outer; o++, oi += block) {
    for (let u = 0; u < mid; u++)
      innerRun(a, b, out, ai + u * ma, bi + u * mb, oi + u * inner, inner, sa, sb, multiply, sign);
    for (let k = rank - 3; k >= 0; k--) {
      ai += as[k]!;
      bi += bs[k]!;
      if (++idx[k]! < sizes[k]!) break;
      ai -= as[k]! * sizes[k]!;
      bi -= bs[k]! * sizes[k]!;
      idx[k] = 0;
    }
  }
}

/**
 * Builds a wasm `Add` / `Sub` / `Multiply` that runs float32 broadcasting in JS where
 * tfjs-backend-wasm's own broadcasting is slow: when the innermost (collapsed) dimension is short
 * or broadcast in one operand, e.g. GroupNorm's `[n, hw, g, c/g] · [n, 1, g, 1]` (~10 ns per
 * element there, 2-5× slower than this loop). Everything else — equal shapes, long unbroadcast
 * inner runs, other dtypes — goes to `stock` (XNNPACK).
 */
export function wasmBroadcastBinaryConfig(
  kernelName: BroadcastKernelName,
): (stock: KernelFunc) => KernelConfig {
  return (stock) => ({
    kernelName,
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
      if (a.dtype !== 'float32' || b.dtype !== 'float32' || util.arraysEqual(a.shape, b.shape))
        return stock(args);
      const w = args.backend as unknown as WasmBackendLike;
      const outShape = backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      const size = util.sizeFromShape(outShape);
      if (size === 0) return stock(args);
      // tfjs's path is fast when the innermost run is long and not broadcast (e.g. a per-channel
      // bias); slow when it is short or one operand repeats along it (GroupNorm's c/g channels)
      const collapsed = collapseBroadcast(a.shape, b.shape, outShape);
      const last = collapsed.sizes.length - 1;
      const broadcastInner = collapsed.aStrides[last] === 0 || collapsed.bStrides[last] === 0;
      if (!broadcastInner && collapsed.sizes[last]! >= 16) return stock(args);
      const out = w.makeOutput(outShape, 'float32');
      // views of wasm memory, taken after the allocation (no copies)
      broadcastBinary(
        w.typedArrayFromHeap(a) as Float32Array,
        w.typedArrayFromHeap(b) as Float32Array,
        collapsed,
        w.typedArrayFromHeap(out) as Float32Array,
        kernelName === 'Multiply',
        kernelName === 'Sub',
      );
      return out;
    },
  });
}
