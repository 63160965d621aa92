import * as tf from '@tensorflow/tfjs-core';
import { type Assigner, type Assignment, Module } from '@aligndet/core-tensor';
import {
  anchorCenterPoints,
  type Detections,
  type FcosHead,
  fcosLosses,
  gridPoints,
  type ImagePoints,
  type PostprocessOptions,
  postprocessDetections,
} from '@aligndet/fcos-head';
import type { Backbone, BackboneFeatures } from './backbones/backbone';
import { ALIGNDET_CONVENTIONS, type DetectorConventions } from './conventions/detector-conventions';

/**
 * The built modules of a {@link Detector}. Config strings become these in `model/presets.ts`
 * (`createDetector`) and in the checkpoint loaders, never in the detector.
 */
export interface DetectorParts {
  backbone: Backbone;
  /** Neck: C3–C5 → one feature map per head level (P3–P7 for the FPN). */
  fpn: Module<BackboneFeatures, tf.Tensor4D[]>;
  /** The head (its `strides` are the levels' strides, its towers may carry RFA). */
  head: FcosHead;
  assigner: Assigner;
  qualityTarget: 'centerness' | 'giou';
  /** See `model.detachQualityTarget`. */
  detachQualityTarget?: boolean;
  /** Input transform, points and post-processing rule. Default: {@link ALIGNDET_CONVENTIONS}. */
  conventions?: DetectorConventions;
}

/** One training image's targets. */
export interface ImageTargets {
  boxes: Float32Array;
  labels: Int32Array;
}

/** Losses of one step, as numbers, plus the total as a tensor for the gradient. */
export interface StepLosses {
  total: tf.Scalar;
  values: Record<string, number>;
  numPositives: number;
}

/**
 * The full detector: backbone → neck (FPN, P3–P7) → FCOS head, trained with any core-tensor
 * `Assigner` (FCOS's rule or the spatial assigner). It takes built modules; `createDetector`
 * (model/presets.ts) builds them from a config, `loadTorchvisionFcos` from a checkpoint.
 *
 * @example
 * ```ts
 * const det = createDetector({ numClasses: 5, backbone: 'tiny', fpnChannels: 64, headChannels: 64, headConvs: 2,
 *   headGroups: 16, rfa: 'paper', assigner: new SpatialAssigner(), qualityTarget: 'giou' });
 * const losses = det.losses(images, targets);
 * const [dets] = det.predict(images, [[128, 160]]); // xyxy, scores, labels
 * ```
 */
export class Detector extends Module<tf.Tensor4D, tf.Tensor4D[]> {
  readonly backbone: Backbone;
  readonly fpn: Module<BackboneFeatures, tf.Tensor4D[]>;
  readonly head: FcosHead;
  readonly options: DetectorParts;
  readonly conventions: DetectorConventions;
  private pointsCache = new Map<string, ImagePoints>();

  constructor(parts: DetectorParts) {
    super();
    this.options = parts;
    this.conventions = parts.conventions ?? ALIGNDET_CONVENTIONS;
    this.backbone = this.addModule('backbone', parts.backbone);
    this.fpn = this.addModule('fpn', parts.fpn);
    this.head = this.addModule('head', parts.head);
  }

  /** P3–P7 features of a batch `[N, H, W, 3]`. */
  forward(images: tf.Tensor4D): tf.Tensor4D[] {
    return this.fpn.forward(this.backbone.forward(images));
  }

  /**
   * The head's points for a feature layout (cached), by the detector's points convention.
   * `inputSize` is the padded input's `[H, W]`; by default the first level's size × its stride.
   */
  points(features: tf.Tensor4D[], inputSize?: [number, number]): ImagePoints {
    const sizes = features.map((f) => [f.shape[1], f.shape[2]] as [number, number]);
    const strides = this.head.strides;
    const input = inputSize ?? [sizes[0]![0] * strides[0]!, sizes[0]![1] * strides[0]!];
    const key = `${sizes.join(';')}|${input.join('x')}`;
    let p = this.pointsCache.get(key);
    if (!p) {
      p =
        this.conventions.points === 'torchvision'
          ? anchorCenterPoints(sizes, input, strides)
          : gridPoints(sizes, strides);
      this.pointsCache.set(key, p);
    }
    return p;
  }

