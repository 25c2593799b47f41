/**
 * Property (fast-check): scanning a corpus of plain text files and the same corpus with each file
 * converted to another format (HTML, Markdown, JSON Lines with a `text` or a `paragraphs` field)
 * finds the same groups, the same partial reuse and the same per-story figures. Paragraphs are
 * compared by story and position (lines differ between formats). And every reader, on any text,
 * never throws and gives paragraphs whose lines lie inside the text.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { readDocuments, scan, type Report } from '../../src/index.js';
import { INPUT_FORMATS } from '../../src/engine-api.js';

/** Words with the characters each format treats specially (&, quotes, dashes, dots, %). */
const VOCABULARY = (
  'port alder dock workers union said on monday talks resume ships queue offshore the and of ' +
  'AT&T & Alder’s "strike" — 5.2% U.S. (Dupgraf wire) café naïve 2026 rate'
).split(' ');

type Target = 'txt' | 'html' | 'md' | 'jsonl-text' | 'jsonl-paragraphs';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A story (paragraphs) written as a file of the target format: [file name, content]. */
function write(stem: string, paragraphs: string[], target: Target): [string, string] {
  switch (target) {
    case 'txt':
      return [`${stem}.txt`, paragraphs.join('\n\n') + '\n'];
    case 'html':
      return [
        `${stem}.html`,
        `<!doctype html>\n<html><head><title>${stem}</title></head><body>\n<article>\n` +
          paragraphs.map((p) => `  <p>${escapeHtml(p)}</p>`).join('\n') +
          '\n</article>\n</body></html>\n',
      ];
    case 'md':
      return [`${stem}.md`, `---\ntitle: ${stem}\n---\n\n` + paragraphs.join('\n\n') + '\n'];
    case 'jsonl-text':
      return [`${stem}.jsonl`, JSON.stringify({ id: stem, text: paragraphs.join('\n\n') }) + '\n'];
    case 'jsonl-paragraphs':
      return [`${stem}.jsonl`, JSON.stringify({ id: stem, paragraphs }) + '\n'];
  }
}

/** The story a location belongs to: the file name without extension (a record is named alike). */
const story = (l: { path: string }) => l.path.replace(/\.[a-z]+$/, '');

/** What must not depend on the format: groups, partials and figures, by story and position. */
function findings(report: Report) {
  return {
    groups: report.clusters
      .map((c) => c.occurrences.map((o) => `${story(o)}/${o.paragraph}`).sort())
      .sort(),
    partials: report.partials.length,
    stories: report.documents.map(
      (d) => `${story(d)} ${d.paragraphs} ${d.words} ${d.duplicateParagraphs}`,
    ),
  };
}

async function scanFiles(files: [string, string][]): Promise<Report> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-convert-'));
  try {
    for (const [name, content] of files) fs.writeFileSync(path.join(dir, name), content);
    return await scan(['.'], { cwd: dir, jobs: 1, minWords: 5 });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const word = fc.constantFrom(...VOCABULARY);
const corpus = fc.record({
  // Base paragraphs, copied (possibly edited) into stories so that groups form.
  bases: fc.array(fc.array(word, { minLength: 6, maxLength: 24 }), { minLength: 1, maxLength: 4 }),
  stories: fc.array(
    fc.record({
      paragraphs: fc.array(fc.record({ base: fc.nat(), at: fc.nat(), replace: fc.option(word) }), {
        minLength: 1,
        maxLength: 5,
      }),
      target: fc.constantFrom<Target>('html', 'md', 'jsonl-text', 'jsonl-paragraphs'),
    }),
    { minLength: 2, maxLength: 6 },
  ),
});

test('txt → html/md/jsonl: the same groups, partials and story figures', async () => {
  await fc.assert(
    fc.asyncProperty(corpus, async ({ bases, stories }) => {
      const texts = stories.map((s) =>
        s.paragraphs.map((p) => {
          const words = [...bases[p.base % bases.length]];
          if (p.replace !== null) words[p.at % words.length] = p.replace;
          return words.join(' ');
        }),
      );
      const stem = (i: number) => `story${String(i).padStart(2, '0')}`;
      const plain = await scanFiles(texts.map((t, i) => write(stem(i), t, 'txt')));
      const converted = await scanFiles(texts.map((t, i) => write(stem(i), t, stories[i].target)));
      expect(findings(converted)).toEqual(findings(plain));
      // No reading warnings; the same stories without a paragraph long enough to compare.
      const skipped = (r: Report) => r.warnings.filter((w) => w.message.includes('--min-words'));
      expect(plain.warnings).toEqual(skipped(plain));
      expect(converted.warnings).toEqual(skipped(converted));
      expect(skipped(converted).length).toBe(skipped(plain).length);
    }),
    { numRuns: 40, seed: 20260602 },
  );
}, 60_000);

test('every reader, on any text: never throws, paragraphs in order with lines inside the text', () => {
  const pieces = fc.constantFrom(
    ...'<p>|</p>|<br>|<!--|-->|<![CDATA[|]]>|&amp;|&#|<nitf>|<body.content>|<newsItem guid="g">|<contentSet>|---|+++|# |- |> |```|    |[x]: y|*|_|`|{"id": 1, "text": "|"}|[|]|\n|\r\n|\r|\n\n|word|Ünïcode|\u2028|\t|'.split(
      '|',
    ),
  );
  fc.assert(
    fc.property(
      fc.array(pieces, { maxLength: 60 }).map((xs) => xs.join('')),
      fc.constantFrom(...INPUT_FORMATS),
      (text, inputFormat) => {
        const lines = text.split(/\r\n|\r|\n/).length;
        const read = readDocuments('x.txt', text, { inputFormat });
        for (const d of read.documents) {
          let previous = 1;
          for (const p of d.paragraphs ?? []) {
            expect(p.line).toBeGreaterThanOrEqual(previous);
            expect(p.endLine).toBeGreaterThanOrEqual(p.line);
            expect(p.endLine).toBeLessThanOrEqual(lines);
            expect(p.text.trim()).not.toBe('');
            previous = p.line;
          }
        }
        for (const w of read.warnings) expect(w.path).toBe('x.txt');
      },
    ),
    { numRuns: 1500, seed: 7 },
  );
});
