/** One row of the ablation: a name and the config overrides that make it. */
export interface AblationVariant {
  name: string;
  /** What the row adds over the baseline, for the table. */
  description: string;
  overrides: string[];
}

/**
 * The rows of the study (spec decisions D1–D3): the FCOS baseline, each component alone, and both,
 * with the receptive field adaptor at the paper's place (first tower conv, DCNv1) and the official
 * code's (last tower conv, DCNv2), and the spatial assigner's two scorers (the official cost and
 * the description's softmax fitness).
 */
export const ABLATION_VARIANTS: AblationVariant[] = [
  { name: 'fcos', description: 'baseline (FCOS assignment, centerness)', overrides: ['model.preset=fcos'] },
  {
    name: 'fcos-rfa (paper)',
    description: '+ RFA, first conv, DCNv1',
    overrides: ['model.preset=fcos-rfa', 'model.rfa=paper'],
  },
  {
    name: 'fcos-aps',
    description: '+ spatial assigner (official procedure), IoU quality',
    overrides: ['model.preset=fcos-aps'],
  },
  {
    name: 'aligndet (paper)',
    description: '+ RFA (first conv, DCNv1) + spatial assigner',
    overrides: ['model.preset=aligndet', 'model.rfa=paper'],
  },
  {
    name: 'aligndet (official)',
    description: '+ RFA (last conv, DCNv2) + spatial assigner',
    overrides: ['model.preset=aligndet', 'model.rfa=official'],
  },
  {
    name: 'aligndet (fitness)',
    description: '+ RFA (first conv, DCNv1) + spatial assigner with the softmax fitness scorer (D3)',
    overrides: ['model.preset=aligndet', 'model.rfa=paper', 'model.apsScorer=fitness'],
  },
];

/** A file-system-safe folder name of a variant. */
export function variantSlug(name: string): string {
  return name
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}
