import {
  type Conv2d,
  type ConvGeometry,
  initializers,
  InvalidArgumentError,
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

/** Options of {@link applyReceptiveFieldAdaptor}; each overrides the preset. */
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

/** The tower index of the conv at `position`, or an error naming the tower. */
function convIndex(tower: Tower, which: string, position: 'first' | 'last' | number): number {
  const convs = tower.convIndices();
  const k = position === 'first' ? 0 : position === 'last' ? convs.length - 1 : position;
  const index = convs[k];
  if (index === undefined) {
    throw new InvalidArgumentError({
      op: 'applyReceptiveFieldAdaptor',
      field: 'position',
      value: position,
      expected: `first, last or 0..${convs.length - 1} (the ${which} tower has ${convs.length} convs)`,
    });
  }
  return index;
}

function adapt(
  tower: Tower,
  index: number,
  which: string,
  o: Required<Omit<RfaOptions, 'preset' | 'disposeReplaced'>>,
  dispose: boolean,
) {
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
  if (o.keepWeights) {
    const src = old as unknown as Partial<Conv2d>;
    if (!src.weight)
      throw new InvalidArgumentError({
        op: 'applyReceptiveFieldAdaptor',
        field: 'keepWeights',
        value: true,
        message: `the ${which} tower's layer ${index} has no 'weight' to keep`,
      });
    layer.conv.weight.assign(src.weight);
    if (src.bias && layer.conv.bias) layer.conv.bias.assign(src.bias);
  }
  tower.replaceLayer(index, layer as TowerLayer);
  const before = old.numParameters();
  if (dispose) old.dispose();
  return { layer, index, added: layer.numParameters() - before };
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
  const preset = PRESETS[options.preset ?? 'official'];
  if (!preset)
    throw new InvalidArgumentError({
      op: 'applyReceptiveFieldAdaptor',
      field: 'preset',
      value: options.preset,
      expected: 'paper or official',
    });
  const o = {
    position: options.position ?? preset.position,
    modulated: options.modulated ?? preset.modulated,
    offsetInit: options.offsetInit ?? preset.offsetInit,
    keepWeights: options.keepWeights ?? preset.keepWeights,
  };
  const dispose = options.disposeReplaced ?? true;
  // validate both towers before changing either
  const ci = convIndex(head.clsTower, 'classification', o.position);
  const ri = convIndex(head.regTower, 'regression', o.position);
  const c = adapt(head.clsTower, ci, 'classification', o, dispose);
  const r = adapt(head.regTower, ri, 'regression', o, dispose);
  return {
    cls: c.layer,
    reg: r.layer,
    clsIndex: c.index,
    regIndex: r.index,
    addedParameters: c.added + r.added,
  };
}
