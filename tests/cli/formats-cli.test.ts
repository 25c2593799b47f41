/**
 * The format readers end to end, through the built binary: a folder of every format, records
 * named `file#id`, metadata in the JSON report (valid against the schema), warnings for broken
 * records, `--input-format` and the record field flags (flags, config, exit 2 on a bad value),
 * stdin, and byte-identical output with 1 and 2 worker threads.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { dupgraf, schemaErrors, writeTree } from '../helpers/cli.js';
import { REPO_ROOT } from '../helpers/paths.js';

const FIXTURES = path.join(REPO_ROOT, 'tests/fixtures/formats');

interface Loc {
  path: string;
  line: number;
  record?: string;
}
const name = (o: Loc) => `${o.path}${o.record !== undefined ? `#${o.record}` : ''}:${o.line}`;

describe('a folder of every format', () => {
  const r = dupgraf(['scan', FIXTURES, '-f', 'json', '--min-words', '6'], { cwd: FIXTURES });
  const report = JSON.parse(r.stdout);

  test('the JSON report is valid and names records file#id at their lines', () => {
    expect(r.code).toBe(0);
    expect(schemaErrors(report)).toBe('');
    // The crossings paragraph, in HTML, NITF, NewsML-G2, Markdown and a JSON record.
    const crossings = report.clusters.find((c: { text: string }) =>
      c.text.includes('restarted its crossings on Tuesday after a three-day stoppage'),
    );
    expect(crossings.occurrences.map(name)).toEqual([
      'article.html:19',
      'front-matter.md:11',
      'item-newsml.xml:26',
      'wire-nitf.xml:25',
    ]);
    const morning = report.clusters.find((c: { text: string }) =>
      c.text.startsWith('Morning sailings'),
    );
    expect(morning.occurrences.map(name)).toEqual([
      'front-matter.md:26',
      'message-newsml.xml#urn:dupgraf:msg:2:14',
      'records.jsonl#dw-102:2',
    ]);
  });

  test('documents carry record, recordLine and metadata', () => {
    const doc = (p: string, record?: string) =>
      report.documents.find((d: Loc) => d.path === p && d.record === record);
    expect(doc('records.jsonl', 'dw-101')).toMatchObject({
      recordLine: 1,
      metadata: { id: 'dw-101', title: 'Crossings resume', date: '2026-06-02', desk: 'Metro' },
    });
    expect(doc('wire-nitf.xml').metadata).toMatchObject({
      id: 'DW-20260602-0042',
      headline: 'Ferry crossings resume & delays ease',
      byline: 'By Tomas Reed, Harbour correspondent',
      dateline: 'KESTON, June 2',
    });
    expect(doc('front-matter.md').metadata.slug).toBe('ferry-crossings-resume');
    expect(doc('article.html').metadata.date).toBe('2026-06-02T09:15:00+01:00');
    // Documents are sorted by path, records of one file by line.
    const order = report.documents.map((d: Loc & { recordLine?: number }) => d.path);
    expect(order).toEqual([...order].sort());
  });

  test('broken records and malformed XML are warnings with file and line; the rest is read', () => {
    const warnings = report.warnings.map(
      (w: { path: string; message: string }) => `${w.path}: ${w.message}`,
    );
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^records\.jsonl: line 4: not valid JSON/),
        expect.stringMatching(/^broken\.json: line 4: not valid JSON/),
        expect.stringMatching(/^malformed\.xml: line 4: malformed XML/),
        expect.stringMatching(/^broken-front-matter\.md: line 1: front matter is not valid YAML/),
      ]),
    );
    expect(report.documents.filter((d: Loc) => d.path === 'records.jsonl')).toHaveLength(4);
    expect(r.stderr).toContain('dupgraf: warning: records.jsonl: line 4: not valid JSON');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('text, markdown and csv name records file#id', () => {
    const text = dupgraf(['scan', '.', '--min-words', '6', '-q'], { cwd: FIXTURES }).stdout;
    expect(text).toContain('records.jsonl#dw-102:2');
    expect(text).toMatch(/story\s+paragraphs\s+repeated\s+boilerplate\s+date\s+title/);
    const md = dupgraf(['scan', '.', '--min-words', '6', '-q', '-f', 'markdown'], {
      cwd: FIXTURES,
    }).stdout;
    expect(md).toContain('[records.jsonl#dw-102:2](records.jsonl#L2)');
    const csv = dupgraf(['scan', '.', '--min-words', '6', '-q', '-f', 'csv'], {
      cwd: FIXTURES,
    }).stdout;
    expect(csv).toContain(',records.jsonl#dw-102,2,2,');
  });
});

describe('--input-format and record fields', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-formats-'));
  const P =
    'The council said on Tuesday that the ring road would stay closed until the end of the month.';
  writeTree(root, {
    'a.txt': `Headline\n\n${P}\n`,
    'export.dat': `{"key": "k1", "story": {"html": "<p>${P}</p>"}, "when": "2026-01-02"}\n`,
  });

  test('an unknown format is a usage error (exit 2)', () => {
    const r = dupgraf(['scan', '.', '--input-format', 'pdf'], { cwd: root });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/input-format/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('flags force a format and name the fields', () => {
    const r = dupgraf(['scan', 'export.dat', 'a.txt', '-f', 'json', '--input-format', 'auto'], {
      cwd: root,
    });
    expect(JSON.parse(r.stdout).clusters).toHaveLength(0); // export.dat read as text: no match
    const forced = dupgraf(
      [
        'scan',
        'export.dat',
        '-',
        '--stdin-filename',
        'a.txt',
        '-f',
        'json',
        '--input-format',
        'jsonl',
        '--id-field',
        'key',
        '--text-field',
        'story.html',
        '--date-field',
        'when',
      ],
      { cwd: root, input: `{"id": "s1", "text": "${P}"}\n` },
    );
    expect(forced.code).toBe(0);
    const report = JSON.parse(forced.stdout);
    expect(schemaErrors(report)).toBe('');
    // stdin is read as JSONL too (forced), with the same field flags: its text field is missing.
    expect(report.clusters).toHaveLength(0);
    const doc = report.documents.find((d: Loc) => d.path === 'export.dat');
    expect(doc).toMatchObject({
      record: 'k1',
      recordLine: 1,
      metadata: { id: 'k1', date: '2026-01-02' },
    });
  });

  test('config file keys, --print-config, and a bad config value (exit 2)', () => {
    fs.writeFileSync(
      path.join(root, 'dupgraf.config.json'),
      JSON.stringify({
        inputFormat: 'jsonl',
        idField: 'key',
        textField: 'story.html',
        extensions: ['dat', 'txt'],
      }),
    );
    const printed = JSON.parse(dupgraf(['scan', '--print-config'], { cwd: root }).stdout);
    expect(printed).toMatchObject({
      inputFormat: 'jsonl',
      idField: 'key',
      textField: 'story.html',
    });
    const r = dupgraf(['scan', 'export.dat', '-f', 'json', '--input-format', 'auto'], {
      cwd: root,
    });
    expect(JSON.parse(r.stdout).documents[0].record).toBeUndefined(); // the flag wins
    const c = dupgraf(['scan', 'export.dat', '-f', 'json'], { cwd: root });
    expect(JSON.parse(c.stdout).documents[0].record).toBe('k1');
    fs.writeFileSync(
      path.join(root, 'dupgraf.config.json'),
      JSON.stringify({ inputFormat: 'doc' }),
    );
    const bad = dupgraf(['scan', '.'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('inputFormat');
    fs.rmSync(path.join(root, 'dupgraf.config.json'));
  });
});

describe('worker threads', () => {
  test('--jobs 1 and --jobs 2 give the same bytes over many files of every format', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-formats-jobs-'));
    const fixtures = fs.readdirSync(FIXTURES);
    // 300 files (workers start at 256): copies of the fixtures, so records repeat across files.
    for (let i = 0; i < 300; i++) {
      const f = fixtures[i % fixtures.length];
      fs.copyFileSync(
        path.join(FIXTURES, f),
        path.join(root, `${String(i).padStart(3, '0')}-${f}`),
      );
    }
    const run = (jobs: string) =>
      dupgraf(['scan', '.', '-f', 'json', '--jobs', jobs, '--min-words', '6'], { cwd: root });
    const one = run('1');
    const two = run('2');
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    const report = JSON.parse(one.stdout);
    expect(report.documents.filter((d: Loc) => d.record !== undefined).length).toBeGreaterThan(100);
  }, 60_000);
});

describe('check reads records as stories named file#id', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-formats-check-'));
  const P =
    'The council said on Tuesday that the ring road would stay closed until the end of the month.';
  const Q =
    'Officials gave no reason for the delay to the repairs, which began in the spring of last year.';
  writeTree(root, {
    'archive/old.txt': `Headline\n\n${P}\n`,
    'news/feed.dat': [
      JSON.stringify({ key: 'r1', story: { html: `<p>${P}</p>` } }),
      JSON.stringify({ key: 'r2', story: { html: `<p>${Q}</p>` } }),
    ].join('\n'),
    'dupgraf.config.json': JSON.stringify({
      inputFormat: 'auto',
      idField: 'key',
      textField: 'story.html',
      extensions: ['txt', 'dat', 'jsonl'],
    }),
  });

  test('check: the recycled record fails, the other passes', () => {
    fs.renameSync(path.join(root, 'news/feed.dat'), path.join(root, 'news/feed.jsonl'));
    const r = dupgraf(['check', 'news', '--against', 'archive', '--format', 'json'], { cwd: root });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    const verdicts = report.stories.map(
      (s: { path: string; violations: unknown[] }) => `${s.path} ${s.violations.length}`,
    );
    expect(verdicts).toEqual(['news/feed.jsonl#r1 1', 'news/feed.jsonl#r2 0']);
  });
});

test('index add stores each record as a story, dated by its date field', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-formats-index-'));
  writeTree(root, {
    'feed.jsonl': [
      {
        id: 'r1',
        date: '2020-01-02',
        text: 'The ring road stays closed until the end of the month, the council said.',
      },
      {
        id: 'r2',
        date: '2026-06-02',
        text: 'Officials gave no reason for the delay to the repairs on the road.',
      },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n'),
  });
  expect(dupgraf(['index', 'add', '.', '--index', 'a.db'], { cwd: root }).code).toBe(0);
  const stats = JSON.parse(
    dupgraf(['index', 'stats', '--index', 'a.db', '--format', 'json'], { cwd: root }).stdout,
  );
  expect(stats).toMatchObject({
    stories: 2,
    oldest: '2020-01-02T00:00:00.000Z', // ISO 8601, like createdAt and /v1/stats
    newest: '2026-06-02T00:00:00.000Z',
  });
});

describe('check, baseline, approve and index add take the reading flags', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-formats-flags-'));
  const P =
    'The council said on Tuesday that the ring road would stay closed until the end of the month.';
  const Q =
    'Officials gave no reason for the delay to the repairs, which began in the spring of last year.';
  writeTree(root, {
    // No config file, and extensions that say nothing: the flags say JSONL and which fields.
    'archive/old.dat': JSON.stringify({
      key: 'a1',
      story: { html: `<h1>Headline</h1><p>${P}</p>` },
    }),
    'news/feed.dat': [
      JSON.stringify({ key: 'r1', story: { html: `<p>${Q}</p>` }, when: '2026-06-01' }),
      JSON.stringify({ key: 'r2', story: { html: `<p>${P}</p>` }, when: '2026-06-02' }),
    ].join('\n'),
  });
  const FLAGS = ['--input-format', 'jsonl', '--id-field', 'key', '--text-field', 'story.html'];

  test('check: records named by --id-field, text from --text-field', () => {
    const plain = dupgraf(['check', 'news/feed.dat', '--against', 'archive/old.dat'], {
      cwd: root,
    });
    expect(plain.code).toBe(0); // read as text: one story of JSON, nothing recycled
    const r = dupgraf(
      ['check', 'news/feed.dat', '-f', 'json', ...FLAGS, '--against', 'archive/old.dat'],
      {
        cwd: root,
      },
    );
    expect(r.code).toBe(1);
    const verdicts = JSON.parse(r.stdout).stories.map(
      (s: { path: string; violations: unknown[] }) => `${s.path} ${s.violations.length}`,
    );
    expect(verdicts).toEqual(['news/feed.dat#r1 0', 'news/feed.dat#r2 1']);
  });

  test('baseline takes them too, and a check against that baseline passes', () => {
    const b = dupgraf(['baseline', 'news/feed.dat', ...FLAGS, '--against', 'archive/old.dat'], {
      cwd: root,
    });
    expect(b.code).toBe(0);
    expect(b.stdout).toContain('wrote 1 fingerprint');
    const r = dupgraf(
      [
        'check',
        'news/feed.dat',
        ...FLAGS,
        '--baseline',
        'dupgraf.baseline',
        '--against',
        'archive',
      ],
      { cwd: root },
    );
    expect(r.code).toBe(0);
    fs.rmSync(path.join(root, 'dupgraf.baseline'));
  });

  test('approve finds the record paragraph at its line with the flags', () => {
    const r = dupgraf(
      ['approve', 'news/feed.dat:2', '--reason', 'standard line', '--owner', 'desk', ...FLAGS],
      {
        cwd: root,
      },
    );
    expect(r.code).toBe(0);
    const registry = JSON.parse(fs.readFileSync(path.join(root, 'dupgraf.approved.json'), 'utf8'));
    expect(registry.entries[0].text).toBe(P);
    fs.rmSync(path.join(root, 'dupgraf.approved.json'));
  });

  test('index add: records and dates from the flags', () => {
    const r = dupgraf(
      ['index', 'add', 'news/feed.dat', '--index', 'a.db', ...FLAGS, '--date-field', 'when'],
      {
        cwd: root,
      },
    );
    expect(r.code).toBe(0);
    const stats = JSON.parse(
      dupgraf(['index', 'stats', '--index', 'a.db', '--format', 'json'], { cwd: root }).stdout,
    );
    expect(stats).toMatchObject({
      stories: 2,
      oldest: '2026-06-01T00:00:00.000Z',
      newest: '2026-06-02T00:00:00.000Z',
    });
  });

  test.each([
    ['check', 'news'],
    ['baseline', 'news'],
    ['index', 'add', 'news', '--index', 'b.db'],
  ])('%s: an unknown --input-format or an empty field exits 2', (...cmd) => {
    const bad = dupgraf([...cmd, '--input-format', 'pdf'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/input-format/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const empty = dupgraf([...cmd, '--id-field', ''], { cwd: root });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--id-field/);
    expect(fs.existsSync(path.join(root, 'b.db'))).toBe(false);
  });
});
