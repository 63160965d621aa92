/**
 * @packageDocumentation
 * The Receptive Field Adaptor (RFA): a task-specific deformable conv in each tower of any
 * two-tower dense head (`TwoTowerHead` from `@aligndet/core-tensor`).
 */
export type { RfaOptions, RfaPreset, RfaResult } from './receptive-field-adaptor';
export { applyReceptiveFieldAdaptor } from './receptive-field-adaptor';
