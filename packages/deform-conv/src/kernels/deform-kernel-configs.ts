import { typedArrayIO } from '@aligndet/core-tensor';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import {
  DeformCol2Im,
  type DeformCol2ImInputs,
  type DeformConvGeometry,
  DeformIm2Col,
  type DeformIm2ColInputs,
  ModulatedDeformIm2Col,
} from '../kernel-names';
import { deformCol2imImpl } from './deform-col2im-impl';
import { deformIm2colImpl } from './deform-im2col-impl';

/** The column matrix shape `[groups, N·Ho·Wo, kh·kw·Cin/groups]`. */
export function colsShape(g: DeformConvGeometry): [number, number, number] {
  return [
    g.groups,
    g.batch * g.outHeight * g.outWidth,
    (g.kernelHeight * g.kernelWidth * g.inChannels) / g.groups,
  ];
}

function im2colKernel(backendName: 'cpu' | 'wasm'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, offset, mask } = inputs as DeformIm2ColInputs;
    const g = attrs as unknown as DeformConvGeometry & NamedAttrMap;
    const ins: TensorInfo[] = mask ? [x, offset, mask] : [x, offset];
    const { outputs, inputViews, outputViews } = typedArrayIO(backend, backendName, DeformIm2Col).run(ins, [
      colsShape(g),
    ]);
    deformIm2colImpl(g, inputViews[0]!, inputViews[1]!, mask ? inputViews[2]! : null, outputViews[0]!);
    return outputs[0]!;
  };
}

function col2imKernel(backendName: 'cpu' | 'wasm'): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, offset, mask, dCols } = inputs as DeformCol2ImInputs;
    const g = attrs as unknown as DeformConvGeometry & NamedAttrMap;
    const ins: TensorInfo[] = mask ? [x, offset, dCols, mask] : [x, offset, dCols];
    const shapes = [x.shape, offset.shape];
    if (mask) shapes.push(mask.shape);
    const { outputs, inputViews, outputViews } = typedArrayIO(backend, backendName, DeformCol2Im).run(
      ins,
      shapes,
    );
    deformCol2imImpl(
      g,
      inputViews[0]!,
      inputViews[1]!,
      mask ? inputViews[3]! : null,
      inputViews[2]!,
      outputViews[0]!,
      outputViews[1]!,
      mask ? outputViews[2]! : null,
    );
    return outputs;
  };
}

/**
 * The fused deformable-conv kernels ({@link DeformIm2Col}, {@link ModulatedDeformIm2Col},
 * {@link DeformCol2Im}) for the `cpu` and `wasm` backends.
 */
export const DEFORM_CONV_KERNEL_CONFIGS: KernelConfig[] = (['cpu', 'wasm'] as const).flatMap(
  (backendName) => [
    { kernelName: DeformIm2Col, backendName, kernelFunc: im2colKernel(backendName) },
    { kernelName: ModulatedDeformIm2Col, backendName, kernelFunc: im2colKernel(backendName) },
    { kernelName: DeformCol2Im, backendName, kernelFunc: col2imKernel(backendName) },
  ],
);
