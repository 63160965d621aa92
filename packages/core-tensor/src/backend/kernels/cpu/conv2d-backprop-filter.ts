import {
  type DataType,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import {
  type BackpropFilterAttrs,
  backpropFilterInfo,
  filterGradientIm2col,
} from '../filter-gradient-im2col';

/** The part of `@tensorflow/tfjs-backend-cpu`'s `MathBackendCPU` this kernel uses. */
interface CpuBackendLike {
  readSync(dataId: object): ArrayLike<number>;
  makeTensorInfo(shape: number[], dtype: DataType, values?: Float32Array): TensorInfo;
  disposeIntermediateTensorInfo(info: TensorInfo): void;
}

/**
 * Builds the cpu backend's `Conv2DBackpropFilter`: im2col + the cpu backend's own `BatchMatMul`
 * (about as fast as its forward conv), instead of tfjs-backend-cpu's direct loop, which runs ~80×
 * slower than the forward. NCHW input goes to `stock` (the kernel it replaces).
 */
export function cpuConv2DBackpropFilterConfig(stock?: KernelFunc): KernelConfig {
  return {
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'cpu',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args;
      const a = attrs as NamedAttrMap & BackpropFilterAttrs;
      if (a.dataFormat === 'NCHW') {
        if (!stock)
          throw new Error(`aligndet cpu Conv2DBackpropFilter: dataFormat must be 'NHWC', got 'NCHW'`);
        return stock(args);
      }
      const b = backend as unknown as CpuBackendLike;
      const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
      const info = backpropFilterInfo(x.shape, a);
      const batchMatMul = getKernel('BatchMatMul', 'cpu')!.kernelFunc;
      let colsT: Float32Array | null = null;
      const dW = filterGradientIm2col(
        b.readSync(x.dataId) as Float32Array,
        b.readSync(dy.dataId) as Float32Array,
        info,
        {
          columns: (kd, cols) => {
            if (!colsT || colsT.length < kd * cols) colsT = new Float32Array(kd * cols);
            else colsT.fill(0, 0, kd * cols);
            return colsT.subarray(0, kd * cols);
          },
          multiply: (dyRows, cols, kd, co) => {
            const ca = b.makeTensorInfo([1, kd, cols], 'float32', colsT!.subarray(0, kd * cols));
            const cd = b.makeTensorInfo([1, cols, co], 'float32', dyRows);
            const prod = batchMatMul({
              inputs: { a: ca, b: cd },
              backend,
              attrs: { transposeA: false, transposeB: false },
            }) as TensorInfo;
            const values = b.readSync(prod.dataId);
            b.disposeIntermediateTensorInfo(ca);
            b.disposeIntermediateTensorInfo(cd);
            b.disposeIntermediateTensorInfo(prod);
            return values;
          },
        },
      );
      return b.makeTensorInfo(a.filterShape, 'float32', dW);
    },
  };
}
