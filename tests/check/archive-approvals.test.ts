/**
 * `check --index` applies the approvals stored with the archive (made through `dupgraf serve`'s
 * `POST /v1/approvals`) with the repository's approved file: the union, each approved finding
 * naming the registry that approved it, an expired archive approval ignored with a warning
 * naming the index. On both backends: an SQLite file and a PostgreSQL schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { addApproval, emptyRegistry, serializeRegistry } from '../../src/check/approvals.js';
import { APPROVALS_META_KEY as ARCHIVE_KEY } from '../../src/archive/sqlite-format.js';
import { APPROVALS_META_KEY as SERVER_KEY } from '../../src/server/sqlite-store.js';
import { dupgrafAsync } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { describeNeeding } from '../helpers/requirements.js';
import { request, startTestApp, type TestBackend } from '../helpers/server.js';
import { ARCHIVE, DRAFT } from '../server/stories.js';
import { BACKGROUND_1, BACKGROUND_2, BACKGROUND_2_EDITED, CLOSER } from './texts.js';

const TOKEN = 'test-token-approvals';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Approves `text` through the server's API. */
async function approve(base: string, text: string, owner: string, expires?: string) {
  const r = await request(`${base}/v1/approvals`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      text,
      owner,
      reason: 'desk boilerplate',
      ...(expires ? { expires } : {}),
    }),
  });
  expect(r.status).toBe(200);
}

/** The check's JSON report of t/copy.txt against `index`, run in `cwd`. */
async function checkAgainst(cwd: string, index: string) {
  const r = await dupgrafAsync(['check', 't/copy.txt', '--index', index, '--format', 'json'], {
    cwd,
  });
  expect([0, 1]).toContain(r.code);
  const report = JSON.parse(r.stdout) as Json;
  const finding = (text: string) =>
    (report.stories[0].findings as Json[]).find((f) => f.text === text)!;
  return { r, report, finding };
}

function defineSuite(backend: () => TestBackend) {
  test('approvals made through the server count in check --index, with the approved file', async () => {
    const app = await startTestApp({
      stories: ARCHIVE,
      token: TOKEN,
      backend: backend(),
      today: '2026-06-01',
    });
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-approvals-'));
    try {
      fs.mkdirSync(path.join(cwd, 't'));
      fs.writeFileSync(path.join(cwd, 't/copy.txt'), DRAFT + '\n');
      const before = await checkAgainst(cwd, app.location);
      expect(before.finding(CLOSER).status).toBe('counted');
      expect(before.report.summary.approved).toBe(0);

      const base = await app.listen();
      await approve(base, CLOSER, 'Night editor');
      // Held on the server's day, expired on any day this check runs.
      await approve(base, BACKGROUND_1, 'Old desk', '2026-06-30');
      const file = addApproval(emptyRegistry(), {
        text: BACKGROUND_2,
        owner: 'Repo owner',
        reason: 'house background',
      }).registry;
      fs.writeFileSync(path.join(cwd, 'dupgraf.approved.json'), serializeRegistry(file));

      const after = await checkAgainst(cwd, app.location);
      expect(after.finding(CLOSER).status).toBe('approved');
      expect(after.finding(CLOSER).approval).toMatchObject({
        owner: 'Night editor',
        registry: app.location,
      });
      expect(after.finding(BACKGROUND_2_EDITED).status).toBe('approved');
      expect(after.finding(BACKGROUND_2_EDITED).approval).toMatchObject({
        owner: 'Repo owner',
        registry: 'dupgraf.approved.json',
      });
      expect(after.finding(BACKGROUND_1).status).toBe('counted');
      expect(after.report.summary.approved).toBe(2);
      const expired = (after.report.warnings as Json[]).filter(
        (w) => w.rule === 'expired-approval',
      );
      expect(expired).toHaveLength(1);
      expect(expired[0].path).toBe(app.location);
      expect(expired[0].message).toMatch(/owner Old desk\) expired on 2026-06-30/);

      const text = await dupgrafAsync(['check', 't/copy.txt', '--index', app.location], { cwd });
      expect(text.stdout).toMatch(/2 approved/);

      const config = await dupgrafAsync(
        ['check', 't/copy.txt', '--index', app.location, '--print-config'],
        { cwd },
      );
      expect(config.code).toBe(0);
      expect(config.stderr).toContain(
        `dupgraf: approvals stored with the archive index: ${app.location} (--index), applied with the approved registry`,
      );
    } finally {
      await app.close();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
}

describe('check --index: approvals stored with an SQLite archive', () => {
  test('the archive and the server use the same meta key', () => {
    expect(ARCHIVE_KEY).toBe(SERVER_KEY);
  });

  defineSuite(() => ({ kind: 'sqlite' }));

  test('a damaged registry in the archive: exit 2 in one line naming the index', async () => {
    const app = await startTestApp({ stories: ARCHIVE, backend: { kind: 'sqlite' } });
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-approvals-'));
    try {
      const { openSqliteIndex } = await import('../../src/archive/sqlite-index.js');
      const index = openSqliteIndex(app.location, { create: false });
      index.updateMeta(ARCHIVE_KEY, () => '{"version":1,"entries":[{"id":"x"}]}');
      index.close();
      fs.mkdirSync(path.join(cwd, 't'));
      fs.writeFileSync(path.join(cwd, 't/copy.txt'), DRAFT + '\n');
      const r = await dupgrafAsync(['check', 't/copy.txt', '--index', app.location], { cwd });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')[0]).toMatch(
        /the approvals stored with the archive index .* are not valid: entry 1 \(id "x"\): text: missing/,
      );
    } finally {
      await app.close();
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

describeNeeding(['postgres'], 'check --index: approvals stored with a PostgreSQL archive', () => {
  let server: TestPostgres;
  beforeAll(() => {
    server = startPostgres();
  });
  afterAll(() => server?.stop());

  defineSuite(() => ({ kind: 'postgres', url: (schema) => server.url(schema) }));
});
