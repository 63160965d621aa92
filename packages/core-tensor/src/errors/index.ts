export { InvalidArgumentError, describeValue } from './invalid-argument-error';
export { assertShape } from './assert-shape';
