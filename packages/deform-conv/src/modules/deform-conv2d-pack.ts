import * as tf from '@tensorflow/tfjs-core';
import {
  Conv2d,
  type ConvGeometry,
  type Initializer,
  initializers,
  Module,
  pair,
  type TowerLayer,
} from '@aligndet/core-tensor';
import { DeformConv2d, type DeformConv2dModuleOptions } from './deform-conv2d-module';

/** Options of {@link DeformConv2dPack}. */
export interface DeformConv2dPackOptions extends DeformConv2dModuleOptions {
  /** Modulated (DCNv2: offsets + mask) or offsets only (DCNv1). Default false. */
  modulated?: boolean;
  /** Offset groups. Default 1. */
  offsetGroups?: number;
  /** Init of the offset/mask predictor's weight and bias. Default zeros (starts as a plain conv, or ½·conv when modulated). */
  offsetInit?: Initializer;
}

/**
 * A deformable conv that predicts its own sampling offsets (and mask, when modulated) with a plain
 * conv on the same input — a drop-in replacement for a 3×3 conv, and a `TowerLayer`. Children:
 * `offset` (the predictor: 2·og·kh·kw channels, or 3·og·kh·kw with offsets first, then mask
 * logits) and `conv` (the `DeformConv2d`), the official DCN module's names.
 *
 * @example
 * ```ts
 * const layer = new DeformConv2dPack({ inChannels: 256, outChannels: 256, kernelSize: 3, padding: 1, modulated: true });
 * const y = layer.forward(x); // [N, H, W, 256]
 * ```
 */
export class DeformConv2dPack extends Module<tf.Tensor4D, tf.Tensor4D> implements TowerLayer {
  readonly convGeometry: ConvGeometry;
  readonly modulated: boolean;
  readonly offsetGroups: number;
  readonly offset: Conv2d;
  readonly conv: DeformConv2d;

  constructor(o: DeformConv2dPackOptions) {
    super();
    const [kh, kw] = pair(o.kernelSize);
    this.modulated = o.modulated ?? false;
    this.offsetGroups = o.offsetGroups ?? 1;
    const K = kh * kw * this.offsetGroups;
    const init = o.offsetInit ?? initializers.zeros();
    this.offset = this.addModule(
      'offset',
      new Conv2d({
        inChannels: o.inChannels,
        outChannels: (this.modulated ? 3 : 2) * K,
        kernelSize: [kh, kw],
        stride: o.stride,
        padding: o.padding,
        dilation: o.dilation,
        weightInit: init,
        biasInit: o.offsetInit ? initializers.zeros() : init,
      }),
    );
    this.conv = this.addModule('conv', new DeformConv2d(o));
    this.convGeometry = {
      inChannels: o.inChannels,
      outChannels: o.outChannels,
      kernelSize: [kh, kw],
      stride: pair(o.stride ?? 1),
      padding: pair(o.padding ?? 0),
      dilation: pair(o.dilation ?? 1),
      groups: o.groups ?? 1,
      bias: o.bias ?? true,
    };
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    const K = this.convGeometry.kernelSize[0] * this.convGeometry.kernelSize[1] * this.offsetGroups;
    return tf.tidy(() => {
      const pred = this.offset.forward(x);
      if (!this.modulated) return this.conv.forward({ x, offset: pred });
      const [offset, maskLogits] = tf.split(pred, [2 * K, K], 3) as [tf.Tensor4D, tf.Tensor4D];
      return this.conv.forward({ x, offset, mask: tf.sigmoid(maskLogits) });
    });
  }
}
