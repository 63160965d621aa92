import { type ImagePoints, latticePoints } from './grid-points';

/**
 * Points at the centres of torchvision's FCOS anchors (`AnchorGenerator` with one square anchor
 * of side `anchorSizes[l]` per cell): cell (row y, col x) of level l maps to (x·sx, y·sy) with
 * sx = ⌊W / w_l⌋, sy = ⌊H / h_l⌋ for the padded input size H×W. So the per-axis step of a level is
 * not always its nominal stride: on a 128×192 input P7 is 1×2 cells, steps 128 (y) and 96 (x).
 * `strides` holds the anchor sizes, the unit torchvision's `BoxLinearCoder` scales distances by.
 *
 * @example
 * ```ts
 * anchorCenterPoints([[1, 2]], [128, 192], [128]).points; // [0,0, 96,0]
 * ```
 */
export function anchorCenterPoints(
  featureSizes: ReadonlyArray<readonly [number, number]>,
  inputSize: readonly [number, number],
  anchorSizes: readonly number[],
): ImagePoints {
  return latticePoints(
    featureSizes,
    featureSizes.map(([h, w], l) => ({
      stepX: Math.floor(inputSize[1] / w),
      stepY: Math.floor(inputSize[0] / h),
      offset: 0,
      stride: anchorSizes[l]!,
    })),
  );
}
