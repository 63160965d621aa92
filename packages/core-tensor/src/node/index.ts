/**
 * @packageDocumentation
 * The Node-only part of `@aligndet/core-tensor`: safetensors files and atomic writes. Everything
 * else is in the browser-safe main entry, including `initBackend`, which in Node starts tfjs's
 * threaded wasm build itself (its Node half is picked by the `node` export condition).
 */
export { loadModule, saveModule } from './module-file';
export { readSafetensorsFile, writeFileAtomic, writeSafetensorsFile } from './safetensors-file';
