import { manualSeed } from '@aligndet/core-tensor';
import type { TrainConfig } from '../config/schema';
import type { Detector } from '../model/detector';
import { createDetector, fcosScaleRanges, presetParts } from '../model/presets';

/** The training image size of a config (the largest `minSize` when multi-scale). */
export function configImageSize(config: TrainConfig): number {
  return Array.isArray(config.data.minSize) ? Math.max(...config.data.minSize) : config.data.minSize;
}

/**
 * The detector a config describes (preset, backbone, widths), with initial weights drawn from
 * `run.seed`: the same config always builds the same starting point.
 *
 * @example
 * ```ts
 * const detector = buildDetector(resolveConfig({}, ['model.preset=fcos']), 5);
 * ```
 */
export function buildDetector(config: TrainConfig, numClasses: number): Detector {
  const parts = presetParts(config.model, fcosScaleRanges(config.model.scaleRangeFactor));
  manualSeed(config.run.seed);
  try {
    return createDetector({
      numClasses,
      backbone: config.model.backbone,
      fpnChannels: config.model.fpnChannels,
      headChannels: config.model.headChannels,
      headConvs: config.model.headConvs,
      headGroups: config.model.headGroups,
      detachQualityTarget: config.model.detachQualityTarget,
      boxBiasInit: config.model.boxBiasInit,
      dflBins: config.model.dflBins,
      lossGains: config.model.lossGains,
      ...parts,
    });
  } finally {
    manualSeed(null);
  }
}
