/**
 * The assigner contract, version 1: how a dense head asks "which points are positive for which
 * ground-truth box". Everything is per image and in plain typed arrays, so assigners never touch
 * tensors or gradients, and any anchor-free head (FCOS, a user's own) can call any assigner
 * (FCOS's rule, the spatial assigner, ATSS, SimOTA, …).
 *
 * Layouts are row-major and flat: `[P, 2]` means `P * 2` numbers, point `p` at `2p, 2p + 1`.
 */

/** Network outputs at every point of one image, read back once (no gradient). */
export interface AssignerPredictions {
  /** Number of classes C. */
  numClasses: number;
  /** `[P, C]` classification logits (before the sigmoid). */
  clsLogits: Float32Array;
  /** `[P, 4]` predicted distances (l, t, r, b) in stride units (the head's training-mode output). */
  boxDistances: Float32Array;
  /** `[P]` quality logits (centerness or IoU branch), when the head has one. */
  qualityLogits?: Float32Array;
}

/** One image's points, ground truth and (optionally) predictions. */
export interface AssignerInput {
  /** `[P, 2]` point locations (x, y) in input-image pixels, in the head's flattening order. */
  points: Float32Array;
  /** `[P]` stride (pixels) of each point's level. */
  strides: Float32Array;
  /** `[P]` level index of each point (0 = finest). */
  levels: Int32Array;
  /** Number of pyramid levels L. */
  numLevels: number;
  /** `[G, 4]` ground-truth boxes, xyxy pixels. G may be 0. */
  gtBoxes: Float32Array;
  /** `[G]` contiguous 0-based class index of each box. */
  gtLabels: Int32Array;
  /** Present when the assigner declares `requiresPredictions`. */
  predictions?: AssignerPredictions;
}

/** The answer for one image: one ground-truth index per point, −1 = background. */
export interface Assignment {
  /** `[P]` index into `gtBoxes` of the box each point regresses, or −1 (background). */
  gtIndex: Int32Array;
  /** `[P]` class index of the assigned box, −1 for background. */
  labels: Int32Array;
  /** `[P, 4]` regression target (l, t, r, b) in stride units for positives; 0 elsewhere. */
  boxTargets: Float32Array;
  /** Number of points with `gtIndex >= 0`. */
  numPositives: number;
  /** Optional per-point extras (e.g. a cost), `[P]` each. */
  metrics?: Record<string, Float32Array>;
}

/**
 * A label assigner for anchor-free dense heads. Implementations must be deterministic and must
 * accept zero ground-truth boxes (returning an all-background assignment).
 *
 * @example
 * ```ts
 * const nearest: Assigner = {
 *   specificationVersion: 'v1', name: 'nothing', requiresPredictions: false,
 *   assign: (input) => emptyAssignment(input.strides.length),
 * };
 * ```
 */
export interface Assigner {
  readonly specificationVersion: 'v1';
  /** Short name for logs and configs, e.g. `fcos` or `aps`. */
  readonly name: string;
  /** True when {@link AssignerInput.predictions} must be provided. */
  readonly requiresPredictions: boolean;
  assign(input: AssignerInput): Assignment;
}

/** An all-background assignment for `numPoints` points. */
export function emptyAssignment(numPoints: number): Assignment {
  return {
    gtIndex: new Int32Array(numPoints).fill(-1),
    labels: new Int32Array(numPoints).fill(-1),
    boxTargets: new Float32Array(numPoints * 4),
    numPositives: 0,
  };
}
