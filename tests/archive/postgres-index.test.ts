/**
 * The PostgreSQL archive index against a real PostgreSQL server started for this file
 * (tests/helpers/postgres.ts): the same answers as the in-memory corpus, the SQLite index and a
 * full scan; the CLI with `--index postgres://…` and DUPGRAF_INDEX_URL; migrations; several
 * writer processes at once; and the server stopped in the middle of an `index add`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { Corpus, openIndex, type QueryResult } from '../../src/index.js';
import {
  NORMALIZATION_VERSION,
  PG_MIGRATIONS,
  detect,
  openSqliteIndex,
} from '../../src/engine-api.js';
import { makeTemp, removeTemp, reutersSample, sampleCorpus } from '../helpers/archive.js';
import { dupgraf as runCli, dupgrafAsync, writeTree } from '../helpers/cli.js';
import { BIN, REPO_ROOT } from '../helpers/paths.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { randomDocuments } from '../helpers/random.js';
import { describeNeeding } from '../helpers/requirements.js';

/** `line>path:line=jaccard` keys of every match (duplicates and partials) of some queries. */
function keys(results: QueryResult[]): string[] {
  return results
    .flatMap((r) =>
      r.paragraphs.flatMap((p) =>
        [...p.duplicates, ...p.partials].map(
          (m) => `${r.path}:${p.line}>${m.path}:${m.line}=${m.jaccard}/${m.containmentQuery}`,
        ),
      ),
    )
    .sort();
}

/**
 * Archives half of `documents` in PostgreSQL and in SQLite, queries the other half: the
 * answers of both equal the in-memory corpus's, and their duplicates the full scan's pairs.
 */
async function sameAnswers(
  server: TestPostgres,
  tmp: string,
  schema: string,
  documents: { path: string; text: string }[],
  options: { threshold?: number; containment?: number } = {},
) {
  const archived = documents.filter((_, i) => i % 2 === 0);
  const probes = documents.filter((_, i) => i % 2 === 1);
  const index = await openIndex(server.url(schema), options);
  const lite = openSqliteIndex(path.join(tmp, `${schema}.dupgraf.db`), options);
  const corpus = new Corpus(options);
  try {
    await index.addMany(archived);
    lite.addMany(archived);
    for (const d of archived) corpus.add(d);
    const fromPg: QueryResult[] = [];
    for (const d of probes) fromPg.push(await index.query(d));
    const expected = probes.map((d) => corpus.query(d));
    expect(fromPg).toEqual(expected);
    expect(probes.map((d) => lite.query(d))).toEqual(expected);
    expect(await index.archiveParagraphsMatching(probes)).toEqual(
      lite.archiveParagraphsMatching(probes),
    );
    // The full scan's duplicate pairs between a probe and an archived story.
    const archivedPaths = new Set(archived.map((d) => d.path));
    const probePaths = new Set(probes.map((d) => d.path));
    const pairs = detect(documents, { ...options, pairs: true })
      .pairs!.flatMap((p) => {
        if (probePaths.has(p.a.path) && archivedPaths.has(p.b.path)) return [[p.a, p.b, p]];
        if (probePaths.has(p.b.path) && archivedPaths.has(p.a.path)) return [[p.b, p.a, p]];
        return [];
      })
      .map(([x, y, p]) => {
        const a = x as { path: string; line: number };
        const b = y as { path: string; line: number };
        return `${a.path}:${a.line}>${b.path}:${b.line}=${(p as { jaccard: number }).jaccard}`;
      })
      .sort();
    const duplicates = fromPg
      .flatMap((r) =>
        r.paragraphs.flatMap((p) =>
          p.duplicates.map((m) => `${r.path}:${p.line}>${m.path}:${m.line}=${m.jaccard}`),
        ),
      )
      .sort();
    expect(duplicates).toEqual(pairs);
    expect(await index.stats()).toEqual(corpus.stats());
    expect(await index.verify()).toEqual([]);
    return keys(fromPg);
  } finally {
    await index.close();
    lite.close();
  }
}

