/** @packageDocumentation COCO bbox evaluation with pycocotools-exact numbers, in TypeScript, without Python. */
export const PACKAGE_NAME = '@aligndet/coco-eval';
