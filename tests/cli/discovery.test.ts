/** Finding files: ignore files, hidden folders, extensions, globs, symbolic links, stdin. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import fg from 'fast-glob';
import { discoverFiles, ignoredFolderGlobs } from '../../src/sources/discover.js';
import type { FileWarning } from '../../src/engine/report.js';
import { dupgraf, schemaErrors, writeTree } from '../helpers/cli.js';

const STORY =
  'The council said on Tuesday that the ring road would stay closed until the end of the month.';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-discover-'));
  writeTree(root, files);
  return root;
}

async function found(root: string, options: Record<string, unknown> = {}, inputs = ['.']) {
  const warnings: FileWarning[] = [];
  const files = await discoverFiles(inputs, {
    cwd: root,
    onWarning: (w) => warnings.push(w),
    ...options,
  });
  return { paths: files.map((f) => f.display), warnings };
}

describe('ignore files and skipped folders', () => {
  const root = tree({
    'a.txt': STORY,
    'b.md': STORY,
    'c.markdown': STORY,
    'notes.rtf': STORY,
    'drafts/d.txt': STORY,
    'wire/e.txt': STORY,
    'wire/tmp-e.txt': STORY,
    'wire/sub/f.txt': STORY,
    'wire/sub/keep.txt': STORY,
    'archive/old.txt': STORY,
    '.hidden/h.txt': STORY,
    'node_modules/pkg/n.txt': STORY,
    '.git/x.txt': STORY,
    '.gitignore': 'drafts/\n',
    '.dupgrafignore': 'archive\n',
    'wire/.gitignore': 'tmp-*\nsub/*\n!sub/keep.txt\n',
  });

  test('nested .gitignore and .dupgrafignore are honoured; hidden and node_modules skipped', async () => {
    expect((await found(root)).paths).toEqual([
      'a.txt',
      'b.md',
      'c.markdown',
      'wire/e.txt',
      'wire/sub/keep.txt',
    ]);
  });

  test('--no-ignore reads ignored files (hidden folders and node_modules stay skipped)', async () => {
    expect((await found(root, { useIgnoreFiles: false })).paths).toEqual([
      'a.txt',
      'archive/old.txt',
      'b.md',
      'c.markdown',
      'drafts/d.txt',
      'wire/e.txt',
      'wire/sub/f.txt',
      'wire/sub/keep.txt',
      'wire/tmp-e.txt',
    ]);
  });

  test('--ext, --include and --exclude', async () => {
    expect((await found(root, { extensions: ['rtf', 'MD'] })).paths).toEqual(['b.md', 'notes.rtf']);
    expect((await found(root, { include: ['wire/**'] })).paths).toEqual([
      'wire/e.txt',
      'wire/sub/keep.txt',
    ]);
    expect((await found(root, { exclude: ['*.md', 'wire'] })).paths).toEqual([
      'a.txt',
      'c.markdown',
    ]);
    // A trailing slash names a folder, as in an ignore file: at any depth, or from the root.
    for (const folder of ['sub/', 'wire/sub/'])
      expect((await found(root, { exclude: [folder] })).paths).toEqual([
        'a.txt',
        'b.md',
        'c.markdown',
        'wire/e.txt',
      ]);
    expect((await found(root, { include: ['wire/'] })).paths).toEqual([
      'wire/e.txt',
      'wire/sub/keep.txt',
    ]);
    // An empty glob is a usage error (picomatch would throw a TypeError).
    await expect(found(root, { exclude: [''] })).rejects.toThrow('exclude: an empty glob');
    const r = dupgraf(['scan', '.', '--include', ''], { cwd: root });
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(/^dupgraf: --include: /)]);
  });

  test('every extension with a reader is taken by default (.xhtml too)', async () => {
    const root = tree({ 'a.xhtml': '<html><body><p>x</p></body></html>', 'b.rtf': STORY });
    expect((await found(root)).paths).toEqual(['a.xhtml']);
  });

  test('folders a root ignore file surely ignores are not even entered by fast-glob', () => {
    expect(ignoredFolderGlobs('# old\narchive\ndrafts/\n/build\nwire/tmp/\n*.bak\n a\n')).toEqual([
      '**/archive/**',
      '**/drafts/**',
      'build/**',
      'wire/tmp/**',
    ]);
    expect(ignoredFolderGlobs('a(1)\r\n')).toEqual(['**/a\\(1\\)/**']);
    // A negation anywhere could re-include something: then nothing is skipped up front.
    expect(ignoredFolderGlobs('archive\n!archive/keep.txt\n')).toEqual([]);
  });

  test('a negation below an ignored folder re-includes nothing (as git)', async () => {
    const root = tree({
      'a.txt': STORY,
      'archive/old.txt': STORY,
      'archive/keep.txt': STORY,
      'archive/.gitignore': '!keep.txt\n',
      '.dupgrafignore': 'archive\n',
    });
    expect((await found(root)).paths).toEqual(['a.txt']);
  });

  test('an ignored file named explicitly is read', async () => {
    expect((await found(root, {}, ['drafts/d.txt', '.'])).paths).toContain('drafts/d.txt');
  });

  test('the CLI honours them end to end', () => {
    const r = dupgraf(['scan', '.', '-f', 'json', '--exclude', 'c.*'], { cwd: root });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.documents.map((d: { path: string }) => d.path)).toEqual([
      'a.txt',
      'b.md',
      'wire/e.txt',
      'wire/sub/keep.txt',
    ]);
    expect(report.clusters[0].size).toBe(4);
    const all = JSON.parse(
      dupgraf(['scan', '.', '-f', 'json', '--no-ignore'], { cwd: root }).stdout,
    );
    expect(all.summary.documents).toBe(9);
  });
});

describe('symbolic links', () => {
  test('a loop is detected and reported; the walk ends', async () => {
    const root = tree({ 'a/story.txt': STORY, 'a/b/other.txt': STORY });
    fs.symlinkSync('..', path.join(root, 'a/b/up'));
    fs.symlinkSync(root, path.join(root, 'a/b/root'));
    const { paths, warnings } = await found(root);
    expect(paths).toEqual(['a/b/other.txt', 'a/story.txt']);
    expect(warnings).toEqual([
      { path: 'a/b/root', message: 'skipped: symbolic link loop' },
      { path: 'a/b/up', message: 'skipped: symbolic link loop' },
    ]);
    const r = dupgraf(['scan', '.', '-f', 'json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/a\/b\/up: skipped: symbolic link loop/);
    expect(schemaErrors(JSON.parse(r.stdout))).toBe('');
  });

  test('a two-link loop (a -> b, b -> a) ends with a warning per link; fast-glob alone would repeat files', async () => {
    const root = tree({ 'real/story.txt': STORY });
    fs.symlinkSync('b', path.join(root, 'a'));
    fs.symlinkSync('a', path.join(root, 'b'));
    fs.symlinkSync('../real', path.join(root, 'real/up'));
    fs.symlinkSync('..', path.join(root, 'real/self'));
    const { paths, warnings } = await found(root);
    expect(paths).toEqual(['real/story.txt']);
    expect(warnings).toEqual([
      { path: 'a', message: 'skipped: symbolic link loop' },
      { path: 'b', message: 'skipped: symbolic link loop' },
      { path: 'real/self', message: 'skipped: symbolic link loop' },
      { path: 'real/up', message: 'skipped: symbolic link loop' },
    ]);
    // Without our link handling, a walker that follows links (here fast-glob bounded to depth 6)
    // meets the same file again and again under longer paths.
    const followed = await fg('**/story.txt', {
      cwd: root,
      followSymbolicLinks: true,
      suppressErrors: true,
      deep: 6,
    });
    expect(followed.length).toBeGreaterThan(5);
    expect(new Set(followed.map((f) => fs.realpathSync(path.join(root, f)))).size).toBe(1);
  });

  test('a linked folder is followed once, never a second link inside it', async () => {
    const outside = tree({ 'shared/s.txt': STORY, 'elsewhere/x.txt': STORY });
    const root = tree({ 'own.txt': STORY });
    fs.symlinkSync(path.join(outside, 'shared'), path.join(root, 'linked'));
    fs.symlinkSync(path.join(outside, 'elsewhere'), path.join(outside, 'shared/further'));
    const { paths, warnings } = await found(root);
    expect(paths).toEqual(['linked/s.txt', 'own.txt']);
    expect(warnings).toEqual([
      {
        path: 'linked/further',
        message: 'skipped: link inside a linked folder (links are followed once)',
      },
    ]);
  });

  test('a file reached by two paths is read once; a broken link is a warning', async () => {
    const root = tree({ 'real/story.txt': STORY });
    fs.symlinkSync('real', path.join(root, 'alias'));
    fs.symlinkSync('real/story.txt', path.join(root, 'z-link.txt'));
    fs.symlinkSync('missing.txt', path.join(root, 'broken.txt'));
    const { paths, warnings } = await found(root);
    expect(paths).toEqual(['alias/story.txt']);
    expect(warnings).toEqual([{ path: 'broken.txt', message: 'skipped: broken symbolic link' }]);
  });

  test('a folder given by itself and through a link: the same files, whatever the order', async () => {
    const root = tree({ 'desk/a.txt': STORY, 'desk/b.txt': STORY });
    fs.symlinkSync('desk', path.join(root, 'alias'));
    for (const inputs of [
      ['desk', 'alias'],
      ['alias', 'desk'],
    ])
      expect((await found(root, {}, inputs)).paths).toEqual(['alias/a.txt', 'alias/b.txt']);
    const json = ['alias', 'desk'].map(
      (first) =>
        dupgraf(['scan', first, first === 'desk' ? 'alias' : 'desk', '-f', 'json'], { cwd: root })
          .stdout,
    );
    expect(json[0]).toBe(json[1]);
  });

  test('a link loop or a broken link named explicitly is a usage error that says so', () => {
    const root = tree({ 'a.txt': STORY });
    fs.symlinkSync('y', path.join(root, 'x'));
    fs.symlinkSync('x', path.join(root, 'y'));
    fs.symlinkSync('nowhere.txt', path.join(root, 'dangling.txt'));
    const said = (p: string) => {
      const r = dupgraf(['scan', 'a.txt', p], { cwd: root });
      return [r.code, r.stderr];
    };
    expect(said('x')).toEqual([2, 'dupgraf: x: symbolic link loop\n']);
    expect(said('dangling.txt')).toEqual([2, 'dupgraf: dangling.txt: broken symbolic link\n']);
    expect(said('none.txt')).toEqual([2, 'dupgraf: no such file or directory: none.txt\n']);
  });
});

