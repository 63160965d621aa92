import * as tf from '@tensorflow/tfjs-core';
import {
  Conv2d,
  GroupNorm,
  initializers,
  InvalidArgumentError,
  Module,
  ReLU,
  Scale,
  Sequential,
  type Tower,
  type TowerLayer,
  type TwoTowerHead,
} from '@aligndet/core-tensor';
import type { FlatHeadOutputs } from '../losses/fcos-losses';

/** Options of {@link FcosHead}; defaults are the official FCOS head (spec §1.3). */
export interface FcosHeadOptions {
  numClasses: number;
  /** Channels of the FPN features. Default 256. */
  inChannels?: number;
  /** Tower width. Default: `inChannels`. */
  channels?: number;
  /** Convs per tower. Default 4. */
  numConvs?: number;
  /** Normalisation after each tower conv: `'gn'` (GroupNorm, the official head) or `'none'`. Default `'gn'`. */
  norm?: 'gn' | 'none';
  /** GroupNorm groups in the towers (with `norm: 'gn'`). Default 32. */
  gnGroups?: number;
  /** Pyramid levels (one learnable `Scale` each). Default 5. */
  numLevels?: number;
  /** Strides of the levels. Default [8, 16, 32, 64, 128]. */
  strides?: number[];
  /** Quality branch on the regression tower (default, FCOS "imprv") or on the classification tower. */
  qualityOnReg?: boolean;
  /** Prior probability of the classification bias init. Default 0.01 (bias −4.59512). */
  priorProb?: number;
  /**
   * Initial bias of the box-distance predictor. Default 0 (official). A positive value (e.g. 1:
   * distances start near one stride) keeps narrow heads from starting with ReLU-dead regression:
   * at all-zero distances the GIoU loss has no gradient.
   */
  boxBiasInit?: number;
}

/** One level's outputs, NHWC. */
export interface LevelOutputs {
  clsLogits: tf.Tensor4D;
  /** (l, t, r, b): stride units in training mode, pixels in eval mode. */
  boxDistances: tf.Tensor4D;
  quality: tf.Tensor4D;
}

/** A list of per-level `Scale`s named `0`, `1`, … (the official `scales.<l>.scale` keys). */
class Scales extends Module<never, never> {
  readonly items: Scale[];
  constructor(n: number) {
    super();
    this.items = Array.from({ length: n }, (_, i) => this.addModule(String(i), new Scale(1.0)));
  }
  forward(): never {
    throw new Error('Scales is a container');
  }
}

function tower(
  inChannels: number,
  channels: number,
  numConvs: number,
  groups: number,
  norm: 'gn' | 'none',
): Sequential {
  const layers: TowerLayer[] = [];
  for (let i = 0; i < numConvs; i++) {
    layers.push(
      new Conv2d({
        inChannels: i === 0 ? inChannels : channels,
        outChannels: channels,
        kernelSize: 3,
        padding: 1,
        weightInit: initializers.normal(0.01),
        biasInit: initializers.zeros(),
      }),
    );
    if (norm === 'gn') layers.push(new GroupNorm({ numGroups: groups, numChannels: channels }));
    layers.push(new ReLU());
  }
  return new Sequential(layers);
}

/**
 * The FCOS head (spec §1.3), shared across pyramid levels: a classification tower and a
 * regression tower (each `numConvs` × [3×3 conv, GroupNorm, ReLU]), predictors for class logits,
 * box distances (per-level learnable `Scale`, ReLU; stride units in training, pixels in eval mode)
 * and a `quality` branch (centerness for FCOS, IoU for the official APS preset; D5). Implements
 * `TwoTowerHead`: `clsTower` and `regTower` are replaceable layer lists, the seam through which
 * `@aligndet/rfa` puts a deformable conv into each tower.
 *
 * Parameter names map to the official PyTorch head as: `cls_tower.*` → `cls_tower.*`,
 * `bbox_tower.*` → `bbox_tower.*`, `cls_logits.*`, `bbox_pred.*`, `quality.*` → `centerness.*`,
 * `scales.<l>.scale` → `scales.<l>.scale` (conv weights transposed to `[kh, kw, in, out]`).
 *
 * @example
 * ```ts
 * const head = new FcosHead({ numClasses: 80 });
 * const outs = head.forward([p3, p4, p5, p6, p7]); // per level { clsLogits, boxDistances, quality }
 * const flat = head.flatten(outs);                  // [N, P, C], [N, P, 4], [N, P]
 * ```
 */
export class FcosHead extends Module<tf.Tensor4D[], LevelOutputs[]> implements TwoTowerHead {
  readonly options: Required<FcosHeadOptions>;
  readonly clsTower: Tower;
  readonly regTower: Tower;
  private readonly clsLogits: Conv2d;
  private readonly bboxPred: Conv2d;
  private readonly qualityPred: Conv2d;
  private readonly scales: Scales;

