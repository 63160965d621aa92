import * as tf from '@tensorflow/tfjs-core';
import { Conv2d, initializers, Module } from '@aligndet/core-tensor';

/** Options of {@link FPN}. */
export interface FpnOptions {
  /** Channels of C3, C4, C5. */
  inChannels: [number, number, number];
  /** Output channels of every level. Default 256. */
  outChannels?: number;
}

/**
 * Feature pyramid P3–P7 as FCOS uses it (spec §1.2): 1×1 laterals on C3–C5, top-down nearest
 * upsampling to the lateral's size and add, 3×3 output convs; P6 = 3×3 stride-2 conv on P5,
 * P7 = 3×3 stride-2 conv on ReLU(P6). Kaiming-uniform(a = 1) weights, zero biases.
 *
 * @example
 * ```ts
 * const fpn = new FPN({ inChannels: [512, 1024, 2048] });
 * const [p3, p4, p5, p6, p7] = fpn.forward([c3, c4, c5]);
 * ```
 */
export class FPN extends Module<[tf.Tensor4D, tf.Tensor4D, tf.Tensor4D], tf.Tensor4D[]> {
  private readonly lateral: Conv2d[];
  private readonly output: Conv2d[];
  private readonly p6: Conv2d;
  private readonly p7: Conv2d;

  constructor(options: FpnOptions) {
    super();
    const C = options.outChannels ?? 256;
    const make = (inC: number, k: number, stride = 1) =>
      new Conv2d({
        inChannels: inC,
        outChannels: C,
        kernelSize: k,
        stride,
        padding: Math.floor(k / 2),
        weightInit: initializers.kaimingUniform(1),
        biasInit: initializers.zeros(),
      });
    this.lateral = options.inChannels.map((c, i) => this.addModule(`lateral${i + 3}`, make(c, 1)));
    this.output = options.inChannels.map((_, i) => this.addModule(`output${i + 3}`, make(C, 3)));
    this.p6 = this.addModule('p6', make(C, 3, 2));
    this.p7 = this.addModule('p7', make(C, 3, 2));
  }

  forward([c3, c4, c5]: [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D]): tf.Tensor4D[] {
    const l5 = this.lateral[2]!.forward(c5);
    const l4 = tf.add(
      this.lateral[1]!.forward(c4),
      tf.image.resizeNearestNeighbor(l5, [c4.shape[1], c4.shape[2]]),
    ) as tf.Tensor4D;
    const l3 = tf.add(
      this.lateral[0]!.forward(c3),
      tf.image.resizeNearestNeighbor(l4, [c3.shape[1], c3.shape[2]]),
    ) as tf.Tensor4D;
    const p3 = this.output[0]!.forward(l3);
    const p4 = this.output[1]!.forward(l4);
    const p5 = this.output[2]!.forward(l5);
    const p6 = this.p6.forward(p5);
    const p7 = this.p7.forward(tf.relu(p6));
    return [p3, p4, p5, p6, p7];
  }
}
