import type { KernelBackend } from '@tensorflow/tfjs-core';

/** `@tensorflow/tfjs-backend-wasm`'s exports, as far as aligndet's thread set-up needs them. */
export interface WasmPackageLike {
  BackendWasm: new (module: unknown) => KernelBackend;
  setThreadsCount(n: number): void;
  getThreadsCount(): number;
}
