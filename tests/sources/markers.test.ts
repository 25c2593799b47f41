/**
 * One reading of the inline suppression markers (src/sources/markers.ts): marker lines are never
 * words of a paragraph in any format, scan leaves a suppressed paragraph out and counts it, and
 * check reports the same paragraph as suppressed.
 */
import { describe, expect, test } from '@jest/globals';
import { readDocuments, scan, type CheckReport } from '../../src/index.js';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';

const P =
  'The coastal railway has been closed between the two harbour towns since a landslip in February buried the line under several thousand tonnes of clay.';
const Q =
  'Engineers expect the repairs to take at least six more weeks, and the operator has laid on replacement buses for the length of the closure.';
const R =
  'Commuters said the buses added almost an hour to their journeys each way, and several businesses in the towns reported a fall in trade.';

const words = (text: string) => text.split(/\s+/).filter((w) => /\w/.test(w)).length;

describe('marker lines are never words', () => {
  test('plain text, blank-line paragraphs: a marker directly above a paragraph', () => {
    const { documents } = readDocuments('a.txt', `${P}\n\n[dupgraf-ignore-next]\n${Q}\n\n${R}\n`);
    const [d] = documents;
    expect(d.paragraphs!.map((p) => [p.line, p.text])).toEqual([
      [1, P],
      [4, Q],
      [6, R],
    ]);
    expect(d.suppressed).toEqual([4]);
    expect(d.suppressions).toBe(1);
  });

  test('plain text, one paragraph per line: the marker is no paragraph', () => {
    const { documents } = readDocuments('a.txt', `${P}\n[dupgraf-ignore-next]\n${Q}\n${R}\n`);
    expect(documents[0].paragraphs!.map((p) => p.line)).toEqual([1, 3, 4]);
    expect(documents[0].suppressed).toEqual([3]);
  });

  test('Markdown writes a marker directly above a paragraph into it: the marker goes', () => {
    const { documents } = readDocuments('a.md', `${P}\n\n[dupgraf-ignore-next]\n${Q}\n\n${R}\n`);
    expect(documents[0].paragraphs!.map((p) => [p.line, words(p.text)])).toEqual([
      [1, words(P)],
      [4, words(Q)],
      [6, words(R)],
    ]);
    expect(documents[0].suppressed).toEqual([4]);
  });

  test('HTML: comment markers suppress, and are no text', () => {
    const html = `<article>\n<p>${P}</p>\n<!-- dupgraf-ignore-start -->\n<p>${Q}</p>\n<!-- dupgraf-ignore-end -->\n<p>${R}</p>\n</article>\n`;
    const { documents } = readDocuments('a.html', html);
    expect(documents[0].paragraphs!.map((p) => p.text)).toEqual([P, Q, R]);
    expect(documents[0].suppressed).toEqual([4]);
  });

  test('a misused marker is a warning of the file, in scan too', async () => {
    const text = `${P}\n\n[dupgraf-ignore-start]\n\n${Q}\n`;
    const warning = {
      path: 'a.txt',
      message: 'line 3: dupgraf-ignore-start without an end: ignored to the end of the file',
    };
    expect(readDocuments('a.txt', text).warnings).toEqual([warning]);
    const root = tempDir('dupgraf-marker-warning-');
    writeFiles(root, { 'a.txt': text });
    expect((await scan(['a.txt'], { cwd: root, jobs: 1 })).warnings).toEqual([warning]);
  });
});

describe('scan and check read the markers alike', () => {
  const root = tempDir('dupgraf-markers-');
  writeFiles(root, {
    '2026-02-01-closure.txt': story(P, Q),
    '2026-02-08-buses.txt': `${story(R)}\n[dupgraf-ignore-next]\n${Q}\n\n${P}\n`,
  });

  test('scan leaves the suppressed paragraph out of the comparison and counts it', async () => {
    const report = await scan(['.'], { cwd: root, jobs: 1 });
    // Q is suppressed in the later story: only P is a repeated paragraph.
    expect(report.clusters.map((c) => c.text)).toEqual([P]);
    expect(report.summary.suppressedParagraphs).toBe(1);
    const later = report.documents.find((d) => d.path === '2026-02-08-buses.txt')!;
    expect(later).toMatchObject({ paragraphs: 2, duplicateParagraphs: 1, suppressedParagraphs: 1 });
    const text = dupgraf(['scan', '.'], root).stdout;
    expect(text).toMatch(/1 partial reuse|0 partial reuses/);
    expect(text).toContain('1 paragraph suppressed');
  });

  test('check reports the same paragraph as suppressed, the other as counted', () => {
    const r = dupgraf(['check', '2026-02-08-buses.txt', '--against', '.', '-f', 'json'], root);
    const report = JSON.parse(r.stdout) as CheckReport;
    expect(report.stories[0].findings.map((f) => [f.line, f.status])).toEqual([
      [4, 'suppressed'],
      [6, 'counted'],
    ]);
    expect(report.stories[0].suppressions).toBe(1);
  });
});
