import type { Assigner } from '@aligndet/core-tensor';
import { FcosAssigner } from '@aligndet/fcos-head';
import { SpatialAssigner } from '@aligndet/spatial-assigner';
import type { TrainConfig } from '../config/schema';

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
