import { type PointGrid, pointGrid } from '@aligndet/core-tensor';

/**
 * The points of an `[N, H, W, 3]` input whose feature levels have `strides`: ⌈H/s⌉ × ⌈W/s⌉ cells
 * per level, each point at its cell centre ((j + ½)·s, as YOLOv8 and mmdet place them).
 *
 * @example
 * ```ts
 * imageGrid([2, 64, 64, 3], [8, 16]).strides.length; // 64 + 16 = 80 points
 * ```
 */
export function imageGrid(imageShape: readonly number[], strides: readonly number[]): PointGrid {
  const [, h, w] = imageShape as [number, number, number];
  return pointGrid(
    strides.map((s) => [Math.ceil(h / s), Math.ceil(w / s)] as [number, number]),
    strides,
    { offset: 'center' },
  );
}
