/** Detection columns read straight from a results file's bytes. */
export interface ScannedResults {
  imageId: Float64Array;
  categoryId: Float64Array;
  bbox: Float64Array;
  score: Float64Array;
  count: number;
}

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const KEYS = ['image_id', 'category_id', 'bbox', 'score'].map((k) =>
  Uint8Array.from(k, (c) => c.charCodeAt(0)),
);
const BBOX = 2;

/** Thrown internally when the bytes leave the shape the scanner reads; the caller falls back. */
const NOT_SIMPLE = Symbol('not a simple results file');

/**
 * Reads a COCO results file (`[{"image_id", "category_id", "bbox": [x, y, w, h], "score"}, …]`)
 * from its bytes into columns in one pass, without building 500k objects and without decoding the
 * file to a string. Numbers are converted as `JSON.parse` converts them: up to 15 significant
 * digits and a power of ten up to 22 by one correctly rounded multiplication or division (exact,
 * Clinger's fast path), anything else by `Number` of the token. Returns `null` as soon as the file
 * is anything else — other keys, a repeated or missing key, strings, escapes, invalid JSON — so
 * the caller parses it the general way and reports errors by record.
 *
 * @example
 * ```ts
 * const cols = scanCocoResults(new TextEncoder().encode('[{"image_id":1,"category_id":2,"bbox":[0,0,5,5],"score":0.9}]'));
 * cols?.count; // 1
 * ```
 */
export function scanCocoResults(bytes: Uint8Array): ScannedResults | null {
  try {
    return scan(bytes);
  } catch (e) {
    if (e === NOT_SIMPLE) return null;
    throw e;
  }
}

// Helpers take the position and return the next one, so the scan keeps it in a local variable.

function skip(b: Uint8Array, i: number): number {
  while (i < b.length && WS[b[i]!]) i++;
  return i;
}

