/**
 * aligndet → torchvision key of a `fcos_resnet50_fpn` state dict (torchvision
 * `models/detection/fcos.py`, `backbone_utils._resnet_fpn_extractor`, `ops/feature_pyramid_network.py`),
 * or null for the per-level `Scale`s, which torchvision's head does not have (they stay at 1 on
 * load and are folded into `bbox_reg` on export).
 *
 * @example
 * ```ts
 * torchvisionFcosKey('fpn.lateral3.weight');     // 'backbone.fpn.inner_blocks.0.0.weight'
 * torchvisionFcosKey('head.cls_tower.3.weight'); // 'head.classification_head.conv.3.weight'
 * ```
 */
export function torchvisionFcosKey(key: string): string | null {
  for (const [pattern, replace] of RULES) {
    const m = pattern.exec(key);
    if (m) return replace === null ? null : replace(m);
  }
  throw new Error(`torchvisionFcosKey: no torchvision name for ${key}`);
}

const RULES: Array<[RegExp, ((m: RegExpExecArray) => string) | null]> = [
  [/^backbone\.(.+)$/, (m) => `backbone.body.${m[1]}`],
  [/^fpn\.lateral([345])\.(weight|bias)$/, (m) => `backbone.fpn.inner_blocks.${Number(m[1]) - 3}.0.${m[2]}`],
  [/^fpn\.output([345])\.(weight|bias)$/, (m) => `backbone.fpn.layer_blocks.${Number(m[1]) - 3}.0.${m[2]}`],
  [/^fpn\.(p6|p7)\.(weight|bias)$/, (m) => `backbone.fpn.extra_blocks.${m[1]}.${m[2]}`],
  [/^head\.cls_tower\.(\d+)\.(weight|bias)$/, (m) => `head.classification_head.conv.${m[1]}.${m[2]}`],
  [/^head\.bbox_tower\.(\d+)\.(weight|bias)$/, (m) => `head.regression_head.conv.${m[1]}.${m[2]}`],
  [/^head\.cls_logits\.(weight|bias)$/, (m) => `head.classification_head.cls_logits.${m[1]}`],
  [/^head\.bbox_pred\.(weight|bias)$/, (m) => `head.regression_head.bbox_reg.${m[1]}`],
  [/^head\.quality\.(weight|bias)$/, (m) => `head.regression_head.bbox_ctrness.${m[1]}`],
  [/^head\.scales\.\d+\.scale$/, null],
];
