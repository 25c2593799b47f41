/** Publication dates: formats, datelines (and their year), file names, mtime (sources layer). */
import { describe, expect, test } from '@jest/globals';
import { readDocuments } from '../../src/index.js';
import { parseDate, pathDate, publicationDate } from '../../src/sources/publication-date.js';

describe('publication dates', () => {
  test('dates as formats write them; anything else is no date', () => {
    expect(parseDate('2026-03-03')).toEqual({ date: '2026-03-03', ms: Date.UTC(2026, 2, 3) });
    expect(parseDate('2026-03-03T09:15:00+01:00')?.date).toBe('2026-03-03T08:15:00Z');
    expect(parseDate('2026-03-03 09:15')?.date).toBe('2026-03-03T09:15:00Z'); // no zone: UTC
    expect(parseDate('20260602T091500+0100')?.date).toBe('2026-06-02T08:15:00Z');
    expect(parseDate('Tue, 02 Jun 2026 09:15:00 +0100')?.date).toBe('2026-06-02T08:15:00Z');
    expect(parseDate('2 June 2026')?.date).toBe('2026-06-02');
    expect(parseDate('June 2nd, 2026')?.date).toBe('2026-06-02');
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', 'June 2', '03/04/2026', ''])
      expect([bad, parseDate(bad)]).toEqual([bad, null]);
  });

  test('dates in paths: the file name first, then folders', () => {
    expect(pathDate('news/2026-03-03-strike-begins.txt')?.date).toBe('2026-03-03');
    expect(pathDate('news/strike_20260303.txt')?.date).toBe('2026-03-03');
    expect(pathDate('archive/2026/03/04/strike.txt')?.date).toBe('2026-03-04');
    expect(pathDate('2025-01-01/2026-03-05-x.txt')?.date).toBe('2026-03-05');
    expect(pathDate('news/release-1234567.txt')).toBeNull();
    expect(pathDate('news/2026-02-31-x.txt')).toBeNull();
  });

  test('metadata, then the dateline (year from the file name, the nearest), then the file name', () => {
    const meta = { metadata: { date: '2026-05-06', dateline: 'CORRIN, May 1' } };
    expect(publicationDate(meta, 'x.txt')).toMatchObject({ date: '2026-05-06', from: 'metadata' });
    const dl = { metadata: { dateline: 'CORRIN, May 1 (Wire)' } };
    expect(publicationDate(dl, '2026-05-03-x.txt')).toMatchObject({
      date: '2026-05-01',
      from: 'dateline',
    });
    // A late-December dateline in a file dated 2 January is from the year before.
    const dec = { metadata: { dateline: 'CORRIN, December 30' } };
    expect(publicationDate(dec, '2027-01-02-x.txt')?.date).toBe('2026-12-30');
    // A dateline with its own year needs no file name; without a year and a dated name: none.
    expect(publicationDate({ metadata: { dateline: 'CORRIN, May 1, 2025' } }, 'x.txt')?.date).toBe(
      '2025-05-01',
    );
    expect(publicationDate(dl, 'x.txt')).toBeUndefined();
    expect(publicationDate({}, 'news/2026-05-03-x.txt')).toMatchObject({ from: 'file name' });
    // The modification time only when asked.
    const mtime = Date.UTC(2026, 0, 2, 3, 4, 5);
    expect(publicationDate({}, 'x.txt', 'auto', mtime)).toBeUndefined();
    expect(publicationDate({}, 'x.txt', 'mtime', mtime)).toEqual({
      date: '2026-01-02T03:04:05Z',
      ms: mtime,
      from: 'mtime',
    });
  });

  test('every story read carries its date', () => {
    const text = [
      'MOSCOW, November 20 (Wire) — The ministry said on Thursday that the talks would resume next month in the capital.',
      'Officials from both sides met for three hours and agreed on an agenda for the next round of meetings.',
      'Talks to Resume Next Month, Ministry Says',
      'Negotiators agreed on Thursday to meet again next month, the ministry said in a statement after the meeting.',
    ].join('\n');
    const { documents } = readDocuments('2014-11-21-talks.txt', text);
    expect(documents.map((d) => [d.record, d.published, d.publishedFrom])).toEqual([
      ['1', '2014-11-20', 'dateline'],
      ['2', '2014-11-21', 'file name'],
    ]);
  });
});
