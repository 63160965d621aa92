import type { AblationVariant } from './variants';

/** A cell of the head × assigner × RFA study. */
export interface HeadStudyVariant extends AblationVariant {
  head: 'fcos' | 'yolo-style';
  assigner: 'fcos-rule' | 'tal' | 'tal-ultralytics' | 'aps';
  rfa: 'none' | 'official';
  /** YOLO-style loss gains: ours (1/1/1) unless `ultralytics` (cls 0.5, box 7.5, dfl 1.5). */
  gains?: 'ultralytics';
  /**
   * Set when the trainer cannot build the cell yet: what it needs. The runner skips such cells
   * and says why, rather than letting an unknown config key fall back to another model.
   */
  requires?: string;
}

/**
 * Does APS beat today's standard assigner on each head? {FCOS head, YOLOv8-style head} × {its
 * usual assigner (FCOS's rule / TAL), APS} × {no RFA, RFA official}. The FCOS cells are trainer
 * presets; the YOLO-style cells are `model.head=yolo-style` (`@aligndet/yolo-head`) with
 * `model.assigner` and `model.rfa`. Two more cells train the YOLO-style head the way Ultralytics
 * does (its TAL variant, ranking only points inside the GT, and its loss gains), against APS with
 * the same gains: TOOD's TAL ranks all points and, with untrained predictions, keeps few inside
 * the GT (TOOD itself starts with ATSS for its first epochs).
 */
export const HEAD_STUDY_VARIANTS: HeadStudyVariant[] = [
  {
    name: 'fcos head · fcos rule',
    description: 'FCOS head, FCOS assignment, centerness',
    overrides: ['model.preset=fcos'],
    head: 'fcos',
    assigner: 'fcos-rule',
    rfa: 'none',
  },
  {
    name: 'fcos head · fcos rule · rfa',
    description: '+ RFA (last conv, DCNv2)',
    overrides: ['model.preset=fcos-rfa', 'model.rfa=official'],
    head: 'fcos',
    assigner: 'fcos-rule',
    rfa: 'official',
  },
  {
    name: 'fcos head · aps',
    description: 'FCOS head, spatial assigner, IoU quality',
    overrides: ['model.preset=fcos-aps'],
    head: 'fcos',
    assigner: 'aps',
    rfa: 'none',
  },
  {
    name: 'fcos head · aps · rfa',
    description: '+ RFA (last conv, DCNv2) + spatial assigner (aligndet)',
    overrides: ['model.preset=aligndet', 'model.rfa=official'],
    head: 'fcos',
    assigner: 'aps',
    rfa: 'official',
  },
  ...(['tal', 'aps'] as const).flatMap((assigner) =>
    (['none', 'official'] as const).map(
      (rfa): HeadStudyVariant => ({
        name: `yolo head · ${assigner}${rfa === 'official' ? ' · rfa' : ''}`,
        description: `YOLOv8-style head (per-level branches, DFL 16), ${assigner === 'tal' ? 'TAL (TOOD α 1, β 6, top-13)' : 'spatial assigner'}${rfa === 'official' ? ', RFA official on every branch' : ''}`,
        overrides: [
          'model.head=yolo-style',
          `model.assigner=${assigner}`,
          ...(rfa === 'official' ? ['model.rfa=official'] : ['model.rfa=none']),
        ],
        head: 'yolo-style',
        assigner,
        rfa,
      }),
    ),
  ),
  ...(['tal-ultralytics', 'aps'] as const).map(
    (assigner): HeadStudyVariant => ({
      name: `yolo head · ${assigner} · ultralytics gains`,
      description: `YOLOv8-style head, ${assigner === 'aps' ? 'spatial assigner' : "Ultralytics' TAL (α 0.5, β 6, top-10 inside the GT)"}, loss gains cls 0.5 / box 7.5 / dfl 1.5`,
      overrides: [
        'model.head=yolo-style',
        `model.assigner=${assigner}`,
        'model.rfa=none',
        'model.lossGains.cls=0.5',
        'model.lossGains.box=7.5',
        'model.lossGains.dfl=1.5',
      ],
      head: 'yolo-style',
      assigner,
      rfa: 'none',
      gains: 'ultralytics',
    }),
  ),
];
