import type * as tf from '@tensorflow/tfjs-core';
import { Module } from '@aligndet/core-tensor';
import { CenterSizeHead, type CenterSizeHeadOptions, type CenterSizeOutputs } from './center-size-head';
import { TinyStem } from './tiny-stem';

/**
 * The example's whole model: {@link TinyStem} (strides 8 and 16) feeding {@link CenterSizeHead}.
 *
 * @example
 * ```ts
 * const model = new SmallDetector({ numClasses: 2 });
 * const out = model.forward(images); // images [N, 64, 64, 3] -> clsLogits [N, 80, 2]
 * ```
 */
export class SmallDetector extends Module<tf.Tensor4D, CenterSizeOutputs> {
  readonly stem: TinyStem;
  readonly head: CenterSizeHead;

  constructor(options: CenterSizeHeadOptions) {
    super();
    this.stem = this.addModule('stem', new TinyStem(options.channels ?? 24));
    this.head = this.addModule('head', new CenterSizeHead(options));
  }

  forward(images: tf.Tensor4D): CenterSizeOutputs {
    const features = this.stem.forward(images);
    try {
      return this.head.forward(features);
    } finally {
      for (const f of features) f.dispose();
    }
  }
}
