export type { Assigner, AssignerInput, AssignerPredictions, Assignment } from './assigner';
export { emptyAssignment } from './assigner';
export type { CandidateGenerator, CenterSamplingOptions } from './candidates';
export { centerSamplingCandidates, FCOS_SCALE_RANGES, insideBoxCandidates, isInsideBox } from './candidates';
export * from './v2/index';
