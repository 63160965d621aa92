export type { LoadStateDictResult, ShapeMismatch, StateValue } from './module';
export { Module, StateDictError } from './module';
export { Sequential } from './sequential';
