/**
 * The archive keeps each story's publication date as issue 19 defines it (the format's metadata,
 * a dateline, the file name; the file's time only with --date-from mtime; none: undated), so
 * `check --index` and `scan --index` order archived stories in time exactly as `check --against`
 * and `scan` order files: on a small dated repository, the same findings either way, for the
 * SQLite index and for PostgreSQL. An index of the previous format is migrated with its stories
 * undated, until `index add` meets their files again; `index prune` goes by the publication date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { dupgraf, story, tempDir, writeFiles } from '../helpers/check-cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { describeNeeding } from '../helpers/requirements.js';
import type { CheckReport, Report } from '../../src/index.js';
import { documentName } from '../../src/engine/report.js';
import { BACKGROUND, CLOSER, FLOOD_STORIES, LEDES } from '../check/flood-stories.js';

const SHARED =
  'Volunteers from the rowing club carried sandbags to the terraced houses on Mill Lane and helped older residents move furniture upstairs.';

/**
 * A repository of stories: an archive (the original of 1 March, a follow-up of 2 May written
 * after every story under check, an undated file of notes) and the news under check (5 March
 * by its front matter, 10 April by its dateline, and one undated file holding two stories).
 */
function repo(): string {
  const root = tempDir('dupgraf-archive-dates-');
  writeFiles(root, {
    ...FLOOD_STORIES,
    // Dated by its front matter only (no date in its name).
    'archive/follow-up.md': `---\ndate: 2026-05-02\n---\n\n${story('Flood banks to be raised', LEDES[3], BACKGROUND)}`,
    'archive/desk-notes.txt': story(LEDES[4], CLOSER),
    'news/briefs.txt': `${story(LEDES[5], SHARED)}\n---\n\n${story(LEDES[6], SHARED)}`,
  });
  return root;
}

const json = (r: { stdout: string; stderr: string }) => {
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as CheckReport;
};
/** Sources of each finding of a story, as `line>source:line`. */
const sources = (report: CheckReport, p: string) =>
  report.stories
    .find((s) => s.path === p)!
    .findings.flatMap((f) => f.sources.map((s) => `${f.line}>${s.path}:${s.line}`))
    .sort();

/**
 * `check news` against the index `index` and against the repository's files, with and without
 * windows: the same stories, findings, statuses and summary; returns the answers by window.
 */
function sameChecks(root: string, index: string): Map<string, CheckReport> {
  const out = new Map<string, CheckReport>();
  for (const window of ['', '30d', '38d']) {
    const w = window ? ['--window', window] : [];
    const args = ['check', 'news', '-f', 'json', '--max-boilerplate-share', '0.3', ...w];
    const viaFiles = dupgraf([...args, '--against', '.'], root);
    const viaIndex = dupgraf([...args, '--index', index], root);
    expect([window, viaIndex.code]).toEqual([window, viaFiles.code]);
    const a = json(viaIndex);
    const b = json(viaFiles);
    expect(a.stories).toEqual(b.stories);
    expect(a.summary).toEqual(b.summary);
    out.set(window, a);
  }
  return out;
}

/** What the check must say on the repository (see {@link repo}), whichever way it reads it. */
function expectDirection(reports: Map<string, CheckReport>) {
  const all = reports.get('')!;
  // 5 March: the original of 1 March and the undated notes; never the follow-up of 2 May.
  expect(sources(all, 'news/levels-rise.md')).toEqual([
    '7>archive/2026-03-01-first-warning.txt:5',
    '9>archive/2026-03-01-first-warning.txt:7',
    '9>archive/desk-notes.txt:3',
  ]);
  expect(sources(all, 'news/2026-04-10-all-clear.txt')).toEqual([
    '3>archive/2026-03-01-first-warning.txt:5',
    '3>news/levels-rise.md:7',
    '5>archive/2026-03-01-first-warning.txt:7',
    '5>archive/desk-notes.txt:3',
    '5>news/levels-rise.md:9',
  ]);
  // Two undated stories of one file: the second copies the first.
  expect(sources(all, 'news/briefs.txt#1')).toEqual([]);
  expect(sources(all, 'news/briefs.txt#2')).toEqual(['9>news/briefs.txt#1:3']);
  // Within 30 days of 10 April: only the undated notes are in reach.
  expect(sources(reports.get('30d')!, 'news/2026-04-10-all-clear.txt')).toEqual([
    '5>archive/desk-notes.txt:3',
  ]);
  expect(sources(reports.get('38d')!, 'news/2026-04-10-all-clear.txt')).toEqual([
    '3>news/levels-rise.md:7',
    '5>archive/desk-notes.txt:3',
    '5>news/levels-rise.md:9',
  ]);
}

