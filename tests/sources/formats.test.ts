/**
 * Golden tests of the format readers on the fixtures in tests/fixtures/formats (written for the
 * project: nested tags, CDATA, entities, front matter, code blocks, a JSONL file with a broken
 * line, JSON with custom field names). Each fixture's documents, paragraphs (1-based source lines
 * and text), metadata and warnings are rendered as text and compared with
 * tests/golden/formats/<fixture>.txt; refresh with `UPDATE_GOLDEN=1 npm test` and review the diff.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { segment } from '../../src/engine/segment.js';
import { formatOf, readDocuments, type ReadOptions } from '../../src/sources/formats/registry.js';
import { readJsonRecords } from '../../src/sources/formats/json-records.js';
import { readMarkdown } from '../../src/sources/formats/markdown.js';
import { REPO_ROOT } from '../helpers/paths.js';

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/formats');
const GOLDEN = path.join(REPO_ROOT, 'tests/golden/formats');
const update = process.env.UPDATE_GOLDEN === '1';

/** Options per fixture (default: auto). */
const OPTIONS: Record<string, ReadOptions> = {
  'custom-fields.json': { idField: 'meta.uid', textField: 'content', dateField: 'meta.published' },
};

/** The documents of a file as reviewable text. */
function render(name: string, options: ReadOptions = {}): string {
  const text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
  const read = readDocuments(name, text, options);
  const out: string[] = [`format: ${formatOf(name, text, options.inputFormat)}`];
  for (const d of read.documents) {
    out.push('');
    out.push(
      `document ${d.path}${d.record !== undefined ? `#${d.record} (record line ${d.recordLine})` : ''}`,
    );
    if (d.metadata) out.push(`metadata ${JSON.stringify(d.metadata)}`);
    for (const p of d.paragraphs ?? segment(d.text)) {
      out.push(`  ${p.index}. lines ${p.line}-${p.endLine}: ${p.text.replace(/\s+/g, ' ')}`);
    }
  }
  for (const w of read.warnings) out.push('', `warning ${w.path}: ${w.message}`);
  return out.join('\n') + '\n';
}

describe('format readers, golden', () => {
  const fixtures = fs.readdirSync(FIXTURES).sort();

  test('every fixture has a golden file and every golden file a fixture', () => {
    const goldens = fs.readdirSync(GOLDEN).sort();
    if (!update) expect(goldens).toEqual(fixtures.map((f) => `${f}.txt`));
  });

  test.each(fixtures)('%s', (name) => {
    const rendered = render(name, OPTIONS[name]);
    const file = path.join(GOLDEN, `${name}.txt`);
    if (update) fs.writeFileSync(file, rendered);
    expect(rendered).toBe(fs.readFileSync(file, 'utf8'));
  });
});

