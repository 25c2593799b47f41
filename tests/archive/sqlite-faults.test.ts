/**
 * The SQLite index under faults, as an integrator meets them: two processes creating one index
 * at once, read-only folders and mounts, damaged pages and flipped bits, an index from a newer
 * dupgraf, unreadable settings, a full disk, and a creation-only setting given again. Each ends
 * either in the right answer or in a one-line index error (exit 2) with the file untouched.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import Database from 'better-sqlite3';
import { DupgrafError, IndexFileError, openIndex } from '../../src/index.js';
import { INDEX_FORMAT_VERSION, openSqliteIndex, type SqliteIndex } from '../../src/engine-api.js';
import { damagePostingLeaf, makeTemp, removeTemp } from '../helpers/archive.js';
import {
  damagedIndexError,
  damageFound,
  renamedIndexError,
} from '../../src/archive/index-errors.js';
import { buildSqliteIndex } from '../../src/archive/sqlite-index.js';
import { dupgraf as runCli, dupgrafAsync, writeTree } from '../helpers/cli.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';
import { mulberry32, randomDocuments } from '../helpers/random.js';
import { inMountNamespace } from '../helpers/namespaces.js';
import { describeNeeding } from '../helpers/requirements.js';

let tmp: string;
beforeAll(() => {
  tmp = makeTemp();
  // Stories: three sets of random news-like documents, and one set to query with.
  const docs = randomDocuments(23, 160, 400);
  const tree: Record<string, string> = {};
  docs.forEach((d, i) => (tree[`${['a', 'b', 'q', 'c'][i % 4]}/${d.path}`] = d.text));
  writeTree(tmp, tree);
});
afterAll(() => removeTemp(tmp));

const dupgraf = (args: string[], cwd = tmp) => runCli(args, { cwd });
const noStack = (stderr: string) => !/\n\s+at |internal error/.test(stderr);

/** Builds a fresh index of folders a and b in `dir`; returns its path. */
function buildIndex(name: string): string {
  const idx = path.join(tmp, name);
  const r = dupgraf(['index', 'add', 'a', 'b', '--index', idx]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return idx;
}

describe('creating one index from two processes at once', () => {
  test('20 pairs of racing creators: both succeed, the index holds both sets, verify passes', async () => {
    // Two small processes per pair, each adding its own folder to a new index through the API's
    // openSqliteIndex (the code path of `index add`), started together.
    const creator = path.join(tmp, 'creator.mjs');
    fs.writeFileSync(
      creator,
      `import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openSqliteIndex } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist/archive/sqlite-index.js')).href)};
const [file, folder] = process.argv.slice(2);
const documents = fs.readdirSync(folder).sort().map((n) => ({ path: folder + '/' + n, text: fs.readFileSync(path.join(folder, n), 'utf8') }));
const index = openSqliteIndex(file);
index.addMany(documents);
index.close();
`,
    );
    const start = (file: string, folder: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [creator, file, folder], {
          cwd: tmp,
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const a = fs.readdirSync(path.join(tmp, 'a')).length;
    const c = fs.readdirSync(path.join(tmp, 'c')).length;
    for (let pair = 0; pair < 20; pair++) {
      const idx = path.join(tmp, `race-${pair}.dupgraf.db`);
      const runs = await Promise.all([start(idx, 'a'), start(idx, 'c')]);
      for (const r of runs) expect({ pair, ...r }).toEqual({ pair, code: 0, stderr: '' });
      const index = openSqliteIndex(idx, { create: false, readonly: true });
      expect(index.stats().stories).toBe(a + c);
      expect(index.verify()).toEqual([]);
      index.close();
    }
    // And through the CLI.
    const idx = path.join(tmp, 'race-cli.dupgraf.db');
    const runs = await Promise.all(
      ['a', 'c'].map((folder) =>
        dupgrafAsync(['index', 'add', folder, '--index', idx], { cwd: tmp }),
      ),
    );
    for (const r of runs)
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(dupgraf(['index', 'verify', '--index', idx]).stdout).toMatch(
      new RegExp(`ok \\(${a + c} stories`),
    );
  }, 600_000);
});

describe('format version, settings, creation-only options', () => {
  test('a new index records its format in user_version and application_id', () => {
    const idx = buildIndex('version.dupgraf.db');
    const db = new Database(idx, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(INDEX_FORMAT_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(0x64677266);
    db.close();
  });

  const everyCommand = (idx: string) => [
    ['index', 'add', 'q', '--index', idx],
    ['index', 'remove', 'a', '--index', idx],
    ['index', 'prune', '--older-than', '1d', '--index', idx],
    ['index', 'stats', '--index', idx],
    ['index', 'verify', '--index', idx],
    ['scan', 'q', '--index', idx],
    ['check', 'q', '--index', idx],
  ];

  function expectRefusedEverywhere(idx: string, message: RegExp, damaged = false) {
    const before = fs.readFileSync(idx);
    for (const args of everyCommand(idx)) {
      const r = dupgraf(args);
      if (args[1] === 'verify' && damaged) {
        // `index verify` lists the damage it meets opening the file: a problem found, exit 1.
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 1, stderr: '' });
        expect(r.stdout).toMatch(/: 1 problem\(s\):\n {2}damaged: /);
      } else {
        expect({ args, code: r.code }).toEqual({ args, code: 2 });
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
      }
      expect(fs.readFileSync(idx).equals(before)).toBe(true);
    }
  }

  test('an index from a newer dupgraf says to upgrade, and is left untouched', () => {
    const idx = buildIndex('newer.dupgraf.db');
    const db = new Database(idx);
    db.pragma(`user_version = ${INDEX_FORMAT_VERSION + 1}`);
    db.close();
    expectRefusedEverywhere(
      idx,
      new RegExp(
        `made by a newer dupgraf \\(index format ${INDEX_FORMAT_VERSION + 1}; this dupgraf reads format ${INDEX_FORMAT_VERSION}\\); upgrade dupgraf`,
      ),
    );
  });

  test('an index of an older format is refused until `index migrate` brings it up to date', () => {
    const idx = buildIndex('older.dupgraf.db');
    const expected = dupgraf(['check', 'q', '--index', idx, '-f', 'json']).stdout;
    // Format 1: paragraphs had no text of their own, stories no publication date.
    const db = new Database(idx);
    db.exec('ALTER TABLE paragraph DROP COLUMN body');
    db.exec('ALTER TABLE story DROP COLUMN published');
    db.prepare("UPDATE meta SET value = '1' WHERE key = 'format'").run();
    db.pragma('user_version = 1');
    db.close();
    for (const args of [
      ['check', 'q', '--index', idx],
      ['index', 'add', 'q', '--index', idx],
    ]) {
      const r = dupgraf(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /has index format 1; this dupgraf uses format 4: run `dupgraf index migrate --index /,
      );
    }
    expect(dupgraf(['index', 'migrate', '--index', idx]).stdout).toMatch(
      /older\.dupgraf\.db: migrated from version 1 to 4/,
    );
    expect(dupgraf(['index', 'migrate', '--index', idx]).stdout).toMatch(
      /up to date \(version 4\)/,
    );
    expect(dupgraf(['check', 'q', '--index', idx, '-f', 'json']).stdout).toBe(expected);
    expect(dupgraf(['index', 'verify', '--index', idx]).code).toBe(0);
  });

  test('settings that are not JSON: a clear index error, no stack trace', () => {
    const idx = buildIndex('settings.dupgraf.db');
    const db = new Database(idx);
    db.prepare("UPDATE meta SET value = '{shingleSize: 3' WHERE key = 'settings'").run();
    db.close();
    expectRefusedEverywhere(
      idx,
      /settings\.dupgraf\.db is damaged \(its settings are not valid JSON\)/,
      true,
    );
  });

  test('no format version: index verify lists the damage (exit 1) though the error has no SQLite detail', () => {
    const idx = buildIndex('unversioned.dupgraf.db');
    const db = new Database(idx);
    db.pragma('user_version = 0');
    db.close();
    // The error is made by inspectDatabase, not damagedIndexError: told by its code all the same.
    expectRefusedEverywhere(
      idx,
      /unversioned\.dupgraf\.db is damaged or not a dupgraf index \(no format version\)/,
      true,
    );
    expect(dupgraf(['index', 'verify', '--index', idx]).stdout).toMatch(
      /unversioned\.dupgraf\.db: 1 problem\(s\):\n {2}damaged: no format version/,
    );
  });

  test('a damaged-index error is told by its code, also re-made (renamed, as the build does)', async () => {
    const made = damagedIndexError(
      'a.db.build-1-x',
      'database disk image is malformed (SQLITE_CORRUPT)',
    );
    expect(damageFound(made)).toBe('database disk image is malformed (SQLITE_CORRUPT)');
    const renamed = renamedIndexError(made, 'a.db.build-1-x', 'a.db') as IndexFileError;
    expect(renamed).toBeInstanceOf(IndexFileError);
    expect(renamed).toMatchObject({ code: 'INDEX_DAMAGED', detail: made.detail });
    expect(renamed.message).toMatch(/^a\.db is damaged \(/);
    expect(damageFound(renamed)).toBe(made.detail);
    // Re-made without its detail: still damage, said by its message.
    expect(damageFound(new IndexFileError('x.db is damaged (who knows)', 'INDEX_DAMAGED'))).toBe(
      'x.db is damaged (who knows)',
    );
    expect(damageFound(new IndexFileError('x.db is locked', 'INDEX_LOCKED'))).toBeUndefined();
    expect(damageFound(new Error('INDEX_DAMAGED'))).toBeUndefined();
    // The build re-names its file's errors by the index's name, keeping code and detail.
    const file = path.join(tmp, 'built-damaged.dupgraf.db');
    const failed = await buildSqliteIndex(file, {}, async (index) => {
      throw damagedIndexError(index.file, 'a posting names text 7, which is not stored');
    }).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(IndexFileError);
    expect(failed).toMatchObject({
      code: 'INDEX_DAMAGED',
      detail: 'a posting names text 7, which is not stored',
      message: expect.stringMatching(/^\S*built-damaged\.dupgraf\.db is damaged \(a posting/),
    });
    expect(damageFound(failed)).toBe('a posting names text 7, which is not stored');
    expect(fs.readdirSync(tmp).filter((f) => f.startsWith('built-damaged'))).toEqual([]);
  });

  test('--lowest-threshold on an existing index is refused unless it is the index’s own', () => {
    const idx = buildIndex('lowest.dupgraf.db');
    const before = fs.readFileSync(idx);
    const r = dupgraf(['index', 'add', 'q', '--index', idx, '--lowest-threshold', '0.6']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /built with --lowest-threshold 0\.5, this run asks for 0\.6 \(the lowest threshold is chosen when an index is made\)/,
    );
    expect(fs.readFileSync(idx).equals(before)).toBe(true);
    expect(dupgraf(['index', 'add', 'q', '--index', idx, '--lowest-threshold', '0.5']).code).toBe(
      0,
    );
  });
});

describe('damaged files: exit 2 and untouched, or the right answer; never a stack trace', () => {
  const probes = () =>
    fs
      .readdirSync(path.join(tmp, 'q'))
      .sort()
      .map((n) => ({
        path: `q/${n}`,
        text: fs.readFileSync(path.join(tmp, 'q', n), 'utf8'),
      }));

  /** Everything the queries of check and scan read, or the error they meet. */
  function answers(idx: string): unknown {
    let index: SqliteIndex | undefined;
    try {
      index = openSqliteIndex(idx, { create: false, readonly: true });
      const docs = probes();
      const results = docs.map((d) => index!.query(d));
      const texts = results.flatMap((r) =>
        r.paragraphs.flatMap((p) => p.duplicates.map((m) => index!.paragraphText(m.path, m.line))),
      );
      return {
        results,
        texts,
        matching: index.archiveParagraphsMatching(docs),
        stats: index.stats(),
      };
    } catch (error) {
      if (!(error instanceof DupgrafError)) throw error; // a raw error: what must never happen
      return error;
    } finally {
      index?.close();
    }
  }

  test('a 4 KiB page overwritten with random bytes, one page at a time', () => {
    const good = buildIndex('pages.dupgraf.db');
    const bytes = fs.readFileSync(good);
    const pages = bytes.length / 4096;
    expect(pages).toBeGreaterThan(8);
    const expected = answers(good);
    const rnd = mulberry32(7);
    let refused = 0;
    const idx = path.join(tmp, 'page.dupgraf.db');
    for (let page = 0; page < pages; page++) {
      const damaged = Buffer.from(bytes);
      for (let i = 0; i < 4096; i++) damaged[page * 4096 + i] = Math.floor(rnd() * 256);
      fs.writeFileSync(idx, damaged);
      const got = answers(idx);
      if (got instanceof IndexFileError) {
        expect(got.code === 'INDEX_DAMAGED' || got.code === 'INDEX_FOREIGN').toBe(true);
        refused++;
      } else {
        // Not refused: then the page was not needed, and the answer is the undamaged one.
        expect({ page, got }).toEqual({ page, got: expected });
      }
      // Opened for writing (index add), the whole file is checked first: nothing is written.
      expect(() => openSqliteIndex(idx).close()).toThrow(/is damaged|not a dupgraf index/);
      expect(fs.readFileSync(idx).equals(damaged)).toBe(true);
    }
    expect(refused).toBeGreaterThan(pages / 2);

    // The CLI: exit 2, one line, the file untouched, for every command.
    const damaged = Buffer.from(bytes);
    damaged.fill(0x5a, 4096 * (pages - 2), 4096 * (pages - 1));
    fs.writeFileSync(idx, damaged);
    for (const args of [
      ['check', 'q', '--index', idx],
      ['scan', 'q', '--index', idx],
      ['index', 'add', 'q', '--index', idx],
      ['index', 'remove', 'a', '--index', idx],
    ]) {
      const r = dupgraf(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(
        /^dupgraf: .*page\.dupgraf\.db is damaged \(.*\); it was left untouched/,
      );
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(fs.readFileSync(idx).equals(damaged)).toBe(true);
    }
  });

  test('30 copies with 8 flipped bits each: an answer or an index error, never a raw error', () => {
    const good = buildIndex('flips.dupgraf.db');
    const bytes = fs.readFileSync(good);
    const rnd = mulberry32(11);
    let refused = 0;
    const idx = path.join(tmp, 'flip.dupgraf.db');
    for (let copy = 0; copy < 30; copy++) {
      const damaged = Buffer.from(bytes);
      for (let f = 0; f < 8; f++) {
        const at = 100 + Math.floor(rnd() * (damaged.length - 100));
        damaged[at] ^= 1 << Math.floor(rnd() * 8);
      }
      fs.writeFileSync(idx, damaged);
      if (answers(idx) instanceof IndexFileError) refused++;
      expect(fs.readFileSync(idx).equals(damaged)).toBe(true);
      if (copy < 3) {
        const r = dupgraf(['check', 'q', '--index', idx, '-f', 'json']);
        expect(noStack(r.stderr)).toBe(true);
        expect([0, 1, 2]).toContain(r.code);
      }
    }
    expect(refused).toBeGreaterThan(0);
  });

  test('index verify lists the damage (exit 1) wherever 12 KiB are overwritten, never refuses', () => {
    const good = buildIndex('verify-me.dupgraf.db');
    const bytes = fs.readFileSync(good);
    const pages = bytes.length / 4096;
    const idx = path.join(tmp, 'verify-damaged.dupgraf.db');
    for (let at = 1; at + 3 < pages; at += Math.max(1, Math.floor(pages / 12))) {
      const damaged = Buffer.from(bytes);
      damaged.fill(0x5a, 4096 * at, 4096 * (at + 3));
      fs.writeFileSync(idx, damaged);
      const r = dupgraf(['index', 'verify', '--index', idx]);
      expect({ at, code: r.code, stderr: r.stderr }).toEqual({ at, code: 1, stderr: '' });
      expect(r.stdout).toMatch(/verify-damaged\.dupgraf\.db: \d+ problem\(s\):\n {2}\S/);
      expect(fs.readFileSync(idx).equals(damaged)).toBe(true);
    }
  });

  test('a new index whose folder is missing: one line, exit 2 (CLI and API)', async () => {
    const r = dupgraf(['index', 'add', 'a', '--index', 'no/such/folder/x.db']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dupgraf: cannot create no/such/folder/x.db: its folder does not exist\n',
    );
    await expect(openIndex(path.join(tmp, 'nowhere', 'x.db'))).rejects.toMatchObject({
      code: 'INDEX_MISSING',
      message: expect.stringMatching(/nowhere\/x\.db: its folder does not exist$/),
    });
    expect(fs.existsSync(path.join(tmp, 'no'))).toBe(false);
  });

  test('--no-quick-check: a write that touches no damaged page runs; index verify still finds it', () => {
    const idx = buildIndex('unchecked.dupgraf.db');
    // A posting leaf in the middle of the table: `index remove` of a path the index does not
    // hold reads the story table only.
    damagePostingLeaf(idx);
    const checked = dupgraf(['index', 'remove', 'nowhere', '--index', idx]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(/unchecked\.dupgraf\.db is damaged .*it was left untouched/);
    const unchecked = dupgraf(['index', 'remove', 'nowhere', '--index', idx, '--no-quick-check']);
    expect({ code: unchecked.code, stderr: unchecked.stderr }).toEqual({ code: 0, stderr: '' });
    expect(unchecked.stdout).toMatch(/^removed 0 stories from /);
    const verify = dupgraf(['index', 'verify', '--index', idx]);
    expect(verify.code).not.toBe(0);
    expect(noStack(verify.stderr)).toBe(true);
  });

  test('--no-quick-check: an add that meets the damage says what it wrote, not "left untouched"', () => {
    const idx = buildIndex('unchecked-add.dupgraf.db');
    damagePostingLeaf(idx);
    const before = fs.readFileSync(idx);
    // Checked first: refused before any write, the file untouched (and said so).
    const checked = dupgraf(['index', 'add', 'q', 'c', '--index', idx]);
    expect(checked.code).toBe(2);
    expect(checked.stderr).toMatch(
      /unchecked-add\.dupgraf\.db is damaged \(.*\); it was left untouched\./,
    );
    expect(fs.readFileSync(idx).equals(before)).toBe(true);
    // Unchecked: switching to WAL mode writes the header before the add meets the damaged page.
    const r = dupgraf(['index', 'add', 'q', 'c', '--index', idx, '--no-quick-check']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(noStack(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(
      /^dupgraf: \S*unchecked-add\.dupgraf\.db is damaged \(database disk image is malformed \(SQLITE_CORRUPT\)\); the transaction that met it was rolled back, but this run had already written to the file \(its header, when it switched to WAL mode, and any batches committed before, which are kept\)\. `dupgraf index verify/,
    );
    expect(r.stderr).not.toMatch(/untouched/);
    expect(fs.readFileSync(idx).equals(before)).toBe(false);
    // The stories are those of before (the batch that met the damage was rolled back).
    const verify = dupgraf(['index', 'verify', '--index', idx]);
    expect(verify.code).toBe(1);
  });
});

describeNeeding(['namespaces'], 'read-only mounts and full disks (mount namespaces)', () => {
  const run = (script: string) => inMountNamespace(script, { cwd: tmp });
  const cli = `"${process.execPath}" "${BIN}"`;

  test('a read-only index answers queries; writing says read-only; a WAL-mode one says why it cannot', () => {
    const dir = path.join(tmp, 'ro');
    fs.mkdirSync(dir);
    const idx = path.join(dir, 'archive.dupgraf.db');
    expect(dupgraf(['index', 'add', 'a', 'b', '--index', idx]).code).toBe(0);
    const expected = dupgraf(['check', 'q', '--index', idx, '-f', 'json']);
    const mount = `mount --bind "${dir}" "${dir}" && mount -o remount,bind,ro "${dir}"`;
    let r = run(`${mount} && ${cli} check q --index "${idx}" -f json`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(expected.code);
    expect(r.stdout).toBe(expected.stdout);
    for (const command of ['stats', 'verify']) {
      r = run(`${mount} && ${cli} index ${command} --index "${idx}"`);
      expect({ command, code: r.code, stderr: r.stderr }).toEqual({ command, code: 0, stderr: '' });
    }
    r = run(`${mount} && ${cli} scan q --index "${idx}"`);
    expect(r.code).toBe(0);
    r = run(`${mount} && ${cli} index add q --index "${idx}"`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^dupgraf: cannot write .*archive\.dupgraf\.db: it, its folder or its file system is read-only/,
    );
    expect(noStack(r.stderr)).toBe(true);
    // A new index in that folder: named as given, not by its build file.
    r = run(`${mount} && ${cli} index add q --index "${dir}/new.dupgraf.db"`);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `dupgraf: cannot create ${dir}/new.dupgraf.db: its folder is read-only for this user\n`,
    );
    // An index left in WAL mode needs a -shm file beside it, which a read-only folder refuses.
    const db = new Database(idx);
    db.pragma('journal_mode = WAL');
    db.close();
    r = run(`${mount} && ${cli} check q --index "${idx}"`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cannot read .* read-only: it is in WAL mode and this user cannot create archive\.dupgraf\.db-shm/,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test('disk full while creating, and while adding: "disk full", and what was committed is kept', () => {
    const dir = path.join(tmp, 'full');
    fs.mkdirSync(dir);
    const tiny = `mount -t tmpfs -o size=24k tmpfs "${dir}"`;
    let r = run(`${tiny} && ${cli} index add a --index "${dir}/i.db"`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dupgraf: disk full: cannot (write|build) .*i\.db/);
    expect(noStack(r.stderr)).toBe(true);
    const small = `mount -t tmpfs -o size=320k tmpfs "${dir}"`;
    r = run(
      `${small} && ${cli} index add a --index "${dir}/i.db" && ${cli} index add b c q --index "${dir}/i.db" --batch-size 5; ` +
        `echo "exit $?"; ${cli} index verify --index "${dir}/i.db"`,
    );
    expect(r.stderr).toMatch(
      /^dupgraf: disk full: cannot write .*i\.db .*what was committed is kept/,
    );
    expect(r.stdout).toMatch(/exit 2\n/);
    expect(r.stdout).toMatch(/i\.db: ok \(/);
  });
});
