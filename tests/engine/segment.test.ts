import { describe, expect, test } from '@jest/globals';
import { segment, segmentMode } from '../../src/engine-api.js';

describe('segment', () => {
  test('blocks separated by blank lines, with 1-based lines and offsets', () => {
    const text = 'First line\ncontinues\n\n\nSecond para\n';
    const p = segment(text);
    expect(p.map((x) => [x.index, x.line, x.endLine])).toEqual([
      [1, 1, 2],
      [2, 5, 5],
    ]);
    expect(text.slice(p[1].start, p[1].end)).toBe('Second para');
    expect(segmentMode(text)).toBe('blocks');
  });

  test('one paragraph per line when no blank line separates two non-empty lines', () => {
    const text = 'one\ntwo\nthree\n\n';
    expect(segmentMode(text)).toBe('lines');
    expect(segment(text).map((x) => [x.line, x.text])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
    ]);
  });

  test('CRLF line ends and a UTF-8 BOM', () => {
    const text = '\ufeffAlpha beta\r\n\r\nGamma\r\ndelta\r\n';
    const p = segment(text);
    expect(p.map((x) => [x.line, x.endLine, x.text])).toEqual([
      [1, 1, 'Alpha beta'],
      [3, 4, 'Gamma\r\ndelta'],
    ]);
    expect(p[0].start).toBe(1);
  });

  test('lone CR line ends, white-space-only lines count as blank', () => {
    expect(segment('a b\r  \t\rc d').map((x) => x.line)).toEqual([1, 3]);
  });

  test('empty text has no paragraphs', () => {
    expect(segment('')).toEqual([]);
    expect(segment('\n\n  \n')).toEqual([]);
  });
});
