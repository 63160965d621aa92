export type { BackendChoice, BackendInfo, InitBackendOptions } from './init-backend';
export { BACKEND_CANDIDATES, BackendUnavailableError, initBackend } from './init-backend';
export type { BackendPurpose } from './training-kernels';
export { INFERENCE_KERNELS, missingKernels, TRAINING_KERNELS } from './training-kernels';
export { registerTrainingKernels, TRAINING_KERNEL_CONFIGS } from './kernels/register-training-kernels';
