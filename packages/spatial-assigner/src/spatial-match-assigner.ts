import {
  assignmentToMatch,
  type Match,
  type MatchAssigner,
  type MatchInput,
  toV1Input,
} from '@aligndet/core-tensor';
import { SpatialAssigner, type SpatialAssignerOptions } from './spatial-assigner';

/**
 * The aligned-points sampler (APS) on core-tensor's v2 assigner contract: it returns a match
 * (GT index, label per point) and leaves box coding to the head. Predicted pixel boxes are turned
 * into the (l, t, r, b) / stride distances the official cost is defined in (spec §3.3), then the
 * v1 {@link SpatialAssigner} decides, so both versions give the same matches.
 *
 * @example
 * ```ts
 * const aps = new SpatialMatchAssigner();
 * const m = aps.assign({ ...grid, gtBoxes, gtLabels,
 *   predictions: { numClasses: 80, clsLogits, boxes } }); // boxes: [P, 4] xyxy pixels
 * m.gtIndex; // [P], -1 = background
 * ```
 */
export class SpatialMatchAssigner implements MatchAssigner {
  readonly specificationVersion = 'v2' as const;
  readonly name = 'aps';
  readonly requiresPredictions = true;
  private readonly aps: SpatialAssigner;

  constructor(options: SpatialAssignerOptions = {}) {
    this.aps = new SpatialAssigner(options);
  }

  assign(input: MatchInput): Match {
    return assignmentToMatch(this.aps.assign(toV1Input(input)));
  }
}
