/**
 * @packageDocumentation
 * Deformable convolution (DCNv1 / DCNv2) for TensorFlow.js with gradients on every backend:
 * `deformConv2d` (the op, torchvision semantics, channels-last; a fused typed-array kernel on the
 * `cpu` and `wasm` backends, tfjs-core ops elsewhere), `DeformConv2d` (owns weight and bias) and
 * `DeformConv2dPack` (also owns its offset/mask predictor; a tower layer).
 */
export type { DeformConv2dOptions } from './ops/deform-conv2d';
export { deformConv2d } from './ops/deform-conv2d';
export type { DeformConvImplementation } from './ops/deform-conv-implementation';
export {
  FUSED_DEFORM_CONV_BACKENDS,
  GATHER_DEFORM_CONV_BACKENDS,
  getDeformConvImplementation,
  resolveDeformConvImplementation,
  setDeformConvImplementation,
} from './ops/deform-conv-implementation';
export type {
  DeformCol2ImAttrs,
  DeformCol2ImInputs,
  DeformConvGeometry,
  DeformIm2ColAttrs,
  DeformIm2ColInputs,
} from './kernel-names';
export { DeformCol2Im, DeformIm2Col, ModulatedDeformIm2Col } from './kernel-names';
export { registerDeformConvKernels } from './kernels/register-deform-conv-kernels';
export type { DeformConv2dInputs, DeformConv2dModuleOptions } from './modules/deform-conv2d-module';
export { DeformConv2d } from './modules/deform-conv2d-module';
export type { DeformConv2dPackOptions } from './modules/deform-conv2d-pack';
export { DeformConv2dPack } from './modules/deform-conv2d-pack';
