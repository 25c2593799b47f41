/**
 * Property-based tests (fast-check): normalization is idempotent; a document's findings do not
 * depend on the order of the files or on CRLF vs LF line ends; every reported line range lies
 * inside its file. Generated corpora reuse paragraphs from a small pool so that groups form.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { formatReport, scan, type Report } from '../../src/index.js';
import { detect, normalize } from '../../src/engine-api.js';

const TRICKY = [
  '\ufb01', // ﬁ ligature
  '\uff21', // fullwidth A
  'e\u0301', // e + combining acute
  '\u00e9',
  '\u2019',
  '\u201c',
  '\u00df',
  '\u0130', // İ
  '\u03a3', // Σ
  '\u2460', // ①
  '\u00a0',
  '\u200b',
  '\ud83d\ude00',
  '\ud800', // lone surrogate
];

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc
    .array(fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 4 })), { maxLength: 30 })
    .map((parts) => parts.join('')),
);

const WORDS = (
  'the council said on tuesday that ring road would stay closed until end of month ' +
  'minister told reporters police arrested two men after fire at warehouse café naïve ' +
  'Straße İstanbul ﬁnal ＦＵＬＬ'
).split(' ');

/** A corpus: documents made of paragraphs drawn from a small pool, with various line breaks. */
const corpusArb = fc
  .record({
    pool: fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 4, maxLength: 24 }), {
      minLength: 1,
      maxLength: 6,
    }),
    docs: fc.array(
      fc.record({
        paragraphs: fc.array(fc.record({ pick: fc.nat(), lines: fc.integer({ min: 1, max: 3 }) }), {
          maxLength: 6,
        }),
        gap: fc.constantFrom('\n\n', '\n\n\n', '\n   \n', '\n'),
        trailing: fc.constantFrom('', '\n', '\n\n'),
      }),
      { minLength: 1, maxLength: 7 },
    ),
  })
  .map(({ pool, docs }) =>
    docs.map((d, i) => ({
      path: `desk/story-${String(i).padStart(2, '0')}.txt`,
      text:
        d.paragraphs
          .map(({ pick, lines }) => {
            const words = pool[pick % pool.length];
            const per = Math.ceil(words.length / lines);
            const out: string[] = [];
            for (let k = 0; k < words.length; k += per) out.push(words.slice(k, k + per).join(' '));
            return out.join('\n');
          })
          .join(d.gap) + d.trailing,
    })),
  );

const OPTIONS = { pairs: true, minWords: 4, threshold: 0.6, containment: 0.5 };

/** The report as JSON with CRLF written as LF (texts quote paragraphs as written). */
const asLf = (report: Report) => formatReport(report, 'json').replaceAll('\\r\\n', '\\n');

/** Lines in a text as the engine counts them (CRLF, CR and LF each end a line). */
const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;

describe('properties', () => {
  test('normalize is idempotent', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalize(text);
        expect(normalize(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  test('findings do not depend on the order of the files', () => {
    let groups = 0;
    fc.assert(
      fc.property(corpusArb, fc.nat(), (docs, seed) => {
        const shuffled = docs
          .map((d, i) => ({ d, key: (i * 2654435761 + seed) % 4294967291 }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.d);
        const report = detect(docs, OPTIONS);
        groups += report.clusters.length;
        expect(formatReport(detect(shuffled, OPTIONS), 'json')).toBe(formatReport(report, 'json'));
      }),
      { numRuns: 150 },
    );
    expect(groups).toBeGreaterThan(100); // the corpora do repeat paragraphs
  });

  test('findings do not depend on CRLF vs LF', () => {
    fc.assert(
      fc.property(corpusArb, fc.array(fc.boolean()), (docs, crlf) => {
        const mixed = docs.map((d, i) =>
          crlf[i] ? { ...d, text: d.text.replaceAll('\n', '\r\n') } : d,
        );
        expect(asLf(detect(mixed, OPTIONS))).toBe(asLf(detect(docs, OPTIONS)));
      }),
      { numRuns: 150 },
    );
  });

  test('every reported line range lies inside its file', () => {
    let checked = 0;
    fc.assert(
      fc.property(corpusArb, fc.array(fc.constantFrom('\n', '\r\n', '\r')), (docs, ends) => {
        const withEnds = docs.map((d, i) => ({
          ...d,
          text: d.text.replaceAll('\n', ends[i] ?? '\n'),
        }));
        const lines = new Map(withEnds.map((d) => [d.path, lineCount(d.text)]));
        const report = detect(withEnds, OPTIONS);
        const ranges = [
          ...report.clusters.flatMap((c) => c.occurrences),
          ...report.partials.flatMap((p) => [p.a, p.b]),
          ...(report.pairs ?? []).flatMap((p) => [p.a, p.b]),
        ];
        for (const r of ranges as Array<{ path: string; line: number; endLine?: number }>) {
          const end = r.endLine ?? r.line;
          expect(r.line).toBeGreaterThanOrEqual(1);
          expect(end).toBeGreaterThanOrEqual(r.line);
          expect(end).toBeLessThanOrEqual(lines.get(r.path)!);
          checked++;
        }
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(300);
  });

  test('through files on disk: same findings for LF and CRLF copies, line ranges inside', async () => {
    await fc.assert(
      fc.asyncProperty(corpusArb, async (docs) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-prop-'));
        try {
          for (const [eol, dir] of [
            ['\n', 'lf'],
            ['\r\n', 'crlf'],
          ]) {
            for (const d of docs) {
              fs.mkdirSync(path.join(root, dir, 'desk'), { recursive: true });
              fs.writeFileSync(path.join(root, dir, d.path), d.text.replaceAll('\n', eol));
            }
          }
          const scanned = async (dir: string) => {
            try {
              return await scan(['.'], { ...OPTIONS, cwd: path.join(root, dir), jobs: 1 });
            } catch {
              return null; // no input files (every document empty): same for both
            }
          };
          const lf = await scanned('lf');
          const crlf = await scanned('crlf');
          expect(crlf === null).toBe(lf === null);
          if (lf === null || crlf === null) return;
          expect(asLf(crlf)).toBe(asLf(lf));
          for (const c of crlf.clusters) {
            for (const o of c.occurrences) {
              const text = fs.readFileSync(path.join(root, 'crlf', o.path), 'utf8');
              expect(o.endLine).toBeLessThanOrEqual(lineCount(text));
            }
          }
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 15 },
    );
  });
});
