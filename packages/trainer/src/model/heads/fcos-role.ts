import * as tf from '@tensorflow/tfjs-core';
import {
  decodeDistancesTensor,
  type GroundTruth,
  type Match,
  matchToAssignment,
  type PointGrid,
} from '@aligndet/core-tensor';
import { type FcosHead, type FlatHeadOutputs, fcosLosses } from '@aligndet/fcos-head';
import type { DenseHeadRole, HeadLosses, InferenceTensors } from './dense-head-role';

/** Options of {@link fcosRole}: FCOS's quality branch (see `fcosLosses`). */
export interface FcosRoleOptions {
  qualityTarget: 'centerness' | 'giou';
  detachQualityTarget?: boolean;
}

/**
 * The FCOS head behind the detector's v2 path: a match becomes FCOS's (l, t, r, b) / stride
 * targets through core's `matchToAssignment` (the coding every v1 assigner used), then FCOS's own
 * losses; assigners see its training-mode distances decoded to pixel boxes.
 */
export function fcosRole(head: FcosHead, options: FcosRoleOptions): DenseHeadRole<FlatHeadOutputs> {
  return {
    module: head,
    numClasses: head.options.numClasses,
    strides: head.strides,
    pointOffset: 'floor-half',
    outputs: (features) => head.flatten(head.forward(features)),
    clsLogits: (out) => out.clsLogits,
    boxes: (out, grid) => decodeBatch(out.boxDistances, grid, true),
    losses(out, matches: readonly Match[], grid: PointGrid, targets: readonly GroundTruth[]): HeadLosses {
      const assignments = matches.map((m, n) => matchToAssignment(m, { ...grid, ...targets[n]! }));
      const l = fcosLosses(out, assignments, {
        qualityTarget: options.qualityTarget,
        detachQualityTarget: options.detachQualityTarget,
      });
      return {
        total: tf.addN([l.loss_cls, l.loss_reg, l.loss_quality]) as tf.Scalar,
        parts: { loss_cls: l.loss_cls, loss_reg: l.loss_reg, loss_quality: l.loss_quality },
        numPositives: l.numPositives,
      };
    },
    // in eval mode the head's distances are already in pixels
    inference: (out): InferenceTensors => ({
      clsLogits: out.clsLogits,
      distances: out.boxDistances,
      quality: out.quality,
    }),
  };
}

/** `[N, P, 4]` distances at the grid's points → boxes `[N, P, 4]` xyxy pixels (× stride when `inStrides`). */
export function decodeBatch(distances: tf.Tensor3D, grid: PointGrid, inStrides: boolean): tf.Tensor3D {
  return tf.tidy(() => {
    const [n, p] = distances.shape;
    const points = tf.tile(tf.tensor2d(grid.points, [p, 2]), [n, 1]) as tf.Tensor2D;
    const strides = inStrides ? (tf.tile(tf.tensor1d(grid.strides), [n]) as tf.Tensor1D) : undefined;
    return tf.reshape(decodeDistancesTensor(points, tf.reshape(distances, [n * p, 4]), strides), [n, p, 4]);
  });
}
