import { resizedSize } from '../../data/transforms/resize';

/** Maps an image size and `minSize`/`maxSize` to the resized size. */
export type SizeRule = (
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
) => { width: number; height: number };

/**
 * torchvision's `GeneralizedRCNNTransform` size rule: one scale, computed in float32 as
 * min(minSize / shorter, maxSize / longer), then each side floored (`interpolate` with
 * `recompute_scale_factor=True`). The float32 scale can land just below the exact ratio, so the
 * shorter side often comes out one pixel short of `minSize` (640×480 at 800 → 1066×799).
 *
 * @example
 * ```ts
 * torchvisionResizedSize(640, 480, 800, 1333); // { width: 1066, height: 799 }
 * ```
 */
export function torchvisionResizedSize(
  width: number,
  height: number,
  minSize: number,
  maxSize: number,
): { width: number; height: number } {
  const f = Math.fround;
  const scale = Math.min(f(minSize / f(Math.min(width, height))), f(maxSize / f(Math.max(width, height))));
  return { width: Math.floor(width * scale), height: Math.floor(height * scale) };
}

/** The size rules by name: `fcos` (spec §1.1, the official code's) and `torchvision`. */
export const SIZE_RULES: Record<'fcos' | 'torchvision', SizeRule> = {
  fcos: resizedSize,
  torchvision: torchvisionResizedSize,
};
