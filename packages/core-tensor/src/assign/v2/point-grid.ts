import { InvalidArgumentError } from '../../errors/index';
import type { PointGeometry } from './match-assigner';

/**
 * Where a feature-map cell's point sits inside its stride × stride window:
 * - `floor-half`: x·s + ⌊s/2⌋, the official FCOS code's locations (spec §1.4);
 * - `center`: (x + 0.5)·s, mmdet's `MlvlPointGenerator(offset=0.5)` and Ultralytics' anchor points.
 */
export type PointOffset = 'floor-half' | 'center';

/** The points of one image over all levels, plus where each level starts. */
export interface PointGrid extends PointGeometry {
  /** First point of each level, and P at the end (`[L + 1]`). */
  levelStarts: number[];
}

/**
 * One point per feature-map cell on every level, in a dense head's flattening order (level-major,
 * then row, then column): mmdet's `MlvlPointGenerator`. `featureSizes[l]` is `[H_l, W_l]`.
 *
 * @example
 * ```ts
 * pointGrid([[2, 3]], [8]).points; // [4,4, 12,4, 20,4, 4,12, 12,12, 20,12]
 * pointGrid([[1, 1]], [8], { offset: 'center' }).points; // [4, 4]
 * ```
 */
export function pointGrid(
  featureSizes: ReadonlyArray<readonly [number, number]>,
  strides: readonly number[],
  options: { offset?: PointOffset } = {},
): PointGrid {
  if (featureSizes.length !== strides.length)
    throw new InvalidArgumentError({
      op: 'pointGrid',
      field: 'strides',
      value: strides.length,
      expected: `${featureSizes.length} (one per level)`,
    });
  const offset = options.offset ?? 'floor-half';
  const P = featureSizes.reduce((s, [h, w]) => s + h * w, 0);
  const points = new Float32Array(2 * P);
  const st = new Float32Array(P);
  const levels = new Int32Array(P);
  const levelStarts: number[] = [];
  let p = 0;
  featureSizes.forEach(([h, w], l) => {
    levelStarts.push(p);
    const s = strides[l]!;
    const shift = offset === 'center' ? s / 2 : Math.floor(s / 2);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++, p++) {
        points[2 * p] = x * s + shift;
        points[2 * p + 1] = y * s + shift;
        st[p] = s;
        levels[p] = l;
      }
  });
  levelStarts.push(P);
  return { points, strides: st, levels, numLevels: featureSizes.length, levelStarts };
}
