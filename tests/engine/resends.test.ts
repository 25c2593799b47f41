/**
 * Re-sent stories: a story 80% or more of whose words are in paragraphs duplicating one earlier
 * story is listed once as its re-send, with its changed facts, and the groups made only of them
 * fold under it in every report (`--no-fold-resends`: the flat list).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan, type Report } from '../../src/index.js';
import { applyView } from '../../src/engine-api.js';
import { dupgraf, schemaErrors } from '../helpers/cli.js';
import { story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { CORPORA } from '../helpers/paths.js';
import { describeNeeding } from '../helpers/requirements.js';

const A = [
  'Storms cut power to thousands of homes along the northern coast on Tuesday night, and crews worked through the morning to restore supply to the worst hit villages.',
  'The regional grid operator said about 340 engineers had been sent to repair lines brought down by falling trees, some of them in fields cut off by flooding.',
  'Schools in three valleys stayed closed and the coastal railway ran a reduced timetable after debris was found on the line near the estuary bridge.',
  'Forecasters expect the wind to ease by Thursday, although another band of heavy rain is due to cross the hills over the weekend.',
];
const C =
  'A separate story about the harbour board, which approved a new fee schedule for visiting yachts on Wednesday after a long debate over mooring charges.';

function repo(): string {
  const root = tempDir('dupgraf-resends-');
  writeFiles(root, {
    'wire/2026-01-10-storms.txt': story(...A),
    // Filed again the next day: the same story, one figure changed.
    'wire/2026-01-11-storms-resent.txt': story(A[0], A[1].replace('340', '360'), A[2], A[3]),
    // Another story that carries one of the paragraphs: its group is not only re-sends.
    'wire/2026-01-12-harbour.txt': story(C, A[3]),
  });
  return root;
}

describe('re-sent stories', () => {
  const root = repo();

  test('found once, later re-sends earlier, with its changed facts and folded groups', async () => {
    const report = await scan(['.'], { cwd: root, jobs: 1 });
    expect(report.summary.resends).toBe(1);
    const [r] = report.resends!;
    expect(r).toMatchObject({
      story: { path: 'wire/2026-01-11-storms-resent.txt', date: '2026-01-11' },
      original: { path: 'wire/2026-01-10-storms.txt', date: '2026-01-10' },
      paragraphs: 4,
      of: 4,
      share: 1,
      changedFacts: [{ from: '340', to: '360', kind: 'number' }],
    });
    // Three groups lie only in the two storm stories; the fourth reaches the harbour story.
    expect(r.clusters).toHaveLength(3);
    const spanning = report.clusters.find((c) => !r.clusters.includes(c.id))!;
    expect(spanning.occurrences.map((o) => o.path)).toContain('wire/2026-01-12-harbour.txt');
  });

  test('the view folds them; --no-fold-resends lists every group', async () => {
    const report = await scan(['.'], { cwd: root, jobs: 1 });
    const folded = applyView(report, {});
    expect(folded.clusters).toHaveLength(1);
    expect(folded.foldedClusters).toHaveLength(3);
    expect(folded.view).toMatchObject({ foldResends: true, foldedClusters: 3 });
    const flat = applyView(report, { foldResends: false });
    expect(flat.clusters).toHaveLength(4);
    expect(flat.foldedClusters).toBeUndefined();
    const sentence =
      'wire/2026-01-11-storms-resent.txt re-sends wire/2026-01-10-storms.txt (4/4 paragraphs, 100.0% of its words, 1 changed fact: 340 → 360)';
    const text = formatReport(folded, 'text');
    expect(text).toContain(`Re-sent stories: 1\n\n  ${sentence}\n`);
    expect(text).toContain('3 groups of their paragraphs folded here');
    expect(text).toContain('Repeated paragraphs: 1 group');
    expect(formatReport(flat, 'text')).toContain('Repeated paragraphs: 4 groups');
    expect(formatReport(folded, 'markdown')).toContain('### Re-sent stories');
    expect(formatReport(folded, 'markdown')).toContain('1 changed fact: 340 → 360');
    const html = formatReport(folded, 'html');
    expect(html).toContain('<h2 id="resends-h">Re-sent stories</h2>');
    // The page's script draws the list from its data, a page at a time.
    const data = JSON.parse(
      /<script type="application\/json" id="dupgraf-data">([\s\S]*?)<\/script>/.exec(html)![1],
    ) as { resends: { s: string; g: unknown[] }[] };
    expect(data.resends).toEqual([{ s: sentence, g: expect.any(Array) }]);
    expect(data.resends[0].g).toHaveLength(3);
    // CSV: every group's rows, the folded ones naming their re-send.
    const rows = formatReport(folded, 'csv').trimEnd().split('\r\n');
    expect(rows[0].endsWith(',date,origin,resend')).toBe(true);
    expect(
      rows.filter((l) =>
        l.endsWith(',wire/2026-01-11-storms-resent.txt re-sends wire/2026-01-10-storms.txt'),
      ),
    ).toHaveLength(6);
    expect(schemaErrors(JSON.parse(formatReport(folded, 'json')))).toBe('');
    expect(schemaErrors(JSON.parse(formatReport(flat, 'json')))).toBe('');
  });

  test('the CLI: folded by default, --no-fold-resends flat, and the config key', () => {
    let r = dupgraf(['scan', '.', '-f', 'json'], { cwd: root });
    const folded = JSON.parse(r.stdout) as Report;
    expect(folded.clusters).toHaveLength(1);
    expect(folded.foldedClusters).toHaveLength(3);
    r = dupgraf(['scan', '.', '-f', 'json', '--no-fold-resends'], { cwd: root });
    expect((JSON.parse(r.stdout) as Report).clusters).toHaveLength(4);
    fs.writeFileSync(path.join(root, 'dupgraf.config.json'), '{"foldResends": false}');
    r = dupgraf(['scan', '.', '-f', 'json'], { cwd: root });
    expect((JSON.parse(r.stdout) as Report).clusters).toHaveLength(4);
    fs.rmSync(path.join(root, 'dupgraf.config.json'));
  });

  test('no re-send: a story mostly inside a longer later one, and a one-paragraph brief', async () => {
    const report = await scan(
      [
        { path: '2026-01-01-short.txt', text: story(A[0], A[1]) },
        { path: '2026-01-02-long.txt', text: story(A[0], A[1], A[2], A[3], C) },
        { path: '2026-01-03-brief.txt', text: story(A[2]) },
      ],
      { jobs: 1 },
    );
    expect(report.resends).toBeUndefined();
  });

  test('each re-sent story listed once, with the earliest story it re-sends', async () => {
    // Four copies of one story: three re-sends of the first (not six, one per pair).
    const same = await scan(
      ['a', 'b', 'c', 'd'].map((n) => ({ path: `${n}.txt`, text: story(...A) })),
      { jobs: 1 },
    );
    expect(same.summary.resends).toBe(3);
    expect(same.resends!.map((r) => [r.story.path, r.original.path])).toEqual([
      ['b.txt', 'a.txt'],
      ['c.txt', 'a.txt'],
      ['d.txt', 'a.txt'],
    ]);
    // Dated: the earliest story is the original of every other, whatever the path order.
    const dated = await scan(
      [
        { path: 'wire/2026-03-05-a.txt', text: story(...A) },
        { path: 'wire/2026-03-01-b.txt', text: story(...A) },
        { path: 'wire/2026-03-03-c.txt', text: story(...A) },
        { path: 'wire/undated-d.txt', text: story(...A) },
      ],
      { jobs: 1 },
    );
    expect(dated.resends!.map((r) => [r.story.path, r.original.path])).toEqual([
      ['wire/2026-03-03-c.txt', 'wire/2026-03-01-b.txt'],
      ['wire/2026-03-05-a.txt', 'wire/2026-03-01-b.txt'],
      ['wire/undated-d.txt', 'wire/2026-03-01-b.txt'],
    ]);
    // Every format lists each once, and the groups fold under the first.
    const view = applyView(same, {});
    expect(view.foldedClusters).toHaveLength(4);
    const text = formatReport(view, 'text');
    expect(text).toContain('Re-sent stories: 3\n');
    expect(text.match(/ re-sends /g)).toHaveLength(3);
    expect(formatReport(view, 'markdown').match(/ re-sends /g)).toHaveLength(3);
    const json = JSON.parse(formatReport(view, 'json')) as Report;
    expect(json.resends).toHaveLength(3);
    expect(json.summary.resends).toBe(3);
    expect(schemaErrors(json)).toBe('');
    const html = formatReport(view, 'html');
    expect(html.match(/ re-sends /g)).toHaveLength(3);
    expect(html).toContain('d.txt re-sends a.txt');
    expect(html).not.toMatch(/re-sends [bc]\.txt/);
    // The CSV names the first re-send on the folded groups' rows.
    const csv = formatReport(view, 'csv').trim().split(/\r?\n/).slice(1);
    expect(csv).toHaveLength(16);
    for (const row of csv) expect(row.endsWith(',b.txt re-sends a.txt')).toBe(true);
  });

  test('two stories of one file: the second re-sends the first', async () => {
    const text = [
      'Storms Cut Power Along the Coast',
      ...A,
      'Storms Cut Power Along the Coast Again',
      ...A,
    ].join('\n');
    const report = await scan([{ path: 'digest.txt', text }], { jobs: 1 });
    expect(report.resends!.map((r) => [r.story.record, r.original.record])).toEqual([['2', '1']]);
  });
});

describeNeeding(['corpora'], 'BBC News (../shared/corpora/bbc)', () => {
  test('re-sends fold most groups: far fewer groups and lines than the flat list', async () => {
    const report = await scan([path.join(CORPORA, 'bbc')], {});
    const folded = applyView(report, {});
    const flat = applyView(report, { foldResends: false });
    expect(report.summary.resends).toBeGreaterThan(100);
    expect(flat.clusters).toHaveLength(report.summary.clusters);
    expect(folded.clusters.length + folded.foldedClusters!.length).toBe(report.summary.clusters);
    expect(folded.clusters.length * 5).toBeLessThan(flat.clusters.length);
    const lines = (r: Report) => formatReport(r, 'text').split('\n').length;
    expect(lines(folded) * 3).toBeLessThan(lines(flat));
  });
});
