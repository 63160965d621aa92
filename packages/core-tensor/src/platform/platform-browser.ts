import type { Platform } from './platform';

interface BrowserGlobals {
  navigator?: { hardwareConcurrency?: number };
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
};
