import type { ResvgModule } from '../plot/resvg';

/** `@resvg/resvg-js` (a native module) when it is installed, else null. */
export function importResvg(): Promise<ResvgModule | null> {
  return import('@resvg/resvg-js').then(
    (m) => ((m as { default?: ResvgModule }).default ?? m) as ResvgModule,
    () => null,
  );
}
