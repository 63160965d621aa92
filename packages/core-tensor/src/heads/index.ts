export type { ConvGeometry, Tower, TowerLayer, TwoTowerHead } from './two-tower-head';
