export type {
  GroundTruth,
  Match,
  MatchAssigner,
  MatchInput,
  MatchPredictions,
  PointGeometry,
} from './match-assigner';
export { emptyMatch } from './match-assigner';
export type { PointGrid, PointOffset } from './point-grid';
export { pointGrid } from './point-grid';
export { classTargets, matchedBoxes, matchedDistances } from './match-targets';
export type { BatchPredictions } from './assign-batch';
export { assignBatch, assignBatchSync } from './assign-batch';
export {
  assignmentToMatch,
  fromV1Assigner,
  matchToAssignment,
  toV1Assigner,
  toV1Input,
} from './v1-bridge';
