/**
 * `dupgraf serve` as a user runs it (the built binary): flags and the config file's `serve`
 * section, the start-up line, JSON access logs on stdout, usage errors (exit 2), and a graceful
 * SIGTERM: a request in flight when the signal arrives is answered, new ones are not taken, the
 * index is closed cleanly (verify finds nothing) and the exit code is 0.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openSqliteIndex } from '../../src/archive/sqlite-index.js';
import { dupgraf, writeTree } from '../helpers/cli.js';
import { damagePostingLeaf, makeTemp, removeTemp } from '../helpers/archive.js';
import { checkAcrossSigterm, request, spawnServe, type Served } from '../helpers/server.js';
import { randomDocuments } from '../helpers/random.js';
import { ARCHIVE, DRAFT } from './stories.js';

let dir: string;
let index: string;
const TOKEN = 'cli-test-token-42';

beforeAll(() => {
  dir = makeTemp('dupgraf-serve-cli-');
  index = path.join(dir, 'archive.dupgraf.db');
  const db = openSqliteIndex(index);
  db.addMany(ARCHIVE);
  db.close();
  writeTree(dir, {
    token: `${TOKEN}\n`,
    'conf/.dupgraf.json': JSON.stringify({
      serve: {
        index: '../archive.dupgraf.db',
        tokenFile: '../token',
        desks: { sports: { maxBoilerplateShare: 0.95 } },
        port: 0,
      },
    }),
    'bad/.dupgraf.json': JSON.stringify({ serve: { prot: 8080, hots: 'x' } }),
  });
});
afterAll(() => removeTemp(dir));

function serve(args: string[], cwd = dir, env: Record<string, string> = {}): Promise<Served> {
  return spawnServe(args, cwd, env);
}

describe('dupgraf serve', () => {
  test('serves the archive: start-up line, endpoints, JSON access log on stdout', async () => {
    const s = await serve([
      '--index',
      'archive.dupgraf.db',
      '--port',
      '0',
      '--token-file',
      'token',
    ]);
    try {
      expect(s.stderr()).toMatch(
        /^dupgraf: serving archive\.dupgraf\.db \(2 stories\) on http:\/\/127\.0\.0\.1:\d+\/; writes need the token, reads are open\n$/,
      );
      expect((await request(`${s.base}/healthz`)).body).toBe('{"status":"ok"}');
      const check = await request(`${s.base}/v1/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: DRAFT }),
      });
      expect(check.status).toBe(200);
      expect(JSON.parse(check.body).findings.length).toBeGreaterThan(0);
      const denied = await request(`${s.base}/v1/stories/x`, { method: 'DELETE' });
      expect(denied.status).toBe(401);
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    }
    const lines = s
      .stdout()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.msg === 'request').map((l) => [l.route, l.status])).toEqual([
      ['/healthz', 200],
      ['/v1/check', 200],
      ['/v1/stories/:id', 401],
    ]);
    expect(s.stdout()).not.toContain('Harwick');
  });

  test('the config file’s serve section: index, token file, port and desks', async () => {
    const s = await serve([], path.join(dir, 'conf'));
    try {
      const stats = JSON.parse((await request(`${s.base}/v1/stats`)).body);
      expect(stats).toMatchObject({ stories: 2, desks: ['sports'], auth: { writes: 'token' } });
      const check = await request(`${s.base}/v1/check`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: DRAFT, desk: 'sports' }),
      });
      expect(JSON.parse(check.body).policy.maxBoilerplateShare).toBe(0.95);
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    }
  });

  test('SIGTERM: the request in flight is answered, the index is closed cleanly, exit 0', async () => {
    const s = await serve(['--index', 'archive.dupgraf.db', '--port', '0'], dir, {
      DUPGRAF_TOKEN: TOKEN,
    });
    const body = JSON.stringify({ text: DRAFT, id: 'in-flight' });
    // A write whose body arrives in two halves, with SIGTERM in between.
    const answer = checkAcrossSigterm(s, body, { authorization: `Bearer ${TOKEN}` });
    const done = await answer;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).added).toBe('added');
    expect(await s.exit).toBe(0);
    expect(s.stderr()).toContain(
      'SIGTERM: finishing the requests in flight, then closing the index',
    );
    expect(s.stderr()).toMatch(/dupgraf: stopped\n$/);
    // New connections are refused once it has stopped.
    await expect(request(`${s.base}/healthz`)).rejects.toThrow(/ECONNREFUSED/);
    // Closed cleanly: no WAL left behind, sound, and the story written in flight is there.
    expect(fs.existsSync(`${index}-wal`)).toBe(false);
    const db = openSqliteIndex(index, { create: false, readonly: true });
    try {
      expect(db.verify()).toEqual([]);
      expect(db.hasPath('in-flight')).toBe(true);
    } finally {
      db.close();
    }
  });

  test('usage and config errors exit 2 with one line', () => {
    const cases: [string[], RegExp, string?][] = [
      [[], /name the archive index with --index FILE/],
      [['--index', 'missing.db'], /no index at .*missing\.db/],
      [
        ['--index', 'archive.dupgraf.db', '--port', '70000'],
        /--port must be a whole number in 0\.\.65535 \(got 70000\)/,
      ],
      [
        ['--index', 'archive.dupgraf.db', '--port', 'abc'],
        /--port must be a whole number .*\(got "abc"\)/,
      ],
      [
        ['--index', 'archive.dupgraf.db', '--token-file', 'nope'],
        /cannot read the token file nope \(ENOENT\)/,
      ],
      [['--index', 'archive.dupgraf.db', '--protect-reads'], /--protect-reads needs a token/],
      [
        ['--index', 'archive.dupgraf.db', '--cors-origin', 'cms'],
        /--cors-origin: expected an origin/,
      ],
      [['--index', 'token'], /token is not a dupgraf index/],
      [[], /unknown key "serve\.hots" \(did you mean "host"\?\)/, 'bad'],
      [['--index', 'no/such/folder/x.db', '--create'], /cannot create .*its folder does not exist/],
      // A URL is a PostgreSQL archive (here a port nobody listens on), never a file name; the
      // password is not shown.
      [
        ['--index', 'postgres://news:s3cret-pw@127.0.0.1:1/archive', '--create'],
        /cannot connect to postgres:\/\/news:\*\*\*@127\.0\.0\.1:1\/archive/,
      ],
      [
        ['--connections', '0', '--index', 'postgres://news:s3cret-pw@127.0.0.1:1/archive'],
        /--connections must be a whole number in 1\.\.100/,
      ],
      // --connections is a PostgreSQL pool's size: an SQLite archive does not take it.
      [
        ['--connections', '8', '--index', 'archive.dupgraf.db'],
        /--connections sizes the pool of a PostgreSQL archive; archive\.dupgraf\.db is an SQLite file/,
      ],
    ];
    for (const [args, message, sub] of cases) {
      const r = dupgraf(['serve', ...args], { cwd: sub ? path.join(dir, sub) : dir });
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).not.toContain('s3cret-pw');
    }
    // DUPGRAF_INDEX_URL names the archive as for the index commands.
    const r = dupgraf(['serve'], {
      cwd: dir,
      env: { DUPGRAF_INDEX_URL: 'postgresql://news:s3cret-pw@127.0.0.1:1/archive' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /cannot connect to postgresql:\/\/news:\*\*\*@127\.0\.0\.1:1\/archive/,
    );
    expect(r.stderr).not.toContain('s3cret-pw');
    expect(fs.readdirSync(dir).filter((f) => /postgres/.test(f))).toEqual([]);
    // An empty token, from the environment as from a file, is a mistake (a secret that did not
    // load), not a way to turn writes off: exit 2, one line.
    fs.writeFileSync(path.join(dir, 'empty-token'), '\n');
    for (const [args, env] of [
      [['--token-file', 'empty-token'], {}],
      [[], { DUPGRAF_TOKEN: '' }],
      [[], { DUPGRAF_TOKEN: '  ' }],
    ] as [string[], Record<string, string>][]) {
      const empty = dupgraf(['serve', '--index', 'archive.dupgraf.db', ...args], { cwd: dir, env });
      expect([env, empty.code]).toEqual([env, 2]);
      expect(empty.stderr).toMatch(
        /^dupgraf: .*(token file empty-token|DUPGRAF_TOKEN) must hold one token \(no spaces\), and not be empty/,
      );
      expect(empty.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  test('a damaged archive: refused at start (exit 2); --no-quick-check serves it', async () => {
    const file = path.join(dir, 'damaged.db');
    const db = openSqliteIndex(file);
    db.addMany(randomDocuments(5, 160, 400));
    db.close();
    damagePostingLeaf(file);
    const refused = dupgraf(['serve', '--index', 'damaged.db', '--port', '0'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^dupgraf: \S*damaged\.db is damaged \(.*it was left untouched/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    const s = await serve([
      '--index',
      'damaged.db',
      '--no-quick-check',
      '--port',
      '0',
      '--log-level',
      'silent',
    ]);
    try {
      expect(JSON.parse((await request(`${s.base}/v1/stats`)).body).stories).toBe(160);
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    }
  });

  test('SIGTERM the moment the start-up line is out: a clean stop, exit 0', async () => {
    for (let i = 0; i < 3; i++) {
      const s = await serve([
        '--index',
        'archive.dupgraf.db',
        '--port',
        '0',
        '--log-level',
        'silent',
      ]);
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
      expect(s.stderr()).toMatch(/\ndupgraf: stopped\n$/);
    }
  });

  test('--create makes a new, empty archive', async () => {
    const file = path.join(dir, 'new.db');
    const s = await serve([
      '--index',
      'new.db',
      '--create',
      '--port',
      '0',
      '--log-level',
      'silent',
    ]);
    try {
      expect(JSON.parse((await request(`${s.base}/v1/stats`)).body).stories).toBe(0);
    } finally {
      s.child.kill('SIGTERM');
      expect(await s.exit).toBe(0);
    }
    expect(s.stdout()).toBe('');
    expect(fs.existsSync(file)).toBe(true);
  });
});
