import * as tf from '@tensorflow/tfjs-core';
import type { TowerLayer } from '../heads/two-tower-head';
import { Module } from './module';

/**
 * max(x, 0), as a layer (no parameters).
 *
 * @example
 * ```ts
 * new Sequential([conv, new GroupNorm({ numGroups: 32, numChannels: 256 }), new ReLU()]);
 * ```
 */
export class ReLU extends Module<tf.Tensor4D, tf.Tensor4D> implements TowerLayer {
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.relu(x);
  }
}
