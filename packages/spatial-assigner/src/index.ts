/**
 * @packageDocumentation
 * The aligned-points sampler (APS): a label assigner for anchor-free dense detectors that picks,
 * among an object's candidate points, those where classification and regression agree best.
 * Implements `@aligndet/core-tensor`'s `Assigner` contract.
 */
export type { GtTrace, SpatialAssignerOptions } from './spatial-assigner';
export { SpatialAssigner } from './spatial-assigner';
export { SpatialMatchAssigner } from './spatial-match-assigner';
export type { Scorer, ScoringPool } from './scoring/scorers';
export { fitnessScorer, misalignment, officialScorer } from './scoring/scorers';
export type { Selector } from './scoring/selectors';
export { gmmSelector, topKSelector } from './scoring/selectors';
export type { GaussianMixtureFit, GaussianMixtureOptions } from './gmm/gaussian-mixture-1d';
export { fitGaussianMixture1d } from './gmm/gaussian-mixture-1d';
export { gmmSelect } from './gmm/gmm-select';
export { focalCost } from './costs/focal-cost';
