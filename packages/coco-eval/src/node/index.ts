/**
 * @packageDocumentation
 * Node-only additions to `@aligndet/coco-eval`: the evaluation spread over worker threads.
 */
export type { ParallelOptions } from './evaluate-parallel';
export { evaluateCocoParallel } from './evaluate-parallel';
