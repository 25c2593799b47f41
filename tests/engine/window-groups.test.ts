/**
 * `--window`: a group is reported for the copies linked under the window's pair rule (stories
 * within the span of each other, an undated story within every span), split into the parts that
 * are; the summary, the groups and the story figures agree in every format. Brute force: on
 * random dated stories sharing paragraphs, the groups are exactly the chains of copies within the
 * window of each other.
 */
import { describe, expect, test } from '@jest/globals';
import { formatReport, scan, type Report } from '../../src/index.js';
import { applyView } from '../../src/engine-api.js';
import { dupgraf, schemaErrors } from '../helpers/cli.js';
import { story, tempDir, writeFiles } from '../helpers/check-cli.js';

const DAY = 86_400_000;
const SHARED =
  'The regional water company will raise household bills by six percent from July, the third rise in as many years, officials said.';
const own = (n: number) =>
  `Unrelated paragraph number ${n} about something else entirely, such as the weather report for district ${n} and its ${n * 7} villages.`;

/** Stories `name → date` (in the file name), each with the shared paragraph and one of its own. */
function dated(dates: string[], shared = SHARED): string {
  const root = tempDir('dupgraf-window-');
  writeFiles(
    root,
    Object.fromEntries(dates.map((d, i) => [`wire/${d}-story.txt`, story(shared, own(i + 1))])),
  );
  return root;
}

const paths = (r: Report) => r.clusters.map((c) => c.occurrences.map((o) => o.path));

