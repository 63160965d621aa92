import * as tf from '@tensorflow/tfjs-core';
import type { GroundTruth, Match, PointGrid } from '@aligndet/core-tensor';
import { type YoloStyleHead, type YoloStyleLossGains, yoloStyleLoss } from '@aligndet/yolo-head';
import type { DenseHeadRole, HeadLosses } from './dense-head-role';

/** The YOLO-style head's flattened outputs plus its decoded distances (strides). */
export interface YoloStyleRun {
  clsLogits: tf.Tensor3D;
  boxLogits: tf.Tensor3D;
  /** `[N, P, 4]` (l, t, r, b) in strides: the head's coder (DFL expectation or softplus). */
  distances: tf.Tensor3D;
}

/**
 * The YOLOv8-style head (`@aligndet/yolo-head`) behind the detector's v2 path: points at the cell
 * centres (Ultralytics' anchor points), boxes decoded by the head's own coder, YOLOv8's loss on
 * the match (soft class targets when the assigner gives a `quality` metric, as TAL does), and
 * scores by the classifier alone at inference.
 */
export function yoloStyleRole(
  head: YoloStyleHead,
  strides: readonly number[],
  gains: YoloStyleLossGains = {},
): DenseHeadRole<YoloStyleRun> {
  return {
    module: head,
    numClasses: head.numClasses,
    strides,
    pointOffset: 'center',
    outputs(features) {
      const out = head.forward(features);
      return { ...out, distances: head.distances(out) };
    },
    clsLogits: (out) => out.clsLogits,
    boxes: (out, grid) => head.decode(out.distances, grid),
    losses(out, matches: readonly Match[], grid: PointGrid, targets: readonly GroundTruth[]): HeadLosses {
      const l = yoloStyleLoss(
        out.clsLogits,
        out.boxLogits,
        out.distances,
        matches,
        grid,
        targets,
        head.dflBins,
        gains,
      );
      return {
        total: l.total,
        parts: { loss_cls: l.cls, loss_box: l.box, loss_dfl: l.dfl },
        numPositives: l.numPositives,
      };
    },
    inference: (out, grid) => ({
      clsLogits: out.clsLogits,
      distances: tf.tidy(() => tf.mul(out.distances, tf.tensor3d(grid.strides, [1, grid.strides.length, 1]))),
    }),
  };
}
