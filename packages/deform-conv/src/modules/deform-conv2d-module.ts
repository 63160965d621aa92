import * as tf from '@tensorflow/tfjs-core';
import { type Initializer, initializers, InvalidArgumentError, Module, pair } from '@aligndet/core-tensor';
import { deformConv2d } from '../ops/deform-conv2d';

/** Options of {@link DeformConv2d}. */
export interface DeformConv2dModuleOptions {
  inChannels: number;
  outChannels: number;
  kernelSize: number | [number, number];
  stride?: number | [number, number];
  padding?: number | [number, number];
  dilation?: number | [number, number];
  groups?: number;
  bias?: boolean;
  /** Default: U(±1/√(Cin/groups·kh·kw)) (torchvision's and the official DCN's init). */
  weightInit?: Initializer;
  /** Default zeros. */
  biasInit?: Initializer;
}

/** Inputs of {@link DeformConv2d.forward}. */
export interface DeformConv2dInputs {
  x: tf.Tensor4D;
  offset: tf.Tensor4D;
  mask?: tf.Tensor4D;
}

/**
 * The module form of {@link deformConv2d}: owns `weight` `[kh, kw, Cin/groups, Cout]` and `bias`;
 * offsets (and the mask) are inputs, as in torchvision's `DeformConv2d`.
 *
 * @example
 * ```ts
 * const dcn = new DeformConv2d({ inChannels: 64, outChannels: 64, kernelSize: 3, padding: 1 });
 * const y = dcn.forward({ x, offset, mask }); // offset [N, H, W, 18], mask [N, H, W, 9]
 * ```
 */
export class DeformConv2d extends Module<DeformConv2dInputs, tf.Tensor4D> {
  readonly weight: tf.Variable;
  readonly bias: tf.Variable | undefined;
  readonly stride: [number, number];
  readonly padding: [number, number];
  readonly dilation: [number, number];
  readonly groups: number;

  constructor(o: DeformConv2dModuleOptions) {
    super();
    const groups = o.groups ?? 1;
    if (o.inChannels % groups !== 0 || o.outChannels % groups !== 0) {
      throw new InvalidArgumentError({
        op: 'DeformConv2d',
        field: 'groups',
        value: groups,
        expected: `a divisor of inChannels (${o.inChannels}) and outChannels (${o.outChannels})`,
      });
    }
    const [kh, kw] = pair(o.kernelSize);
    const fanIn = (o.inChannels / groups) * kh * kw;
    const fan = { fanIn, fanOut: (o.outChannels / groups) * kh * kw };
    const bound = 1 / Math.sqrt(fanIn);
    const wInit = o.weightInit ?? initializers.uniform(-bound, bound);
    this.weight = this.addParameter(
      'weight',
      tf.tidy(() => wInit([kh, kw, o.inChannels / groups, o.outChannels], fan)),
    );
    if (o.bias ?? true)
      this.bias = this.addParameter(
        'bias',
        tf.tidy(() => (o.biasInit ?? initializers.zeros())([o.outChannels], fan)),
      );
    this.stride = pair(o.stride ?? 1);
    this.padding = pair(o.padding ?? 0);
    this.dilation = pair(o.dilation ?? 1);
    this.groups = groups;
  }

  forward({ x, offset, mask }: DeformConv2dInputs): tf.Tensor4D {
    return deformConv2d(x, offset, this.weight as tf.Tensor4D, {
      bias: this.bias as tf.Tensor1D | undefined,
      mask,
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }
}