/**
 * `--pairs` of a scan that touch `news/`, and its groups with news: origin, copies and dates. A
 * story of a file with several is named `file#N` (as `scan --index` names it).
 */
function scanView(report: Report) {
  const news = (p: { path: string }) => p.path.startsWith('news/');
  const at = (l: { path: string; record?: string; line: number }) => ({
    path: documentName(l),
    line: l.line,
  });
  return {
    pairs: report
      .pairs!.filter((p) => news(p.a) || news(p.b))
      .map((p) => ({ a: at(p.a), b: at(p.b), jaccard: p.jaccard })),
    groups: report.clusters
      .filter((c) => c.occurrences.some(news))
      .map((c) => ({
        text: c.text,
        origin: { path: documentName(c.origin), line: c.origin.line, date: c.origin.date },
        copies: c.occurrences.map((o) => `${documentName(o)}:${o.line} ${o.date ?? '-'}`).sort(),
      }))
      .sort((x, y) => (x.text < y.text ? -1 : 1)),
  };
}

/** Whether a scan links a paragraph of story `x` with one of story `y`. */
const linked = (view: ReturnType<typeof scanView>, x: string, y: string) =>
  view.pairs.some((p) => (p.a.path === x && p.b.path === y) || (p.a.path === y && p.b.path === x));

/**
 * `scan news --index` and a scan of all the files: the same links to news (with and without a
 * window), the same groups with the same origins and dates.
 */
function sameScans(root: string, index: string) {
  for (const window of ['', '30d']) {
    const args = ['-f', 'json', '--pairs', ...(window ? ['--window', window] : [])];
    const viaIndex = dupgraf(['scan', 'news', '--index', index, ...args], root);
    const full = dupgraf(['scan', '.', ...args], root);
    expect([window, viaIndex.code, viaIndex.stderr]).toEqual([window, 0, '']);
    const a = scanView(JSON.parse(viaIndex.stdout) as Report);
    const b = scanView(JSON.parse(full.stdout) as Report);
    expect(a.pairs).toEqual(b.pairs);
    const first = 'archive/2026-03-01-first-warning.txt';
    const clear = 'news/2026-04-10-all-clear.txt';
    // 30 days around 10 April: 1 March is out of reach.
    expect([window, linked(a, first, clear)]).toEqual([window, window === '']);
    if (window !== '') continue;
    expect(a.groups).toEqual(b.groups);
    const background = a.groups.find((g) => g.text.startsWith('The Tessel drains'))!;
    expect(background.origin).toEqual({ path: first, line: 5, date: '2026-03-01' });
    expect(background.copies).toEqual([
      `${first}:5 2026-03-01`,
      'archive/follow-up.md:9 2026-05-02',
      `${clear}:3 2026-04-10`,
      'news/levels-rise.md:7 2026-03-05',
    ]);
  }
}

