import type { ResvgModule } from '../plot/resvg';

/**
 * resvg-js is a native Node module: in a page the charts and overlays stay SVG (which the page
 * draws itself). The package's `#load-resvg` import resolves here everywhere but under `node`.
 */
export function importResvg(): Promise<ResvgModule | null> {
  return Promise.resolve(null);
}
