import type { Assigner } from '@aligndet/core-tensor';
import { FcosAssigner, FcosHead } from '@aligndet/fcos-head';
import { applyReceptiveFieldAdaptor } from '@aligndet/rfa';
import { SpatialAssigner } from '@aligndet/spatial-assigner';
import type { TrainConfig } from '../config/schema';
import type { Backbone } from './backbones/backbone';
import { ResNet } from './backbones/resnet';
import { TinyBackbone } from './backbones/tiny-backbone';
import type { DetectorConventions } from './conventions/detector-conventions';
import { Detector } from './detector';
import { FPN } from './fpn';

/** What a model preset turns on (spec decisions D1–D3). */
export interface PresetParts {
  rfa: 'paper' | 'official' | null;
  assigner: Assigner;
  qualityTarget: 'centerness' | 'giou';
}

/**
 * The model presets by name: `fcos` (baseline: FCOS assignment, centerness), `fcos-rfa` (+ RFA),
 * `fcos-aps` (the spatial assigner, IoU quality), `aligndet` (RFA + APS: the paper's full model).
 * `model.rfa` picks the RFA variant, `model.apsScorer` the APS scorer.
 */
export function presetParts(model: TrainConfig['model'], scaleRanges: Array<[number, number]>): PresetParts {
  const withRfa = model.preset === 'fcos-rfa' || model.preset === 'aligndet';
  const withAps = model.preset === 'fcos-aps' || model.preset === 'aligndet';
  return {
    rfa: withRfa ? model.rfa : null,
    assigner: withAps ? new SpatialAssigner({ scorer: model.apsScorer }) : new FcosAssigner({ scaleRanges }),
    qualityTarget: withAps ? 'giou' : 'centerness',
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
  /** Default: aligndet's. */
  conventions?: DetectorConventions;
}

/** The backbone a name stands for. */
export function createBackbone(name: DetectorSpec['backbone']): Backbone {
  if (name === 'tiny') return new TinyBackbone();
  return new ResNet({ depth: name === 'resnet18' ? 18 : 50 });
}

/**
 * Builds the modules a spec names (backbone, FPN P3–P7 on strides 8–128, FCOS head with RFA on its
 * towers when asked) and the {@link Detector} on them. This and `createBackbone` are the only
 * places where model names become objects.
 *
 * @example
 * ```ts
 * const det = createDetector({ numClasses: 5, backbone: 'tiny', fpnChannels: 64, headChannels: 64, headConvs: 2,
 *   headGroups: 16, rfa: 'paper', assigner: new SpatialAssigner(), qualityTarget: 'giou' });
 * ```
 */
export function createDetector(spec: DetectorSpec): Detector {
  const backbone = createBackbone(spec.backbone);
  const fpn = new FPN({ inChannels: backbone.outChannels, outChannels: spec.fpnChannels });
  const head = new FcosHead({
    numClasses: spec.numClasses,
    inChannels: spec.fpnChannels,
    channels: spec.headChannels,
    numConvs: spec.headConvs,
    gnGroups: spec.headGroups,
    strides: [8, 16, 32, 64, 128],
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
