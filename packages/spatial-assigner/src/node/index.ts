/**
 * @packageDocumentation
 * Node-only additions to `@aligndet/spatial-assigner`: APS over a batch on worker threads.
 */
export type { SpatialAssignerPoolOptions } from './assigner-pool';
export { SpatialAssignerPool } from './assigner-pool';
