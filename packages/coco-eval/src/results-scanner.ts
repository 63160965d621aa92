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

function scan(b: Uint8Array): ScannedResults {
  const n = b.length;
  let i = 0;
  const skip = () => {
    while (i < n && WS[b[i]!]) i++;
  };
  const expect = (c: number) => {
    skip();
    if (b[i] !== c) throw NOT_SIMPLE;
    i++;
  };
  const number = (): number => {
    skip();
    const start = i;
    let neg = false;
    if (b[i] === 0x2d) {
      neg = true;
      i++;
    }
    let w = 0;
    let digits = 0;
    let scale = 0;
    if (b[i] === 0x30) {
      i++;
    } else if (b[i]! >= 0x31 && b[i]! <= 0x39) {
      while (b[i]! >= 0x30 && b[i]! <= 0x39) {
        if (w !== 0 || b[i] !== 0x30) digits++;
        w = w * 10 + (b[i]! - 0x30);
        i++;
      }
    } else throw NOT_SIMPLE;
    if (b[i] === 0x2e) {
      i++;
      if (!(b[i]! >= 0x30 && b[i]! <= 0x39)) throw NOT_SIMPLE;
      while (b[i]! >= 0x30 && b[i]! <= 0x39) {
        if (w !== 0 || b[i] !== 0x30) digits++;
        w = w * 10 + (b[i]! - 0x30);
        scale--;
        i++;
      }
    }
    let exact = true;
    if (b[i] === 0x65 || b[i] === 0x45) {
      i++;
      let eneg = false;
      if (b[i] === 0x2b || b[i] === 0x2d) eneg = b[i++] === 0x2d;
      if (!(b[i]! >= 0x30 && b[i]! <= 0x39)) throw NOT_SIMPLE;
      let e = 0;
      while (b[i]! >= 0x30 && b[i]! <= 0x39) {
        e = e * 10 + (b[i]! - 0x30);
        if (e > 1e6) exact = false;
        i++;
      }
      scale += eneg ? -e : e;
    }
    if (exact && digits <= 15 && scale >= -22 && scale <= 22) {
      const v = scale >= 0 ? w * POW10[scale]! : w / POW10[-scale]!;
      return neg ? -v : v;
    }
    let text = '';
    for (let j = start; j < i; j++) text += String.fromCharCode(b[j]!);
    return Number(text);
  };
  const key = (): number => {
    expect(0x22);
    for (let k = 0; k < KEYS.length; k++) {
      const name = KEYS[k]!;
      if (i + name.length < n && b[i + name.length] === 0x22) {
        let same = true;
        for (let j = 0; j < name.length && same; j++) same = b[i + j] === name[j];
        if (same) {
          i += name.length + 1;
          return k;
        }
      }
    }
    throw NOT_SIMPLE;
  };

  let cap = 1024;
  let imageId = new Float64Array(cap);
  let categoryId = new Float64Array(cap);
  let bbox = new Float64Array(4 * cap);
  let score = new Float64Array(cap);
  let count = 0;
  const values = new Float64Array(4);
  expect(0x5b);
  skip();
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
      expect(0x7b);
      let seen = 0;
      for (let f = 0; f < 4; f++) {
        if (f > 0) expect(0x2c);
        const k = key();
        if (seen & (1 << k)) throw NOT_SIMPLE;
        seen |= 1 << k;
        expect(0x3a);
        if (k === BBOX) {
          expect(0x5b);
          for (let c = 0; c < 4; c++) {
            if (c > 0) expect(0x2c);
            bbox[4 * count + c] = number();
          }
          expect(0x5d);
        } else values[k] = number();
      }
      expect(0x7d);
      imageId[count] = values[0]!;
      categoryId[count] = values[1]!;
      score[count] = values[3]!;
      count++;
      skip();
      if (b[i] === 0x2c) {
        i++;
        continue;
      }
      expect(0x5d);
      break;
    }
  }
  skip();
  if (i !== n) throw NOT_SIMPLE;
  return {
    imageId: imageId.slice(0, count),
    categoryId: categoryId.slice(0, count),
    bbox: bbox.slice(0, 4 * count),
    score: score.slice(0, count),
    count,
  };
}
