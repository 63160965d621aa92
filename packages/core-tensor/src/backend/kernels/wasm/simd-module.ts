import { type SimdThreadPool, startSimdThreadPool } from './simd-thread-pool';

/** The WebAssembly global as far as this file uses it (the package's TS lib has no DOM types). */
interface WasmGlobal {
  Memory: new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

/** Where tfjs-backend-wasm's emscripten module keeps its memory. */
interface EmscriptenMemory {
  /** The single-threaded build exports its memory here. */
  asm?: { memory?: unknown };
  /** The threaded build imports its memory; aligndet's `registerThreadedWasm` records it here. */
  wasmMemory?: unknown;
}

/** An aligndet SIMD module built twice (see its build.sh): for plain and for shared memory. */
export interface SimdModuleBinaries {
  /** base64 of the module importing a plain `env.memory` (tfjs-backend-wasm's single-thread build). */
  plain: string;
  /** base64 of the module importing a shared `env.memory` (the threaded build). */
  shared: string;
}

/** The backend's wasm memory and whether it is shared (the threaded build), or null. */
function backendMemory(backend: unknown): { memory: object; shared: boolean } | null {
  const wasm = (backend as { wasm?: EmscriptenMemory }).wasm;
  const api = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
  const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
  if (!api || !memory || !(memory instanceof api.Memory)) return null;
  const { buffer } = memory as { buffer: ArrayBufferLike };
  const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
  return { memory, shared };
}

const decode = (base64: string) => Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));

/**
 * A loader of one SIMD module on a wasm backend's own memory, so its kernels read and write the
 * backend's tensors in place. The module is instantiated once per memory (synchronously: our
 * modules are a few KB); the loader returns null when that memory cannot be reached (another build
 * of tfjs-backend-wasm) or the runtime refuses the module (e.g. no SIMD), and callers then take
 * their non-SIMD route. `pool(backend, threads)` gives the module's worker threads on the threaded
 * build's shared memory (started on first call, see {@link startSimdThreadPool}), or null on the
 * single-threaded build.
 */
export function simdModuleLoader<Exports>(binaries: SimdModuleBinaries): {
  (backend: unknown): Exports | null;
  pool(backend: unknown, threads: number): SimdThreadPool | null;
} {
  const instances = new WeakMap<object, Exports | null>();
  let sharedBytes: Uint8Array | undefined;
  const sharedModuleBytes = () => {
    sharedBytes ??= decode(binaries.shared);
    return sharedBytes;
  };
  const load = (backend: unknown): Exports | null => {
    const found = backendMemory(backend);
    if (!found) return null;
    const { memory, shared } = found;
    const cached = instances.get(memory);
    if (cached !== undefined) return cached;
    let exports: Exports | null = null;
    try {
      const bytes = shared ? sharedModuleBytes() : decode(binaries.plain);
      const api = (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;
      exports = new api.Instance(new api.Module(bytes), { env: { memory } }).exports as unknown as Exports;
    } catch {
      exports = null;
    }
    instances.set(memory, exports);
    return exports;
  };
  const pools = new WeakMap<object, SimdThreadPool | null>();
  load.pool = (backend: unknown, threads: number): SimdThreadPool | null => {
    const found = backendMemory(backend);
    if (!found?.shared || threads <= 1) return null;
    let pool = pools.get(found.memory);
    if (pool === undefined) {
      const exports = load(backend) as Record<string, unknown> | null;
      const names = exports ? Object.keys(exports).filter((k) => typeof exports[k] === 'function') : [];
      pool = exports ? startSimdThreadPool(found.memory, sharedModuleBytes(), names, threads - 1) : null;
      pools.set(found.memory, pool);
    }
    return pool;
  };
  return load;
}
