/**
 * A hostile corpus, built here in a temporary folder: binary files (NUL bytes, PNG, PDF, ZIP),
 * invalid UTF-8, UTF-16 LE and BE, Latin-1, empty and whitespace-only files, a 50 MB one-line
 * file, a 2 MB one-line file, an unreadable file, a symbolic link loop, a broken link, and a file
 * deleted during the scan (through the API's `readFile` hook, a slow source). The scan completes,
 * every problem is a named warning, nothing prints a stack trace, and the good stories' findings
 * are the same as when they are scanned alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, test } from '@jest/globals';
import { scan, type FileWarning, type Report } from '../../src/index.js';
import { sampleCorpus } from '../helpers/archive.js';
import { dupgraf } from '../helpers/cli.js';

const IS_ROOT = process.getuid?.() === 0;

/** A paragraph written in several encodings: once decoded, its copies form one group. */
const FRENCH =
  "Le maire a annoncé mardi que la rue de l'Église restera fermée jusqu'à la fin du mois, " +
  'selon un communiqué de la préfecture publié à Besançon.';

const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-hostile-'));
const hostile = path.join(temp, 'hostile');
const clean = path.join(temp, 'clean');
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const good = sampleCorpus();
for (const root of [hostile, clean]) {
  for (const { path: rel, text } of good) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

const write = (rel: string, data: string | Uint8Array) => {
  fs.mkdirSync(path.dirname(path.join(hostile, rel)), { recursive: true });
  fs.writeFileSync(path.join(hostile, rel), data);
};
const utf16le = Buffer.from(`${FRENCH}\n`, 'utf16le');
write('bad/utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]));
write('bad/utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(utf16le).swap16()]));
write('bad/latin1.txt', Buffer.from(`${FRENCH}\n`, 'latin1'));
write('bad/binary.txt', Buffer.from('text\u0000with a NUL byte\n'));
write('bad/photo.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]));
write('bad/report.md', `%PDF-1.7\n${'stream endstream '.repeat(50)}`);
write('bad/archive.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x08, 0x00]));
// Invalid UTF-8: a lone continuation byte and a truncated sequence in otherwise English text.
write(
  'bad/invalid-utf8.txt',
  Buffer.concat([
    Buffer.from('Officials said the bridge \x80 would reopen '),
    Buffer.from([0xc3, 0x28]),
    Buffer.from(' next spring after repairs to the deck.\n'),
  ]),
);
write('bad/empty.txt', '');
write('bad/blank.md', '   \n\n\t\n \u00a0\n');
write('bad/huge.txt', Buffer.alloc(50 * 1024 * 1024, 'x'));
// 2 MB in one line of distinct words: read (under the size limit), one paragraph, no findings.
write(
  'bad/long-line.txt',
  Array.from({ length: 260_000 }, (_, i) => `w${(i * 7919) % 1_000_003}`).join(' '),
);
write(
  'bad/locked.txt',
  'The locked file says something nobody else says, in eight words or more.\n',
);
fs.chmodSync(path.join(hostile, 'bad/locked.txt'), 0o000);
write('bad/doomed.txt', 'This story is deleted while the scan runs, before it is read.\n');
fs.symlinkSync('loop-b', path.join(hostile, 'bad/loop-a'));
fs.symlinkSync('loop-a', path.join(hostile, 'bad/loop-b'));
fs.symlinkSync('..', path.join(hostile, 'bad/up'));
fs.symlinkSync('nowhere.txt', path.join(hostile, 'bad/gone.txt'));

/** The warnings every scan of the hostile folder gives (by the file system; see `locked`). */
const EXPECTED: FileWarning[] = [
  { path: 'bad/archive.txt', message: 'skipped: binary file (ZIP archive)' },
  { path: 'bad/binary.txt', message: 'skipped: binary file (NUL bytes)' },
  {
    path: 'bad/blank.md',
    message: 'blank file (only white space): read as a story without paragraphs',
  },
  { path: 'bad/empty.txt', message: 'empty file (0 bytes): read as a story without paragraphs' },
  { path: 'bad/gone.txt', message: 'skipped: broken symbolic link' },
  { path: 'bad/huge.txt', message: 'skipped: 50 MiB, over --max-file-size (20 MiB)' },
  {
    path: 'bad/invalid-utf8.txt',
    message: expect.stringMatching(
      /^not valid UTF-8; read as [\w-]+ \((detected|the detector was unsure)\)$/,
    ) as unknown as string,
  },
  { path: 'bad/latin1.txt', message: 'not valid UTF-8; read as ISO-8859-1 (detected)' },
  { path: 'bad/locked.txt', message: 'skipped: cannot read (EACCES)' },
  { path: 'bad/loop-a', message: 'skipped: symbolic link loop' },
  { path: 'bad/loop-b', message: 'skipped: symbolic link loop' },
  { path: 'bad/photo.txt', message: 'skipped: binary file (PNG image)' },
  { path: 'bad/report.md', message: 'skipped: binary file (PDF)' },
  { path: 'bad/up', message: 'skipped: symbolic link loop' },
];
/** Without the permission check (root reads anything), `locked.txt` is an ordinary story. */
const FS_EXPECTED = IS_ROOT ? EXPECTED.filter((w) => w.path !== 'bad/locked.txt') : EXPECTED;

/** The findings about the good stories: groups, partial reuses and per-story figures. */
function goodFindings(report: Report) {
  const isGood = (p: string) => p.startsWith('corpus/');
  return {
    clusters: report.clusters.filter((c) => c.occurrences.every((o) => isGood(o.path))),
    partials: report.partials.filter((p) => isGood(p.a.path) && isGood(p.b.path)),
    documents: report.documents.filter((d) => isGood(d.path)),
  };
}

describe('a hostile corpus', () => {
  test('via the API with a slow source: every problem a named warning, good findings unchanged', async () => {
    const alone = await scan(['.'], { cwd: clean, jobs: 1 });
    expect(alone.clusters.length).toBeGreaterThan(0);

    const order: string[] = [];
    const report = await scan(['.'], {
      cwd: hostile,
      // A slow source: each read waits a little; while the first story is read, a later one is
      // deleted. When tests run as root, permissions do not stop reads, so this source refuses
      // `locked.txt` as the file system would for another user.
      readFile: async (absolute) => {
        order.push(path.relative(hostile, absolute));
        if (order.length === 1) fs.rmSync(path.join(hostile, 'bad/doomed.txt'));
        await sleep(2);
        if (IS_ROOT && absolute.endsWith('locked.txt'))
          throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return fs.promises.readFile(absolute);
      },
    });
    expect(order[0]).toBe('bad/archive.txt'); // files are read in sorted order
    expect(order).toContain('bad/doomed.txt');
    expect(report.warnings).toEqual(
      [
        ...EXPECTED,
        { path: 'bad/doomed.txt', message: 'skipped: vanished during the scan (ENOENT)' },
      ].sort((a, b) => (a.path < b.path ? -1 : 1)),
    );
    expect(goodFindings(report)).toEqual(goodFindings(alone));
    // The encodings were read right: Latin-1, UTF-16 LE and UTF-16 BE are one group, exact text.
    const french = report.clusters.find((c) => c.text.startsWith('Le maire'));
    expect(french?.text).toBe(FRENCH);
    expect(french?.occurrences.map((o) => o.path)).toEqual([
      'bad/latin1.txt',
      'bad/utf16be.txt',
      'bad/utf16le.txt',
    ]);
    // Empty, blank (each with a warning) and the long line were read: documents without findings.
    const docs = new Map(report.documents.map((d) => [d.path, d]));
    expect(docs.get('bad/empty.txt')?.paragraphs).toBe(0);
    expect(docs.get('bad/blank.md')?.paragraphs).toBe(0);
    expect(docs.get('bad/long-line.txt')?.paragraphs).toBe(1);
    fs.writeFileSync(
      path.join(hostile, 'bad/doomed.txt'),
      'Back again for the CLI run, and long enough to be compared.\n',
    );
  });

  test('the CLI: exit 0, a warning line each, no stack trace; --strict exits 2', () => {
    const r = dupgraf(['scan', '.', '--format', 'json', '--jobs', '2'], { cwd: hostile });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.warnings).toEqual(FS_EXPECTED);
    for (const w of FS_EXPECTED) expect(r.stderr).toContain(`warning: ${w.path}: `);
    const alone = JSON.parse(dupgraf(['scan', '.', '--format', 'json'], { cwd: clean }).stdout);
    expect(goodFindings(report)).toEqual(goodFindings(alone));

    const text = dupgraf(['scan', '.'], { cwd: hostile });
    expect(text.stdout).toContain(`, ${FS_EXPECTED.length} warnings.`);

    const strict = dupgraf(['scan', '.', '--strict', '--format', 'json'], { cwd: hostile });
    expect(strict.code).toBe(2);
    expect(strict.stderr).toContain(`dupgraf: ${FS_EXPECTED.length} warnings (--strict): exit 2`);
    expect(strict.stderr).not.toMatch(/\n\s+at /);
    expect(JSON.parse(strict.stdout).warnings).toEqual(FS_EXPECTED); // the report still arrives
  });

  test('unreadable file through the file system', () => {
    if (IS_ROOT) {
      // Reported, not silently passed: root reads files whatever their permissions.
      console.info('skipped: running as root, chmod 000 does not stop reads (see the API test)');
      return;
    }
    const r = dupgraf(['scan', 'bad/locked.txt', 'corpus'], { cwd: hostile });
    expect(r.code).toBe(2); // named on the command line: a usage error
    expect(r.stderr).toMatch(/bad\/locked\.txt: cannot read \(EACCES\)/);
  });
});
