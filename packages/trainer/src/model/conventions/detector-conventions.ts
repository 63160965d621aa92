import type { PostprocessOptions } from '@aligndet/fcos-head';
import { IMAGENET_NORMALIZATION, type Normalization } from '../../data/transforms/normalize';

/** How images become the network's input. */
export interface InputConvention {
  /** Resize rule: `fcos` (spec §1.1) or `torchvision` (float32 scale, floored sides). */
  sizeRule: 'fcos' | 'torchvision';
  /**
   * Resampling: `bilinear` (4-tap, half-pixel centres, on floats; torchvision's `interpolate` and
   * aligndet's transforms; the default) or `pil-bilinear` (PIL's `Image.resize(BILINEAR)` on
   * uint8: antialiased when downscaling, rounded to uint8; the official FCOS code's).
   */
  resampling?: 'bilinear' | 'pil-bilinear';
  /** Channel order the network expects. */
  channels: 'rgb' | 'bgr';
  /** Per-channel mean and std on the 0..255 scale, in the network's channel order. */
  normalization: Normalization;
  /** The batch is zero-padded (after normalisation) to a multiple of this. */
  sizeDivisibility: number;
}

/**
 * Everything about a detector's inference that is a convention of the code it was trained with
 * rather than a weight: input transform, where the points of the feature cells sit, and the
 * post-processing rule. A loader sets them, so predictions need no further option.
 */
export interface DetectorConventions {
  input: InputConvention;
  /**
   * `fcos`: the head's own placement (FCOS head: x·s + ⌊s/2⌋, spec §1.4, `gridPoints`; YOLO-style
   * head: cell centres (x + ½)·s); `torchvision`: anchor centres x·⌊W/w_l⌋ (`anchorCenterPoints`).
   */
  points: 'fcos' | 'torchvision';
  /** Post-processing (score rule, threshold, top-k per level, NMS, detections per image). */
  postprocess: Omit<PostprocessOptions, 'distanceUnits'>;
}

/** aligndet's own conventions (the trainer's transforms, the official FCOS inference rule). */
export const ALIGNDET_CONVENTIONS: DetectorConventions = {
  input: { sizeRule: 'fcos', channels: 'rgb', normalization: IMAGENET_NORMALIZATION, sizeDivisibility: 32 },
  points: 'fcos',
  postprocess: {
    scoreThreshold: 0.05,
    thresholdOn: 'cls',
    preNmsTopK: 1000,
    nmsThreshold: 0.6,
    maxDetections: 100,
  },
};

/**
 * torchvision `FCOS`'s defaults: `GeneralizedRCNNTransform` (ImageNet mean/std on 0..1 images,
 * padded to 32), anchor-centre points, √(σ(cls)·σ(ctr)) > 0.2, `topk_candidates` 1000 per level,
 * NMS 0.6, 100 detections, boxes clipped to [0, w] × [0, h].
 */
export const TORCHVISION_CONVENTIONS: DetectorConventions = {
  input: {
    sizeRule: 'torchvision',
    channels: 'rgb',
    normalization: IMAGENET_NORMALIZATION,
    sizeDivisibility: 32,
  },
  points: 'torchvision',
  postprocess: {
    scoreThreshold: 0.2,
    thresholdOn: 'score',
    preNmsTopK: 1000,
    nmsThreshold: 0.6,
    maxDetections: 100,
  },
};

/**
 * The official FCOS code's (maskrcnn-benchmark) test-time conventions: the spec §1.1 size rule
 * with PIL's bilinear resize on the uint8 image (torchvision's `F.resize` on a PIL image), Caffe2 input (BGR, 0..255, mean [102.9801, 115.9465, 122.7717] subtracted, std 1), padding to 32,
 * points x·s + ⌊s/2⌋, candidates σ(cls) > 0.05, top 1000 per level by σ(cls)·σ(ctr), boxes
 * clipped to [0, w − 1] × [0, h − 1], class-wise NMS 0.6 with +1 widths, 100 per image.
 */
export const OFFICIAL_FCOS_CONVENTIONS: DetectorConventions = {
  input: {
    sizeRule: 'fcos',
    resampling: 'pil-bilinear',
    channels: 'bgr',
    normalization: { mean: [102.9801, 115.9465, 122.7717], std: [1, 1, 1] },
    sizeDivisibility: 32,
  },
  points: 'fcos',
  postprocess: { ...ALIGNDET_CONVENTIONS.postprocess, legacyPixels: true },
};
