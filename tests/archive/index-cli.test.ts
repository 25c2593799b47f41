/** `dupgraf index …` and `scan --index`, run as a user runs them. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { type Location as Loc, type Report } from '../../src/index.js';
import { documentName } from '../../src/engine/report.js';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { dupgraf as runCli, schemaErrors, writeTree } from '../helpers/cli.js';
import { BIN, CORPORA, REPO_ROOT } from '../helpers/paths.js';
import { randomDocuments } from '../helpers/random.js';
import { testNeeding } from '../helpers/requirements.js';

const dupgraf = (args: string[], cwd = REPO_ROOT) => runCli(args, { cwd });

function json(args: string[], cwd = REPO_ROOT): Report {
  const r = dupgraf([...args, '--format', 'json', '--pairs'], cwd);
  // Only the warnings about stories without a paragraph long enough to compare.
  const others = r.stderr.split('\n').filter((l) => l !== '' && !/: 0 of \d+ paragraph/.test(l));
  expect(others).toEqual([]);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as Report;
  expect(schemaErrors(report)).toBe('');
  return report;
}

let tmp: string;
beforeAll(() => {
  tmp = makeTemp();
});
afterAll(() => removeTemp(tmp));

/** Every file of the sample corpus, relative to the repository root, sorted. */
function corpusFiles(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(path.join(REPO_ROOT, 'corpus')).sort()) {
    const full = path.join(REPO_ROOT, 'corpus', dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const name of fs.readdirSync(full).sort()) out.push(`corpus/${dir}/${name}`);
  }
  return out;
}

/**
 * Archives half of `files`, scans the other half against the index, and compares with a full
 * scan of all files: the same duplicate pairs and the same story figures for the scanned half.
 */
function compareHalves(name: string, files: string[]) {
  const archived = files.filter((_, i) => i % 2 === 0);
  const scanned = files.filter((_, i) => i % 2 === 1);
  const index = path.join(tmp, `${name}.dupgraf.db`);
  const added = dupgraf(['index', 'add', ...archived, '--index', index]);
  expect(added.code).toBe(0);
  const full = json(['scan', ...files]);
  const against = json(['scan', ...scanned, '--index', index]);
  const isScanned = new Set(
    full.documents.map((d) => d.path).filter((p) => !archived.some((a) => p.endsWith(a))),
  );
  const touches = (p: { a: { path: string }; b: { path: string } }) =>
    isScanned.has(p.a.path) || isScanned.has(p.b.path);
  // The archive stores a story of a file with several (and a JSON record) as `file#N`, and
  // `scan --index` names it so: the full scan's `{path, record}` is compared by that name.
  const named = <T extends { path: string; record?: string }>(l: T) => {
    if (l.record === undefined) return l;
    const out: Record<string, unknown> = { ...l, path: documentName(l) };
    delete out.record;
    delete out.recordLine;
    return out;
  };
  const namedPair = (p: { a: Loc; b: Loc; jaccard: number }) => ({
    a: named(p.a),
    b: named(p.b),
    jaccard: p.jaccard,
  });
  expect(against.pairs!.map(namedPair)).toEqual(full.pairs!.filter(touches).map(namedPair));
  expect(against.documents.map(named)).toEqual(
    full.documents.filter((d) => isScanned.has(d.path)).map(named),
  );
  expect(against.warnings).toEqual(full.warnings.filter((w) => isScanned.has(w.path)));
  expect(against.summary.documents).toBe(
    full.documents.filter((d) => isScanned.has(d.path)).length,
  );
  expect(against.archive).toEqual({
    index,
    stories: archived.length,
    paragraphs: expect.any(Number),
  });
  // Every partial reuse found against the archive is one the full scan's joins also find.
  for (const p of against.partials) expect(touches(p)).toBe(true);
  return { full, against };
}

