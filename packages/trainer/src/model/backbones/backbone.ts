import type * as tf from '@tensorflow/tfjs-core';
import type { Module } from '@aligndet/core-tensor';

/** Feature maps C3, C4, C5 (strides 8, 16, 32), NHWC. */
export type BackboneFeatures = [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];

/** A backbone for the FPN: image `[N, H, W, 3]` → C3, C4, C5, with known channel counts. */
export interface Backbone extends Module<tf.Tensor4D, BackboneFeatures> {
  /** Channels of C3, C4, C5. */
  readonly outChannels: [number, number, number];
}
