/**
 * @packageDocumentation
 * Train and use aligndet detectors: data (COCO reader, the built-in synthetic dataset,
 * transforms, prefetching loader), the detector (backbones, FPN, FCOS head with RFA and the spatial
 * assigner as presets), SGD with warm-up, the hook-based training loop, atomic checkpoints, plots.
 */
export type { TrainConfig, TrainConfigInput } from './config/schema';
export type { BackendName } from './config/schema';
export { BACKEND_NAMES, MODEL_PRESETS, TrainConfigSchema } from './config/schema';
export { applyOverrides, ConfigError, loadConfigFile, resolveConfig } from './config/load-config';
export type { TrainOptions, TrainResult } from './run/train-detector';
export { trainDetector } from './run/train-detector';
export type { TrainContext, ValEvaluation } from './run/default-hooks';
export { defaultHooks } from './run/default-hooks';
export type { TrainRunOptions } from './commands/train-run';
export { resolveTrainConfig, trainRun } from './commands/train-run';
export { RUN_FILES } from './run/run-folder';
export { matchCategories } from './run/match-categories';
export { evaluateDetector } from './run/evaluate-detector';
export { buildDetector } from './run/build-detector';
export type { RunCategories, TrainedDetector } from './run/load-trained-detector';
export { loadTrainedDetector } from './run/load-trained-detector';
export type { ImagePrediction, PredictOptions } from './run/predict-images';
export { predictImages } from './run/predict-images';
export type { EvaluateRunOptions } from './commands/evaluate-run';
export { evaluateRun } from './commands/evaluate-run';
export type { PredictWithRunOptions } from './commands/predict-with-run';
export { predictWithRun } from './commands/predict-with-run';
export { Detector } from './model/detector';
export type { DetectorHeadModule, DetectorParts, StepLosses } from './model/detector';
export type { DenseHeadRole, HeadLosses, InferenceTensors } from './model/heads/dense-head-role';
export type { DetectorConventions, InputConvention } from './model/conventions/detector-conventions';
export {
  ALIGNDET_CONVENTIONS,
  OFFICIAL_FCOS_CONVENTIONS,
  TORCHVISION_CONVENTIONS,
} from './model/conventions/detector-conventions';
export { torchvisionResizedSize } from './model/conventions/size-rules';
export type { DetectorSpec } from './model/presets';
export {
  createAssigner,
  createBackbone,
  createDetector,
  fcosScaleRanges,
  presetParts,
} from './model/presets';
export { ResNet } from './model/backbones/resnet';
export { TinyBackbone } from './model/backbones/tiny-backbone';
export { FPN } from './model/fpn';
export { CocoDataset } from './data/coco-dataset';
export { DataError } from './data/data-error';
export { DataLoader } from './data/data-loader';
export { generateSyntheticDataset } from './data/synthetic/generate-synthetic-dataset';
export { SYNTHETIC_CLASSES } from './data/synthetic/shapes';
export { decodeImageFile, MAX_IMAGE_PIXELS } from './data/image/decode-image';
export { applyExifOrientation } from './data/image/orient';
export { encodePng } from './data/image/encode-png';
export { SGD } from './solver/sgd';
export { warmupMultiStepLr } from './solver/lr-schedule';
export { clipGradNorm } from './solver/clip-grad-norm';
export type { Hook, HookStage } from './engine/hook';
export type { StepResult, TrainLoopOptions } from './engine/train-loop';
export { NonFiniteLossError, TrainLoop } from './engine/train-loop';
export type { StampedValue } from './engine/event-storage';
export { EventStorage } from './engine/event-storage';
export type { SimpleStepParts } from './engine/simple-step';
export { simpleStep } from './engine/simple-step';
export type { EvalOutcome } from './engine/hooks/eval-hook';
export { EvalHook } from './engine/hooks/eval-hook';
export type { BestMetric } from './engine/hooks/best-checkpointer';
export { BestCheckpointer } from './engine/hooks/best-checkpointer';
export { PeriodicCheckpointer } from './engine/hooks/periodic-checkpointer';
export { Periodic } from './engine/hooks/periodic';
export { JsonlWriter } from './engine/hooks/jsonl-writer';
export { ConsoleProgress } from './engine/hooks/console-progress';
export { IterationTimer } from './engine/hooks/iteration-timer';
export { MemoryStats } from './engine/hooks/memory-stats';
export type { CheckpointMeta, TensorStateful } from './checkpoint/checkpointer';
export { Checkpointer, checkpointName, LAST_CHECKPOINT_FILE } from './checkpoint/checkpointer';
export { plotRun } from './viz/plot-run';
export { drawDetections } from './viz/draw-detections';
export type { LoadTorchvisionFcosOptions } from './model/checkpoints/torchvision-fcos';
export {
  loadTorchvisionFcos,
  saveTorchvisionFcos,
  torchvisionFcosDetector,
  torchvisionFcosFromState,
  torchvisionFcosState,
} from './model/checkpoints/torchvision-fcos';
export { torchvisionFcosKey } from './model/checkpoints/torchvision-fcos-keys';
export { WeightsError } from './model/checkpoints/weights-error';
export type { PretrainedReport } from './model/pretrained/load-pretrained';
export { loadPretrained } from './model/pretrained/load-pretrained';
export type { LoadOfficialFcosOptions } from './model/checkpoints/official-fcos';
export {
  loadOfficialFcos,
  officialFcosDetector,
  officialFcosFromState,
  officialFcosState,
  saveOfficialFcos,
} from './model/checkpoints/official-fcos';
export type {
  DetectorFromWeightsOptions,
  WeightsDetector,
  WeightsFormat,
} from './model/checkpoints/detector-from-weights';
export { detectorFromWeights, weightsFormat } from './model/checkpoints/detector-from-weights';
export { weightsFromBytes } from './model/checkpoints/weights-bytes';
export { officialFcosKey } from './model/checkpoints/official-fcos-keys';
