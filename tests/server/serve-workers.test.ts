/**
 * `dupgraf serve --workers N` as a user runs it (the built binary, node:cluster): N worker
 * processes share the port and the archive, a write through one is read through another, a
 * worker that dies is replaced while the others keep answering, and SIGTERM to the primary lets
 * every worker finish its request in flight and close the archive (exit 0, no worker left).
 * Linux: the worker processes are found under the primary in /proc.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { openSqliteIndex } from '../../src/archive/sqlite-index.js';
import { dupgraf, writeTree } from '../helpers/cli.js';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { checkAcrossSigterm, request, spawnServe } from '../helpers/server.js';
import { ARCHIVE, DRAFT } from './stories.js';

let dir: string;
let index: string;
const TOKEN = 'workers-test-token-7';
const AUTH = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

beforeAll(() => {
  dir = makeTemp('dupgraf-serve-workers-');
  index = path.join(dir, 'archive.dupgraf.db');
  const db = openSqliteIndex(index);
  db.addMany(ARCHIVE);
  db.close();
  writeTree(dir, { 'bad/.dupgraf.json': JSON.stringify({ serve: { workers: 0 } }) });
});
afterAll(() => removeTemp(dir));

/** The child processes of `pid` (from /proc), sorted. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
    const text = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8');
    out.push(...text.split(' ').filter(Boolean).map(Number));
  }
  return out.sort((a, b) => a - b);
}

function alive(pid: number): boolean {
  return fs.existsSync(`/proc/${pid}`);
}

/** Waits (polling every 50 ms, up to 20 s) until `ok()` holds. */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The `pid` of each access-log line of `route` on stdout. */
function pidsOf(stdout: string, route: string): Set<number> {
  const pids = new Set<number>();
  for (const line of stdout.split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as { msg?: string; route?: string; pid?: number };
    if (entry.msg === 'request' && entry.route === route) pids.add(entry.pid!);
  }
  return pids;
}

describe('dupgraf serve --workers', () => {
  test('two workers answer; a write through one is read through the other; a dead one is replaced', async () => {
    const s = await spawnServe(
      ['--index', 'archive.dupgraf.db', '--port', '0', '--workers', '2'],
      dir,
      { DUPGRAF_TOKEN: TOKEN },
    );
    const primary = s.child.pid!;
    try {
      expect(s.stderr()).toMatch(
        /^dupgraf: serving archive\.dupgraf\.db \(2 stories\) on http:\/\/127\.0\.0\.1:\d+\/ with 2 worker processes; writes need the token, reads are open\n$/,
      );
      const workers = childrenOf(primary);
      expect(workers).toHaveLength(2);
      // Each request on a new connection: the connections are shared out among the workers.
      for (let i = 0; i < 8; i++)
        expect((await request(`${s.base}/healthz`)).body).toBe('{"status":"ok"}');
      await until(() => pidsOf(s.stdout(), '/healthz').size === 2, 'both workers to log');
      expect([...pidsOf(s.stdout(), '/healthz')].sort((a, b) => a - b)).toEqual(workers);

      const put = await request(`${s.base}/v1/stories/ferry-update`, {
        method: 'PUT',
        headers: AUTH,
        body: JSON.stringify({ text: DRAFT }),
      });
      expect(put.status).toBe(201);
      for (let i = 0; i < 6; i++) {
        const got = await request(`${s.base}/v1/stories/ferry-update`);
        expect(got.status).toBe(200);
      }
      expect(pidsOf(s.stdout(), '/v1/stories/:id').size).toBe(2);

      process.kill(workers[0], 'SIGKILL');
      await until(
        () => s.stderr().includes(`worker process ${workers[0]} ended (SIGKILL); starting another`),
        'the primary to notice',
      );
      await until(() => {
        const now = childrenOf(primary);
        return now.length === 2 && !now.includes(workers[0]);
      }, 'a new worker');
      // The new worker listens once it has said so; meanwhile the other one answers.
      for (let i = 0; i < 6; i++)
        expect((await request(`${s.base}/v1/stories/ferry-update`)).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
  });

  test('SIGTERM: a request in flight in a worker is answered, every worker exits, exit 0', async () => {
    const s = await spawnServe(
      ['--index', 'archive.dupgraf.db', '--port', '0', '--workers', '2', '--log-level', 'silent'],
      dir,
      { DUPGRAF_TOKEN: TOKEN },
    );
    const workers = childrenOf(s.child.pid!);
    expect(workers).toHaveLength(2);
    const body = JSON.stringify({ text: DRAFT, id: 'in-flight-worker' });
    // A write whose body arrives in two halves, with SIGTERM in between.
    const answer = checkAcrossSigterm(s, body, { authorization: `Bearer ${TOKEN}` });
    const done = await answer;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).added).toBe('added');
    expect(await s.exit).toBe(0);
    expect(s.stderr()).toContain(
      'SIGTERM: the workers finish their requests in flight, then close the index',
    );
    expect(s.stderr()).toMatch(/dupgraf: stopped\n$/);
    expect(s.stdout()).toBe('');
    for (const w of workers) expect(alive(w)).toBe(false);
    expect(fs.existsSync(`${index}-wal`)).toBe(false);
    const db = openSqliteIndex(index, { create: false, readonly: true });
    try {
      expect(db.verify()).toEqual([]);
      expect(db.hasPath('in-flight-worker')).toBe(true);
    } finally {
      db.close();
    }
  });

  test('--workers out of range: exit 2 with one line (flag and config file)', () => {
    const cases: [string[], RegExp, string?][] = [
      [
        ['--index', 'archive.dupgraf.db', '--workers', '0'],
        /--workers must be a whole number in 1\.\.64 \(got 0\)/,
      ],
      [
        ['--index', 'archive.dupgraf.db', '--workers', 'two'],
        /--workers must be a whole number in 1\.\.64 \(got "two"\)/,
      ],
      [['--index', '../archive.dupgraf.db'], /serve\.workers.*a whole number 1\.\.64/, 'bad'],
      [['--index', 'missing.db', '--workers', '2'], /no index at .*missing\.db/],
    ];
    for (const [args, message, sub] of cases) {
      const r = dupgraf(['serve', ...args], { cwd: sub ? path.join(dir, sub) : dir });
      expect([args, r.code]).toEqual([args, 2]);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
