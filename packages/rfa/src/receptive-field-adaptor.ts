import {
  type ConvGeometry,
  initializers,
  InvalidArgumentError,
  isConvLayer,
  type Tower,
  type TowerLayer,
  type TwoTowerHead,
} from '@aligndet/core-tensor';
import { DeformConv2dPack } from '@aligndet/deform-conv';

/**
 * RFA presets (spec decision D1):
 * - `paper` — the published description: the *first* conv of each tower becomes a deformable conv,
 *   offsets only (DCNv1), offset predictor zero-initialised and the conv's weights kept, so training
 *   starts from the plain head;
 * - `official` — the released code: the *last* conv, modulated (DCNv2) with a 27-channel
 *   offset/mask predictor initialised N(0, 0.01²) (masks start ≈ 0.5), main weight U(±1/√(Cin·9)),
 *   bias 0.
 */
export type RfaPreset = 'paper' | 'official';

/** Options of {@link adaptTower} and {@link applyReceptiveFieldAdaptor}; each overrides the preset. */
export interface RfaOptions {
  /**
   * Default `official`: it won the ablation on the built-in dataset (spec D1; `docs/ablation.md`:
   * aligndet 15.6 ± 2.1 AP with `official`, 12.4 ± 1.0 with `paper`, 3 seeds).
   */
  preset?: RfaPreset;
  /** Which conv of each tower: `first`, `last`, or an index into the tower's convs. */
  position?: 'first' | 'last' | number;
  /** DCNv2 (offsets + mask) or DCNv1 (offsets only). */
  modulated?: boolean;
  /** Offset/mask predictor init: `zeros` or `normal` (N(0, 0.01²), zero bias). */
  offsetInit?: 'zeros' | 'normal';
  /** Start the deformable conv from the replaced conv's weights (else U(±1/√fanIn), bias 0). */
  keepWeights?: boolean;
  /** Dispose the replaced convs' variables. Default true. */
  disposeReplaced?: boolean;
}

const PRESETS: Record<RfaPreset, Required<Omit<RfaOptions, 'preset' | 'disposeReplaced'>>> = {
  paper: { position: 'first', modulated: false, offsetInit: 'zeros', keepWeights: true },
  official: { position: 'last', modulated: true, offsetInit: 'normal', keepWeights: false },
};

/** What {@link applyReceptiveFieldAdaptor} did. */
export interface RfaResult {
  /** The deformable layers, one per tower (separate parameters). */
  cls: DeformConv2dPack;
  reg: DeformConv2dPack;
  /** Tower indices that were replaced. */
  clsIndex: number;
  regIndex: number;
  /** Parameters added to the head (the offset/mask predictors). */
  addedParameters: number;
}

/** What {@link adaptTower} did to one tower. */
export interface TowerAdaptation {
  /** The deformable layer now in the tower. */
  layer: DeformConv2dPack;
  /** The tower index that was replaced. */
  index: number;
  /** Parameters added to the tower (the offset/mask predictor). */
  addedParameters: number;
}

type ResolvedOptions = Required<Omit<RfaOptions, 'preset' | 'disposeReplaced'>> & { dispose: boolean };

function resolve(options: RfaOptions, op: string): ResolvedOptions {
  const preset = PRESETS[options.preset ?? 'official'];
  if (!preset)
    throw new InvalidArgumentError({
      op,
      field: 'preset',
      value: options.preset,
      expected: 'paper or official',
    });
  return {
    position: options.position ?? preset.position,
    modulated: options.modulated ?? preset.modulated,
    offsetInit: options.offsetInit ?? preset.offsetInit,
    keepWeights: options.keepWeights ?? preset.keepWeights,
    dispose: options.disposeReplaced ?? true,
  };
}

