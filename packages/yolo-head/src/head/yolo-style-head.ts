import * as tf from '@tensorflow/tfjs-core';
import {
  Conv2d,
  decodeDistancesTensor,
  GroupNorm,
  initializers,
  InvalidArgumentError,
  Module,
  type PointGrid,
  ReLU,
  Sequential,
  type Tower,
  type TowerLayer,
} from '@aligndet/core-tensor';

/** Options of {@link YoloStyleHead}. */
export interface YoloStyleHeadOptions {
  numClasses: number;
  /** Number of pyramid levels (each gets its own stem and branches). */
  numLevels: number;
  /** Branch width. Default 24. */
  channels?: number;
  /** Channels of the input features (the neck's width). Default `channels`. */
  inChannels?: number;
  /** 3×3 convs per branch. Default 2 (YOLOv8). */
  branchConvs?: number;
  /** GroupNorm groups. Default 4. */
  groups?: number;
  /**
   * Distribution focal loss bins (YOLOv8's `reg_max`, 16): each side is a distribution over
   * 0..bins − 1 strides, decoded as its expectation. 0 (default) regresses each side directly:
   * softplus of one channel, in strides.
   */
  dflBins?: number;
}

/** Training-mode outputs, all levels concatenated point by point (level-major, row, column). */
export interface YoloStyleOutputs {
  /** `[N, P, C]` classification logits. */
  clsLogits: tf.Tensor3D;
  /** `[N, P, 4·bins]` (DFL) or `[N, P, 4]` raw box-branch outputs. */
  boxLogits: tf.Tensor3D;
}

/**
 * One level's own modules: a 1×1 stem (ReLU), then separate classification and box branches
 * (`cls_branch`, `box_branch`: 3×3 conv, GroupNorm, ReLU, `branchConvs` times) and 1×1 predictors.
 */
export class YoloStyleLevel extends Module<tf.Tensor4D, { cls: tf.Tensor4D; box: tf.Tensor4D }> {
  readonly stem: Conv2d;
  readonly clsTower: Sequential;
  readonly boxTower: Sequential;
  readonly clsPred: Conv2d;
  readonly boxPred: Conv2d;

  constructor(o: Required<Omit<YoloStyleHeadOptions, 'numLevels'>>) {
    super();
    const c = o.channels;
    const branch = () =>
      new Sequential(
        Array.from({ length: o.branchConvs }, (): TowerLayer[] => [
          new Conv2d({
            inChannels: c,
            outChannels: c,
            kernelSize: 3,
            padding: 1,
            weightInit: initializers.normal(0.01),
          }),
          new GroupNorm({ numGroups: o.groups, numChannels: c }),
          new ReLU(),
        ]).flat(),
      );
    this.stem = this.addModule(
      'stem',
      new Conv2d({ inChannels: o.inChannels, outChannels: c, kernelSize: 1 }),
    );
    this.clsTower = this.addModule('cls_branch', branch());
    this.boxTower = this.addModule('box_branch', branch());
    const prior = 0.01;
    this.clsPred = this.addModule(
      'cls_pred',
      new Conv2d({
        inChannels: c,
        outChannels: o.numClasses,
        kernelSize: 1,
        weightInit: initializers.normal(0.01),
        biasInit: initializers.constant(-Math.log((1 - prior) / prior)),
      }),
    );
    // direct regression starts at 2 strides per side: softplus⁻¹(2) = log(e² − 1)
    const boxBias = o.dflBins > 0 ? 0 : Math.log(Math.exp(2) - 1);
    this.boxPred = this.addModule(
      'box_pred',
      new Conv2d({
        inChannels: c,
        outChannels: 4 * Math.max(o.dflBins, 1),
        kernelSize: 1,
        weightInit: initializers.normal(0.01),
        biasInit: initializers.constant(boxBias),
      }),
    );
  }

  forward(x: tf.Tensor4D) {
    return tf.tidy(() => {
      const s = tf.relu(this.stem.forward(x));
      return {
        cls: this.clsPred.forward(this.clsTower.forward(s)),
        box: this.boxPred.forward(this.boxTower.forward(s)),
      };
    });
  }
}

