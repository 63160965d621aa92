export type { ConvGeometry, Tower, TowerLayer, TwoTowerHead } from './two-tower-head';
export type { ConvLayer } from './conv-layer';
export { isConvLayer } from './conv-layer';
