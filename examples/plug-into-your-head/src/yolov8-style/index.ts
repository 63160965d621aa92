export type { YoloStyleHeadOptions, YoloStyleOutputs } from './yolo-style-head';
export { YoloStyleHead } from './yolo-style-head';
export type { YoloStyleLosses } from './yolo-style-loss';
export { yoloStyleLoss } from './yolo-style-loss';
export { YoloStyleDetector } from './yolo-style-detector';
export type { YoloStyleStepResult } from './yolo-style-train-step';
export { makeYoloStyleTrainStep } from './yolo-style-train-step';