describe('scan --index: the scanned half against an index of the other half', () => {
  test('corpus/', () => {
    const { against } = compareHalves(
      'corpus',
      corpusFiles().filter((f) => /\.(txt|md)$/.test(f)),
    );
    expect(against.pairs!.length).toBeGreaterThan(5);
    expect(against.clusters.length).toBeGreaterThan(0);
    // Archived copies appear in the groups beside the scanned ones.
    expect(
      against.clusters.some((c) =>
        c.occurrences.some((o) => !against.documents.some((d) => d.path === o.path)),
      ),
    ).toBe(true);
  });

  test('the text report names the archive', () => {
    const index = path.join(tmp, 'corpus.dupgraf.db');
    const r = dupgraf(['scan', 'corpus/rate-decision', '--index', index]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /4 stories, \d+ paragraphs compared with each other and with the archive .*corpus\.dupgraf\.db \(8 stories, \d+ paragraphs\), \d+ paragraphs shorter than 8 words left out: /,
    );
  });

  testNeeding(['corpora'], 'a sample of Reuters-21578', () => {
    const dir = path.join(CORPORA, 'reuters21578');
    const files = fs
      .readdirSync(dir)
      .sort()
      .slice(6000, 6400)
      .map((n) => path.join(dir, n));
    const { against } = compareHalves('reuters', files);
    expect(against.pairs!.length).toBeGreaterThan(10);
  });
});

