import type { WasmPackageLike } from './wasm-package';

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
}