/** One story whose two paragraphs share a line (as HTML from a CMS often is). */
const ONE_LINE_HTML =
  '<html><body><p>The council said on Tuesday that the ring road would stay closed for another week.</p>' +
  '<p>Officials said repairs to the bridge deck had taken longer than planned this month.</p></body></html>\n';

describeNeeding(['postgres'], 'the PostgreSQL archive index (a real PostgreSQL server)', () => {
  let server: TestPostgres;
  let tmp: string;
  beforeAll(() => {
    server = startPostgres();
    tmp = makeTemp();
  });
  afterAll(() => {
    server?.stop();
    removeTemp(tmp);
  });
  const dupgraf = (args: string[], env: Record<string, string> = {}) =>
    runCli(args, { cwd: tmp, env });

  describe('exact answers', () => {
    test('corpus/: PostgreSQL = SQLite = in-memory corpus = full scan', async () => {
      expect((await sameAnswers(server, tmp, 'corpus', sampleCorpus())).length).toBeGreaterThan(5);
    });

    test.each([
      [0.5, 0.5],
      [0.8, 0.6],
    ])('random documents at threshold %p, containment %p', async (threshold, containment) => {
      await sameAnswers(server, tmp, `random_${threshold * 10}`, randomDocuments(31, 120), {
        threshold,
        containment,
      });
    });

    test('updates, removals and prune keep the answers exact and the index sound', async () => {
      const documents = randomDocuments(77, 90);
      const index = await openIndex(server.url('updates'), { threshold: 0.6, containment: 0.5 });
      const corpus = new Corpus({ threshold: 0.6, containment: 0.5 });
      try {
        const archived = documents.slice(0, 60);
        await index.addMany(archived.map((d, i) => ({ ...d, date: Date.UTC(2020 + (i % 5), 0) })));
        for (const d of archived) corpus.add(d);
        const removed = archived.filter((_, i) => i % 3 === 0).map((d) => d.path);
        expect(await index.removeMany(removed)).toBe(removed.length);
        for (const p of removed) corpus.remove(p);
        const changed = archived
          .filter((_, i) => i % 3 === 1)
          .map((d, i, all) => ({ path: d.path, text: all[(i + 1) % all.length].text }));
        await index.addMany(changed);
        for (const d of changed) corpus.add(d);
        const pruned = await index.prune(Date.UTC(2022, 0));
        for (const p of pruned) corpus.remove(p);
        expect(pruned.length).toBeGreaterThan(0);
        for (const d of documents.slice(60)) expect(await index.query(d)).toEqual(corpus.query(d));
        expect(await index.stats()).toEqual(corpus.stats());
        expect(await index.verify()).toEqual([]);
        await index.removeMany(await index.paths());
        expect(await index.describe()).toMatchObject({ stories: 0, postings: 0 });
        expect(await index.verify()).toEqual([]);
      } finally {
        await index.close();
      }
    });
  });

  describe('the CLI', () => {
    test('index add/stats/verify/remove/prune, scan --index and check --index: the same as with SQLite', () => {
      const url = server.url('cli');
      const file = path.join(tmp, 'cli.dupgraf.db');
      fs.cpSync(path.join(REPO_ROOT, 'corpus'), path.join(tmp, 'corpus'), { recursive: true });
      const archive = ['corpus/port-strike', 'corpus/river-flood'];
      for (const index of [url, file]) {
        const r = dupgraf(['index', 'add', ...archive, '--index', index]);
        expect(r.stderr).toBe('');
        expect(r.stdout).toMatch(/^added 13, updated 0, unchanged 0 \(84 paragraphs stored\)/);
      }
      expect(dupgraf(['index', 'add', ...archive, '--index', url]).stdout).toMatch(
        /^added 0, updated 0, unchanged 13 /,
      );
      const shown = url.replace(/&?schema=cli/, '');
      for (const args of [
        ['scan', 'corpus/rate-decision', '-f', 'json'],
        ['check', 'corpus/rate-decision', '-f', 'json'],
      ]) {
        const viaPg = dupgraf([...args, '--index', url]);
        const viaFile = dupgraf([...args, '--index', file]);
        expect(viaPg.stderr).toBe('');
        expect(viaPg.code).toBe(viaFile.code);
        expect(JSON.parse(viaPg.stdout.replaceAll(url, 'INDEX'))).toEqual(
          JSON.parse(
            viaFile.stdout.replaceAll(file, 'INDEX').replaceAll('cli.dupgraf.db', 'INDEX'),
          ),
        );
        expect(shown).not.toContain('schema');
      }
      // DUPGRAF_INDEX_URL stands for --index (index commands, and check without --against).
      const env = { DUPGRAF_INDEX_URL: url };
      expect(dupgraf(['index', 'verify'], env).stdout).toMatch(/: ok \(13 stories, 84 paragraphs/);
      const check = dupgraf(['check', 'corpus/rate-decision', '-f', 'json'], env);
      expect(JSON.parse(check.stdout).summary).toEqual(
        JSON.parse(dupgraf(['check', 'corpus/rate-decision', '-f', 'json', '--index', file]).stdout)
          .summary,
      );
      const stats = JSON.parse(dupgraf(['index', 'stats', '-f', 'json'], env).stdout);
      expect(stats).toMatchObject({ stories: 13, paragraphs: 84 });
      // Dates as ISO 8601, as from an SQLite index (and as createdAt and /v1/stats).
      expect(stats.oldest).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(stats.newest).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(dupgraf(['index', 'remove', 'corpus/river-flood', '--index', url]).stdout).toMatch(
        /^removed 7 stories/,
      );
      expect(dupgraf(['index', 'prune', '--older-than', '0h', '--index', url]).stdout).toMatch(
        /^pruned 6 stories/,
      );
      expect(dupgraf(['index', 'verify', '--index', url]).stdout).toMatch(/: ok \(0 stories/);
      // A password never shows.
      const secret = url.replace('postgres@', 'postgres:hunter2@');
      const shownSecret = dupgraf(['index', 'stats', '--index', secret]);
      expect(shownSecret.stdout + shownSecret.stderr).not.toContain('hunter2');
      // Missing index, unreachable server: one line, exit 2.
      let r = dupgraf(['index', 'stats', '--index', server.url('nothing_here')]);
      expect(r.code).toBe(2);
      // The URL as given (its schema and socket folder), so the suggested command is right.
      const nothing = server.url('nothing_here');
      expect(r.stderr).toBe(
        `dupgraf: no index at ${nothing}; create one with \`dupgraf index add <paths..> --index ${nothing}\`\n`,
      );
      // libpq's socket form, an empty host, is read as pg reads it.
      const socketForm = url.replace('postgres@localhost/', 'postgres@/');
      expect(socketForm).not.toBe(url);
      r = dupgraf(['index', 'stats', '--index', socketForm]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(/^index {7}postgres:\/\/postgres@\/postgres\?host=/);
      // A URL that cannot be read: one line, exit 2, never the password.
      r = dupgraf(['index', 'stats', '--index', 'postgres://postgres:hunter2@local host/x']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        'dupgraf: not a valid PostgreSQL URL: postgres://postgres:***@local host/x\n',
      );
      r = dupgraf(['scan', 'corpus/rate-decision', '--index', 'postgres://nobody@localhost:1/x']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^dupgraf: cannot connect to postgres:\/\/nobody@localhost:1\/x/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });

    test('migrations: an older schema is refused until `index migrate`; a newer one says upgrade', async () => {
      const url = server.url('old');
      const client = new pg.Client({ connectionString: url.replace(/&schema=old$/, '') });
      await client.connect();
      try {
        // A schema made by a dupgraf that knew only the first migration.
        await client.query('CREATE SCHEMA old');
        await client.query('CREATE TABLE old.meta (key text PRIMARY KEY, value text NOT NULL)');
        await client.query(PG_MIGRATIONS[0].sql('old'));
        const settings = {
          shingleSize: 3,
          minWords: 8,
          normalizationVersion: NORMALIZATION_VERSION,
          lowestThreshold: 0.5,
        };
        for (const [k, v] of Object.entries({
          format: '2',
          settings: JSON.stringify(settings),
          createdBy: 'dupgraf 0.0.9',
          createdAt: '2026-01-01T00:00:00.000Z',
          schema_version: '1',
        }))
          await client.query('INSERT INTO old.meta VALUES ($1, $2)', [k, v]);
        let r = dupgraf(['index', 'add', 'corpus/port-strike', '--index', url]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          /has schema version 1; this dupgraf uses version 5: run `dupgraf index migrate --index/,
        );
        r = dupgraf(['index', 'migrate', '--index', url]);
        expect(r.stdout).toMatch(/migrated from version 1 to 5/);
        expect(dupgraf(['index', 'migrate', '--index', url]).stdout).toMatch(
          /up to date \(version 5\)/,
        );
        expect(dupgraf(['index', 'add', 'corpus/port-strike', '--index', url]).code).toBe(0);
        const indexes = await client.query(
          "SELECT indexname FROM pg_indexes WHERE schemaname = 'old' ORDER BY 1",
        );
        expect(indexes.rows.map((x) => x.indexname)).toContain('paragraph_text');
        // Migration 3: the approval registry of `dupgraf serve`, one row, empty until used.
        const registry = await client.query('SELECT registry FROM old.approval_registry');
        expect(registry.rows).toEqual([{ registry: null }]);
        // Migration 4: each story's publication date, undated (NULL) for stories stored before.
        const dated = await client.query(
          'SELECT count(*)::int AS n FROM old.story WHERE published IS NOT NULL',
        );
        expect(dated.rows[0].n).toBeGreaterThan(0);
        // Migration 5: two paragraphs on one line (HTML on one line) are both stored.
        fs.mkdirSync(path.join(tmp, 'one-line'), { recursive: true });
        fs.writeFileSync(path.join(tmp, 'one-line/story.html'), ONE_LINE_HTML);
        expect(dupgraf(['index', 'add', 'one-line', '--index', url]).code).toBe(0);
        const lines = await client.query(
          `SELECT p.line, p.position FROM old.paragraph p JOIN old.story s ON s.id = p.story
            WHERE s.path LIKE '%one-line/story.html' ORDER BY p.position`,
        );
        expect(lines.rows).toEqual([
          { line: 1, position: 1 },
          { line: 1, position: 2 },
        ]);
        await client.query("UPDATE old.meta SET value = '99' WHERE key = 'schema_version'");
        r = dupgraf(['check', 'corpus/rate-decision', '--index', url]);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          /was made by a newer dupgraf \(schema version 99; this dupgraf reads version 5\); upgrade dupgraf/,
        );
      } finally {
        await client.end();
      }
    });
  });

  describe('many writers at once', () => {
    test('4 processes add disjoint sets while 2 add the same set: every story once, verify passes', async () => {
      const url = server.url('writers');
      const docs = randomDocuments(5, 240, 300);
      const tree: Record<string, string> = {};
      docs.forEach((d, i) => (tree[`w${i % 4}/${d.path}`] = d.text));
      writeTree(tmp, tree);
      const runs = await Promise.all([
        ...[0, 1, 2, 3].map((k) =>
          dupgrafAsync(['index', 'add', `w${k}`, '--index', url, '--batch-size', '7'], {
            cwd: tmp,
          }),
        ),
        // Two more writers of one set that a first writer also adds: no story twice.
        ...[0, 1].map(() =>
          dupgrafAsync(['index', 'add', 'w0', '--index', url, '--batch-size', '5'], { cwd: tmp }),
        ),
      ]);
      for (const r of runs)
        expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
      const index = await openIndex(url, { create: false });
      try {
        expect((await index.paths()).length).toBe(240);
        expect(await index.verify()).toEqual([]);
        const corpus = new Corpus();
        docs.forEach((d, i) => corpus.add({ path: `w${i % 4}/${d.path}`, text: d.text }));
        expect(await index.stats()).toEqual(corpus.stats());
        for (const d of docs.slice(0, 20))
          expect(await index.query({ path: 'probe.txt', text: d.text })).toEqual(
            corpus.query({ path: 'probe.txt', text: d.text }),
          );
      } finally {
        await index.close();
      }
    });
  });

  describe('faults', () => {
    test('a reader meets a lock held past its wait: INDEX_LOCKED in one line; a writer waits its turn', async () => {
      const url = server.url('locked');
      const docs = randomDocuments(13, 6, 200);
      const tree: Record<string, string> = {};
      for (const d of docs) tree[`locked/${d.path}`] = d.text;
      tree['locked-q.txt'] = docs[0].text;
      writeTree(tmp, tree);
      expect(dupgraf(['index', 'add', 'locked/doc000.txt', '--index', url]).code).toBe(0);
      // Another session holds the tables as the first load of a new index does.
      const holder = new pg.Client({ connectionString: url.replace(/[?&]schema=locked$/, '') });
      await holder.connect();
      await holder.query('BEGIN');
      await holder.query(
        'LOCK TABLE locked.story, locked.text, locked.paragraph, locked.posting IN ACCESS EXCLUSIVE MODE',
      );
      let writer: ReturnType<typeof spawn> | undefined;
      try {
        const index = await openIndex(url, { create: false, readonly: true, lockTimeoutMs: 300 });
        try {
          await expect(index.query({ path: 'q.txt', text: docs[0].text })).rejects.toMatchObject({
            code: 'INDEX_LOCKED',
            message: expect.stringMatching(
              /is locked by another session \(canceling statement due to lock timeout\): the first load of a new index/,
            ),
          });
        } finally {
          await index.close();
        }
        // The CLI keeps a lock_timeout the connection has (here from PGOPTIONS): exit 2, one line.
        const r = dupgraf(['check', 'locked-q.txt', '--index', url], {
          PGOPTIONS: '-c lock_timeout=300',
        });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/^dupgraf: postgres:.* is locked by another session /);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        // A writer is not limited: it waits for the lock, then adds.
        writer = spawn(process.execPath, [BIN, 'index', 'add', 'locked', '--index', url], {
          cwd: tmp,
          env: { PATH: process.env.PATH ?? '' },
        });
        let out = '';
        writer.stdout!.on('data', (d) => (out += d));
        const exited = new Promise<number | null>((resolve) => writer!.on('exit', resolve));
        const early = await Promise.race([
          exited,
          new Promise((resolve) => setTimeout(() => resolve('waiting'), 1500)),
        ]);
        expect(early).toBe('waiting');
        await holder.query('COMMIT');
        expect(await exited).toBe(0);
        expect(out).toMatch(/^added 5, updated 0, unchanged 1 /);
      } finally {
        await holder.query('ROLLBACK').catch(() => {});
        await holder.end();
        writer?.kill();
      }
    });

    test('damage met in the middle of an add: the batches committed before are kept, and the message says so', async () => {
      const url = server.url('damage');
      const docs = randomDocuments(12, 7, 500);
      writeTree(tmp, { 'damage-seed/seed.txt': docs[0].text });
      expect(dupgraf(['index', 'add', 'damage-seed', '--index', url]).code).toBe(0);
      // The server's answer to a damaged page (SQLSTATE XX001, data_corrupted), met when the
      // third batch writes its story: a row trigger raises it, as reading a bad block would.
      const client = new pg.Client({ connectionString: url.replace(/[?&]schema=damage$/, '') });
      await client.connect();
      try {
        await client.query(`CREATE FUNCTION damage.bad_block() RETURNS trigger AS $$
          BEGIN
            IF NEW.path LIKE '%z-damaged%' THEN
              RAISE EXCEPTION 'invalid page in block 7 of relation base/5/16401'
                USING ERRCODE = 'data_corrupted';
            END IF;
            RETURN NEW;
          END $$ LANGUAGE plpgsql`);
        await client.query(
          'CREATE TRIGGER bad_block BEFORE INSERT ON damage.story FOR EACH ROW EXECUTE FUNCTION damage.bad_block()',
        );
      } finally {
        await client.end();
      }
      const tree: Record<string, string> = {};
      docs
        .slice(1)
        .forEach((d, i) => (tree[`damage/${i < 5 ? `a${i}` : 'z-damaged'}.txt`] = d.text));
      writeTree(tmp, tree);
      const r = dupgraf(['index', 'add', 'damage', '--index', url, '--batch-size', '2']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^dupgraf: postgres:.* is damaged \(invalid page in block 7 .*\(XX001\)\); /,
      );
      expect(r.stderr).toContain(
        'the transaction that met it was rolled back, but this run had already committed to the index before it (earlier batches, which are kept)',
      );
      expect(r.stderr).not.toContain('left untouched');
      // The seed and the first two batches (a0-a3) are in: the index is not as it was.
      const index = await openIndex(url, { create: false, readonly: true });
      try {
        expect((await index.paths()).sort()).toEqual([
          'damage-seed/seed.txt',
          'damage/a0.txt',
          'damage/a1.txt',
          'damage/a2.txt',
          'damage/a3.txt',
        ]);
      } finally {
        await index.close();
      }
      // Met before this run wrote anything (the first batch), the index is left untouched.
      const first = dupgraf(['index', 'add', 'damage/z-damaged.txt', '--index', url]);
      expect(first.code).toBe(2);
      expect(first.stderr).toContain('it was left untouched');
    });

    test('the server stopped in the middle of an add: a clear error, whole batches only, a re-run completes', async () => {
      const url = server.url('crash');
      const docs = randomDocuments(8, 1500, 500);
      const tree: Record<string, string> = {};
      for (const d of docs) tree[`crash/${d.path}`] = d.text;
      writeTree(tmp, tree);
      // An existing index (one story outside the folder), then the folder in batches of 25.
      writeTree(tmp, { 'seed/seed.txt': docs[0].text });
      expect(dupgraf(['index', 'add', 'seed', '--index', url]).code).toBe(0);
      const child = spawn(
        process.execPath,
        [BIN, 'index', 'add', 'crash', '--index', url, '--batch-size', '25'],
        { cwd: tmp, env: { PATH: process.env.PATH ?? '' } },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      // Wait until some batches are in, then stop the server under the writer.
      const stories = async () => {
        const index = await openIndex(url, { create: false, readonly: true });
        try {
          return (await index.stats()).stories;
        } finally {
          await index.close();
        }
      };
      for (let i = 0; i < 600 && (await stories()) < 200; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      server.stopServer('fast');
      expect(await exited).toBe(2);
      expect(stderr).toMatch(
        /^dupgraf: lost the connection to postgres:.*what was committed is kept/,
      );
      expect(stderr.trim().split('\n')).toHaveLength(1);
      server.startServer();
      const kept = (await stories()) - 1;
      expect(kept).toBeGreaterThanOrEqual(200);
      expect(kept).toBeLessThan(1500);
      expect(kept % 25).toBe(0); // whole batches of whole stories
      expect(dupgraf(['index', 'verify', '--index', url]).code).toBe(0);
      const rerun = dupgraf(['index', 'add', 'crash', '--index', url, '--batch-size', '25']);
      expect(rerun.stderr).toBe('');
      expect(rerun.stdout).toMatch(
        new RegExp(
          `^added ${(1500 - kept).toLocaleString('en-US')}, updated 0, unchanged ${kept.toLocaleString('en-US')} `,
        ),
      );
      expect(dupgraf(['index', 'verify', '--index', url]).stdout).toMatch(/ok \(1,501 stories/);
    });
  });
});

// Reuters: SQLite, PostgreSQL and a full scan agree on a real sample (needs ../shared/corpora).
describeNeeding(['postgres', 'corpora'], 'PostgreSQL index on a Reuters-21578 sample', () => {
  let server: TestPostgres;
  let tmp: string;
  beforeAll(() => {
    server = startPostgres();
    tmp = makeTemp();
  });
  afterAll(() => {
    server?.stop();
    removeTemp(tmp);
  });

  test('half of 1,000 Reuters stories archived, the other half queried: SQLite = PostgreSQL = corpus = scan', async () => {
    const found = await sameAnswers(server, tmp, 'reuters', reutersSample(1, 9000, 1000));
    expect(found.length).toBeGreaterThan(50);
  });
});
