/**
 * aligndet → official FCOS key (tianzhi0549/FCOS, built on maskrcnn-benchmark: `backbone.body`
 * is its ResNet with a `stem`, `backbone.fpn` its FPN with `fpn_inner{2,3,4}` / `fpn_layer{2,3,4}`
 * for C3–C5 and `top_blocks.p6/p7`, `rpn.head` the FCOS head; `centerness` is aligndet's
 * `quality`). The MOD head's deformable convs (`{cls,bbox}_tower.9.offset` / `.conv`, see the
 * `@aligndet/rfa` README) keep their names under `rpn.head.`.
 *
 * @example
 * ```ts
 * officialFcosKey('backbone.conv1.weight'); // 'backbone.body.stem.conv1.weight'
 * officialFcosKey('head.quality.bias');     // 'rpn.head.centerness.bias'
 * ```
 */
export function officialFcosKey(key: string): string {
  for (const [pattern, replace] of RULES) {
    const m = pattern.exec(key);
    if (m) return replace(m);
  }
  throw new Error(`officialFcosKey: no official name for ${key}`);
}

const RULES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^backbone\.(conv1|bn1)\.(.+)$/, (m) => `backbone.body.stem.${m[1]}.${m[2]}`],
  [/^backbone\.(layer[1-4]\..+)$/, (m) => `backbone.body.${m[1]}`],
  [/^fpn\.lateral([345])\.(weight|bias)$/, (m) => `backbone.fpn.fpn_inner${Number(m[1]) - 1}.${m[2]}`],
  [/^fpn\.output([345])\.(weight|bias)$/, (m) => `backbone.fpn.fpn_layer${Number(m[1]) - 1}.${m[2]}`],
  [/^fpn\.(p6|p7)\.(weight|bias)$/, (m) => `backbone.fpn.top_blocks.${m[1]}.${m[2]}`],
  [/^head\.quality\.(weight|bias)$/, (m) => `rpn.head.centerness.${m[1]}`],
  [
    /^head\.((cls|bbox)_tower\..+|cls_logits\..+|bbox_pred\..+|scales\.\d+\.scale)$/,
    (m) => `rpn.head.${m[1]}`,
  ],
];
