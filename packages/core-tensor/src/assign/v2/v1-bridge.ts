import { decodeDistances, encodeDistances } from '../../boxes/distance-coder';
import type { Assigner, AssignerInput, Assignment } from '../assigner';
import type { GroundTruth, Match, MatchAssigner, MatchInput, PointGeometry } from './match-assigner';
import { matchedDistances } from './match-targets';

// Bridges between the two versions of the assigner contract, so v1 callers (FCOS's losses, the
// trainer) use v2 assigners and v2 callers use v1 assigners while both exist. The v1 prediction
// coding, (l, t, r, b) / stride, is converted with core's one distance coder.

/** A v1 `Assignment` from a match: adds FCOS's (l, t, r, b) / stride `boxTargets`. */
export function matchToAssignment(match: Match, input: PointGeometry & GroundTruth): Assignment {
  const out: Assignment = {
    gtIndex: match.gtIndex,
    labels: match.labels,
    boxTargets: matchedDistances(match, input, input),
    numPositives: match.numPositives,
  };
  if (match.metrics) out.metrics = match.metrics;
  return out;
}

/**
 * A v2 assigner behind the v1 contract: predictions' stride distances are decoded to pixel
 * boxes, and the match gets FCOS targets.
 *
 * @example
 * ```ts
 * const v1: Assigner = toV1Assigner(new TaskAlignedAssigner()); // e.g. for fcosLosses
 * ```
 */
export function toV1Assigner(assigner: MatchAssigner): Assigner {
  return {
    specificationVersion: 'v1',
    name: assigner.name,
    requiresPredictions: assigner.requiresPredictions,
    assign(input: AssignerInput): Assignment {
      const { predictions, ...rest } = input;
      const v2: MatchInput = { ...rest };
      if (predictions) {
        v2.predictions = {
          numClasses: predictions.numClasses,
          clsLogits: predictions.clsLogits,
          boxes: decodeDistances(input.points, predictions.boxDistances, input.strides),
        };
        if (predictions.qualityLogits) v2.predictions.qualityLogits = predictions.qualityLogits;
      }
      return matchToAssignment(assigner.assign(v2), input);
    },
  };
}

/**
 * A v1 assigner behind the v2 contract: predicted pixel boxes are encoded as (l, t, r, b) /
 * stride for it, and its `boxTargets` are dropped from the match.
 *
 * @example
 * ```ts
 * const aps: MatchAssigner = fromV1Assigner(new SpatialAssigner());
 * ```
 */
export function fromV1Assigner(assigner: Assigner): MatchAssigner {
  return {
    specificationVersion: 'v2',
    name: assigner.name,
    requiresPredictions: assigner.requiresPredictions,
    assign(input: MatchInput): Match {
      return assignmentToMatch(assigner.assign(toV1Input(input)));
    },
  };
}

/** The v1 input of a v2 one (predicted boxes → (l, t, r, b) / stride). */
export function toV1Input(input: MatchInput): AssignerInput {
  const { predictions, ...rest } = input;
  const v1: AssignerInput = { ...rest };
  if (predictions) {
    v1.predictions = {
      numClasses: predictions.numClasses,
      clsLogits: predictions.clsLogits,
      boxDistances: encodeDistances(input.points, predictions.boxes, input.strides),
    };
    if (predictions.qualityLogits) v1.predictions.qualityLogits = predictions.qualityLogits;
  }
  return v1;
}

/** The match part of a v1 `Assignment` (its targets dropped). */
export function assignmentToMatch(a: Assignment): Match {
  const out: Match = { gtIndex: a.gtIndex, labels: a.labels, numPositives: a.numPositives };
  if (a.metrics) out.metrics = a.metrics;
  return out;
}
