/** @packageDocumentation Deformable convolution (DCNv1/DCNv2) with gradients for TensorFlow.js, on every backend. */
export const PACKAGE_NAME = '@aligndet/deform-conv';