function expect(b: Uint8Array, i: number, c: number): number {
  i = skip(b, i);
  if (b[i] !== c) throw NOT_SIMPLE;
  return i + 1;
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/** Reads a JSON number at `i` into `out[at]`; returns the position after it. */
function number(b: Uint8Array, i: number, out: Float64Array, at: number): number {
  i = skip(b, i);
  const start = i;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  let w = 0;
  let digits = 0;
  let scale = 0;
  if (b[i] === 0x30) i++;
  else if (isDigit(b[i])) {
    for (; isDigit(b[i]); i++) {
      if (w !== 0 || b[i] !== 0x30) digits++;
      w = w * 10 + (b[i]! - 0x30);
    }
  } else throw NOT_SIMPLE;
  if (b[i] === 0x2e) {
    i++;
    if (!isDigit(b[i])) throw NOT_SIMPLE;
    for (; isDigit(b[i]); i++) {
      if (w !== 0 || b[i] !== 0x30) digits++;
      w = w * 10 + (b[i]! - 0x30);
      scale--;
    }
  }
  let small = true;
  if (b[i] === 0x65 || b[i] === 0x45) {
    i++;
    let eneg = false;
    if (b[i] === 0x2b || b[i] === 0x2d) eneg = b[i++] === 0x2d;
    if (!isDigit(b[i])) throw NOT_SIMPLE;
    let e = 0;
    for (; isDigit(b[i]); i++) {
      e = e * 10 + (b[i]! - 0x30);
      if (e > 1e6) small = false;
    }
    scale += eneg ? -e : e;
  }
  if (small && digits <= 15 && scale >= -22 && scale <= 22) {
    const v = scale >= 0 ? w * POW10[scale]! : w / POW10[-scale]!;
    out[at] = neg ? -v : v;
  } else {
    let text = '';
    for (let j = start; j < i; j++) text += String.fromCharCode(b[j]!);
    out[at] = Number(text);
  }
  return i;
}

/** Index into KEYS of the quoted key at `i` (after skipping whitespace); throws for any other key. */
function key(b: Uint8Array, i: number): number {
  i = expect(b, i, 0x22);
  for (let k = 0; k < KEYS.length; k++) {
    const name = KEYS[k]!;
    if (b[i + name.length] !== 0x22) continue;
    let same = true;
    for (let j = 0; j < name.length && same; j++) same = b[i + j] === name[j];
    if (same) return k;
  }
  throw NOT_SIMPLE;
}

/** Growable detection columns; sized from a byte-count hint so that they never grow for real files. */
class Columns {
  cap: number;
  imageId: Float64Array;
  categoryId: Float64Array;
  bbox: Float64Array;
  score: Float64Array;
  count = 0;

  constructor(byteHint: number) {
    // The smallest record the scanner accepts, with its comma, takes 58 bytes, so this never grows
    // for a file of `byteHint` bytes. Untouched pages of a typed array are never faulted in, so the
    // over-allocation costs address space, not memory or time.
    this.cap = Math.max(1024, Math.floor(byteHint / 57) + 2);
    this.imageId = new Float64Array(this.cap);
    this.categoryId = new Float64Array(this.cap);
    this.bbox = new Float64Array(4 * this.cap);
    this.score = new Float64Array(this.cap);
  }

  grow(): void {
    this.cap *= 2;
    const grow = (a: Float64Array, m: number) => {
      const g = new Float64Array(m * this.cap);
      g.set(a);
      return g;
    };
    this.imageId = grow(this.imageId, 1);
    this.categoryId = grow(this.categoryId, 1);
    this.bbox = grow(this.bbox, 4);
    this.score = grow(this.score, 1);
  }

  result(): ScannedResults {
    const n = this.count;
    return {
      imageId: this.imageId.subarray(0, n),
      categoryId: this.categoryId.subarray(0, n),
      bbox: this.bbox.subarray(0, 4 * n),
      score: this.score.subarray(0, n),
      count: n,
    };
  }
}

// Between records: 0 before '[', 1 after '[', 2 after a record, 3 after ',', 4 after ']'.
const BEFORE_LIST = 0;
const LIST_OPEN = 1;
const AFTER_RECORD = 2;
const AFTER_COMMA = 3;
const DONE = 4;

const values = new Float64Array(4);

/** Reads one record `{…}` at `i` (its `{`) into `cols`; returns the position after its `}`. */
function record(b: Uint8Array, i: number, cols: Columns): number {
  if (cols.count === cols.cap) cols.grow();
  const count = cols.count;
  i = expect(b, i, 0x7b);
  let seen = 0;
  for (let f = 0; f < 4; f++) {
    if (f > 0) i = expect(b, i, 0x2c);
    const k = key(b, i);
    i = skip(b, i) + KEYS[k]!.length + 2;
    if (seen & (1 << k)) throw NOT_SIMPLE;
    seen |= 1 << k;
    i = expect(b, i, 0x3a);
    if (k === BBOX) {
      i = expect(b, i, 0x5b);
      const bbox = cols.bbox;
      for (let c = 0; c < 4; c++) {
        if (c > 0) i = expect(b, i, 0x2c);
        i = number(b, i, bbox, 4 * count + c);
      }
      i = expect(b, i, 0x5d);
    } else i = number(b, i, values, k);
  }
  i = expect(b, i, 0x7d);
  cols.imageId[count] = values[0]!;
  cols.categoryId[count] = values[1]!;
  cols.score[count] = values[3]!;
  cols.count = count + 1;
  return i;
}

/**
 * Scans `b` (a whole region: every record that starts in it ends in it) from list state `state`;
 * returns the state after it. Reads never go past `b.length`.
 */
function scanRegion(b: Uint8Array, state: number, cols: Columns): number {
  let i = 0;
  const end = b.length;
  for (;;) {
    i = skip(b, i);
    if (i >= end) return state;
    const c = b[i]!;
    if (state === AFTER_RECORD) {
      if (c === 0x2c) state = AFTER_COMMA;
      else if (c === 0x5d) state = DONE;
      else throw NOT_SIMPLE;
      i++;
    } else if (state === LIST_OPEN && c === 0x5d) {
      state = DONE;
      i++;
    } else if (state === LIST_OPEN || state === AFTER_COMMA) {
      i = record(b, i, cols);
      state = AFTER_RECORD;
    } else if (state === BEFORE_LIST && c === 0x5b) {
      state = LIST_OPEN;
      i++;
    } else throw NOT_SIMPLE;
  }
}

function scan(b: Uint8Array): ScannedResults {
  const cols = new Columns(b.length);
  if (scanRegion(b, BEFORE_LIST, cols) !== DONE) throw NOT_SIMPLE;
  return cols.result();
}

/** A file opened for sequential reads (see `#read-file`). */
export interface ChunkSource {
  /** Size in bytes (a hint for the column sizes). */
  size: number;
  /** Reads up to `into.length - at` bytes into `into` at `at`; returns how many (0 at the end). */
  read(into: Uint8Array, at: number): number;
}

/**
 * {@link scanCocoResults} over a file read in chunks into one reused buffer, instead of the whole
 * file in one fresh buffer: for a 44 MB results file that buffer's page faults cost ~8× what the
 * reads themselves do. Each chunk is scanned up to its last `}` (in a simple results file `}`
 * only ends a record, so every record lies whole in one scanned region) and the rest is carried
 * into the next. Returns `null` exactly when {@link scanCocoResults} of the whole file would.
 */
export function scanCocoResultsChunks(source: ChunkSource, chunkBytes = 1 << 20): ScannedResults | null {
  const cols = new Columns(source.size);
  let buf = new Uint8Array(chunkBytes);
  let filled = 0;
  let state = BEFORE_LIST;
  try {
    for (;;) {
      const n = source.read(buf, filled);
      filled += n;
      if (n === 0) {
        state = scanRegion(buf.subarray(0, filled), state, cols);
        break;
      }
      let last = filled - 1;
      while (last >= 0 && buf[last] !== 0x7d) last--;
      if (last < 0) {
        // no record end in the buffer: read more into a larger one
        if (filled === buf.length) {
          const bigger = new Uint8Array(2 * buf.length);
          bigger.set(buf);
          buf = bigger;
        }
        continue;
      }
      state = scanRegion(buf.subarray(0, last + 1), state, cols);
      buf.copyWithin(0, last + 1, filled);
      filled -= last + 1;
    }
  } catch (e) {
    if (e === NOT_SIMPLE) return null;
    throw e;
  }
  return state === DONE ? cols.result() : null;
}
