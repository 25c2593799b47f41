/** HTML and XML readers: paragraphs from block elements, with 1-based source lines. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { MAX_MARKUP_DEPTH, markupParagraphs, readMarkup } from '../../src/sources/markup.js';
import { dupgraf, schemaErrors, writeTree } from '../helpers/cli.js';

const spans = (text: string, kind: 'html' | 'xml') =>
  markupParagraphs(text, kind).map((s) => `${s.line}-${s.endLine} ${s.text}`);

describe('html', () => {
  test('block elements, entities, inline tags, skipped scripts, source lines', () => {
    const html = [
      '<!doctype html>',
      '<html><head><title>Port strike &amp; talks</title>',
      '<style>p { color: red }</style><script>var x = "<p>no</p>";</script></head>',
      '<body>',
      '<h1>Dock workers walk out</h1>',
      "<p>Port Alder's dock workers walked out on Monday,",
      '  halting <b>container</b> traffic &mdash; and leaving ships offshore.</p><p>Same line.</p>',
      '<ul><li>One item</li>',
      '<li>Two</li></ul>',
      '',
      '<p>',
      '   Text starts on line 12',
      '</p>',
      '</body></html>',
    ].join('\r\n');
    // The <title> is metadata (head), not a paragraph.
    expect(spans(html, 'html')).toEqual([
      '5-5 Dock workers walk out',
      "6-7 Port Alder's dock workers walked out on Monday, halting container traffic — and leaving ships offshore.",
      '7-7 Same line.',
      '8-8 One item',
      '9-9 Two',
      '12-12 Text starts on line 12',
    ]);
    expect(markupParagraphs(html, 'html').map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('xml', () => {
  test('every non-inline element separates paragraphs; CDATA is text', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<story>',
      '  <headline>Big &amp; bold</headline>',
      '  <body>',
      '    <para>First <em>para</em>',
      '      graph.</para>',
      '    <para><![CDATA[Second <para> text]]></para>',
      '  </body>',
      '</story>',
    ].join('\n');
    expect(spans(xml, 'xml')).toEqual([
      '3-3 Big & bold',
      '5-6 First para graph.',
      '7-7 Second <para> text',
    ]);
  });
});

describe('nesting', () => {
  test('a file of unclosed tags stops at MAX_MARKUP_DEPTH with a problem; what came before is kept', () => {
    const head = '<html><body><p>The harbour authority said the new cranes would arrive.</p>\n';
    const deep = head + '<div>'.repeat(200_000) + '<p>Never read.</p>';
    const read = readMarkup(deep, 'html'); // unbounded, 200,000 open elements take minutes
    expect(read.paragraphs.map((p) => p.text)).toEqual([
      'The harbour authority said the new cranes would arrive.',
    ]);
    expect(read.problems).toEqual([
      `more than ${MAX_MARKUP_DEPTH} elements open at once at line 2: the rest of the file was not read`,
    ]);
  });

  test('deep but balanced nesting within the bound is read whole, without a problem', () => {
    const n = MAX_MARKUP_DEPTH - 10;
    const html =
      '<div>'.repeat(n) + '<p>Inside all of them.</p>' + '</div>'.repeat(n) + '<p>After.</p>';
    const read = readMarkup(html, 'html');
    expect(read.paragraphs.map((p) => p.text)).toEqual(['Inside all of them.', 'After.']);
    expect(read.problems).toEqual([]);
  });
});

describe('end to end', () => {
  const P =
    'The council said on Tuesday that the ring road would stay closed until the end of the month.';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-markup-'));
  writeTree(root, {
    'a.txt': `Headline\n\n${P}\n`,
    'b.html': `<html>\n<body>\n<h1>Road news</h1>\n<article>\n  <p>${P.replace('the month', '<i>the</i> month')}</p>\n</article>\n</body>\n</html>\n`,
    'c.xml': `<doc>\n<p>Lede.</p>\n\n\n<p>${P.replace(/&/g, '&amp;')}</p>\n</doc>\n`,
  });

  test('HTML and XML copies are found at their source lines', () => {
    const r = dupgraf(['scan', '.', '-f', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(schemaErrors(report)).toBe('');
    expect(report.clusters).toHaveLength(1);
    expect(
      report.clusters[0].occurrences.map(
        (o: { path: string; line: number }) => `${o.path}:${o.line}`,
      ),
    ).toEqual(['a.txt:3', 'b.html:5', 'c.xml:5']);
    expect(report.clusters[0].text).toBe(P);
  });

  test('--ext txt leaves markup out; stdin named .html is read as HTML', () => {
    const r = dupgraf(['scan', '.', '-f', 'json', '--ext', 'txt'], { cwd: root });
    expect(JSON.parse(r.stdout).summary.documents).toBe(1);
    const s = dupgraf(['scan', '-', 'a.txt', '-f', 'json', '--stdin-filename', 'x.html'], {
      cwd: root,
      input: `<p>\n${P}</p>`,
    });
    const occurrences = JSON.parse(s.stdout).clusters[0].occurrences;
    expect(occurrences.map((o: { path: string; line: number }) => `${o.path}:${o.line}`)).toEqual([
      'a.txt:3',
      'x.html:2',
    ]);
  });
});
