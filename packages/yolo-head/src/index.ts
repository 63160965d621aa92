/**
 * @packageDocumentation
 * A YOLOv8-style decoupled anchor-free head (Ultralytics' `Detect`: per-level classification and
 * box branches, boxes as distances to the four sides, optional DFL) and its loss, on
 * `@aligndet/core-tensor`'s v2 match seam: any `MatchAssigner` (FCOS's rule, TAL, APS) trains it,
 * and RFA reaches its branches through `adaptTowers` from `@aligndet/rfa`.
 */
export type { YoloStyleHeadOptions, YoloStyleOutputs } from './head/yolo-style-head';
export { YoloStyleHead } from './head/yolo-style-head';
export type { YoloStyleLossGains, YoloStyleLosses } from './losses/yolo-style-loss';
export { yoloStyleLoss } from './losses/yolo-style-loss';
