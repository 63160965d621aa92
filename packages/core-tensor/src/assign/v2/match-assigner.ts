/**
 * The assigner contract, version 2: an assignment is a *match*, as torchvision's `matched_idxs`
 * and mmdet's `AssignResult(gt_inds, labels)` are. The assigner says which ground-truth box each
 * point belongs to; the head turns that into targets with its own box coder
 * ({@link matchedBoxes}, `encodeDistances`, …). Nothing in this contract depends on how a head
 * codes its boxes: predictions are decoded boxes in input-image pixels.
 *
 * Layouts are row-major and flat, as in v1: `[P, 4]` means `P * 4` numbers, point `p` at `4p..4p+3`.
 */

/** Where the points are: one image's points over all levels, in the head's flattening order. */
export interface PointGeometry {
  /** `[P, 2]` point locations (x, y) in input-image pixels. */
  points: Float32Array;
  /** `[P]` stride (pixels) of each point's level. */
  strides: Float32Array;
  /** `[P]` level index of each point (0 = finest). */
  levels: Int32Array;
  /** Number of pyramid levels L. */
  numLevels: number;
}

/** One image's ground truth. */
export interface GroundTruth {
  /** `[G, 4]` boxes, xyxy pixels. G may be 0. */
  gtBoxes: Float32Array;
  /** `[G]` contiguous 0-based class index of each box. */
  gtLabels: Int32Array;
}

/** The head's current outputs at every point of one image, read back once (no gradient). */
export interface MatchPredictions {
  /** Number of classes C. */
  numClasses: number;
  /** `[P, C]` classification logits (before the sigmoid). */
  clsLogits: Float32Array;
  /** `[P, 4]` predicted boxes, decoded by the head's own coder: xyxy, input-image pixels. */
  boxes: Float32Array;
  /** `[P]` quality logits (centerness, IoU branch), when the head has one. */
  qualityLogits?: Float32Array;
}

/** Input of {@link MatchAssigner.assign}: geometry, ground truth and (when required) predictions. */
export interface MatchInput extends PointGeometry, GroundTruth {
  /** Present when the assigner declares `requiresPredictions`. */
  predictions?: MatchPredictions;
}

/**
 * The answer for one image. `metrics` carries what an assigner knows beyond the match, `[P]`
 * each, 0 on background; by convention `quality` is a soft classification / quality target in
 * [0, 1] (the task-aligned assigner's normalised alignment) and `weight` a per-point loss weight.
 */
export interface Match {
  /** `[P]` index into `gtBoxes` of the box each point belongs to, or −1 (background). */
  gtIndex: Int32Array;
  /** `[P]` class index of the matched box, −1 for background. */
  labels: Int32Array;
  /** Number of points with `gtIndex >= 0`. */
  numPositives: number;
  /** Optional per-point extras, `[P]` each. */
  metrics?: Record<string, Float32Array>;
}

/**
 * A label assigner, version 2. Implementations must be deterministic and accept zero
 * ground-truth boxes (returning {@link emptyMatch}).
 *
 * @example
 * ```ts
 * const nothing: MatchAssigner = {
 *   specificationVersion: 'v2', name: 'nothing', requiresPredictions: false,
 *   assign: (input) => emptyMatch(input.strides.length),
 * };
 * ```
 */
export interface MatchAssigner {
  readonly specificationVersion: 'v2';
  /** Short name for logs and configs, e.g. `fcos`, `aps`, `tal`. */
  readonly name: string;
  /** True when {@link MatchInput.predictions} must be provided. */
  readonly requiresPredictions: boolean;
  assign(input: MatchInput): Match;
}

/** An all-background match for `numPoints` points. */
export function emptyMatch(numPoints: number): Match {
  return {
    gtIndex: new Int32Array(numPoints).fill(-1),
    labels: new Int32Array(numPoints).fill(-1),
    numPositives: 0,
  };
}
