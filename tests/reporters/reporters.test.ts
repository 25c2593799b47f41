/** Reporters on awkward input (CSV quoting, Markdown escaping), the view transform, progress. */
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from '@jest/globals';
import { detect } from '../../src/engine/detect.js';
import type { Report } from '../../src/engine/report.js';
import type { CheckReport } from '../../src/check/model.js';
import { formatCheckMarkdown } from '../../src/reporters/check-markdown.js';
import { formatCheckText } from '../../src/reporters/check-text.js';
import { createProgress, shouldShowProgress } from '../../src/cli/progress.js';
import { CSV_COLUMNS, csvField, formatCsv } from '../../src/reporters/csv.js';
import { formatReport, FORMATS, MACHINE_FORMATS } from '../../src/reporters/index.js';
import { escapeMarkdown, formatMarkdown } from '../../src/reporters/markdown.js';
import { applyView } from '../../src/reporters/view.js';
import { storyTitle, TITLE_WIDTH } from '../../src/reporters/story-metadata.js';
import { schemaErrors } from '../helpers/cli.js';

const P1 =
  'The ministry said the bridge would reopen to light traffic on Friday, weeks ahead of plan.';
const P2 =
  'Shares in the company fell 4 percent in early trading after the profit warning was issued.';
const P3 =
  'Forecasters expect more heavy rain over the weekend, with flood warnings in place for the coast.';

/** Three groups of different sizes, spread over documents with awkward names. */
function sample(): Report {
  const docs = [
    { path: 'a "quoted", name.txt', text: `${P1}\n\n${P2}\n\n${P3}` },
    { path: 'b|pipe*star_.md', text: `${P1}\n\n${P2}` },
    { path: 'c/with space.txt', text: `${P1}\n\n${P3}` },
    { path: 'd.txt', text: `${P1}\n\n${P2}\n\n${P3}` },
    { path: 'e.txt', text: `${P1}` },
  ];
  return detect(docs, { tool: { name: 'dupgraf', version: 'test' } });
}

