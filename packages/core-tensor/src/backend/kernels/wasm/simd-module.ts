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

/**
 * A loader of one SIMD module on a wasm backend's own memory, so its kernels read and write the
 * backend's tensors in place. The module is instantiated once per memory (synchronously: our
 * modules are a few KB); the loader returns null when that memory cannot be reached (another build
 * of tfjs-backend-wasm) or the runtime refuses the module (e.g. no SIMD), and callers then take
 * their non-SIMD route.
 */
export function simdModuleLoader<Exports>(
  binaries: SimdModuleBinaries,
): (backend: unknown) => Exports | null {
  const instances = new WeakMap<object, Exports | null>();
  return (backend) => {
    const wasm = (backend as { wasm?: EmscriptenMemory }).wasm;
    const api = (globalThis as unknown as { WebAssembly?: WasmGlobal }).WebAssembly;
    const memory = wasm?.wasmMemory ?? wasm?.asm?.memory;
    if (!api || !memory || !(memory instanceof api.Memory)) return null;
    const cached = instances.get(memory);
    if (cached !== undefined) return cached;
    let exports: Exports | null = null;
    try {
      const { buffer } = memory as { buffer: ArrayBufferLike };
      const shared = typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
      const bytes = Uint8Array.from(atob(shared ? binaries.shared : binaries.plain), (ch) =>
        ch.charCodeAt(0),
      );
      exports = new api.Instance(new api.Module(bytes), { env: { memory } }).exports as unknown as Exports;
    } catch {
      exports = null;
    }
    instances.set(memory, exports);
    return exports;
  };
}
