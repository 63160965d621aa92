export { detach } from './detach';
export { type GroupNormOpOptions, groupNorm } from './group-norm';
export { stopGradient } from './stop-gradient';
