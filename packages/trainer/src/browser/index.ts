/**
 * @packageDocumentation
 * `@aligndet/trainer/browser`: the detector for web pages. Build it (backbone, FPN, FCOS head,
 * RFA, assigner presets), load a run's checkpoint or a torchvision / official FCOS state dict
 * from fetched bytes, predict on page pixels and run training steps, with no Node module and no
 * synchronous read-back. The CLI, data loading from
 * disk and run folders are in the Node-only main entry `@aligndet/trainer`.
 */
export type { TrainConfig, TrainConfigInput } from '../config/schema';
export { MODEL_PRESETS, TrainConfigSchema } from '../config/schema';
export { buildDetector } from '../run/build-detector';
export type { DetectorParts, ImageTargets, StepLosses } from '../model/detector';
export { Detector } from '../model/detector';
export type { DetectorSpec } from '../model/presets';
export {
  createAssigner,
  createBackbone,
  createDetector,
  fcosScaleRanges,
  presetParts,
} from '../model/presets';
export { ResNet } from '../model/backbones/resnet';
export { TinyBackbone } from '../model/backbones/tiny-backbone';
export { FPN } from '../model/fpn';
export { SGD } from '../solver/sgd';
export { warmupMultiStepLr } from '../solver/lr-schedule';
export { clipGradNorm } from '../solver/clip-grad-norm';
export type { PredictOptions } from '../run/predict-raw-image';
export type { CheckpointFiles, CheckpointToFilesOptions } from './checkpoint';
export { checkpointToFiles, detectorFromCheckpoint } from './checkpoint';
export type {
  DetectorFromWeightsOptions,
  WeightsDetector,
  WeightsFormat,
} from '../model/checkpoints/detector-from-weights';
export { detectorFromWeights, weightsFormat } from '../model/checkpoints/detector-from-weights';
export { weightsFromBytes } from '../model/checkpoints/weights-bytes';
export { WeightsError } from '../model/checkpoints/weights-error';
export type { LoadTorchvisionFcosOptions } from '../model/checkpoints/torchvision-fcos-state';
export {
  torchvisionFcosDetector,
  torchvisionFcosFromState,
} from '../model/checkpoints/torchvision-fcos-state';
export type { LoadOfficialFcosOptions } from '../model/checkpoints/official-fcos-state';
export { officialFcosDetector, officialFcosFromState } from '../model/checkpoints/official-fcos-state';
export type { DetectorConventions } from '../model/conventions/detector-conventions';
export {
  ALIGNDET_CONVENTIONS,
  OFFICIAL_FCOS_CONVENTIONS,
  TORCHVISION_CONVENTIONS,
} from '../model/conventions/detector-conventions';
export type { Scene, SceneObject, SceneOptions } from '../data/synthetic/render-scene';
export { DEFAULT_SCENE_OPTIONS } from '../data/synthetic/render-scene';
export { SYNTHETIC_CLASSES } from '../data/synthetic/shapes';
export type { SyntheticSplit } from '../data/synthetic/synthetic-scene';
export { syntheticScene } from '../data/synthetic/synthetic-scene';
export type { Batch, PreparedSample } from '../data/transforms/collate';
export { collateBatch } from '../data/transforms/collate';
export type { PrepareOptions } from '../data/transforms/prepare-sample';
export { prepareSample } from '../data/transforms/prepare-sample';
export { IMAGENET_NORMALIZATION } from '../data/transforms/normalize';
export { Random } from '../util/random';
export { configImageSize } from '../run/build-detector';
export { detectionsToCocoResults } from '../run/detections-to-coco';
export type { Pixels } from './pixels';
export { predictPixels } from './predict-pixels';
export type { TrainStepResult } from './train-step';
export { trainStep } from './train-step';
