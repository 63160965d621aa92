import * as tf from '@tensorflow/tfjs-core';
import {
  type Assigner,
  assignBatch,
  assignBatchSync,
  fromV1Assigner,
  type GroundTruth,
  type Match,
  type MatchAssigner,
  Module,
  type PointGrid,
  pointGrid,
} from '@aligndet/core-tensor';
import {
  anchorCenterPoints,
  type Detections,
  FcosHead,
  type PostprocessOptions,
  postprocessDetections,
} from '@aligndet/fcos-head';
import type { YoloStyleHead } from '@aligndet/yolo-head';
import type { Backbone, BackboneFeatures } from './backbones/backbone';
import { ALIGNDET_CONVENTIONS, type DetectorConventions } from './conventions/detector-conventions';
import type { DenseHeadRole } from './heads/dense-head-role';
import { fcosRole } from './heads/fcos-role';

/** The head modules a {@link Detector} can carry. */
export type DetectorHeadModule = FcosHead | YoloStyleHead;

/**
 * The built modules of a {@link Detector}. Config strings become these in `model/presets.ts`
 * (`createDetector`) and in the checkpoint loaders, never in the detector.
 */
export interface DetectorParts<H extends DetectorHeadModule = DetectorHeadModule> {
  backbone: Backbone;
  /** Neck: C3–C5 → one feature map per head level (P3–P7 for the FPN). */
  fpn: Module<BackboneFeatures, tf.Tensor4D[]>;
  /** The head (its levels' strides are the neck's, its towers may carry RFA). */
  head: H;
  /**
   * How the detector drives the head (outputs, coder, targets, losses): required for a head other
   * than `FcosHead`; for an `FcosHead` it defaults to FCOS's own (`qualityTarget`).
   */
  role?: DenseHeadRole;
  /** Any core-tensor assigner; a v1 `Assigner` is used through `fromV1Assigner`. */
  assigner: MatchAssigner | Assigner;
  /** FCOS head: what its quality branch learns. */
  qualityTarget?: 'centerness' | 'giou';
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

/**
 * Losses of one step: the total for the gradient, and its named parts (kept: the caller reads and
 * disposes them): `loss_cls`, `loss_reg`, `loss_quality` for the FCOS head, `loss_cls`,
 * `loss_box`, `loss_dfl` for the YOLO-style head.
 */
export interface StepLosses {
  total: tf.Scalar;
  parts: Record<string, tf.Scalar>;
  numPositives: number;
}

/** Backends whose tensors live in CPU memory: a synchronous read there is a copy, not a GPU stall. */
const CPU_RESIDENT_BACKENDS = new Set(['cpu', 'wasm', 'tensorflow']);

/**
 * The full detector: backbone → neck (FPN, P3–P7) → a dense head (FCOS, or the YOLOv8-style head
 * of `@aligndet/yolo-head`), trained with any core-tensor `MatchAssigner` (FCOS's rule, APS, TAL)
 * on the v2 seam: the assigner returns a match per image and the head encodes its own targets. It
 * takes built modules; `createDetector` (model/presets.ts) builds them from a config,
 * `loadTorchvisionFcos` from a checkpoint.
 *
 * @example
 * ```ts
 * const det = createDetector({ numClasses: 5, backbone: 'tiny', fpnChannels: 64, headChannels: 64, headConvs: 2,
 *   headGroups: 16, rfa: 'paper', assigner: new SpatialMatchAssigner(), qualityTarget: 'giou' });
 * const losses = det.losses(images, targets);
 * const [dets] = det.predict(images, [[128, 160]]); // xyxy, scores, labels
 * ```
 */
export class Detector<H extends DetectorHeadModule = DetectorHeadModule> extends Module<
  tf.Tensor4D,
  tf.Tensor4D[]
> {
  readonly backbone: Backbone;
  readonly fpn: Module<BackboneFeatures, tf.Tensor4D[]>;
  readonly head: H;
  readonly options: DetectorParts<H>;
  readonly conventions: DetectorConventions;
  /** The assigner, on the v2 contract. */
  readonly assigner: MatchAssigner;
  /** How the head is driven (see {@link DenseHeadRole}). */
  readonly role: DenseHeadRole;
  private pointsCache = new Map<string, PointGrid>();

  constructor(parts: DetectorParts<H>) {
    super();
    this.options = parts;
    this.conventions = parts.conventions ?? ALIGNDET_CONVENTIONS;
    this.backbone = this.addModule('backbone', parts.backbone);
    this.fpn = this.addModule('fpn', parts.fpn);
    this.head = parts.head;
    this.addModule('head', parts.head as Module<tf.Tensor4D[], unknown>);
    this.assigner =
      parts.assigner.specificationVersion === 'v1' ? fromV1Assigner(parts.assigner) : parts.assigner;
    if (parts.role) this.role = parts.role;
    else if (parts.head instanceof FcosHead)
      this.role = fcosRole(parts.head, {
        qualityTarget: parts.qualityTarget ?? 'centerness',
        detachQualityTarget: parts.detachQualityTarget,
      });
    else throw new Error('Detector: a head other than FcosHead needs `role` (see createDetector)');
  }

  /** Number of classes the head predicts. */
  get numClasses(): number {
    return this.role.numClasses;
  }

  /** P3–P7 features of a batch `[N, H, W, 3]`. */
  forward(images: tf.Tensor4D): tf.Tensor4D[] {
    return this.fpn.forward(this.backbone.forward(images));
  }

  /**
   * The head's points for a feature layout (cached), by the detector's points convention:
   * `fcos` is the head's own placement (FCOS: x·s + ⌊s/2⌋; YOLO-style: cell centres), `torchvision`
   * anchor centres. `inputSize` is the padded input's `[H, W]`; by default the first level's size
   * × its stride.
   */
  points(features: tf.Tensor4D[], inputSize?: [number, number]): PointGrid {
    const sizes = features.map((f) => [f.shape[1], f.shape[2]] as [number, number]);
    const strides = [...this.role.strides];
    const input = inputSize ?? [sizes[0]![0] * strides[0]!, sizes[0]![1] * strides[0]!];
    const key = `${sizes.join(';')}|${input.join('x')}`;
    let p = this.pointsCache.get(key);
    if (!p) {
      p =
        this.conventions.points === 'torchvision'
          ? { ...anchorCenterPoints(sizes, input, strides), numLevels: strides.length }
          : pointGrid(sizes, strides, { offset: this.role.pointOffset });
      this.pointsCache.set(key, p);
    }
    return p;
  }

  /**
   * Losses of a batch (call inside `tf.variableGrads`); the matches are constants for them.
   * `matches` come from {@link Detector.assignTargets} (one asynchronous read-back, before the
   * gradient tape). Without them, an assigner that needs predictions reads this forward pass's
   * predictions back here, which only backends whose tensors are in CPU memory allow (cpu, wasm,
   * tfjs-node); on webgl/webgpu a synchronous read would stall the GPU every step, so they need
   * `matches`.
   */
  losses(images: tf.Tensor4D, targets: ImageTargets[], matches?: Match[]): StepLosses {
    const feats = this.forward(images);
    const out = this.role.outputs(feats);
    const grid = this.points(feats);
    const truth = groundTruth(targets);
    let assigned = matches;
    if (!assigned) {
      const needs = this.assigner.requiresPredictions;
      if (needs && !CPU_RESIDENT_BACKENDS.has(tf.getBackend()))
        throw new Error(
          `Detector.losses: on ${tf.getBackend()} pass the matches of \`await detector.assignTargets(images, targets)\``,
        );
      assigned = needs
        ? this.assignSync(out, grid, truth)
        : assignBatchSync(this.assigner, grid, undefined, truth);
    }
    const l = this.role.losses(out, assigned, grid, truth);
    const parts = Object.fromEntries(Object.entries(l.parts).map(([k, v]) => [k, tf.keep(v)]));
    return { total: l.total, parts, numPositives: l.numPositives };
  }

  /**
   * The matches of a batch, computed before the training step with core's `assignBatch`: when the
   * assigner needs the predictions, a forward pass without gradient and one asynchronous
   * read-back of its class logits and decoded boxes (no GPU stall).
   */
  async assignTargets(images: tf.Tensor4D, targets: ImageTargets[]): Promise<Match[]> {
    let grid: PointGrid | undefined;
    const feats = tf.tidy(() => this.forward(images));
    try {
      grid = this.points(feats);
      const g = grid;
      return await assignBatch(
        this.assigner,
        g,
        () =>
          tf.tidy(() => {
            const out = this.role.outputs(feats);
            return { clsLogits: this.role.clsLogits(out), boxes: this.role.boxes(out, g) };
          }),
        groundTruth(targets),
      );
    } finally {
      tf.dispose(feats);
    }
  }

  /** This forward pass's matches, read back synchronously (the in-tape path; see `losses`). */
  private assignSync(out: object, grid: PointGrid, truth: GroundTruth[]): Match[] {
    // the logits are the forward pass's own tensor (kept for the loss); only the boxes are made here
    const boxes = tf.tidy(() => this.role.boxes(out, grid));
    try {
      return assignBatchSync(this.assigner, grid, { clsLogits: this.role.clsLogits(out), boxes }, truth);
    } finally {
      boxes.dispose();
    }
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
      return this.decode(
        out,
        [read(out.cls), read(out.box), out.q ? read(out.q) : undefined],
        imageSizes,
        options,
      );
    } finally {
      tf.dispose([out.cls, out.box, ...(out.q ? [out.q] : [])]);
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
      const [cls, box, q] = (await Promise.all([out.cls.data(), out.box.data(), out.q?.data()])) as Array<
        Float32Array | undefined
      >;
      return this.decode(out, [cls!, box!, q], imageSizes, options);
    } finally {
      tf.dispose([out.cls, out.box, ...(out.q ? [out.q] : [])]);
    }
  }

