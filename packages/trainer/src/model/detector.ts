import * as tf from '@tensorflow/tfjs-core';
import { type Assigner, type Assignment, Module } from '@aligndet/core-tensor';
import {
  type Detections,
  FcosHead,
  fcosLosses,
  gridPoints,
  type ImagePoints,
  postprocessDetections,
} from '@aligndet/fcos-head';
import { applyReceptiveFieldAdaptor } from '@aligndet/rfa';
import type { Backbone } from './backbones/backbone';
import { ResNet } from './backbones/resnet';
import { TinyBackbone } from './backbones/tiny-backbone';
import { FPN } from './fpn';

/** Options of {@link Detector}. */
export interface DetectorOptions {
  numClasses: number;
  backbone: 'tiny' | 'resnet18' | 'resnet50';
  fpnChannels: number;
  headChannels: number;
  headConvs: number;
  headGroups: number;
  rfa: 'paper' | 'official' | null;
  assigner: Assigner;
  qualityTarget: 'centerness' | 'giou';
  /** See `model.detachQualityTarget`. */
  detachQualityTarget?: boolean;
  /** See `model.boxBiasInit`. */
  boxBiasInit?: number;
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

const STRIDES = [8, 16, 32, 64, 128];

/**
 * The full detector: backbone → FPN (P3–P7) → FCOS head, with the receptive field adaptor applied
 * to the head's towers and any core-tensor `Assigner` (FCOS's rule or the spatial assigner).
 *
 * @example
 * ```ts
 * const det = new Detector({ numClasses: 5, backbone: 'tiny', fpnChannels: 64, headChannels: 64, headConvs: 2,
 *   headGroups: 16, rfa: 'paper', assigner: new SpatialAssigner(), qualityTarget: 'giou' });
 * const losses = det.losses(images, targets);
 * ```
 */
export class Detector extends Module<tf.Tensor4D, tf.Tensor4D[]> {
  readonly backbone: Backbone;
  readonly fpn: FPN;
  readonly head: FcosHead;
  readonly options: DetectorOptions;
  private pointsCache = new Map<string, ImagePoints>();

  constructor(options: DetectorOptions) {
    super();
    this.options = options;
    this.backbone = this.addModule(
      'backbone',
      options.backbone === 'tiny'
        ? new TinyBackbone()
        : new ResNet({ depth: options.backbone === 'resnet18' ? 18 : 50 }),
    );
    this.fpn = this.addModule(
      'fpn',
      new FPN({ inChannels: this.backbone.outChannels, outChannels: options.fpnChannels }),
    );
    this.head = this.addModule(
      'head',
      new FcosHead({
        numClasses: options.numClasses,
        inChannels: options.fpnChannels,
        channels: options.headChannels,
        numConvs: options.headConvs,
        gnGroups: options.headGroups,
        strides: STRIDES,
        boxBiasInit: options.boxBiasInit,
      }),
    );
    if (options.rfa) applyReceptiveFieldAdaptor(this.head, { preset: options.rfa });
  }

  /** P3–P7 features of a batch `[N, H, W, 3]`. */
  forward(images: tf.Tensor4D): tf.Tensor4D[] {
    return this.fpn.forward(this.backbone.forward(images));
  }

  /** The head's points for a feature layout (cached). */
  points(features: tf.Tensor4D[]): ImagePoints {
    const sizes = features.map((f) => [f.shape[1], f.shape[2]] as [number, number]);
    const key = sizes.join(';');
    let p = this.pointsCache.get(key);
    if (!p) {
      p = gridPoints(sizes, STRIDES);
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
        numLevels: STRIDES.length,
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

  /** Detections for a batch (eval mode; one read-back), boxes in the batch's pixel frame. */
  predict(
    images: tf.Tensor4D,
    imageSizes: Array<[number, number]>,
    options: { scoreThreshold?: number } = {},
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
        pts: this.points(feats),
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
        { scoreThreshold: options.scoreThreshold, distanceUnits: 'pixels' },
      ),
    );
  }
}
