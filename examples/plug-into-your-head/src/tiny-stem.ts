import * as tf from '@tensorflow/tfjs-core';
import { Conv2d, Module } from '@aligndet/core-tensor';

/**
 * A deliberately tiny feature extractor for the example: three stride-2 convs give a stride-8
 * map, one more gives stride 16. Images `[N, H, W, 3]` (H, W multiples of 16) →
 * `[[N, H/8, W/8, C], [N, H/16, W/16, C]]`.
 */
export class TinyStem extends Module<tf.Tensor4D, tf.Tensor4D[]> {
  /** Strides of the two output levels. */
  readonly strides = [8, 16];
  private readonly convs: Conv2d[];

  constructor(readonly channels: number) {
    super();
    const conv = (name: string, inChannels: number) =>
      this.addModule(
        name,
        new Conv2d({ inChannels, outChannels: channels, kernelSize: 3, stride: 2, padding: 1 }),
      );
    this.convs = [
      conv('conv1', 3),
      conv('conv2', channels),
      conv('conv3', channels),
      conv('conv4', channels),
    ];
  }

  forward(images: tf.Tensor4D): tf.Tensor4D[] {
    return tf.tidy(() => {
      const [c1, c2, c3, c4] = this.convs as [Conv2d, Conv2d, Conv2d, Conv2d];
      const s8 = tf.relu(c3.forward(tf.relu(c2.forward(tf.relu(c1.forward(images))))));
      const s16 = tf.relu(c4.forward(s8));
      return [s8, s16];
    });
  }
}