describe('index commands', () => {
  test('add, skip unchanged, update changed, remove, stats, verify', () => {
    const work = path.join(tmp, 'work');
    fs.cpSync(path.join(REPO_ROOT, 'corpus'), path.join(work, 'corpus'), { recursive: true });
    const idx = 'archive.dupgraf.db';
    let r = dupgraf(['index', 'add', 'corpus/', '--index', idx], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^added 17, updated 0, unchanged 0/);
    r = dupgraf(['index', 'add', 'corpus/', '--index', idx], work);
    expect(r.stdout).toMatch(/^added 0, updated 0, unchanged 17 \(0 paragraphs stored\)/);
    const story = path.join(work, 'corpus/port-strike/2026-03-04-ships-queue.txt');
    fs.appendFileSync(
      story,
      '\n\nA new closing paragraph was added to this story after it first ran.\n',
    );
    r = dupgraf(['index', 'add', 'corpus/', '--index', idx], work);
    expect(r.stdout).toMatch(/^added 0, updated 1, unchanged 16/);
    r = dupgraf(['index', 'stats', '--index', idx, '--format', 'json'], work);
    const stats = JSON.parse(r.stdout);
    expect(stats.stories).toBe(17);
    expect(stats.settings).toEqual({
      shingleSize: 3,
      minWords: 8,
      normalizationVersion: 3,
      lowestThreshold: 0.5,
    });
    r = dupgraf(['index', 'remove', 'corpus/river-flood', '--index', idx], work);
    expect(r.stdout).toMatch(/^removed 7 stories/);
    r = dupgraf(['index', 'verify', '--index', idx], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok \(10 stories/);
    r = dupgraf(['index', 'stats', '--index', idx], work);
    expect(r.stdout).toMatch(/stories\s+10\n/);
    expect(r.stdout).toMatch(/size\s+[\d.]+ MB on disk/);
  });

  test('index add and scan --index follow the config file', () => {
    const work = path.join(tmp, 'config');
    fs.cpSync(path.join(REPO_ROOT, 'corpus'), path.join(work, 'corpus'), { recursive: true });
    fs.writeFileSync(
      path.join(work, 'dupgraf.config.json'),
      JSON.stringify({ shingleSize: 4, exclude: ['**/river-flood/**'] }),
    );
    let r = dupgraf(['index', 'add', 'corpus/', '--index', 'c.db'], work);
    expect(r.stdout).toMatch(/^added 10, /);
    r = dupgraf(['index', 'stats', '--index', 'c.db', '--format', 'json'], work);
    expect(JSON.parse(r.stdout).settings.shingleSize).toBe(4);
    r = dupgraf(['scan', 'corpus/port-strike', '--index', 'c.db'], work);
    expect(r.code).toBe(0);
    fs.rmSync(path.join(work, 'dupgraf.config.json'));
    r = dupgraf(['scan', 'corpus/port-strike', '--index', 'c.db'], work);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/built with --shingle-size 4, this run asks for 3/);
  });

  test('HTML stories are stored by their block elements, with source lines', () => {
    const work = path.join(tmp, 'html');
    fs.mkdirSync(work);
    const para = 'Officials said the river would crest on Thursday well above the flood stage.';
    fs.writeFileSync(
      path.join(work, 'a.html'),
      `<html>\n<body>\n<h1>Flood</h1>\n<p>${para}</p>\n<p>Another paragraph that is long enough to be stored here.</p>\n</body>\n</html>\n`,
    );
    fs.writeFileSync(path.join(work, 'b.txt'), `${para}\n`);
    expect(dupgraf(['index', 'add', 'a.html', '--index', 'h.db'], work).code).toBe(0);
    const report = json(['scan', 'b.txt', '--index', 'h.db'], work);
    expect(report.pairs).toEqual([
      { a: { path: 'a.html', line: 4 }, b: { path: 'b.txt', line: 1 }, jaccard: 1 },
    ]);
  });

  test('prune uses the publication date, else the front matter date, else the file time', () => {
    const work = path.join(tmp, 'prune');
    fs.mkdirSync(work);
    const body = 'This paragraph has more than eight words so that the index stores it.';
    fs.writeFileSync(
      path.join(work, 'old.md'),
      `---\ntitle: Old\ndate: 2020-01-02\n---\n\n${body}\n`,
    );
    fs.writeFileSync(path.join(work, 'new.md'), `---\ndate: 2099-01-01\n---\n\n${body}\n`);
    fs.writeFileSync(path.join(work, 'aged.txt'), `${body}\n`);
    fs.writeFileSync(path.join(work, 'fresh.txt'), `${body}\n`);
    // Published in 2020 by its file name, written today.
    fs.writeFileSync(path.join(work, '2020-03-04-dated.txt'), `${body}\n`);
    const longAgo = new Date('2021-06-01T00:00:00Z');
    fs.utimesSync(path.join(work, 'aged.txt'), longAgo, longAgo);
    expect(dupgraf(['index', 'add', '.', '--index', 'i.db'], work).code).toBe(0);
    const r = dupgraf(['index', 'prune', '--older-than', '90d', '--index', 'i.db'], work);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pruned 3 stories/);
    const left = new Database(path.join(work, 'i.db'), { readonly: true });
    expect(left.prepare('SELECT path FROM story ORDER BY path').pluck().all()).toEqual([
      'fresh.txt',
      'new.md',
    ]);
    left.close();
    expect(dupgraf(['index', 'prune', '--older-than', 'soon', '--index', 'i.db'], work).code).toBe(
      2,
    );
  });

  test('incompatible settings: exit 2 with how to rebuild', () => {
    const idx = path.join(tmp, 'k4.dupgraf.db');
    expect(
      dupgraf(['index', 'add', 'corpus/port-strike', '--index', idx, '--shingle-size', '4']).code,
    ).toBe(0);
    let r = dupgraf(['scan', 'corpus/river-flood', '--index', idx]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/built with --shingle-size 4, this run asks for 3/);
    expect(r.stderr).toMatch(/rebuild it: delete .* and run `dupgraf index add/);
    r = dupgraf([
      'scan',
      'corpus/river-flood',
      '--index',
      idx,
      '--shingle-size',
      '4',
      '--threshold',
      '0.4',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/thresholds of 0.5 and above/);
    r = dupgraf(['index', 'add', 'corpus/river-flood', '--index', idx, '--min-words', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--min-words 8, this run asks for 5/);
    expect(
      dupgraf(['scan', 'corpus/river-flood', '--index', idx, '--shingle-size', '4']).code,
    ).toBe(0);
    // An index built by a dupgraf of an earlier normalization (version 1: no script-aware tokens,
    // no folding; version 2: Persian letters and ZWNJ, Vietnamese tones read as written) is
    // refused, with the command that rebuilds it with its settings.
    const setVersion = (version: number) => {
      const db = new Database(idx);
      db.prepare(
        `UPDATE meta SET value = json_set(value, '$.normalizationVersion', ${version}) WHERE key = 'settings'`,
      ).run();
      db.close();
    };
    for (const version of [1, 2]) {
      setVersion(version);
      for (const args of [
        ['scan', 'corpus/river-flood', '--index', idx],
        ['index', 'add', 'corpus/river-flood', '--index', idx],
        ['check', 'corpus/river-flood/2026-04-14-crest-passes.txt', '--index', idx],
      ]) {
        r = dupgraf(args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toMatch(
          new RegExp(`built with normalization version ${version}, this dupgraf uses 3`),
        );
        expect(r.stderr).toMatch(/reads text into words differently/);
        expect(r.stderr).toMatch(/`dupgraf index migrate` cannot convert it/);
        // The exact command, with the settings the index was built with.
        expect(r.stderr).toContain(
          `. Rebuild it: delete ${idx} and run \`dupgraf index add <paths..> --index ${idx} --shingle-size 4 --min-words 8 --lowest-threshold 0.5\`, <paths..> being the stories it held`,
        );
        expect(r.stderr).not.toMatch(/index.s settings/);
        expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
    }
    // An index from a future dupgraf (another normalization version) is refused too: query it
    // with that dupgraf, or rebuild it.
    setVersion(99);
    r = dupgraf(['index', 'stats', '--index', idx]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/built by a newer dupgraf with normalization version 99/);
    expect(r.stderr).toMatch(/query it with that dupgraf or a newer one\. Or rebuild it: delete/);
  });

  test('a missing index is not created by queries', () => {
    const idx = path.join(tmp, 'missing.dupgraf.db');
    for (const args of [
      ['scan', 'corpus/', '--index', idx],
      ['index', 'stats', '--index', idx],
      ['index', 'verify', '--index', idx],
      ['index', 'remove', 'corpus/', '--index', idx],
    ]) {
      const r = dupgraf(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no index at/);
    }
    expect(fs.existsSync(idx)).toBe(false);
    // A bad setting for a new index is refused before anything is written.
    const fresh = path.join(tmp, 'fresh.dupgraf.db');
    const bad = dupgraf(['index', 'add', 'corpus/', '--index', fresh, '--lowest-threshold', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/lowest threshold must be a number in \(0, 1\]/);
    expect(fs.existsSync(fresh)).toBe(false);
    expect(
      dupgraf(['index', 'add', 'corpus/', '--index', path.join(tmp, 'x.db'), '--batch-size', '0'])
        .code,
    ).toBe(2);
  });
});