/** The tower index of the conv at `position`, or an error naming the tower. */
function convIndex(tower: Tower, which: string, o: ResolvedOptions, op: string): number {
  const convs = tower.convIndices();
  const k = o.position === 'first' ? 0 : o.position === 'last' ? convs.length - 1 : o.position;
  const index = convs[k];
  if (index === undefined) {
    throw new InvalidArgumentError({
      op,
      field: 'position',
      value: o.position,
      expected: `first, last or 0..${convs.length - 1} (the ${which} tower has ${convs.length} convs)`,
    });
  }
  if (o.keepWeights && !isConvLayer(tower.layerAt(index)))
    throw new InvalidArgumentError({
      op,
      field: 'keepWeights',
      value: true,
      message: `the ${which} tower's layer ${index} is not a ConvLayer (no 'weight' variable to keep)`,
    });
  return index;
}

function replace(tower: Tower, index: number, o: ResolvedOptions): TowerAdaptation {
  const old = tower.layerAt(index);
  const g = old.convGeometry as ConvGeometry;
  const layer = new DeformConv2dPack({
    inChannels: g.inChannels,
    outChannels: g.outChannels,
    kernelSize: g.kernelSize,
    stride: g.stride,
    padding: g.padding,
    dilation: g.dilation,
    groups: g.groups,
    bias: g.bias,
    modulated: o.modulated,
    offsetInit: o.offsetInit === 'normal' ? initializers.normal(0.01) : undefined,
  });
  if (o.keepWeights && isConvLayer(old)) {
    layer.conv.weight.assign(old.weight);
    if (old.bias && layer.conv.bias) layer.conv.bias.assign(old.bias);
  }
  tower.replaceLayer(index, layer as TowerLayer);
  const before = old.numParameters();
  if (o.dispose) old.dispose();
  return { layer, index, addedParameters: layer.numParameters() - before };
}

/**
 * RFA on any set of towers: each tower's conv at `position` becomes its own deformable conv with
 * its own offset predictor. Every tower is checked before any is changed. For heads with more
 * than two branches or per-level towers (a YOLOv8-style head has a box and a class tower per
 * level).
 *
 * @example
 * ```ts
 * const done = adaptTowers(head.levels.flatMap((l) => [l.clsTower, l.boxTower]), { preset: 'official' });
 * ```
 */
export function adaptTowers(towers: readonly Tower[], options: RfaOptions = {}): TowerAdaptation[] {
  const o = resolve(options, 'adaptTowers');
  const indices = towers.map((t, i) => convIndex(t, `#${i}`, o, 'adaptTowers'));
  return towers.map((t, i) => replace(t, indices[i]!, o));
}

/**
 * RFA on one tower: its conv at `position` becomes a deformable conv with its own offset
 * predictor (the preset's kind and initialisation). The tower is checked before it is changed.
 *
 * @example
 * ```ts
 * const { index, addedParameters } = adaptTower(head.clsTower, { preset: 'official' });
 * ```
 */
export function adaptTower(tower: Tower, options: RfaOptions = {}): TowerAdaptation {
  return adaptTowers([tower], options)[0]!;
}

/**
 * The Receptive Field Adaptor (RFA): gives the classification and the regression tower of a head
 * each its *own* deformable conv with its own offset predictor, so each task picks its receptive
 * field. Works on any `TwoTowerHead` (FCOS or your own), through the towers' replaceable-layer seam;
 * like the rest of the head, the RFA weights are shared across pyramid levels.
 *
 * @example
 * ```ts
 * const head = new FcosHead({ numClasses: 80 });
 * const rfa = applyReceptiveFieldAdaptor(head, { preset: 'official' });
 * rfa.addedParameters; // 124470 for a 256-channel head
 * ```
 */
export function applyReceptiveFieldAdaptor(head: TwoTowerHead, options: RfaOptions = {}): RfaResult {
  const o = resolve(options, 'applyReceptiveFieldAdaptor');
  // validate both towers before changing either
  const ci = convIndex(head.clsTower, 'classification', o, 'applyReceptiveFieldAdaptor');
  const ri = convIndex(head.regTower, 'regression', o, 'applyReceptiveFieldAdaptor');
  const c = replace(head.clsTower, ci, o);
  const r = replace(head.regTower, ri, o);
  return {
    cls: c.layer,
    reg: r.layer,
    clsIndex: c.index,
    regIndex: r.index,
    addedParameters: c.addedParameters + r.addedParameters,
  };
}