  constructor(options: FcosHeadOptions) {
    super();
    const inChannels = options.inChannels ?? 256;
    this.options = {
      numClasses: options.numClasses,
      inChannels,
      channels: options.channels ?? inChannels,
      numConvs: options.numConvs ?? 4,
      norm: options.norm ?? 'gn',
      gnGroups: options.gnGroups ?? 32,
      numLevels: options.numLevels ?? 5,
      strides: options.strides ?? [8, 16, 32, 64, 128].slice(0, options.numLevels ?? 5),
      qualityOnReg: options.qualityOnReg ?? true,
      priorProb: options.priorProb ?? 0.01,
      boxBiasInit: options.boxBiasInit ?? 0,
    };
    const o = this.options;
    if (!Number.isInteger(o.numClasses) || o.numClasses < 1)
      throw new InvalidArgumentError({
        op: 'FcosHead',
        field: 'numClasses',
        value: o.numClasses,
        expected: 'a positive integer',
      });
    if (o.norm !== 'gn' && o.norm !== 'none')
      throw new InvalidArgumentError({
        op: 'FcosHead',
        field: 'norm',
        value: o.norm,
        expected: "'gn' or 'none'",
      });
    if (o.norm === 'gn' && o.channels % o.gnGroups !== 0)
      throw new InvalidArgumentError({
        op: 'FcosHead',
        field: 'gnGroups',
        value: o.gnGroups,
        expected: `a divisor of channels (${o.channels})`,
      });
    if (o.strides.length !== o.numLevels)
      throw new InvalidArgumentError({
        op: 'FcosHead',
        field: 'strides',
        value: o.strides,
        expected: `${o.numLevels} strides (numLevels)`,
      });
    this.clsTower = this.addModule(
      'cls_tower',
      tower(inChannels, o.channels, o.numConvs, o.gnGroups, o.norm),
    );
    this.regTower = this.addModule(
      'bbox_tower',
      tower(inChannels, o.channels, o.numConvs, o.gnGroups, o.norm),
    );
    const predictor = (out: number, bias: number) =>
      new Conv2d({
        inChannels: o.channels,
        outChannels: out,
        kernelSize: 3,
        padding: 1,
        weightInit: initializers.normal(0.01),
        biasInit: initializers.constant(bias),
      });
    this.clsLogits = this.addModule(
      'cls_logits',
      predictor(o.numClasses, -Math.log((1 - o.priorProb) / o.priorProb)),
    );
    this.bboxPred = this.addModule('bbox_pred', predictor(4, this.options.boxBiasInit));
    this.qualityPred = this.addModule('quality', predictor(1, 0));
    this.scales = this.addModule('scales', new Scales(o.numLevels));
  }

  /** The strides of the levels. */
  get strides(): number[] {
    return this.options.strides;
  }

  forward(features: tf.Tensor4D[]): LevelOutputs[] {
    if (features.length !== this.options.numLevels) {
      throw new InvalidArgumentError({
        op: 'FcosHead.forward',
        field: 'features',
        value: features.length,
        expected: `${this.options.numLevels} levels`,
      });
    }
    return features.map((x, l) => {
      const c = this.clsTower.forward(x);
      const r = this.regTower.forward(x);
      const d = tf.relu(this.scales.items[l]!.forward(this.bboxPred.forward(r))) as tf.Tensor4D;
      return {
        clsLogits: this.clsLogits.forward(c),
        boxDistances: this.training ? d : (tf.mul(d, this.options.strides[l]!) as tf.Tensor4D),
        quality: this.qualityPred.forward(this.options.qualityOnReg ? r : c),
      };
    });
  }

  /**
   * Concatenates the levels per image: `clsLogits [N, P, C]`, `boxDistances [N, P, 4]`,
   * `quality [N, P]`, with P = Σ H_l·W_l in the order level-major, then row, then column — the
   * order of {@link gridPoints}. The spec's (official code's) batch-level flat index puts the image
   * after the level: point p of image n, on level l at (y, x), is
   * `Σ_{l'<l} N·H_l'·W_l' + n·H_l·W_l + y·W_l + x` there, and `n·P + p` in `[N·P]` views of these
   * tensors. Losses and assignments do not depend on the order as long as outputs, points and
   * assignments share it.
   */
  flatten(levels: LevelOutputs[]): FlatHeadOutputs {
    return tf.tidy(() => {
      const n = levels[0]!.clsLogits.shape[0];
      const flat = (t: tf.Tensor4D) => tf.reshape(t, [n, t.shape[1] * t.shape[2], t.shape[3]]);
      return {
        clsLogits: tf.concat(
          levels.map((l) => flat(l.clsLogits)),
          1,
        ) as tf.Tensor3D,
        boxDistances: tf.concat(
          levels.map((l) => flat(l.boxDistances)),
          1,
        ) as tf.Tensor3D,
        quality: tf.reshape(
          tf.concat(
            levels.map((l) => flat(l.quality)),
            1,
          ),
          [n, -1],
        ) as tf.Tensor2D,
      };
    });
  }
}
