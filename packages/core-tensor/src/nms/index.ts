export type { BatchedNmsOptions } from './batched-nms';
export { batchedNms, nms } from './batched-nms';
