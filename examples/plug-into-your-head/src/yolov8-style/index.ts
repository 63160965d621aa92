export type { YoloStyleHeadOptions, YoloStyleOutputs } from '@aligndet/yolo-head';
export { YoloStyleHead } from '@aligndet/yolo-head';
export type { YoloStyleLosses } from '@aligndet/yolo-head';
export { yoloStyleLoss } from '@aligndet/yolo-head';
export { YoloStyleDetector } from './yolo-style-detector';
export type { YoloStyleStepResult } from './yolo-style-train-step';
export { makeYoloStyleTrainStep } from './yolo-style-train-step';
