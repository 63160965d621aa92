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

function scan(b: Uint8Array): ScannedResults {
  let cap = 1024;
  let imageId = new Float64Array(cap);
  let categoryId = new Float64Array(cap);
  let bbox = new Float64Array(4 * cap);
  let score = new Float64Array(cap);
  let count = 0;
  const values = new Float64Array(4);
  let i = expect(b, 0, 0x5b);
  i = skip(b, i);
  if (b[i] === 0x5d) i++;
  else {
    for (;;) {
      if (count === cap) {
        cap *= 2;
        const grow = (a: Float64Array, m: number) => {
          const g = new Float64Array(m * cap);
          g.set(a);
          return g;
        };
        imageId = grow(imageId, 1);
        categoryId = grow(categoryId, 1);
        bbox = grow(bbox, 4);
        score = grow(score, 1);
      }
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
          for (let c = 0; c < 4; c++) {
            if (c > 0) i = expect(b, i, 0x2c);
            i = number(b, i, bbox, 4 * count + c);
          }
          i = expect(b, i, 0x5d);
        } else i = number(b, i, values, k);
      }
      i = expect(b, i, 0x7d);
      imageId[count] = values[0]!;
      categoryId[count] = values[1]!;
      score[count] = values[3]!;
      count++;
      i = skip(b, i);
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      i = expect(b, i, 0x5d);
      break;
    }
  }
  if (skip(b, i) !== b.length) throw NOT_SIMPLE;
  return {
    imageId: imageId.slice(0, count),
    categoryId: categoryId.slice(0, count),
    bbox: bbox.slice(0, 4 * count),
    score: score.slice(0, count),
    count,
  };
}
