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

/** Losses of one step: the total for the gradient, and its parts (kept: the caller reads and disposes them). */
export interface StepLosses {
  total: tf.Scalar;
  parts: { loss_cls: tf.Scalar; loss_reg: tf.Scalar; loss_quality: tf.Scalar };
  numPositives: number;
}

/** Backends whose tensors live in CPU memory: a synchronous read there is a copy, not a GPU stall. */
const CPU_RESIDENT_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

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
        numLevels: this.head.strides.length,
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
    options: Omit<PostprocessOptions, 'distanceUnits'> = {},
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
        pts = this.points(feats, [images.shape[1], images.shape[2]]);
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
    options: Omit<PostprocessOptions, 'distanceUnits'>,
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
        { ...this.conventions.postprocess, ...definedOnly(options), distanceUnits: 'pixels' },
      ),
    );
  }
}

/** `options` without its undefined entries, so they do not override the conventions. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
