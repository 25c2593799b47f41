/**
 * Texts read again for the report: a document whose paragraphs are slices of its file's decoded
 * text is only decoded again (`textBaseOf`), others go through their format's reader; either
 * way the report's texts are those the scan read first (a `readFile` scan keeps them in memory).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan } from '../../src/index.js';
import { readDocuments } from '../../src/sources/formats/registry.js';
import { textBaseOf } from '../../src/sources/read.js';

const paragraph = (seed: string, words = 14) =>
  Array.from({ length: words }, (_, i) => `${seed}${(i * 7) % 11}w${i}`).join(' ') + '.';

describe('textBaseOf', () => {
  test('a one-story text file: its paragraphs are slices of the text from 0', () => {
    const text = `${paragraph('a')}\n\n${paragraph('b')}\n`;
    const [doc] = readDocuments('one.txt', text).documents;
    expect(textBaseOf(doc, text)).toBe(0);
  });

  test('the stories of a file: each at its own offset, its paragraphs slices from there', () => {
    const text = `${paragraph('a')}\n\n---\n\n${paragraph('b')}\n\n${paragraph('c')}\n\n---\n\n${paragraph('a')}\n`;
    const docs = readDocuments('three.txt', text).documents;
    expect(docs).toHaveLength(3);
    let from = 0;
    for (const d of docs) {
      const base = textBaseOf(d, text, from);
      expect(base).toBeGreaterThanOrEqual(from);
      for (const p of d.paragraphs!) expect(text.slice(base + p.start, base + p.end)).toBe(p.text);
      from = base;
    }
    // The third story's text is also the first's: found after the earlier ones all the same.
    expect(textBaseOf(docs[2], text, textBaseOf(docs[1], text))).toBeGreaterThan(0);
  });

  test('paragraphs a reader rewrote, and records with texts of their own: none', () => {
    // An entity decoded, a tag dropped: not the page's text at any offset.
    const html = `<html><body><p>Q&amp;A ${paragraph('a')}</p><p><b>${paragraph('b')}</b> b</p></body></html>`;
    expect(textBaseOf(readDocuments('page.html', html).documents[0], html)).toBe(-1);
    const jsonl = `${JSON.stringify({ id: 'x', text: paragraph('a') })}\n`;
    expect(textBaseOf(readDocuments('wire.jsonl', jsonl).documents[0], jsonl)).toBe(-1);
    // A span whose text is not the text at its offsets.
    const text = `${paragraph('a')}\n\n${paragraph('b')}\n`;
    const end = text.indexOf('\n');
    const span = { index: 1, line: 1, endLine: 1, start: 0, end, text: text.slice(0, end) };
    expect(textBaseOf({ path: 'one.txt', text, paragraphs: [span] }, text)).toBe(0);
    const upper = { ...span, text: span.text.toUpperCase() };
    expect(textBaseOf({ path: 'one.txt', text, paragraphs: [upper] }, text)).toBe(-1);
  });
});

describe('the report texts read again', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-reread-'));
  const shared = [paragraph('s'), paragraph('t'), paragraph('u', 20)];
  const own = (k: number) => paragraph(`o${k}x`);
  // Plain text with several stories, suppression markers, a Markdown file, an HTML page and
  // JSON Lines records, each holding copies of the shared paragraphs (and partial copies).
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  // Enough files for worker threads (256).
  for (let k = 0; k < 260; k++) write(`filler${k}.txt`, `${paragraph(`f${k}y`)}\n`);
  for (let k = 0; k < 6; k++)
    write(`plain${k}.txt`, [own(k), shared[k % 3], shared[(k + 1) % 3]].join('\n\n') + '\n');
  write(
    'several.txt',
    [own(10), shared[0], '---', own(11), shared[1], '***', own(12), shared[2]].join('\n\n') + '\n',
  );
  // A suppressed paragraph before a copy: the copy's text is the copy's, not the suppressed one.
  write('a-marked.txt', ['[dupgraf-ignore-next]', own(20), shared[1], own(21)].join('\n') + '\n');
  write(
    'notes.md',
    `# ${own(30)}\n\n${shared[0]}\n\n${shared[2].split(' ').slice(0, 12).join(' ')}\n`,
  );
  write('page.html', `<html><body><p>${own(40)}</p><p>${shared[1]}</p></body></html>`);
  write(
    'wire.jsonl',
    [own(50), shared[2]].map((t, i) => JSON.stringify({ id: `r${i}`, text: t })).join('\n') + '\n',
  );

  test('the same bytes as with the texts kept in memory, in one thread and on text workers', async () => {
    const kept = await scan(['.'], {
      cwd: dir,
      containment: 0.5,
      readFile: async (absolute) => fs.readFileSync(absolute),
    });
    expect(kept.clusters.length).toBeGreaterThanOrEqual(3);
    expect(kept.partials.length).toBeGreaterThan(0);
    const marked = kept.clusters.flatMap((c) =>
      c.occurrences.filter((o) => o.path === 'a-marked.txt'),
    );
    expect(marked).toHaveLength(1);
    const expected = formatReport(kept, 'json');
    const oneThread = await scan(['.'], { cwd: dir, containment: 0.5, jobs: 1 });
    expect(formatReport(oneThread, 'json')).toBe(expected);
    const used: boolean[] = [];
    const workers = await scan(['.'], {
      cwd: dir,
      containment: 0.5,
      jobs: 2,
      passageThreadFrom: 0,
      groupThreadFrom: 0,
      onTimings: (t) => used.push(t.threads === 2 && t.passageThread && t.groupThread),
    });
    expect(used).toEqual([true]);
    expect(formatReport(workers, 'json')).toBe(expected);
  });
});