describe('format readers, properties of the fixtures', () => {
  const read = (name: string, options?: ReadOptions) =>
    readDocuments(name, fs.readFileSync(path.join(FIXTURES, name), 'utf8'), options);
  const texts = (name: string, options?: ReadOptions) =>
    read(name, options).documents.flatMap((d) => (d.paragraphs ?? []).map((p) => p.text));

  test('Markdown: front matter, code, comments and reference definitions are never paragraphs', () => {
    const all = texts('front-matter.md').join('\n');
    for (const hidden of [
      'slug:',
      'ROUTE',
      'indented code',
      'editor: check',
      'example.org',
      '[tt]',
    ])
      expect(all).not.toContain(hidden);
    expect(all).toContain(
      'KESTON, June 2 (Dupgraf Wire) — The Wend Ferry Company restarted its crossings on Tuesday after a three-day stoppage',
    );
    // The front matter's fields, and the headline and dateline at the story's top.
    expect(read('front-matter.md').documents[0].metadata).toEqual({
      title: 'Ferry service: crossings resume',
      headline: 'Crossings resume on the Wend',
      date: '2026-06-02',
      desk: 'Metro',
      source: 'Dupgraf Wire',
      dateline: 'KESTON, June 2 (Dupgraf Wire)',
      slug: 'ferry-crossings-resume',
    });
  });

  test('HTML: page furniture, scripts and comments skipped; entities decoded; <br> a space', () => {
    const all = texts('article.html');
    expect(all.join('\n')).not.toMatch(
      /Home|newsletter|Related|rights reserved|never|since 1921|commented/,
    );
    // &nbsp; is a space after white space is collapsed; <br> is a space too.
    expect(all).toContain(
      'Passengers were told to expect delays of up to an hour on the morning route.',
    );
  });

  test('Markdown: CRLF, setext headings, tables, items after a blank line, quotes in items', () => {
    const md = [
      '---',
      'title: x',
      '---',
      '',
      'Setext heading',
      '===',
      '',
      'Para one',
      'line two',
      '',
      '| a | b |',
      '|---|---|',
      '| 1 | 2 |',
      '',
      '- ',
      '  item after blank line',
      '-   > quoted in item',
      '    > more',
      '',
      '1) first',
      '',
      '   second para of item &copy 2026 &amp; AT&T \\* star',
    ].join('\r\n');
    expect(readMarkdown(md).paragraphs.map((p) => `${p.line}-${p.endLine} ${p.text}`)).toEqual([
      '5-6 Setext heading',
      '8-9 Para one line two',
      '16-16 item after blank line',
      '17-18 quoted in item more',
      '20-20 first',
      '22-22 second para of item &copy 2026 & AT&T * star',
    ]);
    expect(readMarkdown('+++\ntitle = "x"\n+++\nPara right after\n').paragraphs[0].line).toBe(4);
    expect(readMarkdown('').paragraphs).toEqual([]);
  });

  test('JSON: records start at their own lines in a pretty-printed file', () => {
    const json =
      '[\n  {"id": "a", "text": "x"},\n\n  {\n    "id": "b",\n    "text": "[y, {z}]"\n  },{"id":"c","text":"w"}\n]';
    expect(readJsonRecords(json).stories.map((s) => `${s.record}@${s.line}`)).toEqual([
      'a@2',
      'b@4',
      'c@7',
    ]);
  });

  test('--input-format overrides the extension', () => {
    const jsonl = '{"id": "r1", "text": "Forced JSON Lines read from a .txt file name."}\n';
    expect(readDocuments('x.txt', jsonl).documents[0].record).toBeUndefined();
    expect(readDocuments('x.txt', jsonl, { inputFormat: 'jsonl' }).documents[0].record).toBe('r1');
    expect(formatOf('feed.XML', '<?xml version="1.0"?>\n<!-- c --><nitf/>')).toBe('nitf');
    expect(formatOf('feed.xml', '<newsMessage/>')).toBe('newsml');
    expect(formatOf('feed.xml', '<rss/>')).toBe('xml');
    expect(formatOf('notes', 'x')).toBe('text');
  });
});

describe('empty files', () => {
  test('a metadata date that is no date is a warning, and the story is dated otherwise', () => {
    const body = 'The council met on Tuesday to vote on the budget for the coming year.';
    for (const bad of ['05/03/2026', '2026-13-45', '1772719200']) {
      const read = readDocuments('2026-02-01-notes.md', `---\ndate: ${bad}\n---\n\n${body}\n`);
      expect(read.warnings).toEqual([
        {
          path: '2026-02-01-notes.md',
          message: expect.stringMatching(new RegExp(`^date "${bad}" is not a date dupgraf reads`)),
        },
      ]);
      // The date in the file's name instead.
      expect(read.documents[0].published).toBe('2026-02-01');
    }
    for (const good of ['2026-03-05 14:00', 'March 5, 2026', '5 March 2026', '"2026-03-05"'])
      expect(readDocuments('a.md', `---\ndate: ${good}\n---\n\n${body}\n`).warnings).toEqual([]);
    // A JSON record's date field, once per distinct value.
    const records = [1, 2].map((n) => JSON.stringify({ id: `r${n}`, date: 'soon', text: body }));
    expect(readDocuments('wire.jsonl', records.join('\n') + '\n').warnings).toHaveLength(1);
  });

  test('an empty or blank file of any format is one story without paragraphs, no warning', () => {
    for (const name of ['a.txt', 'a.md', 'a.html', 'a.xml', 'a.json', 'a.jsonl', 'a.ndjson'])
      for (const text of ['', ' \n\t\n', '\ufeff']) {
        const read = readDocuments(name, text);
        expect([name, read.warnings]).toEqual([name, []]);
        expect(read.documents.map((d) => d.path)).toEqual([name]);
        const [d] = read.documents;
        expect(d.paragraphs ?? segment(d.text)).toEqual([]);
      }
  });
});

test('a text array may hold numbers and nulls: a number is a paragraph, a null is skipped', () => {
  const line = JSON.stringify({
    id: 'r1',
    text: ['The council met on Tuesday to vote on the budget.', 2026, null, true],
  });
  const read = readDocuments('wire.jsonl', line + '\n');
  expect(read.warnings).toEqual([]);
  const [d] = read.documents;
  expect(d.paragraphs!.map((p) => d.text.slice(p.start, p.end))).toEqual([
    'The council met on Tuesday to vote on the budget.',
    '2026',
    'true',
  ]);
});