/**
 * A YOLOv8-style decoupled anchor-free head (Ultralytics' `Detect`, with YOLOX's per-level 1×1
 * stem): every level has its *own* stem, classification branch and box branch (weights are not
 * shared across levels), and boxes are distances from the point to the four sides, in strides,
 * optionally as DFL distributions. It is neither FCOS nor a `TwoTowerHead`: RFA reaches it through
 * {@link YoloStyleHead.towers} (`adaptTowers` from `@aligndet/rfa`), and any v2 assigner through
 * {@link YoloStyleHead.decode} (decoded pixel boxes).
 *
 * @example
 * ```ts
 * const head = new YoloStyleHead({ numClasses: 2, numLevels: 2, dflBins: 16 });
 * const out = head.forward(features);              // features [[N, 8, 8, 24], [N, 4, 4, 24]]
 * const boxes = head.decode(head.distances(out), grid); // [N, 80, 4] xyxy pixels
 * ```
 */
export class YoloStyleHead extends Module<tf.Tensor4D[], YoloStyleOutputs> {
  readonly numClasses: number;
  readonly dflBins: number;
  readonly levels: YoloStyleLevel[];

  constructor(options: YoloStyleHeadOptions) {
    super();
    const o = {
      numClasses: options.numClasses,
      channels: options.channels ?? 24,
      inChannels: options.inChannels ?? options.channels ?? 24,
      branchConvs: options.branchConvs ?? 2,
      groups: options.groups ?? 4,
      dflBins: options.dflBins ?? 0,
    };
    for (const [field, value, min] of [
      ['numClasses', o.numClasses, 1],
      ['numLevels', options.numLevels, 1],
      ['channels', o.channels, 1],
      ['inChannels', o.inChannels, 1],
      ['branchConvs', o.branchConvs, 1],
      ['dflBins', o.dflBins, 0],
    ] as const) {
      if (!Number.isInteger(value) || value < min || (field === 'dflBins' && value === 1))
        throw new InvalidArgumentError({
          op: 'YoloStyleHead',
          field,
          value,
          expected: field === 'dflBins' ? '0 or an integer ≥ 2' : `an integer ≥ ${min}`,
        });
    }
    this.numClasses = o.numClasses;
    this.dflBins = o.dflBins;
    this.levels = Array.from({ length: options.numLevels }, (_, l) =>
      this.addModule(`level${l}`, new YoloStyleLevel(o)),
    );
  }

  /** Every branch of every level, classification then box per level: what RFA adapts. */
  towers(): Tower[] {
    return this.levels.flatMap((l) => [l.clsTower, l.boxTower]);
  }

  forward(features: tf.Tensor4D[]): YoloStyleOutputs {
    if (features.length !== this.levels.length)
      throw new InvalidArgumentError({
        op: 'YoloStyleHead.forward',
        field: 'features',
        value: features.length,
        expected: `${this.levels.length} levels`,
      });
    return tf.tidy(() => {
      const n = features[0]!.shape[0];
      const cls: tf.Tensor3D[] = [];
      const box: tf.Tensor3D[] = [];
      features.forEach((f, l) => {
        const [, h, w] = f.shape;
        const out = this.levels[l]!.forward(f);
        cls.push(tf.reshape(out.cls, [n, h * w, this.numClasses]));
        box.push(tf.reshape(out.box, [n, h * w, out.box.shape[3]]));
      });
      return { clsLogits: tf.concat(cls, 1), boxLogits: tf.concat(box, 1) };
    });
  }

  /** `[N, P, 4]` distances (l, t, r, b) in strides: the DFL expectation Σ k·softmax_k, or softplus. */
  distances(out: YoloStyleOutputs): tf.Tensor3D {
    return tf.tidy(() => {
      const [n, p] = out.boxLogits.shape;
      if (this.dflBins === 0) return tf.softplus(out.boxLogits);
      const probs = tf.softmax(tf.reshape(out.boxLogits, [n, p, 4, this.dflBins]));
      const bins = tf.range(0, this.dflBins, 1, 'float32');
      return tf.sum(tf.mul(probs, bins), 3) as tf.Tensor3D;
    });
  }

  /** Distances `[N, P, 4]` (strides) at the grid's points → boxes `[N, P, 4]`, xyxy pixels. */
  decode(distances: tf.Tensor3D, grid: PointGrid): tf.Tensor3D {
    return tf.tidy(() => {
      const [n, p] = distances.shape;
      const points = tf.tile(tf.tensor2d(grid.points, [p, 2]), [n, 1]) as tf.Tensor2D;
      const strides = tf.tile(tf.tensor1d(grid.strides), [n]) as tf.Tensor1D;
      const boxes = decodeDistancesTensor(points, tf.reshape(distances, [n * p, 4]), strides);
      return tf.reshape(boxes, [n, p, 4]);
    });
  }
}
