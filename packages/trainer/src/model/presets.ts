import type { Assigner, MatchAssigner } from '@aligndet/core-tensor';
import { FcosHead, FcosMatchAssigner } from '@aligndet/fcos-head';
import { adaptTowers, applyReceptiveFieldAdaptor } from '@aligndet/rfa';
import { SpatialMatchAssigner } from '@aligndet/spatial-assigner';
import { TaskAlignedAssigner } from '@aligndet/task-aligned-assigner';
import { YoloStyleHead, type YoloStyleLossGains } from '@aligndet/yolo-head';
import type { TrainConfig } from '../config/schema';
import type { Backbone } from './backbones/backbone';
import { ResNet } from './backbones/resnet';
import { TinyBackbone } from './backbones/tiny-backbone';
import { ALIGNDET_CONVENTIONS, type DetectorConventions } from './conventions/detector-conventions';
import { Detector } from './detector';
import { FPN } from './fpn';
import { yoloStyleRole } from './heads/yolo-style-role';

/** What a model config turns on (spec decisions D1–D3, and the head × assigner study of issue 16). */
export interface PresetParts {
  head: 'fcos' | 'yolo-style';
  rfa: 'paper' | 'official' | null;
  assigner: MatchAssigner;
  qualityTarget: 'centerness' | 'giou';
}

/** The assigner a `model.assigner` name stands for. */
export function createAssigner(
  name: 'fcos-rule' | 'aps' | 'tal' | 'tal-ultralytics',
  model: Pick<TrainConfig['model'], 'apsScorer'>,
  scaleRanges: Array<[number, number]>,
): MatchAssigner {
  if (name === 'fcos-rule') return new FcosMatchAssigner({ scaleRanges });
  if (name === 'aps') return new SpatialMatchAssigner({ scorer: model.apsScorer });
  return new TaskAlignedAssigner(name === 'tal-ultralytics' ? { preset: 'ultralytics' } : {});
}

/**
 * The parts a model config names. FCOS head (`model.head=fcos`, the default): the presets by
 * name, `fcos` (baseline: FCOS assignment, centerness), `fcos-rfa` (+ RFA), `fcos-aps` (the
 * spatial assigner, IoU quality), `aligndet` (RFA + APS: the paper's full model); `model.rfa`
 * picks the RFA variant (`none` turns it off), `model.assigner` (`fcos-rule` | `aps`) overrides the
 * preset's assigner (and its quality target), `model.apsScorer` the APS scorer. YOLO-style head:
 * `model.assigner` (`tal` by default, its usual one; `tal-ultralytics`, `aps`, `fcos-rule`) and
 * `model.rfa` on every branch of every level (`none` for none); the preset does not apply.
 */
export function presetParts(model: TrainConfig['model'], scaleRanges: Array<[number, number]>): PresetParts {
  const head = model.head ?? 'fcos';
  const rfaKind = model.rfa === 'none' ? null : model.rfa;
  if (head === 'yolo-style') {
    const name = model.assigner === 'preset' || model.assigner === undefined ? 'tal' : model.assigner;
    return { head, rfa: rfaKind, assigner: createAssigner(name, model, scaleRanges), qualityTarget: 'giou' };
  }
  const withRfa = model.preset === 'fcos-rfa' || model.preset === 'aligndet';
  const presetAps = model.preset === 'fcos-aps' || model.preset === 'aligndet';
  const name =
    model.assigner === 'preset' || model.assigner === undefined
      ? presetAps
        ? 'aps'
        : 'fcos-rule'
      : model.assigner;
  return {
    head,
    rfa: withRfa ? rfaKind : null,
    assigner: createAssigner(name, model, scaleRanges),
    qualityTarget: name === 'aps' ? 'giou' : 'centerness',
  };
}

/**
 * FCOS's size-of-interest ranges (spec §1.3: maximum regression distance per level, 64/128/256/512
 * pixels for strides 8–128, i.e. eight strides per level) multiplied by `factor`. They are tied to
 * the strides, not to the image size: small objects in small images belong on the fine levels, as
 * small objects in COCO do. `factor` < 1 pushes objects to coarser levels.
 *
 * @example
 * ```ts
 * fcosScaleRanges();    // [[-1, 64], [64, 128], [128, 256], [256, 512], [512, 1e8]]
 * fcosScaleRanges(0.5); // [[-1, 32], [32, 64], ...]
 * ```
 */
