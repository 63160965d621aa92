import * as tf from '@tensorflow/tfjs-core';
import type { Assigner, Assignment, TwoTowerHead } from '@aligndet/core-tensor';
import { applyReceptiveFieldAdaptor, type RfaOptions, type RfaResult } from '@aligndet/rfa';
import { codesToDistances, distancesToCodes } from './center-size-coder';
import type { CenterSizeTargets } from './center-size-loss';
import type { LevelPoints } from './grid-points';

// The glue between this head and aligndet: everything the head has to do to gain the receptive
// field adaptor and any core-tensor `Assigner` (the spatial assigner here). Three functions.

/** RFA: one call on the head's towers (the head only has to implement `TwoTowerHead`). */
export function addReceptiveFieldAdaptor(head: TwoTowerHead, options: RfaOptions = {}): RfaResult {
  return applyReceptiveFieldAdaptor(head, { preset: 'paper', ...options });
}

/**
 * Assignment: per image, hand the assigner the points, the ground truth and the head's current
 * predictions read back once — the only translation needed is this head's codes → (l, t, r, b)
 * stride distances. `clsLogits` `[N, P, C]`, `boxCodes` `[N, P, 4]`; `gtBoxes[i]` `[G, 4]` xyxy
 * pixels, `gtLabels[i]` `[G]`.
 */
export function assignBatch(
  assigner: Assigner,
  points: LevelPoints,
  clsLogits: tf.Tensor3D,
  boxCodes: tf.Tensor3D,
  gtBoxes: Float32Array[],
  gtLabels: Int32Array[],
): Assignment[] {
  const [n, numPoints, numClasses] = clsLogits.shape;
  const logits = clsLogits.dataSync() as Float32Array;
  const codes = boxCodes.dataSync() as Float32Array;
  return Array.from({ length: n }, (_, i) =>
    assigner.assign({
      ...points,
      gtBoxes: gtBoxes[i]!,
      gtLabels: gtLabels[i]!,
      predictions: assigner.requiresPredictions
        ? {
            numClasses,
            clsLogits: logits.subarray(i * numPoints * numClasses, (i + 1) * numPoints * numClasses),
            boxDistances: codesToDistances(codes.subarray(i * numPoints * 4, (i + 1) * numPoints * 4)),
          }
        : undefined,
    }),
  );
}

/** Targets: the assignment's labels and (l, t, r, b) targets, re-coded in this head's box coding. */
export function targetsFromAssignments(assignments: Assignment[], numClasses: number): CenterSizeTargets {
  const n = assignments.length;
  const numPoints = assignments[0]!.gtIndex.length;
  const classes = new Float32Array(n * numPoints * numClasses);
  const codes = new Float32Array(n * numPoints * 4);
  const positive = new Float32Array(n * numPoints);
  let numPositives = 0;
  assignments.forEach((a, i) => {
    codes.set(distancesToCodes(a.boxTargets), i * numPoints * 4);
    for (let p = 0; p < numPoints; p++) {
      if (a.gtIndex[p]! < 0) continue;
      classes[(i * numPoints + p) * numClasses + a.labels[p]!] = 1;
      positive[i * numPoints + p] = 1;
      numPositives++;
    }
  });
  return {
    classes: tf.tensor3d(classes, [n, numPoints, numClasses]),
    codes: tf.tensor3d(codes, [n, numPoints, 4]),
    positive: tf.tensor2d(positive, [n, numPoints]),
    numPositives,
  };
}
