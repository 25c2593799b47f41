/**
 * `dupgraf serve` over the PostgreSQL archive, against a real PostgreSQL server started for this
 * file (tests/helpers/postgres.ts): the whole API suite (api-suite.ts) as over SQLite; checks with
 * `?add=true` and approvals from several connections and two servers at once (nothing lost,
 * the index sound); and the binary with `--index postgres://…` and DUPGRAF_INDEX_URL when the
 * database stops and starts again: `/readyz` and every request answer 503 archive-unavailable
 * (reason INDEX_IO) without the URL or its password, and the service comes back by itself.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import pg from 'pg';
import { makeTemp, removeTemp } from '../helpers/archive.js';
import { writeTree } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { describeNeeding } from '../helpers/requirements.js';
import { request, spawnServe, startTestApp } from '../helpers/server.js';
import { FRESH } from '../check/texts.js';
import { defineApiSuite } from './api-suite.js';
import { ARCHIVE, DRAFT } from './stories.js';

const TOKEN = 'pg-test-token-5b1e';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

describeNeeding(['postgres'], 'dupgraf serve over PostgreSQL (a real PostgreSQL server)', () => {
  let server: TestPostgres;
  beforeAll(() => {
    server = startPostgres();
  });
  afterAll(() => server?.stop());

  defineApiSuite(() => ({ kind: 'postgres', url: (schema) => server.url(schema) }), 'postgresql');

  test('/readyz answers 503 INDEX_LOCKED within 2 s while another session holds the tables; /healthz 200', async () => {
    const t = await startTestApp({
      stories: ARCHIVE,
      backend: { kind: 'postgres', url: (schema) => server.url(schema) },
    });
    const schema = /[?&]schema=([^&]+)$/.exec(t.location)![1];
    const holder = new pg.Client({ connectionString: t.location.replace(/[?&]schema=[^&]+$/, '') });
    await holder.connect();
    let held = false;
    try {
      const base = await t.listen();
      expect((await request(`${base}/readyz`)).status).toBe(200);
      // As the first load of a new index does: readers wait for it (30 s), then INDEX_LOCKED.
      await holder.query('BEGIN');
      held = true;
      await holder.query(
        `LOCK TABLE ${schema}.story, ${schema}.text, ${schema}.paragraph, ${schema}.posting IN ACCESS EXCLUSIVE MODE`,
      );
      for (let i = 0; i < 3; i++) {
        const started = Date.now();
        const r = await request(`${base}/readyz`);
        expect(Date.now() - started).toBeLessThan(2500);
        expect(r.status).toBe(503);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(r.body)).toMatchObject({
          code: 'archive-unavailable',
          reason: 'INDEX_LOCKED',
        });
        expect(r.body).not.toMatch(/postgres:|localhost|\/tmp\//);
      }
      expect((await request(`${base}/healthz`)).status).toBe(200);
      await holder.query('COMMIT');
      held = false;
      expect((await request(`${base}/readyz`)).status).toBe(200);
    } finally {
      if (held) await holder.query('ROLLBACK').catch(() => {});
      await holder.end();
      await t.close();
    }
  });

  test('checks with ?add=true and approvals from two servers at once: nothing lost, index sound', async () => {
    const backend = { kind: 'postgres' as const, url: (schema: string) => server.url(schema) };
    const a = await startTestApp({ stories: ARCHIVE, token: TOKEN, backend, today: '2026-06-01' });
    // A second server over the same schema, as a second CMS host would run.
    const b = await startTestApp({
      token: TOKEN,
      backend: { kind: 'postgres', url: () => a.location },
      today: '2026-06-01',
    });
    try {
      const [baseA, baseB] = await Promise.all([a.listen(), b.listen()]);
      const stories = Array.from({ length: 24 }, (_, i) => ({
        id: `wire/${i}`,
        text: `Story ${i}\n\n${FRESH[i % FRESH.length]} Item ${i} of the day.\n\n${DRAFT}`,
      }));
      const answers = await Promise.all(
        stories.map((s, i) =>
          request(`${i % 2 ? baseA : baseB}/v1/check?add=true`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify(s),
          }),
        ),
      );
      if (answers.some((r) => r.status !== 200)) console.log(a.logText(), b.logText());
      expect(answers.map((r) => r.status)).toEqual(stories.map(() => 200));
      expect(answers.map((r) => JSON.parse(r.body).added)).toEqual(stories.map(() => 'added'));
      // Approvals sent to both servers at once: every one is kept.
      const texts = FRESH.slice(0, 6);
      const approved = await Promise.all(
        texts.map((text, i) =>
          request(`${i % 2 ? baseA : baseB}/v1/approvals`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ text, owner: `editor ${i}`, reason: 'standard wording' }),
          }),
        ),
      );
      expect(approved.map((r) => r.status)).toEqual(texts.map(() => 200));
      const listed = JSON.parse((await request(`${baseA}/v1/approvals`)).body).entries as {
        text: string;
      }[];
      expect(listed.map((e) => e.text).sort()).toEqual([...texts].sort());
      const stats = JSON.parse((await request(`${baseB}/v1/stats`)).body);
      expect(stats).toMatchObject({ backend: 'postgresql', stories: 2 + stories.length });
      const other = await a.otherConnection();
      try {
        expect(await other.verify()).toEqual([]);
        expect((await other.story('wire/7'))?.paragraphs.length).toBeGreaterThan(2);
      } finally {
        await other.close();
      }
    } finally {
      await b.close();
      await a.close();
    }
  });

  describe('the binary, with the database stopping and starting again', () => {
    let dir: string;
    beforeAll(() => {
      dir = makeTemp('dupgraf-serve-pg-');
      writeTree(dir, { token: `${TOKEN}\n` });
    });
    afterAll(() => removeTemp(dir));

    test('--index postgres://…, DUPGRAF_INDEX_URL; 503 while the database is down, back after', async () => {
      // A password in the URL (the test server trusts every local user, so any password works).
      const url = server
        .url('served')
        .replace('postgres://postgres@', 'postgres://postgres:pw-9d2f-secret@');
      const s = await spawnServe(
        ['--create', '--port', '0', '--token-file', 'token', '--connections', '2'],
        dir,
        { DUPGRAF_INDEX_URL: url },
      );
      let stopped = false;
      try {
        expect(s.stderr()).toMatch(
          /^dupgraf: serving postgres:\/\/postgres:\*\*\*@localhost\/postgres\?host=.*&schema=served \(0 stories\) on http:\/\/127\.0\.0\.1:\d+\/; writes need the token, reads are open\n$/,
        );
        const put = await request(`${s.base}/v1/stories/one`, {
          method: 'PUT',
          headers: auth,
          body: JSON.stringify({ text: ARCHIVE[0].text }),
        });
        expect([put.status, JSON.parse(put.body).outcome]).toEqual([201, 'added']);
        const check = () =>
          request(`${s.base}/v1/check`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ text: DRAFT }),
          });
        expect((await check()).status).toBe(200);
        expect((await request(`${s.base}/readyz`)).status).toBe(200);

        server.stopServer('fast');
        stopped = true;
        const down = [await request(`${s.base}/readyz`), await check()];
        for (const r of down) {
          expect(r.status).toBe(503);
          expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(JSON.parse(r.body)).toMatchObject({
            code: 'archive-unavailable',
            reason: 'INDEX_IO',
          });
          expect(r.body).not.toMatch(/pw-9d2f|postgres:|localhost|\/tmp\//);
        }
        expect((await request(`${s.base}/healthz`)).status).toBe(200);

        server.startServer();
        stopped = false;
        expect((await request(`${s.base}/readyz`)).status).toBe(200);
        const again = await check();
        expect(again.status).toBe(200);
        expect(JSON.parse(again.body).findings.length).toBeGreaterThan(0);
      } finally {
        if (stopped) server.startServer();
        s.child.kill('SIGTERM');
        expect(await s.exit).toBe(0);
      }
      // The log says what failed, never the password.
      expect(s.stdout()).toMatch(/lost the connection|cannot connect/);
      // The error's real class, though bin/dupgraf runs a minified bundle.
      expect(s.stdout()).toMatch(/"err":\{"type":"IndexFileError"/);
      expect(s.stdout() + s.stderr()).not.toContain('pw-9d2f-secret');
    });
  });
});
