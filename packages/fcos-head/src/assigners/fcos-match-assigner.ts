import {
  type CandidateGenerator,
  centerSamplingCandidates,
  emptyMatch,
  FCOS_SCALE_RANGES,
  type GroundTruth,
  type Match,
  type MatchAssigner,
  type PointGeometry,
} from '@aligndet/core-tensor';

/** Options of {@link FcosMatchAssigner} and `FcosAssigner`. */
export interface FcosAssignerOptions {
  /** Centre-sampling radius in strides (0 = the whole box). Default 1.5. */
  centerSamplingRadius?: number;
  /** Per-level `[min, max]` of max(l, t, r, b) in pixels, inclusive. Default FCOS's P3–P7 ranges. */
  scaleRanges?: ReadonlyArray<readonly [number, number]>;
}

/**
 * FCOS's own label assignment (spec §1.5) on core-tensor's v2 contract: a point is a candidate of
 * a GT when it lies inside the GT's centre region (radius 1.5 strides, clipped to the box) and
 * max(l, t, r, b) falls into its level's scale range; among several candidate GTs the smallest
 * area wins (ties: lower index, D4). Geometry only: it never needs predictions.
 *
 * @example
 * ```ts
 * const m = new FcosMatchAssigner().assign({ ...pointGrid(sizes, strides), gtBoxes, gtLabels });
 * ```
 */
export class FcosMatchAssigner implements MatchAssigner {
  readonly specificationVersion = 'v2' as const;
  readonly name = 'fcos';
  readonly requiresPredictions = false;
  private readonly candidates: CandidateGenerator;

  constructor(options: FcosAssignerOptions = {}) {
    this.candidates = centerSamplingCandidates({
      radius: options.centerSamplingRadius ?? 1.5,
      scaleRanges: options.scaleRanges ?? FCOS_SCALE_RANGES,
    });
  }

  assign(input: PointGeometry & GroundTruth): Match {
    const P = input.strides.length;
    const G = input.gtLabels.length;
    const out = emptyMatch(P);
    if (G === 0) return out;
    const mask = this.candidates(input);
    const b = input.gtBoxes;
    // the official code's BoxList.area(): inclusive-pixel (x2 - x1 + 1)(y2 - y1 + 1) (spec §1.1)
    const area = Float64Array.from(
      { length: G },
      (_, g) => (b[4 * g + 2]! - b[4 * g]! + 1) * (b[4 * g + 3]! - b[4 * g + 1]! + 1),
    );
    for (let p = 0; p < P; p++) {
      let best = -1;
      for (let g = 0; g < G; g++) if (mask[g * P + p] && (best < 0 || area[g]! < area[best]!)) best = g;
      if (best < 0) continue;
      out.gtIndex[p] = best;
      out.labels[p] = input.gtLabels[best]!;
      out.numPositives++;
    }
    return out;
  }
}