  /**
   * Losses of a batch (call inside `tf.variableGrads`). Predictions are read back once, without
   * gradient, when the assigner needs them; the assignment is a constant for the losses.
   */
  losses(images: tf.Tensor4D, targets: ImageTargets[]): StepLosses {
    const feats = this.forward(images);
    const flat = this.head.flatten(this.head.forward(feats));
    const pts = this.points(feats);
    const [, P, C] = flat.clsLogits.shape;
    let cls: Float32Array | undefined;
    let box: Float32Array | undefined;
    if (this.options.assigner.requiresPredictions) {
      cls = flat.clsLogits.dataSync() as Float32Array;
      box = flat.boxDistances.dataSync() as Float32Array;
    }
    const assignments: Assignment[] = targets.map((t, n) =>
      this.options.assigner.assign({
        ...pts,
        numLevels: this.head.strides.length,
        gtBoxes: t.boxes,
        gtLabels: t.labels,
        predictions:
          cls && box
            ? {
                numClasses: C,
                clsLogits: cls.subarray(n * P * C, (n + 1) * P * C),
                boxDistances: box.subarray(n * P * 4, (n + 1) * P * 4),
              }
            : undefined,
      }),
    );
    const l = fcosLosses(flat, assignments, {
      qualityTarget: this.options.qualityTarget,
      detachQualityTarget: this.options.detachQualityTarget,
    });
    const total = tf.addN([l.loss_cls, l.loss_reg, l.loss_quality]) as tf.Scalar;
    const values = {
      loss_cls: l.loss_cls.dataSync()[0]!,
      loss_reg: l.loss_reg.dataSync()[0]!,
      loss_quality: l.loss_quality.dataSync()[0]!,
    };
    return { total, values, numPositives: l.numPositives };
  }

  /**
   * Detections for a batch `[N, H, W, 3]` already transformed by the detector's input convention
   * (eval mode; one read-back), boxes in the batch's pixel frame, clipped to each `[h, w]` of
   * `imageSizes`. Post-processing follows `conventions.postprocess`; `options` override it.
   */
  predict(
    images: tf.Tensor4D,
    imageSizes: Array<[number, number]>,
    options: Omit<PostprocessOptions, 'distanceUnits'> = {},
  ): Detections[] {
    const wasTraining = this.training;
    this.eval();
    let out:
      | { cls: Float32Array; box: Float32Array; q: Float32Array; pts: ImagePoints; P: number; C: number }
      | undefined;
    tf.tidy(() => {
      const feats = this.forward(images);
      const flat = this.head.flatten(this.head.forward(feats));
      const [, P, C] = flat.clsLogits.shape;
      out = {
        cls: flat.clsLogits.dataSync() as Float32Array,
        box: flat.boxDistances.dataSync() as Float32Array,
        q: flat.quality.dataSync() as Float32Array,
        pts: this.points(feats, [images.shape[1], images.shape[2]]),
        P,
        C,
      };
    });
    const { cls, box, q, pts, P, C } = out!;
    this.train(wasTraining);
    return imageSizes.map((size, n) =>
      postprocessDetections(
        {
          clsLogits: cls.subarray(n * P * C, (n + 1) * P * C),
          // the head is in eval mode here, so its distances are already in pixels
          boxDistances: box.subarray(n * P * 4, (n + 1) * P * 4),
          quality: q.subarray(n * P, (n + 1) * P),
          numClasses: C,
          ...pts,
          imageSize: size,
        },
        { ...this.conventions.postprocess, ...definedOnly(options), distanceUnits: 'pixels' },
      ),
    );
  }
}

/** `options` without its undefined entries, so they do not override the conventions. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
