import type { WasmPackageLike } from './wasm-package';

/** A started worker thread, as far as aligndet's kernel thread pool uses one. */
export interface WorkerHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/**
 * What `initBackend` needs from the JavaScript runtime. `@aligndet/core-tensor` resolves the
 * internal import `#platform` to `platform-node.ts` under the `node` export condition and to
 * `platform-browser.ts` everywhere else, as tfjs-core picks its `platform_node`/`platform_browser`,
 * so a browser bundle of the main entry contains no Node built-in.
 */
export interface Platform {
  /** `node` or `browser`: named in log lines and errors. */
  readonly name: 'node' | 'browser';
  /** Environment variables (`ALIGNDET_BACKEND`, `ALIGNDET_WASM_THREADS`); empty in browsers. */
  env(): Record<string, string | undefined>;
  /** Logical cores: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers. */
  hardwareThreads(): number;
  /**
   * How a backend package is loaded by name, or undefined where packages cannot be loaded by name
   * (a page: the app imports the backend packages it ships, which registers them).
   */
  loadModule?: (packageName: string) => Promise<unknown>;
  /**
   * Why the wasm backend cannot get more than one thread here, or undefined when it can (a page
   * needs cross-origin isolation for `SharedArrayBuffer`).
   */
  threadsUnavailable(): string | undefined;
  /**
   * Starts tfjs-backend-wasm's multi-threaded build with `threads` threads and registers it as
   * `wasm`, where aligndet must do so itself (Node); undefined where tfjs's own start-up picks the
   * threaded build (browsers).
   */
  startThreadedWasm?: (
    pkg: WasmPackageLike,
    threads: number,
    load: (name: string) => Promise<unknown>,
  ) => Promise<number>;
  /**
   * Starts a worker thread running the classic script `source` (Node: `worker_threads` with
   * `eval`, unref'ed so it never keeps the process alive; browsers: a `blob:` URL `Worker`), or
   * undefined where workers are unavailable. In the script, `require` exists only in Node.
   */
  startWorker(source: string): WorkerHandle | undefined;
  /** Whether this thread may block in `Atomics.wait` (not a browser's main thread). */
  canBlock(): boolean;
}
