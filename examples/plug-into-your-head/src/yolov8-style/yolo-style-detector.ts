import type * as tf from '@tensorflow/tfjs-core';
import { Module, type PointGrid } from '@aligndet/core-tensor';
import { imageGrid } from '../image-grid';
import { TinyStem } from '../tiny-stem';
import { YoloStyleHead, type YoloStyleHeadOptions, type YoloStyleOutputs } from '@aligndet/yolo-head';

/**
 * The example's YOLO-style model: {@link TinyStem} (strides 8 and 16) feeding
 * {@link YoloStyleHead}, with its points at the cell centres as YOLOv8 places them.
 *
 * @example
 * ```ts
 * const model = new YoloStyleDetector({ numClasses: 2 });
 * const out = model.forward(images); // images [N, 64, 64, 3] -> clsLogits [N, 80, 2]
 * ```
 */
export class YoloStyleDetector extends Module<tf.Tensor4D, YoloStyleOutputs> {
  readonly stem: TinyStem;
  readonly head: YoloStyleHead;

  constructor(options: Omit<YoloStyleHeadOptions, 'numLevels'>) {
    super();
    this.stem = this.addModule('stem', new TinyStem(options.channels ?? 24));
    this.head = this.addModule(
      'head',
      new YoloStyleHead({ ...options, numLevels: this.stem.strides.length }),
    );
  }

  forward(images: tf.Tensor4D): YoloStyleOutputs {
    const features = this.stem.forward(images);
    try {
      return this.head.forward(features);
    } finally {
      for (const f of features) f.dispose();
    }
  }

  /** The points of an `[N, H, W, 3]` input (the same for every image). */
  grid(imageShape: readonly number[]): PointGrid {
    return imageGrid(imageShape, this.stem.strides);
  }
}
