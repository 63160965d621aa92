/**
 * @packageDocumentation
 * Test helpers shared by the aligndet packages (and useful to anyone writing tfjs ops):
 * tolerance-aware tensor comparison, finite-difference gradient checks, tensor-leak checks and a
 * per-backend suite runner.
 */
export type { NumericLike, Tolerance } from './expect-tensors-close';
export { expectTensorsClose, maxRelativeError, toNumbers } from './expect-tensors-close';
export type { LeakCheckOptions } from './expect-no-tensor-leak';
export { expectNoTensorLeak } from './expect-no-tensor-leak';
export type { GradCheckOptions, GradCheckResult } from './grad-check';
export { gradCheck } from './grad-check';
export type { BackendSuiteOptions } from './describe-with-backends';
export { backendExclusion, describeWithBackends } from './describe-with-backends';
export type { VectorCase, VectorCommon, VectorImage } from './spec-vectors';
export { buildVectorCase } from './spec-vectors';
