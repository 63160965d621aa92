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

/** Losses of one step: the total for the gradient, and its parts (kept: the caller reads and disposes them). */
export interface StepLosses {
  total: tf.Scalar;
  parts: { loss_cls: tf.Scalar; loss_reg: tf.Scalar; loss_quality: tf.Scalar };
  numPositives: number;
}

/** Backends whose tensors live in CPU memory: a synchronous read there is a copy, not a GPU stall. */
const CPU_RESIDENT_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

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
   * Losses of a batch (call inside `tf.variableGrads`); the assignment is a constant for them.
   * `assignments` come from {@link Detector.assignTargets} (one asynchronous read-back, before the
   * gradient tape). Without them, an assigner that needs predictions reads them back here, which
   * only backends whose tensors are in CPU memory allow (cpu, wasm, tfjs-node); on webgl/webgpu a
   * synchronous read would stall the GPU every step, so they need `assignments`.
   */
  losses(images: tf.Tensor4D, targets: ImageTargets[], assignments?: Assignment[]): StepLosses {
    const feats = this.forward(images);
    const flat = this.head.flatten(this.head.forward(feats));
    let assigned = assignments;
    if (!assigned) {
      const needs = this.options.assigner.requiresPredictions;
      if (needs && !CPU_RESIDENT_BACKENDS.has(tf.getBackend()))
        throw new Error(
          `Detector.losses: on ${tf.getBackend()} pass the assignments of \`await detector.assignTargets(images, targets)\``,
        );
      const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
      const predictions = needs ? ([read(flat.clsLogits), read(flat.boxDistances)] as const) : undefined;
      assigned = this.assignFrom(this.points(feats), flat.clsLogits.shape, targets, predictions);
    }
    const l = fcosLosses(flat, assigned, {
      qualityTarget: this.options.qualityTarget,
      detachQualityTarget: this.options.detachQualityTarget,
    });
    const total = tf.addN([l.loss_cls, l.loss_reg, l.loss_quality]) as tf.Scalar;
    const parts = {
      loss_cls: tf.keep(l.loss_cls),
      loss_reg: tf.keep(l.loss_reg),
      loss_quality: tf.keep(l.loss_quality),
    };
    return { total, parts, numPositives: l.numPositives };
  }

  /**
   * The assignment of a batch, computed before the training step: when the assigner needs the
   * predictions, a forward pass without gradient and one asynchronous read-back of its class
   * logits and box distances (no GPU stall).
   */
  async assignTargets(images: tf.Tensor4D, targets: ImageTargets[]): Promise<Assignment[]> {
    let pts: ImagePoints | undefined;
    const [cls, box] = tf.tidy(() => {
      const feats = this.forward(images);
      pts = this.points(feats);
      const flat = this.head.flatten(this.head.forward(feats));
      return [flat.clsLogits, flat.boxDistances];
    });
    try {
      const predictions = this.options.assigner.requiresPredictions
        ? ((await Promise.all([cls!.data(), box!.data()])) as [Float32Array, Float32Array])
        : undefined;
      return this.assignFrom(pts!, cls!.shape, targets, predictions);
    } finally {
      tf.dispose([cls!, box!]);
    }
  }

  private assignFrom(
    pts: ImagePoints,
    clsShape: number[],
    targets: ImageTargets[],
    predictions: readonly [Float32Array, Float32Array] | undefined,
  ): Assignment[] {
    const [, P, C] = clsShape as [number, number, number];
    return targets.map((t, n) =>
      this.options.assigner.assign({
        ...pts,
        numLevels: STRIDES.length,
        gtBoxes: t.boxes,
        gtLabels: t.labels,
        predictions: predictions
          ? {
              numClasses: C,
              clsLogits: predictions[0].subarray(n * P * C, (n + 1) * P * C),
              boxDistances: predictions[1].subarray(n * P * 4, (n + 1) * P * 4),
            }
          : undefined,
      }),
    );
  }

  /** Detections for a batch (eval mode; one read-back), boxes in the batch's pixel frame. */
  predict(
    images: tf.Tensor4D,
    imageSizes: Array<[number, number]>,
    options: { scoreThreshold?: number } = {},
  ): Detections[] {
    const out = this.predictionTensors(images);
    try {
      const read = (t: tf.Tensor) => t.dataSync() as Float32Array;
      return this.decode(out, [read(out.cls), read(out.box), read(out.q)], imageSizes, options);
    } finally {
      tf.dispose([out.cls, out.box, out.q]);
    }
  }

  /** {@link Detector.predict} with an asynchronous read-back (no GPU stall on webgl/webgpu). */
  async predictAsync(
    images: tf.Tensor4D,
    imageSizes: Array<[number, number]>,
    options: { scoreThreshold?: number } = {},
  ): Promise<Detections[]> {
    const out = this.predictionTensors(images);
    try {
      const values = (await Promise.all([out.cls.data(), out.box.data(), out.q.data()])) as Float32Array[];
      return this.decode(out, values as [Float32Array, Float32Array, Float32Array], imageSizes, options);
    } finally {
      tf.dispose([out.cls, out.box, out.q]);
    }
  }

  /** The head's flat outputs in eval mode, and the point layout. */
  private predictionTensors(images: tf.Tensor4D): {
    cls: tf.Tensor;
    box: tf.Tensor;
    q: tf.Tensor;
    pts: ImagePoints;
    P: number;
    C: number;
  } {
    const wasTraining = this.training;
    this.eval();
    try {
      let pts: ImagePoints | undefined;
      const [cls, box, q] = tf.tidy(() => {
        const feats = this.forward(images);
        pts = this.points(feats);
        const flat = this.head.flatten(this.head.forward(feats));
        return [flat.clsLogits, flat.boxDistances, flat.quality];
      });
      const [, P, C] = cls!.shape as [number, number, number];
      return { cls: cls!, box: box!, q: q!, pts: pts!, P, C };
    } finally {
      this.train(wasTraining);
    }
  }

  private decode(
    out: { pts: ImagePoints; P: number; C: number },
    [cls, box, q]: [Float32Array, Float32Array, Float32Array],
    imageSizes: Array<[number, number]>,
    options: { scoreThreshold?: number },
  ): Detections[] {
    const { pts, P, C } = out;
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
