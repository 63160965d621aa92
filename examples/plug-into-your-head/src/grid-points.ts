/** The points of every pyramid level of one image, in the head's flattening order. */
export interface LevelPoints {
  /** `[P, 2]` (x, y) pixel centres of the feature cells. */
  points: Float32Array;
  /** `[P]` stride of each point's level. */
  strides: Float32Array;
  /** `[P]` level index (0 = finest). */
  levels: Int32Array;
  numLevels: number;
}

/**
 * The cell centres (x = (j + ½)·s, y = (i + ½)·s) of levels with feature sizes `sizes`
 * (`[height, width]` each) and `strides`, level by level, row by row — the order in which
 * `CenterSizeHead` flattens its outputs.
 *
 * @example
 * ```ts
 * gridPoints([[2, 2]], [8]).points; // [4, 4, 12, 4, 4, 12, 12, 12]
 * ```
 */
export function gridPoints(sizes: Array<[number, number]>, strides: number[]): LevelPoints {
  const total = sizes.reduce((n, [h, w]) => n + h * w, 0);
  const points = new Float32Array(2 * total);
  const pointStrides = new Float32Array(total);
  const levels = new Int32Array(total);
  let p = 0;
  sizes.forEach(([h, w], level) => {
    const s = strides[level]!;
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++, p++) {
        points[2 * p] = (j + 0.5) * s;
        points[2 * p + 1] = (i + 0.5) * s;
        pointStrides[p] = s;
        levels[p] = level;
      }
  });
  return { points, strides: pointStrides, levels, numLevels: sizes.length };
}
