import type { GroundTruth, PointGeometry } from './v2/match-assigner';

/**
 * A candidate set: for each ground-truth box, the points that may be assigned to it. Returned as a
 * `[G, P]` byte mask (1 = candidate). Only geometry and ground truth are read, so v1 and v2 inputs
 * both fit. Assigners that select among candidates (the spatial
 * assigner) accept any generator, so FCOS's rule, the official all-in-box rule or a user's own
 * set can be plugged in.
 */
export type CandidateGenerator = (input: PointGeometry & GroundTruth) => Uint8Array;

/** Whether point (x, y) lies strictly inside box `g` of `boxes` (xyxy). */
export function isInsideBox(boxes: Float32Array, g: number, x: number, y: number): boolean {
  const x1 = boxes[4 * g]!;
  const y1 = boxes[4 * g + 1]!;
  const x2 = boxes[4 * g + 2]!;
  const y2 = boxes[4 * g + 3]!;
  return Math.min(x - x1, y - y1, x2 - x, y2 - y) > 0;
}

/**
 * Every point strictly inside the box, on every level (the official APS candidate geometry,
 * spec §3.2).
 *
 * @example
 * ```ts
 * const mask = insideBoxCandidates(input); // mask[g * P + p] === 1 when point p is inside box g
 * ```
 */
export const insideBoxCandidates: CandidateGenerator = (input) => {
  const P = input.strides.length;
  const G = input.gtLabels.length;
  const mask = new Uint8Array(G * P);
  for (let g = 0; g < G; g++) {
    for (let p = 0; p < P; p++) {
      if (isInsideBox(input.gtBoxes, g, input.points[2 * p]!, input.points[2 * p + 1]!)) mask[g * P + p] = 1;
    }
  }
  return mask;
};

/** Options of {@link centerSamplingCandidates}. */
export interface CenterSamplingOptions {
  /** Centre-sampling radius in strides; 0 disables centre sampling (inside-box only). Default 1.5. */
  radius?: number;
  /**
   * Per-level `[min, max]` range of max(l, t, r, b) in pixels, inclusive at both ends.
   * Default FCOS: [-1, 64], [64, 128], [128, 256], [256, 512], [512, 1e8].
   */
  scaleRanges?: ReadonlyArray<readonly [number, number]>;
}

/** FCOS's default per-level size-of-interest ranges (P3..P7). */
export const FCOS_SCALE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [-1, 64],
  [64, 128],
  [128, 256],
  [256, 512],
  [512, 1e8],
];

/**
 * FCOS's candidates (spec §1.5): a point is a candidate of box g when it lies strictly inside the
 * box ∩ a square of half side `radius · stride` around the box centre, and max(l, t, r, b) falls
 * into its level's scale range.
 *
 * @example
 * ```ts
 * const fcosRule = centerSamplingCandidates({ radius: 1.5 });
 * const mask = fcosRule(input);
 * ```
 */
export function centerSamplingCandidates(options: CenterSamplingOptions = {}): CandidateGenerator {
  const radius = options.radius ?? 1.5;
  const ranges = options.scaleRanges ?? FCOS_SCALE_RANGES;
  return (input) => {
    const P = input.strides.length;
    const G = input.gtLabels.length;
    const b = input.gtBoxes;
    const mask = new Uint8Array(G * P);
    for (let g = 0; g < G; g++) {
      const x1 = b[4 * g]!;
      const y1 = b[4 * g + 1]!;
      const x2 = b[4 * g + 2]!;
      const y2 = b[4 * g + 3]!;
      const cx = (x1 + x2) / 2;
      const cy = (y1 + y2) / 2;
      for (let p = 0; p < P; p++) {
        const x = input.points[2 * p]!;
        const y = input.points[2 * p + 1]!;
        let inside: boolean;
        if (radius > 0) {
          const r = input.strides[p]! * radius;
          const sx1 = Math.max(cx - r, x1);
          const sy1 = Math.max(cy - r, y1);
          const sx2 = Math.min(cx + r, x2);
          const sy2 = Math.min(cy + r, y2);
          inside = Math.min(x - sx1, y - sy1, sx2 - x, sy2 - y) > 0;
        } else {
          inside = Math.min(x - x1, y - y1, x2 - x, y2 - y) > 0;
        }
        if (!inside) continue;
        const m = Math.max(x - x1, y - y1, x2 - x, y2 - y);
        const range = ranges[input.levels[p]!];
        if (!range) continue;
        if (m >= range[0] && m <= range[1]) mask[g * P + p] = 1;
      }
    }
    return mask;
  };
}
