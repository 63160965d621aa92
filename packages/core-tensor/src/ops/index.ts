export { detach } from './detach';
export { type GroupNormOpOptions, groupNorm } from './group-norm';
