import type { Platform } from './platform';

interface BrowserGlobals {
  navigator?: { hardwareConcurrency?: number };
  Worker?: new (url: string) => { postMessage(m: unknown): void; terminate(): void };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string };
  document?: unknown;
  crossOriginIsolated?: boolean;
  SharedArrayBuffer?: unknown;
}

const g = globalThis as unknown as BrowserGlobals;

/**
 * Browsers (and any runtime without the `node` export condition): no environment variables, no
 * loading of packages by name (the app imports the backends it ships), and tfjs-backend-wasm's own
 * start-up, which picks its threaded build when the page is cross-origin isolated.
 */
export const platform: Platform = {
  name: 'browser',
  env: () => ({}),
  hardwareThreads: () => g.navigator?.hardwareConcurrency ?? 1,
  threadsUnavailable: () =>
    g.crossOriginIsolated === true && typeof g.SharedArrayBuffer === 'function'
      ? undefined
      : 'the page is not cross-origin isolated',
  startWorker: (source) => {
    if (!g.Worker || !g.Blob || !g.URL?.createObjectURL) return undefined;
    const url = g.URL.createObjectURL(new g.Blob([source], { type: 'text/javascript' }));
    try {
      return new g.Worker(url); // the URL stays valid: one per pool, and the worker may load late
    } catch {
      return undefined; // e.g. a content security policy without blob: workers
    }
  },
  // a page's main thread may not wait (Atomics.wait throws there); its workers may
  canBlock: () => g.document === undefined,
};