describe('index add stopped by a signal', () => {
  /** Starts `index add` of `folder` into `idx` (25 files a batch); resolves when it exits. */
  function startAdd(folder: string, idx: string) {
    const child = spawn(
      process.execPath,
      [BIN, 'index', 'add', folder, '--index', idx, '--batch-size', '25', '--no-progress'],
      { cwd: tmp, env: { PATH: process.env.PATH ?? '' } },
    );
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, stderr: () => stderr };
  }
  const stories = (idx: string) => {
    const db = new Database(idx, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT count(*) FROM story').pluck().get() as number;
    } finally {
      db.close();
    }
  };

  test('SIGINT: whole batches kept, the index closed cleanly, a re-run adds the rest', async () => {
    const tree: Record<string, string> = { 'signal/seed/one.txt': '' };
    const docs = randomDocuments(17, 1500, 500);
    tree['signal/seed/one.txt'] = docs[0].text;
    for (const d of docs) tree[`signal/many/${d.path}`] = d.text;
    writeTree(tmp, tree);
    const idx = path.join(tmp, 'signal.dupgraf.db');
    expect(dupgraf(['index', 'add', 'signal/seed', '--index', idx], tmp).code).toBe(0);
    const add = startAdd('signal/many', idx);
    // Stopped once the first batch is in (60 batches in all).
    for (let i = 0; i < 2000 && stories(idx) < 26; i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    add.child.kill('SIGINT');
    expect(await add.exited).toBe(130);
    expect(add.stderr()).toMatch(
      /^dupgraf: stopped by SIGINT: the first (\d[\d,]*) of 1,500 files are in \S*signal\.dupgraf\.db; run the same command again to add the rest\n$/,
    );
    const kept = Number(/the first ([\d,]+)/.exec(add.stderr())![1].replace(/,/g, ''));
    expect(kept % 25).toBe(0);
    expect(kept).toBeLessThan(1500);
    expect(stories(idx)).toBe(kept + 1);
    // Closed as a last writer closes it: the WAL folded in, rollback-journal mode.
    expect(fs.existsSync(`${idx}-wal`)).toBe(false);
    expect(dupgraf(['index', 'verify', '--index', idx], tmp).code).toBe(0);
    const rerun = dupgraf(['index', 'add', 'signal/many', '--index', idx], tmp);
    expect(rerun.stdout).toMatch(
      new RegExp(
        `^added ${(1500 - kept).toLocaleString('en-US')}, updated 0, unchanged ${kept.toLocaleString('en-US')} `,
      ),
    );
  });

  test('SIGTERM while a new index is built: nothing published, no file left', async () => {
    const idx = path.join(tmp, 'signal-new.dupgraf.db');
    const add = startAdd('signal/many', idx);
    // Stopped as soon as its build file beside the index appears (before the files are read).
    const building = () =>
      fs.readdirSync(tmp).some((f) => f.startsWith('signal-new.dupgraf.db.build-'));
    for (let i = 0; i < 2000 && !building(); i++)
      await new Promise((resolve) => setTimeout(resolve, 5));
    add.child.kill('SIGTERM');
    expect(await add.exited).toBe(143);
    expect(add.stderr()).toMatch(/^dupgraf: stopped by SIGTERM: nothing was added to \S+\n$/);
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('signal-new'))).toEqual([]);
  });
});
