import { createRequire } from 'node:module';
import type { ResvgModule } from '@aligndet/coco-eval/plot';

let cached: ResvgModule | null | undefined;

/** A `require` for this module: its file in the CommonJS build, its URL in the ESM build. */
const nodeRequire = () => createRequire(typeof __filename === 'string' ? __filename : import.meta.url);

/**
 * `@resvg/resvg-js` (an optional dependency) loaded once, synchronously, so drawing stays a plain
 * function call; null when it is not installed or has no binary for this platform.
 */
export function loadResvgSync(): ResvgModule | null {
  if (cached === undefined) {
    try {
      cached = nodeRequire()('@resvg/resvg-js') as ResvgModule;
    } catch {
      cached = null;
    }
  }
  return cached;
}
