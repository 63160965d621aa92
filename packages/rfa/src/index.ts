/**
 * @packageDocumentation
 * The Receptive Field Adaptor (RFA): a task-specific deformable conv in each tower of a dense
 * head: any `TwoTowerHead` from `@aligndet/core-tensor` (`applyReceptiveFieldAdaptor`), or any
 * set of `Tower`s (`adaptTower`, `adaptTowers`).
 */
export type { RfaOptions, RfaPreset, RfaResult, TowerAdaptation } from './receptive-field-adaptor';
export { adaptTower, adaptTowers, applyReceptiveFieldAdaptor } from './receptive-field-adaptor';
