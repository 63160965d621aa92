/**
 * @packageDocumentation
 * The task-aligned assigner (TAL) of TOOD, the label assignment YOLOv8/11, YOLOv6 and PP-YOLOE
 * train with, on `@aligndet/core-tensor`'s v2 (match) assigner contract: the baseline the
 * aligned-points sampler is compared with.
 */
export type { TaskAlignedAssignerOptions } from './task-aligned-assigner';
export { TaskAlignedAssigner } from './task-aligned-assigner';
