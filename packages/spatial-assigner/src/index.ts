/** @packageDocumentation Aligned-points label assignment (APS) for anchor-free dense detectors. */
export const PACKAGE_NAME = '@aligndet/spatial-assigner';
