import { describe, expect, it } from 'vitest';
import { scanCocoResults, scanCocoResultsChunks } from './results-scanner';

const enc = (s: string) => new TextEncoder().encode(s);
const record = (v: string) => `{"image_id":${v},"category_id":1,"bbox":[${v},0,1,${v}],"score":${v}}`;
const scanOne = (v: string) => {
  const r = scanCocoResults(enc(`[${record(v)}]`));
  if (!r) throw new Error(`not scanned: ${v}`);
  return [r.imageId[0]!, r.bbox[0]!, r.bbox[3]!, r.score[0]!];
};

describe('scanCocoResults: COCO results bytes to columns, numbers as JSON.parse reads them', () => {
  it('two records with whitespace and any key order; an empty list', () => {
    const r = scanCocoResults(
      enc(
        ' [ {"score": 0.5, "bbox": [1, 2, 3, 4], "category_id": 7, "image_id": 42},\n\t{"image_id":1,"category_id":2,"bbox":[0.25,1e2,-0,5E-1],"score":1} ] \n',
      ),
    )!;
    expect(r.count).toBe(2);
    expect(Array.from(r.imageId)).toEqual([42, 1]);
    expect(Array.from(r.categoryId)).toEqual([7, 2]);
    expect(Array.from(r.score)).toEqual([0.5, 1]);
    expect(Array.from(r.bbox)).toEqual([1, 2, 3, 4, 0.25, 100, -0, 0.5]);
    expect(Object.is(r.bbox[6], -0)).toBe(true);
    expect(scanCocoResults(enc('[ ]'))!.count).toBe(0);
  });

  it('20,000 numbers in toString / toFixed / toExponential / long forms: bit-identical to JSON.parse', () => {
    let s = 7;
    const r = () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s / 2147483648;
    };
    const texts: string[] = [
      '0',
      '-0',
      '0.0',
      '1e22',
      '1e23',
      '9007199254740993',
      '123456789012345678901',
      '0.000000000000000000000001',
      '1.7976931348623157e308',
      '5e-324',
      '2.2250738585072014E-308',
      '1E-7',
      '-1.5e+3',
    ];
    for (let i = 0; i < 5000; i++) {
      const v = (r() - 0.3) * 10 ** Math.floor(r() * 12 - 4);
      texts.push(
        String(v),
        v.toFixed(2),
        v.toExponential(Math.floor(r() * 17)),
        v.toFixed(Math.floor(r() * 20)),
      );
    }
    for (const t of texts) {
      const want = JSON.parse(t) as number;
      for (const got of scanOne(t))
        expect(Object.is(got, want), `${t}: got ${got}, JSON.parse ${want}`).toBe(true);
    }
  });

  it.each([
    ['another key', '[{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1,"id":3}]'],
    ['a missing key', '[{"image_id":1,"category_id":1,"bbox":[0,0,1,1]}]'],
    ['a repeated key', '[{"image_id":1,"image_id":2,"bbox":[0,0,1,1],"score":1}]'],
    ['a string value', '[{"image_id":"1","category_id":1,"bbox":[0,0,1,1],"score":1}]'],
    ['a 3-number bbox', '[{"image_id":1,"category_id":1,"bbox":[0,0,1],"score":1}]'],
    ['a leading zero', '[{"image_id":01,"category_id":1,"bbox":[0,0,1,1],"score":1}]'],
    ['a bare dot', '[{"image_id":1.,"category_id":1,"bbox":[0,0,1,1],"score":1}]'],
    ['a trailing comma', '[{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1},]'],
    ['text after the list', '[] x'],
    ['an object root', '{"annotations":[]}'],
    ['null', '[{"image_id":null,"category_id":1,"bbox":[0,0,1,1],"score":1}]'],
    ['a truncated file', '[{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1},{"image_id":2,'],
    ['an unclosed list', '[{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1}'],
    ['an empty file', ''],
    ['a brace in a string', '[{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1,"x":"}"}]'],
  ])('returns null (general path) for %s, whole and in chunks', (_, text) => {
    expect(scanCocoResults(enc(text))).toBeNull();
    for (const size of [1, 3, 8, 64]) expect(scanChunks(enc(text), size, size)).toBeNull();
  });
});

/** scanCocoResultsChunks over `bytes`, the source handing out at most `step` bytes per read. */
const scanChunks = (bytes: Uint8Array, chunkBytes: number, step: number) => {
  let at = 0;
  return scanCocoResultsChunks(
    {
      size: bytes.length,
      read: (into, offset) => {
        const n = Math.min(step, into.length - offset, bytes.length - at);
        into.set(bytes.subarray(at, at + n), offset);
        at += n;
        return n;
      },
    },
    chunkBytes,
  );
};

describe('scanCocoResultsChunks: the same columns from a file read in chunks', () => {
  it('equals the whole-buffer scan for every chunk size and read size, records split anywhere', () => {
    const records = Array.from(
      { length: 40 },
      (_, i) =>
        `{"image_id":${i},"category_id":${i % 7},"bbox":[${i * 1.25},${i / 3},${i + 0.5},${2 * i}],"score":${1 / (i + 1)}}`,
    );
    const text = ` [ ${records.join(' ,\n')} ] \n`;
    const bytes = enc(text);
    const whole = scanCocoResults(bytes)!;
    expect(whole.count).toBe(40);
    for (const chunkBytes of [1, 2, 5, 17, 64, 100, 333, 1 << 20])
      for (const step of [1, 7, chunkBytes]) {
        const got = scanChunks(bytes, chunkBytes, step)!;
        expect(got, `chunk ${chunkBytes}, step ${step}`).not.toBeNull();
        expect(got.count).toBe(40);
        for (const f of ['imageId', 'categoryId', 'bbox', 'score'] as const)
          expect(Array.from(got[f]), `${f}, chunk ${chunkBytes}, step ${step}`).toEqual(Array.from(whole[f]));
      }
    expect(scanChunks(enc('[]'), 1, 1)!.count).toBe(0);
  });

  it('more records than the size hint allows for: the columns grow', () => {
    const text = `[${Array.from({ length: 3000 }, () => '{"image_id":1,"category_id":1,"bbox":[0,0,1,1],"score":1}').join(',')}]`;
    const bytes = enc(text);
    let at = 0;
    const got = scanCocoResultsChunks({
      size: 10, // a wrong hint
      read: (into, offset) => {
        const n = Math.min(into.length - offset, bytes.length - at);
        into.set(bytes.subarray(at, at + n), offset);
        at += n;
        return n;
      },
    })!;
    expect(got.count).toBe(3000);
    expect(got.score.every((v) => v === 1)).toBe(true);
  });
});
