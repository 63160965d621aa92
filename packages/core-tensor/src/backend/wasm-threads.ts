import { platform } from '#platform';

/** tfjs's C++ side caps its XNNPACK thread pool at 8 threads (it pre-creates 8 workers). */
export const MAX_WASM_THREADS = 8;

/**
 * The wasm thread count: `requested` (the `wasmThreads` option), else the `ALIGNDET_WASM_THREADS`
 * environment variable, else the logical cores (`os.availableParallelism()` in Node,
 * `navigator.hardwareConcurrency` in browsers); at most {@link MAX_WASM_THREADS}.
 * Throws when the option or variable is not a positive integer.
 *
 * @example
 * ```ts
 * resolveWasmThreads(undefined, { ALIGNDET_WASM_THREADS: '2' }); // { threads: 2, source: 'ALIGNDET_WASM_THREADS' }
 * ```
 */
export function resolveWasmThreads(
  requested: number | undefined,
  env: Record<string, string | undefined>,
): { threads: number; source: string } {
  let value: number;
  let source: string;
  if (requested !== undefined) {
    value = requested;
    source = 'wasmThreads';
  } else if (env.ALIGNDET_WASM_THREADS !== undefined && env.ALIGNDET_WASM_THREADS !== '') {
    value = Number(env.ALIGNDET_WASM_THREADS);
    source = 'ALIGNDET_WASM_THREADS';
  } else {
    return { threads: Math.max(1, Math.min(platform.hardwareThreads(), MAX_WASM_THREADS)), source: 'cores' };
  }
  if (!Number.isInteger(value) || value < 1) {
    const shown = source === 'wasmThreads' ? String(requested) : `'${env.ALIGNDET_WASM_THREADS}'`;
    throw new RangeError(`initBackend: ${source} must be a positive integer, got ${shown}`);
  }
  return { threads: Math.min(value, MAX_WASM_THREADS), source };
}
