// tfjs-core ships its gradient definitions separately from its ops (the `@tensorflow/tfjs` union
// package registers them). aligndet trains, so importing any aligndet package registers them,
// and the gradients of aligndet's own kernels (the fused GroupNorm).
// tfjs-core's entry is evaluated first: when the gradient definitions were the first tfjs-core code
// to run (a module importing an aligndet package before tfjs-core), backpropagation through addN
// failed with a null dy under vitest's module loader.
import { registerGradient } from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { groupNormGradConfig } from './backend/kernels/group-norm/group-norm-gradient';

registerGradient(groupNormGradConfig);
