import { findBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import type { WasmHeapBackend } from './wasm-heap';

/**
 * Bounds of the cache behind {@link withDerivedFilters}, per wasm backend: at most `maxEntries`
 * derived filter sets, together at most `maxFloats` floats (defaults 32 and 2²³ = 32 MB); the least
 * recently used set is freed first. A set larger than `maxFloats` is not kept. Tuning knobs
 * (tests lower them).
 */
export const flippedFilterCacheLimit = { maxEntries: 32, maxFloats: 1 << 23 };

/** One cached set: the tensors derived from one source filter by one transform. */
interface Entry {
  /** The source filter's dataId, and the wasm id it had then (a new one if its data was moved). */
  source: object;
  sourceId: number;
  /** Which transform (and its parameters) made the tensors. */
  variant: string;
  tensors: TensorInfo[];
  floats: number;
}

/** Entries per backend, least recently used first. */
const caches = new WeakMap<WasmHeapBackend, Entry[]>();

function size(tensors: TensorInfo[]): number {
  let n = 0;
  for (const t of tensors) n += t.shape.reduce((p, d) => p * d, 1);
  return n;
}

function free(b: WasmHeapBackend, e: Entry): void {
  for (const t of e.tensors) b.disposeData(t.dataId);
}

/** Frees the entries whose source filter is gone (disposed, or a variable that was assigned since). */
function dropDead(b: WasmHeapBackend, entries: Entry[]): void {
  for (let k = entries.length - 1; k >= 0; k--) {
    const e = entries[k]!;
    if (b.dataIdMap.has(e.source) && b.dataIdMap.get(e.source)!.id === e.sourceId) continue;
    free(b, e);
    entries.splice(k, 1);
  }
}

/**
 * Runs `use` on the tensors `build` derives from `filter` (e.g. its flipped, in/out-transposed
 * copy), building them only when they are not cached yet. The wasm backend's XNNPACK convolution
 * caches its packed operator on the filter tensor's id, so passing the same derived tensor again
 * (a head shared across pyramid levels) also skips the operator's creation and weight packing.
 *
 * Entries are keyed by the source's dataId (tfjs never changes a dataId's data: `Variable.assign`
 * and every op make a new one) and `variant`, checked for life on every call (dead ones are freed
 * then), and bounded by {@link flippedFilterCacheLimit}; {@link clearFlippedFilterCache} frees all.
 * The tensors are backend data only (no `tf.Tensor`): `use` must not dispose them.
 */
export function withDerivedFilters<R>(
  b: WasmHeapBackend,
  filter: TensorInfo,
  variant: string,
  build: () => TensorInfo[],
  use: (tensors: TensorInfo[]) => R,
): R {
  let entries = caches.get(b);
  if (!entries) {
    entries = [];
    caches.set(b, entries);
  }
  dropDead(b, entries);
  const hit = entries.findIndex((e) => e.source === filter.dataId && e.variant === variant);
  if (hit >= 0) {
    const e = entries[hit]!;
    entries.splice(hit, 1);
    entries.push(e);
    return use(e.tensors);
  }
  const tensors = build();
  let result: R;
  try {
    result = use(tensors);
  } catch (err) {
    for (const t of tensors) b.disposeData(t.dataId);
    throw err;
  }
  const floats = size(tensors);
  const { maxEntries, maxFloats } = flippedFilterCacheLimit;
  if (floats > maxFloats || maxEntries < 1) {
    for (const t of tensors) b.disposeData(t.dataId);
    return result;
  }
  let total = floats;
  for (const e of entries) total += e.floats;
  while (entries.length > 0 && (entries.length >= maxEntries || total > maxFloats)) {
    const old = entries.shift()!;
    total -= old.floats;
    free(b, old);
  }
  const sourceId = b.dataIdMap.get(filter.dataId)!.id;
  entries.push({ source: filter.dataId, sourceId, variant, tensors, floats });
  return result;
}

/**
 * Frees every flipped filter the wasm `Conv2DBackpropInput` keeps for backend `b` (default: the
 * registered `wasm` backend). They are also freed on their own once their source filter is disposed
 * and another input gradient runs; call this after training to return their memory at once.
 *
 * @example
 * ```ts
 * await trainForAWhile();
 * clearFlippedFilterCache(); // up to flippedFilterCacheLimit.maxFloats floats of wasm memory back
 * ```
 */
export function clearFlippedFilterCache(b?: WasmHeapBackend): void {
  const backend = b ?? (findBackend('wasm') as unknown as WasmHeapBackend | null);
  if (!backend) return;
  const entries = caches.get(backend);
  if (!entries) return;
  for (const e of entries) free(backend, e);
  entries.length = 0;
}

/** How many derived filter sets, and floats, the cache holds for backend `b` (for tests). */
export function flippedFilterCacheSize(b: WasmHeapBackend): { entries: number; floats: number } {
  const entries = caches.get(b) ?? [];
  return { entries: entries.length, floats: entries.reduce((s, e) => s + e.floats, 0) };
}
