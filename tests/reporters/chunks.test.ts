/**
 * Reporters in chunks (for reports too large for one string): the joined chunks are exactly the
 * reporter's string — for JSON, exactly `JSON.stringify(report, null, 2)` — chunks stay near
 * CHUNK_SIZE, and the CLI's stdout writer waits for 'drain' and stops when the reader has gone.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, test } from '@jest/globals';
import { detect } from '../../src/engine/detect.js';
import type { Report } from '../../src/engine/report.js';
import { writeChunks } from '../../src/cli/output.js';
import { CHUNK_SIZE, jsonChunks, joinLines } from '../../src/reporters/chunks.js';
import { formatReport, formatReportChunks, FORMATS } from '../../src/reporters/index.js';
import { applyView } from '../../src/reporters/view.js';

const WORDS =
  'the minister said on friday that talks on the new trade pact would resume next week'.split(' ');

/** `groups` repeated paragraphs, each in `copies` documents, plus a near copy of each. */
function bigReport(groups: number, copies: number): Report {
  const docs: { path: string; text: string }[] = [];
  const para = (g: number) =>
    `Group ${g} ${g * 7} ${g * 13}: ` + WORDS.map((w, i) => `${w}${(g * 31 + i) % 97}`).join(' ');
  for (let d = 0; d < copies; d++) {
    const paras: string[] = [];
    for (let g = 0; g < groups; g++)
      paras.push(d === 0 ? para(g) + ' extra "quoted" words here' : para(g));
    docs.push({ path: `desk ${d}/story, "${d}".txt`, text: paras.join('\n\n') });
  }
  return detect(docs, { pairs: true, tool: { name: 'dupgraf', version: 'test' } });
}

describe('jsonChunks', () => {
  test.each([
    ['number', 1],
    ['string with a line break', 'a\nb "c"'],
    ['null', null],
    ['empty array', []],
    ['empty containers', { a: [], b: {} }],
    ['undefined and functions', { a: undefined, b: () => 1, c: [undefined, () => 2, 3] }],
    ['deep nesting', { a: [[[[[{ b: [1, { c: 'x\ny' }] }]]]]] }],
    ['toJSON', { d: new Date(0), gone: { toJSON: () => undefined }, kept: 2 }],
    ['only a dropped key', { gone: { toJSON: () => undefined } }],
    [
      'long arrays mixed with large elements',
      {
        list: [
          ...Array.from({ length: 1500 }, (_, i) => ({ i, s: `x${i}`, a: [i, undefined] })),
          { big: Array.from({ length: 2000 }, (_, i) => ({ i })), small: [1] },
          undefined,
          Array.from({ length: 1100 }, (_, i) => [i, { j: i }]),
          [],
          'tail',
        ],
        empty: [],
      },
    ],
    ['a long array at the top', Array.from({ length: 3000 }, (_, i) => ({ i }))],
    ['unicode', { clé: '“quoted” — ünïcode \u2028 \ud83d\ude00' }],
  ])('%s: as JSON.stringify(value, null, 2)', (_name, value) => {
    expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
  });
});

describe('chunked reporters', () => {
  const report = bigReport(40, 30);
  const views = [report, applyView(report, { sort: 'path', minCopies: 3, maxGroups: 7 })];

  test('the JSON text is JSON.stringify of the model, in many chunks of bounded size', () => {
    const chunks = [...formatReportChunks(report, 'json')];
    expect(chunks.length).toBeGreaterThan(10);
    for (const c of chunks) expect(c.length).toBeLessThan(4 * CHUNK_SIZE);
    expect(chunks.join('')).toBe(JSON.stringify(report, null, 2) + '\n');
  });

  test.each(FORMATS)('%s: joined chunks are formatReport', (format) => {
    for (const v of views)
      for (const color of [false, true]) {
        const chunks = [...formatReportChunks(v, format, { color })];
        expect(chunks.join('')).toBe(formatReport(v, format, { color }));
        expect(chunks.every((c) => c.length > 0)).toBe(true);
      }
  });

  test('joinLines is join(eol) (+ eol)', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`);
    expect([...joinLines(lines, '\r\n', true)].join('')).toBe(lines.join('\r\n') + '\r\n');
    expect([...joinLines(lines, '\n', false)].join('')).toBe(lines.join('\n'));
    expect([...joinLines([], '\n', false)].join('')).toBe('');
    expect([...joinLines([''], '\n', true)].join('')).toBe('\n');
  });
});

describe('writeChunks', () => {
  class SlowStream extends EventEmitter {
    written: string[] = [];
    destroyed = false;
    waits = 0;
    write(chunk: string): boolean {
      this.written.push(chunk);
      const full = this.written.length % 2 === 0;
      if (full) {
        this.waits++;
        setImmediate(() => this.emit('drain'));
      }
      return !full;
    }
  }

  test('waits for drain when the stream is full, and writes everything in order', async () => {
    const s = new SlowStream();
    const chunks = Array.from({ length: 9 }, (_, i) => `chunk ${i};`);
    await writeChunks(s, chunks);
    expect(s.written).toEqual(chunks);
    expect(s.waits).toBe(4);
    expect(s.listenerCount('drain') + s.listenerCount('close') + s.listenerCount('error')).toBe(0);
  });

  test('stops when the reader has gone (the stream closed while waiting)', async () => {
    const s = new SlowStream();
    s.write = function (chunk: string) {
      this.written.push(chunk);
      setImmediate(() => {
        this.destroyed = true;
        this.emit('close');
      });
      return false;
    };
    let produced = 0;
    function* chunks() {
      for (;;) {
        produced++;
        yield 'x';
      }
    }
    await writeChunks(s, chunks());
    expect(s.written).toEqual(['x']);
    expect(produced).toBe(2);
  });
});
