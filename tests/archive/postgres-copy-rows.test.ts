/**
 * The binary COPY rows the PostgreSQL writer sends (postgres-copy.ts; no server needed): posting
 * tuples written byte by byte equal those written field by field with Buffer's writers, and
 * BinaryRows writes each field as PostgreSQL's binary format has it; and the bulk load's table
 * of text ids by key (KeyIds, postgres-texts.ts).
 */
import { expect, test } from '@jest/globals';
import { BinaryRows, postingTuples } from '../../src/archive/postgres-copy.js';
import { KeyIds } from '../../src/archive/postgres-texts.js';
import { mulberry32 } from '../helpers/random.js';

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);

test('posting tuples: the same bytes as field-by-field writes', () => {
  const rnd = mulberry32(5);
  const n = 1000;
  const token = new Int32Array(n).map(() => (rnd() * 2 ** 32) | 0);
  token[0] = -2147483648;
  token[1] = 2147483647;
  token[2] = -1;
  const prefix = new Uint8Array(n).map(() => (rnd() < 0.3 ? 1 : 0));
  const size = new Uint32Array(n).map(() => Math.floor(rnd() * 5000));
  const text = new Uint32Array(n).map(() => Math.floor(rnd() * 2 ** 31));
  const order = new Uint32Array(n).map((_, i) => n - 1 - i);
  const expected: Buffer[] = [HEADER];
  for (const i of order) {
    const row = Buffer.alloc(31);
    row.writeInt16BE(4, 0);
    row.writeInt32BE(4, 2);
    row.writeInt32BE(token[i], 6);
    row.writeInt32BE(1, 10);
    row[14] = prefix[i];
    row.writeInt32BE(4, 15);
    row.writeInt32BE(size[i], 19);
    row.writeInt32BE(4, 23);
    row.writeInt32BE(text[i], 27);
    expected.push(row);
  }
  expected.push(Buffer.from([0xff, 0xff]));
  expect(postingTuples(token, prefix, size, text, order).equals(Buffer.concat(expected))).toBe(
    true,
  );
});

test('BinaryRows: int4, int8, bytea, text (NUL dropped), NULL, growing past its first buffer', () => {
  const rows = new BinaryRows();
  const big = 'é'.repeat(40000);
  rows
    .row(5)
    .int4(-7)
    .int8(2 ** 53 - 1)
    .bytes(Uint8Array.from([1, 2, 3]))
    .text('a\0b')
    .text(null);
  rows
    .row(2)
    .int8(-(2 ** 40) - 3)
    .text(big);
  const out = rows.finish();
  expect(rows.rows).toBe(2);
  let at = HEADER.length;
  expect(out.subarray(0, at).equals(HEADER)).toBe(true);
  const field = () => {
    const length = out.readInt32BE(at);
    at += 4;
    if (length < 0) return null;
    const value = out.subarray(at, at + length);
    at += length;
    return value;
  };
  expect(out.readInt16BE(at)).toBe(5);
  at += 2;
  expect(field()!.readInt32BE(0)).toBe(-7);
  expect(field()!.readBigInt64BE(0)).toBe(BigInt(2 ** 53 - 1));
  expect([...field()!]).toEqual([1, 2, 3]);
  expect(field()!.toString('utf8')).toBe('ab');
  expect(field()).toBeNull();
  expect(out.readInt16BE(at)).toBe(2);
  at += 2;
  expect(field()!.readBigInt64BE(0)).toBe(BigInt(-(2 ** 40) - 3));
  expect(field()!.toString('utf8')).toBe(big);
  expect(out.readInt16BE(at)).toBe(-1);
  expect(at + 2).toBe(out.length);
});

test('KeyIds: every id added under a key, several per key, across growth', () => {
  const ids = new KeyIds();
  const rnd = mulberry32(9);
  const keys = Array.from({ length: 50000 }, () => Math.floor(rnd() * 2 ** 53));
  keys.forEach((k, i) => ids.add(k, i));
  keys.slice(0, 100).forEach((k, i) => ids.add(k, 100000 + i));
  expect(ids.ids(keys[5]).sort((a, b) => a - b)).toEqual([5, 100005]);
  expect(ids.ids(keys[49999])).toEqual([49999]);
  expect(ids.has(keys[123])).toBe(true);
  expect(ids.has(12345)).toBe(false);
  expect(ids.ids(12345)).toEqual([]);
});