describe('stdin', () => {
  test('`-` reads one document, named by --stdin-filename, alongside files', () => {
    const root = tree({ 'a.txt': `Headline\n\n${STORY}\n` });
    const r = dupgraf(['scan', '-', '.', '-f', 'json', '--stdin-filename', 'desk/new.txt'], {
      cwd: root,
      input: `Other opening paragraph.\n\n${STORY}\n`,
    });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.clusters).toHaveLength(1);
    expect(
      report.clusters[0].occurrences.map(
        (o: { path: string; line: number }) => `${o.path}:${o.line}`,
      ),
    ).toEqual(['a.txt:3', 'desk/new.txt:3']);
  });

  test('without --stdin-filename the document is <stdin>; Windows-1252 is decoded', () => {
    const text = `${STORY} Caf\u00e9 owners said so.`;
    const r = dupgraf(['scan', '-', '-f', 'json'], {
      input: Buffer.from(`${text}\n\n${text}\n`, 'latin1'),
    });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.documents[0].path).toBe('<stdin>');
    expect(report.clusters[0].text).toContain('Café');
  });
});

describe('file names with line breaks', () => {
  test('are found (fast-glob leaves them out), and shown escaped in the text report', async () => {
    const root = tree({
      'a.txt': STORY,
      'c\nd.txt': STORY,
      'e\rf.txt': STORY,
      'd\nx/in.txt': STORY,
      'd\nx/skip.rtf': STORY,
      'ok/g\nh.txt': STORY,
      '.hidden/i\nj.txt': STORY,
      'node_modules/k\nl.txt': STORY,
      'ignored\nm.txt': STORY,
      '.gitignore': 'ignored*\n',
    });
    expect((await found(root)).paths).toEqual([
      'a.txt',
      'c\nd.txt',
      'd\nx/in.txt',
      'e\rf.txt',
      'ok/g\nh.txt',
    ]);
    const r = dupgraf(['scan', '.'], { cwd: root });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('      c\\nd.txt:1 ');
    expect(r.stdout).toContain('      e\\rf.txt:1 ');
    expect(r.stdout).toMatch(/^5 stories, 5 paragraphs compared/m);
    const json = JSON.parse(dupgraf(['scan', '.', '-f', 'json'], { cwd: root }).stdout);
    expect(json.documents.map((d: { path: string }) => d.path)).toContain('d\nx/in.txt');
  });
});

describe("dupgraf's own files", () => {
  test('are not stories when met in a folder (named explicitly, they are read)', async () => {
    const root = tree({
      'a.txt': STORY,
      'package.json': '{"name": "desk", "dupgraf": {"threshold": 0.8}}',
      'dupgraf.config.json': '{"threshold": 0.8}',
      'dupgraf.approved.json': '{"version": 1, "entries": []}',
      'dupgraf.baseline': '',
      'wire/package.json': '{"name": "wire"}',
      'wire/b.json': `{"id": "b", "text": "${STORY}"}`,
    });
    expect((await found(root, { extensions: ['txt', 'json', 'baseline'] })).paths).toEqual([
      'a.txt',
      'wire/b.json',
    ]);
    expect((await found(root, {}, ['package.json'])).paths).toEqual(['package.json']);
    // --strict fails on warnings: the config files gave "has no text" warnings before.
    const r = dupgraf(['scan', '.', '--strict'], { cwd: root });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toMatch(/^2 stories, /m);
  });
});
