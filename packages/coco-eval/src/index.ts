/**
 * @packageDocumentation
 * COCO bbox evaluation in TypeScript with pycocotools' exact numbers, no Python and no tfjs:
 * `evaluateCoco(gt, dt)` returns the 12 summary stats, per-category AP/AP50/AP75/AR100, the full
 * precision/recall/score arrays, and the summary text; `prCurves` exports PR curves.
 */
export type { CocoEvalResult, CocoEvalOptions, CategoryMetrics } from './evaluate-coco';
export { evaluateCoco } from './evaluate-coco';
export type { CocoGroundTruthJson, GroundTruth } from './ground-truth';
export { loadCocoGroundTruth } from './ground-truth';
export type { CocoResult, DetectionArrays, Detections } from './results';
export { loadCocoResults } from './results';
export type { CocoEvalParams } from './params';
export { defaultParams, linspace } from './params';
export { formatSummary } from './summarize';
export type { PrCurve } from './pr-curves';
export { prCurves } from './pr-curves';
export { CocoEvalError } from './errors';
export type { PerClassRow } from './per-class';
export { formatPerClassTable, perClassTable } from './per-class';
export type { ConfusionMatrix, ConfusionMatrixOptions } from './confusion-matrix';
export { confusionMatrix } from './confusion-matrix';