export function fcosScaleRanges(factor = 1): Array<[number, number]> {
  const bounds = [64, 128, 256, 512].map((b) => b * factor);
  return [
    [-1, bounds[0]!],
    [bounds[0]!, bounds[1]!],
    [bounds[1]!, bounds[2]!],
    [bounds[2]!, bounds[3]!],
    [bounds[3]!, 1e8],
  ];
}

/** A detector described by names and widths, as a config describes it (see {@link createDetector}). */
export interface DetectorSpec {
  numClasses: number;
  /** Default `fcos`. */
  head?: 'fcos' | 'yolo-style';
  backbone: 'tiny' | 'resnet18' | 'resnet50';
  fpnChannels: number;
  headChannels: number;
  headConvs: number;
  headGroups: number;
  rfa: 'paper' | 'official' | null;
  /** Any core-tensor assigner (v2, or v1 through `fromV1Assigner`). */
  assigner: MatchAssigner | Assigner;
  /** FCOS head: what its quality branch learns. */
  qualityTarget: 'centerness' | 'giou';
  /** YOLO-style head: DFL bins (see `model.dflBins`). Default 16. */
  dflBins?: number;
  /** YOLO-style head: loss gains (see `model.lossGains`). Default 1 each. */
  lossGains?: YoloStyleLossGains;
  /** See `model.detachQualityTarget`. */
  detachQualityTarget?: boolean;
  /** See `model.boxBiasInit`. */
  boxBiasInit?: number;
  /** Default: aligndet's. */
  conventions?: DetectorConventions;
}

/** The backbone a name stands for. */
export function createBackbone(name: DetectorSpec['backbone']): Backbone {
  if (name === 'tiny') return new TinyBackbone();
  return new ResNet({ depth: name === 'resnet18' ? 18 : 50 });
}

/**
 * Builds the modules a spec names (backbone, FPN P3–P7 on strides 8–128, the FCOS head or the
 * YOLO-style head with RFA on its towers when asked) and the {@link Detector} on them. This and
 * `createBackbone` are the only places where model names become objects.
 *
 * @example
 * ```ts
 * const det = createDetector({ numClasses: 5, backbone: 'tiny', fpnChannels: 64, headChannels: 64, headConvs: 2,
 *   headGroups: 16, rfa: 'paper', assigner: new SpatialMatchAssigner(), qualityTarget: 'giou' });
 * const yolo = createDetector({ ...spec, head: 'yolo-style', assigner: new TaskAlignedAssigner(), rfa: 'official' });
 * ```
 */
export function createDetector(spec: DetectorSpec & { head?: 'fcos' }): Detector<FcosHead>;
export function createDetector(spec: DetectorSpec & { head: 'yolo-style' }): Detector<YoloStyleHead>;
export function createDetector(spec: DetectorSpec): Detector;
export function createDetector(spec: DetectorSpec): Detector {
  const backbone = createBackbone(spec.backbone);
  const fpn = new FPN({ inChannels: backbone.outChannels, outChannels: spec.fpnChannels });
  const strides = [8, 16, 32, 64, 128];
  if (spec.head === 'yolo-style') {
    const head = new YoloStyleHead({
      numClasses: spec.numClasses,
      numLevels: strides.length,
      inChannels: spec.fpnChannels,
      channels: spec.headChannels,
      branchConvs: spec.headConvs,
      groups: spec.headGroups,
      dflBins: spec.dflBins ?? 16,
    });
    // RFA's per-tower adapter on every branch of every level (the head is not a TwoTowerHead)
    if (spec.rfa) adaptTowers(head.towers(), { preset: spec.rfa });
    return new Detector({
      backbone,
      fpn,
      head,
      role: yoloStyleRole(head, strides, spec.lossGains),
      assigner: spec.assigner,
      conventions: spec.conventions ?? ALIGNDET_CONVENTIONS,
    });
  }
  const head = new FcosHead({
    numClasses: spec.numClasses,
    inChannels: spec.fpnChannels,
    channels: spec.headChannels,
    numConvs: spec.headConvs,
    gnGroups: spec.headGroups,
    strides,
    boxBiasInit: spec.boxBiasInit,
  });
  if (spec.rfa) applyReceptiveFieldAdaptor(head, { preset: spec.rfa });
  return new Detector({
    backbone,
    fpn,
    head,
    assigner: spec.assigner,
    qualityTarget: spec.qualityTarget,
    detachQualityTarget: spec.detachQualityTarget,
    conventions: spec.conventions,
  });
}
