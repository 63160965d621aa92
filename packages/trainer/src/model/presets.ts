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

/** FCOS's size-of-interest ranges scaled to an input size (the defaults assume ~800-pixel images). */
export function scaledScaleRanges(imageSize: number, reference = 800): Array<[number, number]> {
  const f = imageSize / reference;
  const bounds = [64, 128, 256, 512].map((b) => b * f);
  return [
    [-1, bounds[0]!],
    [bounds[0]!, bounds[1]!],
    [bounds[1]!, bounds[2]!],
    [bounds[2]!, bounds[3]!],
    [bounds[3]!, 1e8],
  ];
}
