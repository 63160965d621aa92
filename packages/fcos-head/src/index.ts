/**
 * @packageDocumentation
 * The FCOS head (Tian et al., 2019) as the official "imprv" code runs it: towers, predictors,
 * points, FCOS's label assignment, losses and inference post-processing. The assignment is a
 * pluggable `Assigner` (core-tensor contract), and the towers are replaceable (`TwoTowerHead`).
 */
export type { FcosHeadOptions, LevelOutputs } from './head/fcos-head';
export { FcosHead } from './head/fcos-head';
export type { ImagePoints } from './points/grid-points';
export { gridPoints } from './points/grid-points';
export { anchorCenterPoints } from './points/anchor-center-points';
export type { FcosAssignerOptions } from './assigners/fcos-assigner';
export { FcosAssigner } from './assigners/fcos-assigner';
export { FcosMatchAssigner } from './assigners/fcos-match-assigner';
export type { FcosLosses, FcosLossOptions, FlatHeadOutputs } from './losses/fcos-losses';
export { fcosLosses } from './losses/fcos-losses';
export { sigmoidFocalLoss } from './losses/sigmoid-focal-loss';
export { binaryCrossEntropyWithLogits } from './losses/binary-cross-entropy';
export type { Detections, PostprocessInput, PostprocessOptions } from './postprocess/postprocess';
export { postprocessDetections } from './postprocess/postprocess';