  /** The head's flat outputs in eval mode, and the point layout. */
  private predictionTensors(images: tf.Tensor4D): {
    cls: tf.Tensor;
    box: tf.Tensor;
    q?: tf.Tensor;
    pts: PointGrid;
    P: number;
    C: number;
  } {
    const wasTraining = this.training;
    this.eval();
    try {
      let pts: PointGrid | undefined;
      const [cls, box, q] = tf.tidy(() => {
        const feats = this.forward(images);
        const grid = this.points(feats, [images.shape[1], images.shape[2]]);
        pts = grid;
        const inf = this.role.inference(this.role.outputs(feats), grid);
        return [inf.clsLogits, inf.distances, ...(inf.quality ? [inf.quality] : [])];
      });
      const [, P, C] = cls!.shape as [number, number, number];
      return { cls: cls!, box: box!, ...(q ? { q } : {}), pts: pts!, P, C };
    } finally {
      this.train(wasTraining);
    }
  }

  private decode(
    out: { pts: PointGrid; P: number; C: number },
    [cls, box, q]: [Float32Array, Float32Array, Float32Array | undefined],
    imageSizes: Array<[number, number]>,
    options: Omit<PostprocessOptions, 'distanceUnits'>,
  ): Detections[] {
    const { pts, P, C } = out;
    // a head without a quality branch scores by σ(cls) alone: a quality logit of +∞ (σ = 1)
    // gives the same candidates and ranking, and the √ of the score is undone below
    const noQuality = q ? undefined : new Float32Array(P).fill(Number.POSITIVE_INFINITY);
    return imageSizes.map((size, n) => {
      const dets = postprocessDetections(
        {
          clsLogits: cls.subarray(n * P * C, (n + 1) * P * C),
          boxDistances: box.subarray(n * P * 4, (n + 1) * P * 4),
          quality: q ? q.subarray(n * P, (n + 1) * P) : noQuality!,
          numClasses: C,
          ...pts,
          imageSize: size,
        },
        { ...this.conventions.postprocess, ...definedOnly(options), distanceUnits: 'pixels' },
      );
      if (noQuality) dets.scores = dets.scores.map((s) => s * s);
      return dets;
    });
  }
}

/** The v2 ground truth of the trainer's targets. */
function groundTruth(targets: readonly ImageTargets[]): GroundTruth[] {
  return targets.map((t) => ({ gtBoxes: t.boxes, gtLabels: t.labels }));
}

/** `options` without its undefined entries, so they do not override the conventions. */
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