describe('csv', () => {
  test('RFC 4180: quoting, CRLF, one row per occurrence; a CSV parser reads it back', () => {
    const report = sample();
    const text = formatCsv(report);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const rows = parse(text, { columns: true, record_delimiter: '\r\n' }) as Record<
      string,
      string
    >[];
    expect(Object.keys(rows[0])).toEqual([...CSV_COLUMNS]);
    const expected = report.clusters.flatMap((c) =>
      c.occurrences.map((o) => [c.id, o.path, String(o.line)]),
    );
    expect(rows.map((r) => [r.group, r.path, r.line])).toEqual(expected);
    expect(rows.map((r) => r.path)).toContain('a "quoted", name.txt');
  });

  test('fields', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(0.8125)).toBe('0.8125');
    // A text a spreadsheet would run as a formula (CSV injection) is written as text.
    expect(csvField('=HYPERLINK("http://x","y").txt')).toBe(
      `"'=HYPERLINK(""http://x"",""y"").txt"`,
    );
    for (const start of ['+1', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(csvField(start).replace(/^"/, '').startsWith(`'${start[0]}`)).toBe(true);
    expect(csvField(-2)).toBe('-2');
  });
});

describe('markdown', () => {
  test('escapes what Markdown would interpret; links carry #L<line>', () => {
    expect(escapeMarkdown('a|b *c* _d_ [e](f) <g> `h`')).toBe(
      'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\`h\\`',
    );
    const md = formatMarkdown(sample());
    expect(md).toContain('(c/with%20space.txt#L1)');
    expect(md).toContain('[b\\|pipe\\*star\\_.md:1](b%7Cpipe*star_.md#L1)');
    expect(md).toMatch(/^## dupgraf: repeated paragraphs\n\n\| stories \|/);
    // Every table row has the header's number of cells (no pipe leaks from the text).
    for (const line of md.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      expect([7, 6, 5]).toContain(cells);
    }
  });
});

describe('view: --sort, --min-copies, --max-groups', () => {
  // The sample's stories re-send one another; these tests are about the flat list of groups.
  const report = sample();

  test('sizes of the sample', () => {
    expect(report.clusters.map((c) => c.size)).toEqual([5, 3, 3]);
  });

  test('min copies and max groups filter; summary keeps the whole scan; view says so', () => {
    const v = applyView(report, { minCopies: 4, foldResends: false });
    expect(v.clusters.map((c) => c.size)).toEqual([5]);
    expect(v.summary).toEqual(report.summary);
    expect(v.view).toEqual({
      sort: 'size',
      minCopies: 4,
      maxGroups: null,
      shownClusters: 1,
      omittedClusters: 2,
      foldResends: false,
      foldedClusters: 0,
    });
    expect(applyView(report, { maxGroups: 2, foldResends: false }).clusters).toHaveLength(2);
    expect(applyView(report, { maxGroups: 0 }).clusters).toHaveLength(0);
    expect(report.clusters).toHaveLength(3); // pure: the input is untouched
    expect(schemaErrors(JSON.parse(formatReport(v, 'json')))).toBe('');
  });

  test('sorts', () => {
    const byPath = applyView(report, { sort: 'path' }).clusters.map((c) => c.representative);
    expect(
      [...byPath].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line)),
    ).toEqual(byPath);
    const byDocs = applyView(report, { sort: 'documents' }).clusters.map((c) => c.documents);
    expect(byDocs).toEqual([...byDocs].sort((a, b) => b - a));
  });

  test('text and markdown say how many groups are shown', () => {
    const v = applyView(report, { maxGroups: 1, foldResends: false });
    expect(formatReport(v, 'text')).toMatch(
      /^Showing 1 of 3 groups \(min copies 2, max groups 1\)\./,
    );
    expect(formatReport(v, 'markdown')).toContain('Showing 1 of 3 groups');
    const none = applyView(report, { maxGroups: 0, foldResends: false });
    expect(formatReport(none, 'text')).toMatch(/^Showing 0 of 3 groups/);
    expect(formatReport(none, 'text')).not.toContain('No repeated paragraphs');
    expect(formatReport(none, 'markdown')).not.toContain('No repeated paragraphs');
  });
});

describe('registry', () => {
  test('every format renders; machine formats are never coloured', () => {
    const report = sample();
    for (const f of FORMATS) {
      const out = formatReport(report, f, { color: true });
      expect(out.length).toBeGreaterThan(0);
      expect(out.includes('\u001b[')).toBe(!MACHINE_FORMATS.has(f));
    }
  });
});

describe('progress', () => {
  function fakeStream() {
    const chunks: string[] = [];
    return { chunks, stream: { write: (c: string) => chunks.push(c), isTTY: true, columns: 80 } };
  }

  test('drawn only after the delay, only when enabled; timings per phase', () => {
    let t = 0;
    const { chunks, stream } = fakeStream();
    const p = createProgress({ stream, enabled: true, delayMs: 1000, now: () => t });
    p.onProgress('reading', 0, 10);
    t = 500;
    p.onProgress('reading', 5, 10);
    expect(chunks.join('')).toBe(''); // a quick run prints nothing
    t = 1200;
    p.onProgress('reading', 6, 10);
    t = 1500;
    p.onProgress('shingling', 3, 10);
    expect(p.shown).toBe(true);
    expect(chunks.join('')).toMatch(/reading .* 6\/10 files \| 5\/s \| ETA/);
    t = 2000;
    p.stop();
    expect(p.timings()).toEqual([
      { phase: 'reading', ms: 1500 },
      { phase: 'shingling', ms: 500 },
    ]);

    const off = fakeStream();
    const q = createProgress({ stream: off.stream, enabled: false, now: () => (t += 5000) });
    q.onProgress('reading', 1, 10);
    q.stop();
    expect(off.chunks).toEqual([]);
  });

  test('when a bar may be shown', () => {
    expect(shouldShowProgress(undefined, false, {}, true)).toBe(true);
    expect(shouldShowProgress(undefined, false, { CI: 'true' }, true)).toBe(false);
    expect(shouldShowProgress(undefined, false, {}, false)).toBe(false);
    expect(shouldShowProgress(true, true, {}, true)).toBe(false); // --quiet wins
    expect(shouldShowProgress(false, false, {}, true)).toBe(false);
  });
});

describe('the JSON Schema is strict enough to fail', () => {
  test('a missing field, an unknown field and a bad value are refused', () => {
    const good = JSON.parse(formatReport(sample(), 'json'));
    expect(schemaErrors(good)).toBe('');
    const missing = { ...good };
    delete missing.summary;
    expect(schemaErrors(missing)).toMatch(/summary/);
    expect(schemaErrors({ ...good, extra: 1 })).toMatch(/additional/);
    const badLine = structuredClone(good);
    badLine.clusters[0].occurrences[0].line = 0;
    expect(schemaErrors(badLine)).toMatch(/line/);
  });
});

describe('counts', () => {
  test('the summary counts have thousands separators, as the other counts do', () => {
    const report = sample();
    report.summary = {
      ...report.summary,
      documents: 21578,
      paragraphs: 104321,
      duplicateParagraphs: 1557,
      shortParagraphs: 2048,
    };
    expect(formatReport(report, 'text')).toMatch(
      /^21,578 stories, 104,321 paragraphs compared, 2,048 paragraphs shorter than 8 words left out: 3 groups of repeated paragraphs, 1,557 paragraphs with a copy elsewhere, /m,
    );
    expect(formatReport(report, 'markdown')).toContain('| 21,578 | 104,321 | 3 | 1,557 |');
    const summary = {
      stories: 1200,
      failedStories: 0,
      violations: 0,
      findings: 1500,
      counted: 0,
      approved: 1500,
      baselined: 0,
      suppressed: 0,
      archiveDocuments: 21578,
    };
    const check: CheckReport = {
      schemaVersion: 1,
      tool: { name: 'dupgraf', version: 'test' },
      settings: report.settings,
      failed: false,
      summary,
      stories: [],
      warnings: [],
    };
    expect(formatCheckText(check)).toMatch(
      /^PASSED: 1,200 stories checked against 21,578 documents, 0 failed \(0 violations\); recycled paragraphs: 0 counted, 1,500 approved, /m,
    );
    expect(formatCheckMarkdown(check)).toContain('1,200 stories checked against 21,578 documents');
  });
});

describe('text report columns', () => {
  test('padded by display width: wide (CJK) and decomposed characters line up; ASCII as before', () => {
    const report = detect(
      [
        { path: '報道/東京.txt', text: `${P1}\n\n${P2}` },
        { path: 'cafe\u0301s.txt', text: `${P1}\n\n${P2}` },
        { path: 'plain-name.txt', text: `${P1}\n\n${P2}` },
      ],
      { tool: { name: 'dupgraf', version: 'test' } },
    );
    const lines = formatReport(report, 'text').split('\n');
    // Columns of text as a terminal shows it: a CJK character takes two, a combining mark none.
    const columns = (s: string) =>
      [...s.normalize('NFC')].reduce((n, ch) => n + (/\p{Script=Han}/u.test(ch) ? 2 : 1), 0);
    const copies = lines.filter((l) => /:\d+ +1\.00/.test(l));
    expect(copies).toHaveLength(6);
    for (const l of copies)
      expect(columns(l.slice(0, l.indexOf('1.00')))).toBe(
        columns(copies[0].slice(0, copies[0].indexOf('1.00'))),
      );
    // The stories table: each column starts at the same display column in every row.
    const table = lines.slice(lines.indexOf('Stories with repeated paragraphs') + 2);
    const rows = table.slice(0, table.indexOf(''));
    expect(rows).toHaveLength(4);
    const ends = (l: string) =>
      [...l.matchAll(/\S+(?= {2,}|$)/g)].map((m) => columns(l.slice(0, m.index + m[0].length)));
    for (const r of rows.slice(1)) expect(ends(r).slice(1)).toEqual(ends(rows[0]).slice(1));
    // The widest place (ASCII) gets the two spaces padEnd gave it; the others fill its width.
    expect(copies).toContain('      plain-name.txt:1  1.00');
    expect(copies).toContain('      cafe\u0301s.txt:1       1.00  origin, representative');
    expect(copies).toContain('      報道/東京.txt:1   1.00');
  });

  test('a long title is cut to TITLE_WIDTH columns at a character edge; ASCII as before', () => {
    const title = (t: string) => storyTitle({ metadata: { title: t } } as never);
    const ascii = 'A'.repeat(60);
    expect(title(ascii)).toBe(`${'A'.repeat(TITLE_WIDTH - 1)}…`);
    expect(title('short title')).toBe('short title');
    // 40 Han characters take 80 columns: 24 of them (48 columns) and the ellipsis.
    const han = '東京都知事選挙で現職が三選を果たし新たな政策を発表した'.repeat(2).slice(0, 40);
    expect(title(han)).toBe(`${han.slice(0, 24)}…`);
    // Emoji (surrogate pairs, two columns each) and decomposed letters stay whole.
    const emoji = '\u{1F4F0}'.repeat(30);
    const cut = title(emoji);
    expect(cut).toBe(`${'\u{1F4F0}'.repeat(24)}…`);
    expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(cut)).toBe(false);
    const decomposed = 'cafe\u0301 '.repeat(12);
    expect(title(decomposed)).toBe(`${'cafe\u0301 '.repeat(9)}cafe\u0301…`);
  });
});
