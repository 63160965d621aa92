import { detectorFromCheckpoint } from '../../browser/checkpoint';
import type { TrainConfig } from '../../config/schema';
import { configImageSize } from '../../run/build-detector';
import type { Detector } from '../detector';
import { officialFcosFromState } from './official-fcos-state';
import { torchvisionFcosFromState } from './torchvision-fcos-state';
import { weightsFromBytes } from './weights-bytes';
import { WeightsError } from './weights-error';

/** What a safetensors file holds, told by its key names. */
export type WeightsFormat = 'aligndet-checkpoint' | 'torchvision-fcos' | 'official-fcos' | 'official-mod';

/**
 * The format of a state dict from its keys: `model/…` (a run's checkpoint, as `Checkpointer`
 * writes it), `backbone.body.conv1.weight` + `head.classification_head.…` (torchvision
 * `fcos_resnet50_fpn`), `backbone.body.stem.conv1.weight` + `rpn.head.…` (official FCOS; MOD when
 * the towers have deformable convs, `rpn.head.cls_tower.9.offset.weight`); null for anything else.
 *
 * @example
 * ```ts
 * weightsFormat(['backbone.body.conv1.weight', 'head.classification_head.cls_logits.weight']); // 'torchvision-fcos'
 * ```
 */
export function weightsFormat(keys: readonly string[]): WeightsFormat | null {
  const has = new Set(keys);
  if (keys.some((k) => k.startsWith('model/'))) return 'aligndet-checkpoint';
  if (has.has('backbone.body.conv1.weight') && keys.some((k) => k.startsWith('head.classification_head.')))
    return 'torchvision-fcos';
  if (has.has('backbone.body.stem.conv1.weight') && keys.some((k) => k.startsWith('rpn.head.')))
    return has.has('rpn.head.cls_tower.9.offset.weight') ? 'official-mod' : 'official-fcos';
  return null;
}

/** Options of {@link detectorFromWeights}. */
export interface DetectorFromWeightsOptions {
  /** A run checkpoint's `<name>.json` (parsed), which holds the config; needed for `aligndet-checkpoint`. */
  meta?: unknown;
  /** Classes: a run's `categories.json` count (needed for a run); PyTorch files default to their classifier's rows. */
  numClasses?: number;
}

/** A detector built from a weights file, with what a caller needs to run it. */
export interface WeightsDetector {
  detector: Detector;
  format: WeightsFormat;
  numClasses: number;
  /**
   * The input size the checkpoint's code evaluates at: a run's `data.minSize` / `maxSize`;
   * torchvision's and the official code's COCO default, 800 / 1333.
   */
  size: { minSize: number; maxSize: number };
  /** One line on what was loaded, e.g. `torchvision fcos_resnet50_fpn (ResNet-50, 91 classes)`. */
  description: string;
  /** A run checkpoint's config. */
  config?: TrainConfig;
}

const PYTORCH_SIZE = { minSize: 800, maxSize: 1333 };

/**
 * A detector from the bytes of a safetensors file, the format recognised by its keys
 * ({@link weightsFormat}): a run's checkpoint (with `options.meta` and `numClasses`), torchvision's
 * `fcos_resnet50_fpn` state dict, or an official FCOS / MOD R-50 one. Each comes with its code's
 * conventions (torchvision's or the official input, points and post-processing), so
 * `predictPixels(detector, pixels, size)` gives that code's detections. Browser-safe: no file
 * system. Anything else is a one-line {@link WeightsError} naming `file` and its first key.
 *
 * @example
 * ```ts
 * const { detector, size } = detectorFromWeights(new Uint8Array(await file.arrayBuffer()), file.name);
 * const { detections, scale } = await predictPixels(detector, imageData, size);
 * ```
 */
export function detectorFromWeights(
  bytes: Uint8Array,
  file: string,
  options: DetectorFromWeightsOptions = {},
): WeightsDetector {
  const state = weightsFromBytes(bytes, file);
  const keys = Object.keys(state);
  const format = weightsFormat(keys);
  if (format === 'aligndet-checkpoint') {
    if (options.meta === undefined || options.numClasses === undefined)
      throw new WeightsError(
        file,
        "an aligndet run checkpoint (model/… keys): its model_<name>.json and categories.json are needed too (or the run's zip)",
      );
    const { detector, config } = detectorFromCheckpoint({
      meta: options.meta,
      weights: bytes,
      numClasses: options.numClasses,
    });
    return {
      detector,
      format,
      numClasses: options.numClasses,
      size: { minSize: configImageSize(config), maxSize: config.data.maxSize },
      description: `aligndet run: ${config.model.preset} preset, ${config.model.backbone} backbone, ${options.numClasses} classes`,
      config,
    };
  }
  if (format === 'torchvision-fcos') {
    const detector = torchvisionFcosFromState(state, file, { numClasses: options.numClasses });
    return {
      detector,
      format,
      numClasses: detector.numClasses,
      size: { ...PYTORCH_SIZE },
      description: `torchvision fcos_resnet50_fpn (ResNet-50 FPN, ${detector.numClasses} classes)`,
    };
  }
  if (format === 'official-fcos' || format === 'official-mod') {
    const detector = officialFcosFromState(state, file, {
      numClasses: options.numClasses,
      rfa: format === 'official-mod',
    });
    return {
      detector,
      format,
      numClasses: detector.numClasses,
      size: { ...PYTORCH_SIZE },
      description: `official ${format === 'official-mod' ? 'MOD (FCOS + deformable towers)' : 'FCOS imprv'} R-50 (${detector.numClasses} classes)`,
    };
  }
  throw new WeightsError(
    file,
    `not an aligndet run checkpoint (model/… keys), torchvision fcos_resnet50_fpn (backbone.body.conv1.weight, head.classification_head.…) or official FCOS/MOD state dict (backbone.body.stem.conv1.weight, rpn.head.…); its first key is ${keys[0] ?? '(none: no tensors)'}`,
  );
}
