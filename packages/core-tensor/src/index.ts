/**
 * @packageDocumentation
 * The shared tensor layer of aligndet: backend selection, box ops, class-aware NMS, a small
 * module/parameter system with safetensors parsing, and the narrow interfaces (assigners, two-tower
 * heads) through which the other packages meet. Browser-safe: it imports no Node built-in (file
 * I/O is in `@aligndet/core-tensor/node`).
 */
import './register-gradients';

export * from './errors/index';
export * from './backend/index';
export * from './boxes/index';
export * from './nms/index';
export * from './nn/index';
export * from './io/index';
export * from './assign/index';
export * from './heads/index';
export * from './ops/index';
