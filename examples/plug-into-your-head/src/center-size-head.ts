import * as tf from '@tensorflow/tfjs-core';
import {
  Conv2d,
  GroupNorm,
  initializers,
  InvalidArgumentError,
  Module,
  ReLU,
  Sequential,
  type TowerLayer,
  type TwoTowerHead,
} from '@aligndet/core-tensor';

/** Options of {@link CenterSizeHead}. */
export interface CenterSizeHeadOptions {
  numClasses: number;
  /** Input and tower width. Default 24. */
  channels?: number;
  /** Convs in the classification tower. Default 3. */
  clsConvs?: number;
  /** Convs in the regression tower. Default 2. */
  regConvs?: number;
  /** GroupNorm groups. Default 4. */
  groups?: number;
  /** Initial size code log(w / stride) of every box. Default log 2 (boxes two strides wide). */
  sizeBiasInit?: number;
}

/** Training-mode outputs of {@link CenterSizeHead}, all levels concatenated point by point. */
export interface CenterSizeOutputs {
  /** `[N, P, C]` classification logits. */
  clsLogits: tf.Tensor3D;
  /** `[N, P, 4]` box codes (dx, dy, log w, log h) in stride units (see `center-size-coder.ts`). */
  boxCodes: tf.Tensor3D;
  /** `[height, width]` of each level, for the points. */
  sizes: Array<[number, number]>;
}

/**
 * A two-tower anchor-free head that is *not* FCOS: towers of different depths (3 and 2 convs by
 * default, [conv, GroupNorm, ReLU] each), a centre-offset + log-size box coding and no quality
 * branch. It implements core-tensor's `TwoTowerHead` by exposing its towers as `Sequential`s —
 * that is all `applyReceptiveFieldAdaptor` needs. Weights are shared across pyramid levels.
 *
 * @example
 * ```ts
 * const head = new CenterSizeHead({ numClasses: 2 });
 * const out = head.forward(features); // features: [[N, 8, 8, 24], [N, 4, 4, 24]]
 * out.clsLogits.shape;                // [N, 80, 2]
 * ```
 */
export class CenterSizeHead extends Module<tf.Tensor4D[], CenterSizeOutputs> implements TwoTowerHead {
  readonly clsTower: Sequential;
  readonly regTower: Sequential;
  readonly numClasses: number;
  private readonly clsOut: Conv2d;
  private readonly boxOut: Conv2d;

  constructor(options: CenterSizeHeadOptions) {
    super();
    const channels = options.channels ?? 24;
    const groups = options.groups ?? 4;
    for (const [field, value] of [
      ['numClasses', options.numClasses],
      ['clsConvs', options.clsConvs ?? 3],
      ['regConvs', options.regConvs ?? 2],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new InvalidArgumentError({ op: 'CenterSizeHead', field, value, expected: 'an integer ≥ 1' });
    }
    this.numClasses = options.numClasses;
    const tower = (convs: number) =>
      new Sequential(
        Array.from({ length: convs }, (): TowerLayer[] => [
          new Conv2d({
            inChannels: channels,
            outChannels: channels,
            kernelSize: 3,
            padding: 1,
            weightInit: initializers.normal(0.01),
            biasInit: initializers.zeros(),
          }),
          new GroupNorm({ numGroups: groups, numChannels: channels }),
          new ReLU(),
        ]).flat(),
      );
    this.clsTower = this.addModule('cls_tower', tower(options.clsConvs ?? 3));
    this.regTower = this.addModule('reg_tower', tower(options.regConvs ?? 2));
    const prior = 0.01;
    this.clsOut = this.addModule(
      'cls_out',
      new Conv2d({
        inChannels: channels,
        outChannels: options.numClasses,
        kernelSize: 3,
        padding: 1,
        weightInit: initializers.normal(0.01),
        biasInit: initializers.constant(-Math.log((1 - prior) / prior)),
      }),
    );
    const sizeBias = options.sizeBiasInit ?? Math.log(2);
    this.boxOut = this.addModule(
      'box_out',
      new Conv2d({
        inChannels: channels,
        outChannels: 4,
        kernelSize: 3,
        padding: 1,
        weightInit: initializers.normal(0.01),
        biasInit: () => tf.tensor1d([0, 0, sizeBias, sizeBias]),
      }),
    );
  }

  forward(features: tf.Tensor4D[]): CenterSizeOutputs {
    return tf.tidy(() => {
      const n = features[0]!.shape[0];
      const cls: tf.Tensor3D[] = [];
      const box: tf.Tensor3D[] = [];
      for (const f of features) {
        const [, h, w] = f.shape;
        cls.push(tf.reshape(this.clsOut.forward(this.clsTower.forward(f)), [n, h * w, this.numClasses]));
        box.push(tf.reshape(this.boxOut.forward(this.regTower.forward(f)), [n, h * w, 4]));
      }
      return {
        clsLogits: tf.concat(cls, 1),
        boxCodes: tf.concat(box, 1),
        sizes: features.map((f) => [f.shape[1], f.shape[2]] as [number, number]),
      };
    });
  }
}
