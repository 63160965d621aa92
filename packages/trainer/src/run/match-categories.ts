import type { CocoDataset } from '../data/coco-dataset';
import { DataError } from '../data/data-error';
import type { RunCategories } from './run-folder';

/**
 * Checks that a dataset's categories are the run's, by COCO id (never by position): every id of
 * the dataset must be a class of the run, with the same name. A dataset may have fewer classes.
 * Throws a {@link DataError} naming the first category that does not match.
 *
 * @example
 * ```ts
 * matchCategories(CocoDataset.load('other/val.json'), readRunCategories('runs/demo'), 'runs/demo/categories.json');
 * ```
 */
export function matchCategories(dataset: CocoDataset, run: RunCategories, runFile: string): void {
  const nameOf = new Map(run.ids.map((id, i) => [id, run.names[i]!]));
  dataset.categoryIds.forEach((id, i) => {
    const name = dataset.categoryNames[i]!;
    const expected = nameOf.get(id);
    if (expected === undefined)
      throw new DataError({
        file: dataset.annotationFile,
        record: `category id ${id} (${JSON.stringify(name)})`,
        field: 'id',
        message: `not a class of the run (${runFile}: ids ${run.ids.join(', ')})`,
      });
    if (expected !== name)
      throw new DataError({
        file: dataset.annotationFile,
        record: `category id ${id}`,
        field: 'name',
        message: `${JSON.stringify(name)} here but ${JSON.stringify(expected)} in the run (${runFile})`,
      });
  });
}
