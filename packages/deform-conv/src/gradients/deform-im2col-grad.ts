import {
  engine,
  type GradConfig,
  type NamedAttrMap,
  type NamedTensorMap,
  type Tensor,
} from '@tensorflow/tfjs-core';
import { DeformCol2Im, DeformIm2Col, ModulatedDeformIm2Col } from '../kernel-names';

function col2im(dCols: Tensor, saved: Tensor[], attrs: NamedAttrMap): Tensor[] {
  const [x, offset, mask] = saved as [Tensor, Tensor, Tensor | undefined];
  const inputs: NamedTensorMap = { x, offset, dCols };
  if (mask) inputs.mask = mask;
  return engine().runKernel(DeformCol2Im, inputs, attrs) as unknown as Tensor[];
}

/** Gradient of {@link DeformIm2Col} with respect to x and offset (one {@link DeformCol2Im} call). */
export const deformIm2ColGradConfig: GradConfig = {
  kernelName: DeformIm2Col,
  inputsToSave: ['x', 'offset'],
  gradFunc: (dy, saved, attrs) => {
    const [dx, dOffset] = col2im(dy as Tensor, saved, attrs);
    return { x: () => dx!, offset: () => dOffset! };
  },
};

/** Gradient of {@link ModulatedDeformIm2Col} with respect to x, offset and mask (one {@link DeformCol2Im} call). */
export const modulatedDeformIm2ColGradConfig: GradConfig = {
  kernelName: ModulatedDeformIm2Col,
  inputsToSave: ['x', 'offset', 'mask'],
  gradFunc: (dy, saved, attrs) => {
    const [dx, dOffset, dMask] = col2im(dy as Tensor, saved, attrs);
    return { x: () => dx!, offset: () => dOffset!, mask: () => dMask! };
  },
};
