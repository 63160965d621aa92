// tfjs-core ships its gradient definitions separately from its ops (the `@tensorflow/tfjs` union
// package registers them). aligndet trains, so importing any aligndet package registers them,
// and the gradients of aligndet's own kernels (the fused GroupNorm). `#tfjs-gradients` is
// tfjs-core's own `register_all_gradients` for bundlers and browsers, and under the `node`
// condition the one shim Node needs (see platform/tfjs-gradients.ts).
import { registerGradient } from '@tensorflow/tfjs-core';
import '#tfjs-gradients';
import { groupNormGradConfig } from './backend/kernels/group-norm/group-norm-gradient';

registerGradient(groupNormGradConfig);
