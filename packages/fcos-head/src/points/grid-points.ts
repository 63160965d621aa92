import { pointGrid } from '@aligndet/core-tensor';

/** The points of one image over all levels, in the head's order (level-major, then row, column). */
export interface ImagePoints {
  /** `[P, 2]` (x, y) in input pixels: x·s + ⌊s/2⌋. */
  points: Float32Array;
  /** `[P]` stride of each point. */
  strides: Float32Array;
  /** `[P]` level index. */
  levels: Int32Array;
  /** First point of each level, and P at the end (`[L + 1]`). */
  levelStarts: number[];
}

/**
 * FCOS locations of every feature-map cell (spec §1.4): cell (row y, col x) of a level with stride s
 * maps to (x·s + ⌊s/2⌋, y·s + ⌊s/2⌋). The order — level-major, then row, then column — is the
 * per-image order of the head's flattened outputs. (For a batch, the spec's flat index is
 * level-major, then image: `offset_l + n·H_l·W_l + y·W_l + x`.) This is core-tensor's one point
 * generator, `pointGrid` with its default `floor-half` offset (the result also carries `numLevels`).
 *
 * @example
 * ```ts
 * gridPoints([[2, 3]], [8]).points; // [4,4, 12,4, 20,4, 4,12, 12,12, 20,12]
 * ```
 */
export function gridPoints(
  featureSizes: ReadonlyArray<readonly [number, number]>,
  strides: readonly number[],
): ImagePoints & { numLevels: number } {
  return pointGrid(featureSizes, strides, { offset: 'floor-half' });
}

/**
 * One level's lattice: cell (y, x) → (x·stepX + offset, y·stepY + offset), with `stride`. Only
 * torchvision's anchor centres need it (their steps differ per axis, ⌊W/w_l⌋ × ⌊H/h_l⌋).
 */
export interface LevelLattice {
  stepX: number;
  stepY: number;
  offset: number;
  stride: number;
}

/** The points of regular per-level lattices, in the head's order (level-major, then row, column). */
export function latticePoints(
  featureSizes: ReadonlyArray<readonly [number, number]>,
  lattices: readonly LevelLattice[],
): ImagePoints {
  const P = featureSizes.reduce((s, [h, w]) => s + h * w, 0);
  const points = new Float32Array(2 * P);
  const st = new Float32Array(P);
  const levels = new Int32Array(P);
  const levelStarts: number[] = [];
  let p = 0;
  featureSizes.forEach(([h, w], l) => {
    levelStarts.push(p);
    const { stepX, stepY, offset, stride } = lattices[l]!;
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++, p++) {
        points[2 * p] = x * stepX + offset;
        points[2 * p + 1] = y * stepY + offset;
        st[p] = stride;
        levels[p] = l;
      }
  });
  levelStarts.push(P);
  return { points, strides: st, levels, levelStarts };
}
