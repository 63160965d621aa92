import * as tf from '@tensorflow/tfjs-core';
import {
  classTargets,
  type GroundTruth,
  type Match,
  matchedBoxes,
  type PointGrid,
  type TwoTowerHead,
} from '@aligndet/core-tensor';
import { applyReceptiveFieldAdaptor, type RfaOptions, type RfaResult } from '@aligndet/rfa';
import { boxesToCodes } from './center-size-coder';
import type { CenterSizeTargets } from './center-size-loss';

// The glue between this head and aligndet. The per-image assignment loop and the points come from
// core-tensor (`assignBatch`, `pointGrid`); what is left is the head's own business.

/** RFA: one call on the head's towers (the head only has to implement `TwoTowerHead`). */
export function addReceptiveFieldAdaptor(head: TwoTowerHead, options: RfaOptions = {}): RfaResult {
  return applyReceptiveFieldAdaptor(head, { preset: 'paper', ...options });
}

/**
 * Targets: one-hot classes from the matches, and the matched GT boxes in this head's own coding
 * (`matchedBoxes` → `boxesToCodes`). `targets[i]` is image i's ground truth.
 */
export function targetsFromMatches(
  matches: readonly Match[],
  grid: PointGrid,
  targets: readonly GroundTruth[],
  numClasses: number,
): CenterSizeTargets {
  const n = matches.length;
  const numPoints = grid.strides.length;
  const codes = new Float32Array(n * numPoints * 4);
  const positive = new Float32Array(n * numPoints);
  let numPositives = 0;
  matches.forEach((m, i) => {
    codes.set(
      boxesToCodes(matchedBoxes(m, targets[i]!.gtBoxes), grid.points, grid.strides),
      i * numPoints * 4,
    );
    for (let p = 0; p < numPoints; p++) if (m.gtIndex[p]! >= 0) positive[i * numPoints + p] = 1;
    numPositives += m.numPositives;
  });
  return {
    classes: tf.tensor3d(classTargets(matches, numClasses), [n, numPoints, numClasses]),
    codes: tf.tensor3d(codes, [n, numPoints, 4]),
    positive: tf.tensor2d(positive, [n, numPoints]),
    numPositives,
  };
}
