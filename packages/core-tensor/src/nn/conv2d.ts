import * as tf from '@tensorflow/tfjs-core';
import { assertShape } from '../errors/assert-shape';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import type { ConvGeometry, TowerLayer } from '../heads/two-tower-head';
import { type Initializer, initializers } from './initializers';
import { Module } from './module';

/** A number for both spatial dimensions, or `[rows, cols]`. */
export type Pair = number | [number, number];

/** Normalises a {@link Pair} to `[rows, cols]`. */
export function pair(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

/** Options of {@link Conv2d}. */
export interface Conv2dOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: Pair;
  /** Default 1. */
  stride?: Pair;
  /** Symmetric zero padding. Default 0. */
  padding?: Pair;
  /** Default 1. */
  dilation?: Pair;
  /** Default 1. */
  groups?: number;
  /** Default true. */
  bias?: boolean;
  /** Default: PyTorch's (kaiming-uniform, a = √5). */
  weightInit?: Initializer;
  /** Default: PyTorch's (U(±1/√fanIn)). */
  biasInit?: Initializer;
}

/**
 * 2-D convolution on NHWC tensors, with PyTorch's options and initialisation. The weight is
 * `[kh, kw, inChannels / groups, outChannels]` (tf.conv2d's filter layout); load PyTorch's
 * `[out, in, kh, kw]` weights through the torch-layout helpers. Implements {@link TowerLayer}.
 *
 * @example
 * ```ts
 * const conv = new Conv2d({ inChannels: 256, outChannels: 256, kernelSize: 3, padding: 1 });
 * const y = conv.forward(x); // x: [N, H, W, 256] -> [N, H, W, 256]
 * ```
 */
export class Conv2d extends Module<tf.Tensor4D, tf.Tensor4D> implements TowerLayer {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;
  readonly convGeometry: ConvGeometry;

  constructor(options: Conv2dOptions) {
    super();
    const groups = options.groups ?? 1;
    const { inChannels, outChannels } = options;
    for (const [field, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
      ['groups', groups],
    ] as const) {
      if (!Number.isInteger(v) || v <= 0)
        throw new InvalidArgumentError({ op: 'Conv2d', field, value: v, expected: 'a positive integer' });
    }
    if (inChannels % groups !== 0 || outChannels % groups !== 0) {
      throw new InvalidArgumentError({
        op: 'Conv2d',
        field: 'groups',
        value: groups,
        expected: `a divisor of inChannels (${inChannels}) and outChannels (${outChannels})`,
      });
    }
    const [kh, kw] = pair(options.kernelSize);
    this.convGeometry = {
      inChannels,
      outChannels,
      kernelSize: [kh, kw],
      stride: pair(options.stride ?? 1),
      padding: pair(options.padding ?? 0),
      dilation: pair(options.dilation ?? 1),
      groups,
      bias: options.bias ?? true,
    };
    const fan = { fanIn: (inChannels / groups) * kh * kw, fanOut: (outChannels / groups) * kh * kw };
    const weightInit = options.weightInit ?? initializers.kaimingUniform(Math.sqrt(5));
    this.weight = this.addParameter(
      'weight',
      tf.tidy(() => weightInit([kh, kw, inChannels / groups, outChannels], fan)),
    );
    if (this.convGeometry.bias) {
      const biasInit = options.biasInit ?? initializers.fanInUniform();
      this.bias = this.addParameter(
        'bias',
        tf.tidy(() => biasInit([outChannels], fan)),
      );
    }
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    const g = this.convGeometry;
    assertShape('Conv2d', 'x', x.shape, [null, null, null, g.inChannels]);
    const [ph, pw] = g.padding;
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [ph, ph],
      [pw, pw],
      [0, 0],
    ];
    // tf.conv2d rejects stride > 1 together with dilation > 1: convolve densely, then subsample
    const strided = g.stride.some((s) => s > 1) && g.dilation.some((d) => d > 1);
    const stride: [number, number] = strided ? [1, 1] : g.stride;
    const conv = (xi: tf.Tensor4D, wi: tf.Tensor4D) => tf.conv2d(xi, wi, stride, pad, 'NHWC', g.dilation);
    if (g.groups === 1 && this.bias && !strided && g.dilation.every((d) => d === 1)) {
      // the bias inside the conv kernel (XNNPACK adds it for free) instead of a broadcast add;
      // tfjs differentiates the fused conv only without dilation
      return tf.fused.conv2d({
        x,
        filter: this.weight as tf.Tensor4D,
        strides: stride,
        pad,
        dataFormat: 'NHWC',
        bias: this.bias,
      });
    }
    let y: tf.Tensor4D;
    if (g.groups === 1) {
      y = conv(x, this.weight as tf.Tensor4D);
    } else {
      const xs = tf.split(x, g.groups, 3);
      const ws = tf.split(this.weight as tf.Tensor4D, g.groups, 3);
      y = tf.concat(
        xs.map((xi, i) => conv(xi as tf.Tensor4D, ws[i] as tf.Tensor4D)),
        3,
      ) as tf.Tensor4D;
    }
    if (strided)
      y = tf.stridedSlice(y, [0, 0, 0, 0], y.shape, [1, g.stride[0], g.stride[1], 1]) as tf.Tensor4D;
    return this.bias ? tf.add(y, this.bias) : y;
  }
}
