/** @packageDocumentation The FCOS detection head, its targets, losses and post-processing, with a pluggable assigner. */
export const PACKAGE_NAME = '@aligndet/fcos-head';