describe('check --index and scan --index order archived stories by publication date', () => {
  let root: string;
  beforeAll(() => {
    root = repo();
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  test('an index of the archive: the same findings as reading the files', () => {
    expect(dupgraf(['index', 'add', 'archive', '--index', 'a.db'], root).code).toBe(0);
    // What the index stores: the publication date, or none.
    const db = new Database(path.join(root, 'a.db'), { readonly: true });
    expect(db.prepare('SELECT path, published FROM story ORDER BY path').all()).toEqual([
      { path: 'archive/2026-03-01-first-warning.txt', published: '2026-03-01' },
      { path: 'archive/desk-notes.txt', published: null },
      { path: 'archive/follow-up.md', published: '2026-05-02' },
    ]);
    db.close();
    expectDirection(sameChecks(root, 'a.db'));
    sameScans(root, 'a.db');
  }, 300_000);

  test('an index of everything, the stories under check included: the same again', () => {
    expect(dupgraf(['index', 'add', '.', '--index', 'all.db'], root).code).toBe(0);
    expectDirection(sameChecks(root, 'all.db'));
  });

  test('an index of the previous format: migrated undated, dated again by index add', () => {
    expect(dupgraf(['index', 'add', 'archive', '--index', 'old.db'], root).code).toBe(0);
    const db = new Database(path.join(root, 'old.db'));
    db.exec('ALTER TABLE story DROP COLUMN published');
    db.prepare("UPDATE meta SET value = '2' WHERE key = 'format'").run();
    db.pragma('user_version = 2');
    db.close();
    let r = dupgraf(['check', 'news', '--index', 'old.db'], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /has index format 2; this dupgraf uses format 4: run `dupgraf index migrate/,
    );
    r = dupgraf(['index', 'migrate', '--index', 'old.db'], root);
    expect(r.stdout).toMatch(/old\.db: migrated from version 2 to 4/);
    // Undated now (a date in a file name still tells): the follow-up of 2 May, dated by its
    // front matter, counts as a source of the story of 5 March; the original of 1 March keeps
    // its place before it.
    r = dupgraf(['check', 'news', '--index', 'old.db', '-f', 'json'], root);
    expect(sources(json(r), 'news/levels-rise.md')).toEqual([
      '7>archive/2026-03-01-first-warning.txt:5',
      '7>archive/follow-up.md:9',
      '9>archive/2026-03-01-first-warning.txt:7',
      '9>archive/desk-notes.txt:3',
    ]);
    // The same texts again: the two dated stories get their dates, nothing else is written.
    r = dupgraf(['index', 'add', 'archive', '--index', 'old.db'], root);
    expect(r.stdout).toMatch(/^added 0, updated 2, unchanged 1 \(0 paragraphs stored\)/);
    expectDirection(sameChecks(root, 'old.db'));
    expect(dupgraf(['index', 'verify', '--index', 'old.db'], root).code).toBe(0);
  }, 300_000);

  test('--date-from mtime at index add: an undated story takes its file time', () => {
    const work = tempDir('dupgraf-archive-mtime-');
    writeFiles(work, {
      'archive/desk-notes.txt': story(LEDES[4], CLOSER),
      'news/2026-02-01-early.txt': story(LEDES[0], CLOSER),
    });
    const march = new Date('2026-03-01T12:00:00Z');
    fs.utimesSync(path.join(work, 'archive/desk-notes.txt'), march, march);
    expect(
      dupgraf(['index', 'add', 'archive', '--index', 'm.db', '--date-from', 'mtime'], work).code,
    ).toBe(0);
    const db = new Database(path.join(work, 'm.db'), { readonly: true });
    expect(db.prepare('SELECT published FROM story').pluck().get()).toBe('2026-03-01T12:00:00Z');
    db.close();
    // Written after the story of 1 February: not its source, as with --against and the flag.
    const indexed = dupgraf(['check', 'news', '--index', 'm.db', '-f', 'json'], work);
    expect(json(indexed).summary.findings).toBe(0);
    const read = dupgraf(
      ['check', 'news', '--against', '.', '--date-from', 'mtime', '-f', 'json'],
      work,
    );
    expect(json(read).stories).toEqual(json(indexed).stories);
    // Without the flag the notes are undated, and count.
    expect(dupgraf(['index', 'add', 'archive', '--index', 'u.db'], work).code).toBe(0);
    expect(
      json(dupgraf(['check', 'news', '--index', 'u.db', '-f', 'json'], work)).summary.findings,
    ).toBe(1);
    fs.rmSync(work, { recursive: true, force: true });
  });
});

describeNeeding(['postgres'], 'the same on a PostgreSQL index', () => {
  let server: TestPostgres;
  let root: string;
  beforeAll(() => {
    server = startPostgres();
    root = repo();
  });
  afterAll(() => {
    server?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('check --index and scan --index give what the files give', () => {
    const url = server.url('dates');
    expect(dupgraf(['index', 'add', 'archive', '--index', url], root).code).toBe(0);
    expectDirection(sameChecks(root, url));
    sameScans(root, url);
    // The stories under check stored too (the documents read now replace them).
    const everything = server.url('everything');
    expect(dupgraf(['index', 'add', '.', '--index', everything], root).code).toBe(0);
    expectDirection(sameChecks(root, everything));
    // An unchanged text with a date now (its file time, with --date-from mtime) is dated in
    // place: the notes of 20 May are no source of the stories of March and April any more.
    const may = new Date('2026-05-20T00:00:00Z');
    fs.utimesSync(path.join(root, 'archive/desk-notes.txt'), may, may);
    const r = dupgraf(['index', 'add', 'archive', '--index', url, '--date-from', 'mtime'], root);
    expect(r.stdout).toMatch(/^added 0, updated 1, unchanged 2 \(0 paragraphs stored\)/);
    const report = json(dupgraf(['check', 'news', '--index', url, '-f', 'json'], root));
    for (const p of ['news/levels-rise.md', 'news/2026-04-10-all-clear.txt'])
      expect(sources(report, p).filter((s) => s.includes('desk-notes'))).toEqual([]);
  }, 300_000);
});