describe('scan --window', () => {
  test('a group whose representative is outside the window keeps the copies within it', async () => {
    const root = dated(['2026-03-01', '2026-03-04', '2026-03-05']);
    const report = await scan(['.'], { cwd: root, jobs: 1, window: 2 * DAY });
    expect(schemaErrors(report)).toBe('');
    expect(paths(report)).toEqual([['wire/2026-03-04-story.txt', 'wire/2026-03-05-story.txt']]);
    const [group] = report.clusters;
    expect(group.representative).toEqual({ path: 'wire/2026-03-04-story.txt', line: 1 });
    expect(group.origin).toMatchObject({ path: 'wire/2026-03-04-story.txt', date: '2026-03-04' });
    expect(group).toMatchObject({ size: 2, documents: 2 });
    expect(report.summary).toMatchObject({ clusters: 1, duplicateParagraphs: 2 });
    // The same group id as without the window: the text is the same.
    const all = await scan(['.'], { cwd: root, jobs: 1 });
    expect(group.id).toBe(all.clusters[0].id);
    // Every format says the group.
    const viewed = applyView(report, {});
    const text = formatReport(viewed, 'text');
    expect(text).not.toContain('No repeated paragraphs');
    expect(text).toContain('Repeated paragraphs: 1 group');
    expect(text).toContain('1 group of repeated paragraphs, 2 paragraphs with a copy elsewhere');
    expect(formatReport(viewed, 'markdown')).toContain('wire/2026-03-05-story.txt');
    const csv = formatReport(viewed, 'csv').trim().split('\n');
    expect(csv.filter((l) => l.includes(group.id))).toHaveLength(2);
    expect(formatReport(viewed, 'html')).toContain(group.id);
    // The CLI as QA ran it.
    const cli = dupgraf(['scan', 'wire', '--window', '2d'], { cwd: root });
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Repeated paragraphs: 1 group');
    expect(cli.stdout).not.toContain('No repeated paragraphs');
  });

  test('copies further apart than the window split the group, each part with its own id', async () => {
    const root = dated(['2026-03-01', '2026-03-02', '2026-03-10', '2026-03-11', '2026-03-20']);
    const report = await scan(['.'], { cwd: root, jobs: 1, window: 2 * DAY });
    expect(schemaErrors(report)).toBe('');
    expect(paths(report)).toEqual([
      ['wire/2026-03-01-story.txt', 'wire/2026-03-02-story.txt'],
      ['wire/2026-03-10-story.txt', 'wire/2026-03-11-story.txt'],
    ]);
    expect(new Set(report.clusters.map((c) => c.id)).size).toBe(2);
    expect(report.summary).toMatchObject({ clusters: 2, duplicateParagraphs: 4 });
    const lonely = report.documents.find((d) => d.path === 'wire/2026-03-20-story.txt')!;
    expect(lonely.duplicateParagraphs).toBe(0);
    // A chain: each story within the window of the next keeps one group.
    const chain = dated(['2026-03-01', '2026-03-03', '2026-03-05', '2026-03-07']);
    const chained = await scan(['.'], { cwd: chain, jobs: 1, window: 2 * DAY });
    expect(chained.clusters).toHaveLength(1);
    expect(chained.clusters[0].size).toBe(4);
  });

  test('a part without a copy of the representative text takes its own', async () => {
    // Three copies of X early, two copies of a near copy of X later: X represents the whole
    // group; the later part is Y's.
    const Y = SHARED.replace('six percent', 'seven percent');
    const root = tempDir('dupgraf-window-');
    writeFiles(root, {
      'wire/2026-03-01-a.txt': story(SHARED, own(1)),
      'wire/2026-03-01-b.txt': story(SHARED, own(2)),
      'wire/2026-03-02-c.txt': story(SHARED, own(3)),
      'wire/2026-03-10-d.txt': story(Y, own(4)),
      'wire/2026-03-11-e.txt': story(Y, own(5)),
    });
    const whole = await scan(['.'], { cwd: root, jobs: 1 });
    expect(whole.clusters).toHaveLength(1);
    expect(whole.clusters[0].text).toBe(SHARED);
    const report = await scan(['.'], { cwd: root, jobs: 1, window: 2 * DAY });
    expect(schemaErrors(report)).toBe('');
    expect(paths(report)).toEqual([
      ['wire/2026-03-01-a.txt', 'wire/2026-03-01-b.txt', 'wire/2026-03-02-c.txt'],
      ['wire/2026-03-10-d.txt', 'wire/2026-03-11-e.txt'],
    ]);
    const later = report.clusters[1];
    expect(later.text).toBe(Y);
    expect(later.representative).toEqual({ path: 'wire/2026-03-10-d.txt', line: 1 });
    for (const o of later.occurrences) {
      expect(o.similarity).toBe(1);
      expect(o.text).toBeUndefined();
      expect(o.changedFacts).toBeUndefined();
    }
    // Its id is Y's, as a scan of those two stories alone gives it.
    const alone = await scan(['wire/2026-03-10-d.txt', 'wire/2026-03-11-e.txt'], {
      cwd: root,
      jobs: 1,
    });
    expect(later.id).toBe(alone.clusters[0].id);
    expect(report.clusters[0].id).toBe(whole.clusters[0].id);
  });

  test('an undated copy is within every span: it keeps the group whole', async () => {
    const root = dated(['2026-03-01', '2026-03-20']);
    writeFiles(root, { 'wire/undated.txt': story(SHARED, own(9)) });
    const report = await scan(['.'], { cwd: root, jobs: 1, window: 2 * DAY });
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0].size).toBe(3);
  });

  test('brute force: the groups are the chains of exact copies within the window', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pool = Array.from(
      { length: 5 },
      (_, k) =>
        `Shared paragraph ${k} of the pool says the council met on the ${k + 3}th to discuss the bridge, the budget and the ${k * 11} new homes.`,
    );
    for (let round = 0; round < 4; round++) {
      const root = tempDir('dupgraf-window-');
      const files: Record<string, string> = {};
      const stories: { path: string; day: number; texts: number[] }[] = [];
      for (let i = 0; i < 14; i++) {
        const day = 1 + Math.floor(random() * 20);
        const texts = pool.map((_, k) => k).filter(() => random() < 0.4);
        const path = `wire/2026-03-${String(day).padStart(2, '0')}-s${i}.txt`;
        files[path] = story(...texts.map((k) => pool[k]), own(100 + i));
        stories.push({ path, day, texts });
      }
      writeFiles(root, files);
      const window = 1 + Math.floor(random() * 4);
      const report = await scan(['.'], { cwd: root, jobs: 1, window: window * DAY });
      expect(schemaErrors(report)).toBe('');
      // Expected: per pool text, the stories holding it linked when within the window (union-find).
      const expected: string[][] = [];
      let repeated = 0;
      pool.forEach((_, k) => {
        const holders = stories.filter((s) => s.texts.includes(k));
        const parent = holders.map((_, i) => i);
        const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
        for (let i = 0; i < holders.length; i++)
          for (let j = i + 1; j < holders.length; j++)
            if (Math.abs(holders[i].day - holders[j].day) <= window) parent[root(i)] = root(j);
        const parts = new Map<number, string[]>();
        holders.forEach((h, i) => parts.set(root(i), [...(parts.get(root(i)) ?? []), h.path]));
        for (const part of parts.values())
          if (part.length > 1) {
            expected.push(part.sort());
            repeated += part.length;
          }
      });
      const got = paths(report).map((p) => p.slice().sort());
      const key = (ps: string[][]) => ps.map((p) => p.join(',')).sort();
      expect([round, key(got)]).toEqual([round, key(expected)]);
      expect(report.summary.clusters).toBe(expected.length);
      expect(report.summary.duplicateParagraphs).toBe(repeated);
      expect(new Set(report.clusters.map((c) => c.id)).size).toBe(report.clusters.length);
    }
  });
});
