/** @packageDocumentation Receptive Field Adaptor: a task-specific deformable conv in each tower of a two-branch dense head. */
export const PACKAGE_NAME = '@aligndet/rfa';
