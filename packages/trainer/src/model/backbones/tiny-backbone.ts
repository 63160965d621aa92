import * as tf from '@tensorflow/tfjs-core';
import { Conv2d, GroupNorm, initializers, Module } from '@aligndet/core-tensor';
import type { Backbone, BackboneFeatures } from './backbone';

/** conv 3×3 → GroupNorm → ReLU. */
class ConvGnRelu extends Module<tf.Tensor4D, tf.Tensor4D> {
  private readonly conv: Conv2d;
  private readonly gn: GroupNorm;
  constructor(inC: number, outC: number, stride: number) {
    super();
    this.conv = this.addModule(
      'conv',
      new Conv2d({
        inChannels: inC,
        outChannels: outC,
        kernelSize: 3,
        stride,
        padding: 1,
        bias: false,
        weightInit: initializers.kaimingUniform(1),
      }),
    );
    this.gn = this.addModule('gn', new GroupNorm({ numGroups: Math.min(8, outC / 4), numChannels: outC }));
  }
  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.relu(this.gn.forward(this.conv.forward(x)));
  }
}

/** Options of {@link TinyBackbone}. */
export interface TinyBackboneOptions {
  /** Channels of the stem and of the four stride-2 stages (strides 2, 4, 8, 16, 32). Default [16, 32, 48, 64, 96]. */
  channels?: [number, number, number, number, number];
  /** Extra stride-1 convs per stage from stride 8 on. Default 1. */
  depth?: number;
}

/**
 * A small, fast backbone for CPU training from scratch on the built-in dataset: a stem and four
 * stride-2 stages of 3×3 conv + GroupNorm + ReLU. Outputs C3, C4, C5 (strides 8, 16, 32).
 *
 * @example
 * ```ts
 * const backbone = new TinyBackbone();
 * const [c3, c4, c5] = backbone.forward(images); // 48, 64, 96 channels
 * ```
 */
export class TinyBackbone extends Module<tf.Tensor4D, BackboneFeatures> implements Backbone {
  readonly outChannels: [number, number, number];
  private readonly stages: Array<Array<Module<tf.Tensor4D, tf.Tensor4D>>> = [];

  constructor(options: TinyBackboneOptions = {}) {
    super();
    const ch = options.channels ?? [16, 32, 48, 64, 96];
    const depth = options.depth ?? 1;
    let inC = 3;
    ch.forEach((c, s) => {
      const blocks = [this.addModule(`stage${s}_0`, new ConvGnRelu(inC, c, 2))];
      if (s >= 2)
        for (let d = 1; d <= depth; d++)
          blocks.push(this.addModule(`stage${s}_${d}`, new ConvGnRelu(c, c, 1)));
      this.stages.push(blocks);
      inC = c;
    });
    this.outChannels = [ch[2], ch[3], ch[4]];
  }

  forward(x: tf.Tensor4D): BackboneFeatures {
    const outs: tf.Tensor4D[] = [];
    let y = x;
    for (const blocks of this.stages) {
      for (const b of blocks) y = b.forward(y);
      outs.push(y);
    }
    return [outs[2]!, outs[3]!, outs[4]!];
  }
}
