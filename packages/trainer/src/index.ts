/** @packageDocumentation Train, evaluate and run aligndet detectors: data, model wiring, training loop, checkpoints, CLI. */
export const PACKAGE_NAME = '@aligndet/trainer';
