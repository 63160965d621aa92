/** A logged value and the iteration it belongs to. */
export interface StampedValue {
  value: number;
  iter: number;
}

/**
 * The values hooks and the step report, each stamped with the iteration it was put at
 * (detectron2's `EventStorage.put_scalar`). Writers read what was put since they last wrote and
 * file every value under its own iteration, so an evaluation at iteration N is written at N however
 * the log and evaluation periods line up, and a value is never repeated on later rows.
 *
 * @example
 * ```ts
 * const storage = new EventStorage();
 * storage.iter = 500;
 * storage.put('eval/AP', 0.134);
 * storage.latest('eval/AP'); // { value: 0.134, iter: 500 }
 * storage.since(499);        // Map { 500 => { 'eval/AP': 0.134 } }
 * ```
 */
export class EventStorage {
  /** The iteration new values are stamped with (the loop sets it before each step). */
  iter = 0;
  private readonly values = new Map<string, StampedValue>();

  /** Records `value` under `name` at the current iteration (a later put replaces it). */
  put(name: string, value: number): void {
    this.values.set(name, { value, iter: this.iter });
  }

  /** {@link EventStorage.put} for every entry of `record`. */
  putAll(record: Record<string, number>): void {
    for (const [k, v] of Object.entries(record)) this.put(k, v);
  }

  /** The newest value of `name` and its iteration, or undefined. */
  latest(name: string): StampedValue | undefined {
    return this.values.get(name);
  }

  /** Values put after iteration `after`, grouped by iteration (ascending). */
  since(after: number): Map<number, Record<string, number>> {
    const rows = new Map<number, Record<string, number>>();
    for (const [name, { value, iter }] of this.values) {
      if (iter <= after) continue;
      const row = rows.get(iter) ?? {};
      row[name] = value;
      rows.set(iter, row);
    }
    return new Map([...rows].sort((a, b) => a[0] - b[0]));
  }
}
