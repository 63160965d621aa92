import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's `BackendWasm` the aliasing `Identity` uses. */
interface RefCountingBackend {
  incRef(dataId: object): void;
}

/**
 * Builds the wasm backend's `Identity` as an alias, the way tfjs's cpu backend has it: the output
 * shares the input's data and the backend's reference count keeps it alive until both are
 * disposed (tensors are immutable, so sharing is safe). tfjs-backend-wasm's own kernel copies the
 * data; a training step calls it hundreds of times (gradients of add, clone, saved tensors).
 * Strings go to `stock`.
 */
export function wasmIdentityAliasConfig(stock: KernelFunc): KernelConfig {
  return {
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: TensorInfo };
      if (x.dtype === 'string') return stock(args);
      (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  };
}
