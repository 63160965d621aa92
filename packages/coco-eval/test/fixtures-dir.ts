import { fileURLToPath } from 'node:url';

/** `../shared/fixtures/coco-eval` from the repository root (CI has shared/ beside the clone). */
export const COCO_FIXTURES = fileURLToPath(
  new URL('../../../../shared/fixtures/coco-eval/', import.meta.url),
);
