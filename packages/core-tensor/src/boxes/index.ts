export type { BoxFormat } from './convert';
export { convertBoxes, convertBoxesTensor } from './convert';
export { boxArea, boxAreaTensor } from './area';
export { pairwiseGiou, pairwiseIou, pairwiseIouTensor } from './pairwise-iou';
export { clipBoxes, clipBoxesTensor } from './clip';
export { assertValidBoxes } from './validate';
export {
  decodeDistances,
  decodeDistancesTensor,
  encodeDistances,
  encodeDistancesTensor,
} from './distance-coder';
export { distanceGiou, distanceGiouTensor, distanceIou } from './distance-iou';
export { centerness, centernessTensor } from './centerness';
