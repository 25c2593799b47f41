/**
 * The HTTP API of `dupgraf serve` (requests over loopback to the fastify app over a real archive,
 * SQLite in api.test.ts, PostgreSQL in api-postgres.test.ts; {@link defineApiSuite}): the check of a story as text, HTML, Markdown or structured, with sources, dates,
 * changed facts, origin, diff and the desk's verdict; `?add=true`; storing, correcting, killing
 * and showing stories; approvals stored with the archive; tokens; limits; problem+json errors;
 * CORS; headers; access logs without story text.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { IndexFileError } from '../../src/archive/index-errors.js';
import {
  request,
  startTestApp as startApp,
  type TestApp,
  type TestAppOptions,
  type TestBackend,
} from '../helpers/server.js';
import { BACKGROUND_1, BACKGROUND_2, CLOSER, FRESH } from '../check/texts.js';
import { ARCHIVE, COST, DRAFT, DRAFT_PARAGRAPHS, FRESH_DRAFT } from './stories.js';

const TOKEN = 'test-token-7f3a9c';
const auth = { authorization: `Bearer ${TOKEN}` };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const bases = new WeakMap<TestApp, Promise<string>>();

/** A request over a real loopback socket (the app listens on a free port on first use). */
async function call(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  if (!bases.has(t)) bases.set(t, t.listen());
  const base = await bases.get(t)!;
  const payload =
    body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const r = await request(base + url, {
    method,
    headers: payload === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: payload,
  });
  let json: Json | undefined;
  try {
    json = r.body ? (JSON.parse(r.body) as Json) : undefined;
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, body: r.body, json: json! };
}

function expectProblem(r: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect([r.status, r.json?.code]).toEqual([status, code]);
  expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(r.json.type).toBe(`urn:dupgraf:problem:${code}`);
  expect(r.json.status).toBe(status);
  expect(typeof r.json.title).toBe('string');
  expect(typeof r.json.detail).toBe('string');
}

/**
 * The API's tests over the archive `backend()` gives (called when each app starts, so a suite
 * may start its database server in a `beforeAll`); `name` is the backend `/v1/stats` reports.
 */
export function defineApiSuite(backend: () => TestBackend, name: string): void {
  const startTestApp = (options: TestAppOptions = {}) =>
    startApp({ ...options, backend: backend() });

  describe('POST /v1/check', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        stories: ARCHIVE,
        token: TOKEN,
        desks: { sports: { maxBoilerplateShare: 0.9 }, wire: { maxRecycledParagraphs: 0 } },
      });
    });
    afterAll(() => t.close());

    test('a text story: each recycled paragraph with sources, dates, texts, facts, origin, verdict', async () => {
      const r = await call(t, 'POST', '/v1/check?diff=true', { text: DRAFT, id: 'draft-1' });
      expect(r.status).toBe(200);
      const result = r.json;
      expect(result.id).toBe('draft-1');
      expect(result.verdict).toBe('fail');
      expect(result.desk).toBeNull();
      expect(result.added).toBeNull();
      expect(result.archiveStories).toBe(2);
      expect(result.paragraphs).toBe(DRAFT_PARAGRAPHS.length);
      const byText = new Map(result.findings.map((f: Json) => [f.text, f]));
      // BACKGROUND_1 is in both archive stories: two sources, the earlier one is the origin.
      const copied = byText.get(BACKGROUND_1) as Json;
      expect(copied.kind).toBe('duplicate');
      expect(copied.status).toBe('counted');
      expect(copied.sources.map((s: Json) => [s.id, s.date])).toEqual([
        ['courier/2026-01-10-ferry-talks.txt', '2026-01-10T00:00:00.000Z'],
        ['courier/2026-02-01-ferry-strike.txt', '2026-02-01T00:00:00.000Z'],
      ]);
      expect(copied.sources[0].text).toBe(BACKGROUND_1);
      expect(copied.origin).toEqual({
        id: 'courier/2026-01-10-ferry-talks.txt',
        line: 3,
        date: '2026-01-10T00:00:00.000Z',
      });
      // The changed figures of a near copy are flagged, and the diff shows them.
      const changed = result.findings.find((f: Json) => f.sources[0].text === COST) as Json;
      expect(changed.sources[0].changedFacts).toEqual(
        expect.arrayContaining([
          { from: '12,000', to: '12,500', kind: 'number' },
          { from: 'Tuesday', to: 'Wednesday', kind: 'date' },
        ]),
      );
      const diff = changed.sources[0].diff as { op: string; text: string }[];
      expect(diff.filter((d) => d.op === '-').map((d) => d.text.trim())).toEqual(
        expect.arrayContaining(['12,000', 'Tuesday']),
      );
      expect(diff.filter((d) => d.op === '+').map((d) => d.text.trim())).toEqual(
        expect.arrayContaining(['12,500', 'Wednesday']),
      );
      // Reassembling the diff gives both texts.
      expect(
        diff
          .filter((d) => d.op !== '+')
          .map((d) => d.text)
          .join(''),
      ).toBe(COST);
      expect(result.violations.map((v: Json) => v.rule)).toEqual(['max-boilerplate-share']);
      // Fresh paragraphs are not findings.
      expect(byText.has(FRESH[2])).toBe(false);
    });

    test('structured, HTML and Markdown stories give the same findings as text', async () => {
      const text = await call(t, 'POST', '/v1/check', { text: DRAFT });
      const structured = await call(t, 'POST', '/v1/check', {
        headline: 'Ferry strike enters second week',
        paragraphs: DRAFT_PARAGRAPHS,
      });
      const html = await call(t, 'POST', '/v1/check', {
        format: 'html',
        text: `<article><h1>Ferry strike enters second week</h1>${DRAFT_PARAGRAPHS.map((p) => `<p>${p}</p>`).join('\n')}</article>`,
      });
      const markdown = await call(t, 'POST', '/v1/check', {
        format: 'markdown',
        text: `# Ferry strike enters second week\n\n${DRAFT_PARAGRAPHS.join('\n\n')}\n`,
      });
      const key = (r: Json) =>
        r.findings.map((f: Json) => [f.text, f.status, f.sources.map((s: Json) => s.id)]);
      for (const r of [text, structured, html, markdown]) expect(r.status).toBe(200);
      expect(key(structured.json)).toEqual(key(text.json));
      expect(key(html.json)).toEqual(key(text.json));
      expect(key(markdown.json)).toEqual(key(text.json));
      expect(text.json.findings).toHaveLength(4);
    });

    test('the desk’s policy decides the verdict; an unknown desk is a problem', async () => {
      const sports = await call(t, 'POST', '/v1/check', { text: DRAFT, desk: 'sports' });
      expect([sports.json.verdict, sports.json.policy.maxBoilerplateShare]).toEqual(['pass', 0.9]);
      const wire = await call(t, 'POST', '/v1/check', { text: FRESH_DRAFT, desk: 'wire' });
      expect(wire.json.verdict).toBe('pass');
      const wireCopy = await call(t, 'POST', '/v1/check', {
        text: [FRESH[4], CLOSER].join('\n\n'),
        desk: 'wire',
      });
      expect(wireCopy.json.verdict).toBe('fail');
      expect(wireCopy.json.violations[0].rule).toBe('max-recycled-paragraphs');
      const unknown = await call(t, 'POST', '/v1/check', { text: DRAFT, desk: 'culture' });
      expectProblem(unknown, 422, 'unknown-desk');
      expect(unknown.json.detail).toContain('sports, wire');
    });

    test('?draft=true returns every paragraph as read', async () => {
      const r = await call(t, 'POST', '/v1/check?draft=true', { text: DRAFT });
      expect(r.json.draft.map((p: Json) => p.text)).toEqual([
        'Ferry strike enters second week',
        ...DRAFT_PARAGRAPHS,
      ]);
      expect(r.json.draft[1]).toMatchObject({ paragraph: 2, line: 3, endLine: 3 });
    });

    test('inline suppression markers excuse a paragraph', async () => {
      const text = ['Headline', '[dupgraf-ignore-next]', BACKGROUND_1, FRESH[2]].join('\n\n');
      const r = await call(t, 'POST', '/v1/check', { text });
      expect(r.json.findings.map((f: Json) => f.status)).toEqual(['suppressed']);
      expect(r.json.verdict).toBe('pass');
    });
  });

  describe('writes: ?add=true, stories, approvals, tokens', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ stories: ARCHIVE, token: TOKEN, today: '2026-06-01' });
    });
    afterAll(() => t.close());

    test('?add=true needs the token and an id, and stores the story after checking it', async () => {
      const story = { text: FRESH_DRAFT, id: 'courier/2026-06-01-shops.txt', date: '2026-06-01' };
      expectProblem(await call(t, 'POST', '/v1/check?add=true', story), 401, 'unauthorized');
      const wrong = await call(t, 'POST', '/v1/check?add=true', story, {
        authorization: 'Bearer wrong-token',
      });
      expectProblem(wrong, 401, 'unauthorized');
      expect(wrong.headers['www-authenticate']).toBe('Bearer realm="dupgraf"');
      const noId = await call(t, 'POST', '/v1/check?add=true', { text: FRESH_DRAFT }, auth);
      expectProblem(noId, 422, 'id-required');
      const added = await call(t, 'POST', '/v1/check?add=true', story, auth);
      expect([added.status, added.json.added, added.json.findings]).toEqual([200, 'added', []]);
      // Checked before it was added: it does not match itself; a second story now matches it.
      const again = await call(t, 'POST', '/v1/check', { text: FRESH_DRAFT });
      expect(again.json.findings.map((f: Json) => f.sources[0].id)).toEqual([
        'courier/2026-06-01-shops.txt',
        'courier/2026-06-01-shops.txt',
        'courier/2026-06-01-shops.txt',
      ]);
      expect(again.json.findings[0].sources[0].date).toBe('2026-06-01T00:00:00.000Z');
      const same = await call(t, 'POST', '/v1/check?add=true', story, auth);
      expect(same.json.added).toBe('unchanged');
    });

    test('PUT, GET and DELETE /v1/stories/{id}: store, correct, show and kill', async () => {
      const id = 'wire/ferry 2026/03#item-7';
      const url = `/v1/stories/${encodeURIComponent(id)}`;
      expectProblem(await call(t, 'PUT', url, { text: BACKGROUND_2 }), 401, 'unauthorized');
      const created = await call(
        t,
        'PUT',
        url,
        { text: `Ferry\n\n${BACKGROUND_2}`, date: '2026-03-01T09:30:00+01:00' },
        auth,
      );
      expect([created.status, created.json]).toEqual([
        201,
        { id, outcome: 'added', paragraphs: 1 },
      ]);
      const shown = await call(t, 'GET', url);
      expect(shown.status).toBe(200);
      expect(shown.json).toMatchObject({
        id,
        date: '2026-03-01T08:30:00.000Z',
        paragraphs: [{ paragraph: 2, line: 3, endLine: 3, text: BACKGROUND_2 }],
      });
      const corrected = await call(
        t,
        'PUT',
        url,
        { headline: 'Ferry', paragraphs: [BACKGROUND_2, FRESH[6]] },
        auth,
      );
      expect([corrected.status, corrected.json.outcome, corrected.json.paragraphs]).toEqual([
        200,
        'updated',
        2,
      ]);
      expect((await call(t, 'GET', url)).json.paragraphs).toHaveLength(2);
      expectProblem(await call(t, 'DELETE', url), 401, 'unauthorized');
      const killed = await call(t, 'DELETE', url, undefined, auth);
      expect([killed.status, killed.body]).toEqual([204, '']);
      expectProblem(await call(t, 'GET', url), 404, 'story-not-found');
      expectProblem(await call(t, 'DELETE', url, undefined, auth), 404, 'story-not-found');
    });

    test('an approval is stored with the archive and excuses the paragraph in later checks', async () => {
      const before = await call(t, 'POST', '/v1/check', { text: DRAFT });
      const closer = before.json.findings.find((f: Json) => f.text === CLOSER);
      expect(closer.status).toBe('counted');
      const request = {
        text: CLOSER,
        owner: 'Night editor',
        reason: 'standard closer',
        expires: '2026-12-31',
      };
      expectProblem(await call(t, 'POST', '/v1/approvals', request), 401, 'unauthorized');
      const approved = await call(t, 'POST', '/v1/approvals', request, auth);
      expect(approved.status).toBe(200);
      expect(approved.json.replaced).toBe(false);
      expect(approved.json.entry).toMatchObject({ ...request, added: '2026-06-01' });
      const after = await call(t, 'POST', '/v1/check', { text: DRAFT });
      const excused = after.json.findings.find((f: Json) => f.text === CLOSER);
      expect(excused.status).toBe('approved');
      expect(excused.approval).toEqual({
        id: approved.json.entry.id,
        owner: 'Night editor',
        reason: 'standard closer',
        expires: '2026-12-31',
      });
      expect(after.json.recycledParagraphs).toBe(before.json.recycledParagraphs - 1);
      expect((await call(t, 'GET', '/v1/approvals')).json.entries).toHaveLength(1);
      expect((await call(t, 'POST', '/v1/approvals', request, auth)).json.replaced).toBe(true);
      // Stored in the archive itself: another connection reads it.
      const index = await t.otherConnection();
      try {
        expect(JSON.parse((await index.approvals())!).entries[0].owner).toBe('Night editor');
      } finally {
        await index.close();
      }
      const short = await call(
        t,
        'POST',
        '/v1/approvals',
        { ...request, text: 'Too short.' },
        auth,
      );
      expectProblem(short, 422, 'too-few-words');
    });

    test('GET /v1/stats, /healthz, /readyz', async () => {
      const stats = await call(t, 'GET', '/v1/stats');
      expect(stats.json).toMatchObject({
        backend: name,
        stories: 3,
        oldest: '2026-01-10T00:00:00.000Z',
        newest: '2026-06-01T00:00:00.000Z',
        approvals: 1,
        desks: [],
        limits: { bodyBytes: 1024 * 1024, paragraphs: 1000 },
        auth: { writes: 'token', reads: 'open' },
      });
      expect((await call(t, 'GET', '/healthz')).json).toEqual({ status: 'ok' });
      expect((await call(t, 'GET', '/readyz')).json).toEqual({ status: 'ready' });
    });
  });

  describe('errors as problem+json, limits, security', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({
        stories: ARCHIVE,
        token: TOKEN,
        bodyLimit: 4096,
        maxParagraphs: 10,
      });
    });
    afterAll(() => t.close());

    test('validation errors name each field with a JSON Pointer', async () => {
      const r = await call(t, 'POST', '/v1/check', { text: 42, date: 'soon', colour: 'red' });
      expectProblem(r, 422, 'validation-failed');
      // The body is a text story (it has `text`): its problems only, one entry per field.
      expect(r.json.errors).toEqual([
        { pointer: '/text', message: 'Invalid input: expected string, received number' },
        {
          pointer: '/date',
          message: 'a real date YYYY-MM-DD, or an ISO 8601 date-time with an offset',
        },
        { pointer: '/colour', message: 'unknown field' },
      ]);
      const empty = await call(t, 'POST', '/v1/check', {});
      expectProblem(empty, 422, 'validation-failed');
      expect(empty.json.errors.map((e: Json) => e.pointer).sort()).toEqual([
        '/paragraphs',
        '/text',
      ]);
      const query = await call(t, 'POST', '/v1/check?add=yes', { text: DRAFT });
      expectProblem(query, 422, 'validation-failed');
      expect(query.json.errors[0].pointer).toBe('?add');
      expectProblem(await call(t, 'POST', '/v1/check', '{"text": '), 400, 'malformed-json');
      const plain = await call(t, 'POST', '/v1/check', DRAFT, { 'content-type': 'text/plain' });
      expectProblem(plain, 415, 'unsupported-media-type');
    });

    test('the body limit gives 413 body-too-large, the paragraph limit 413 too-many-paragraphs', async () => {
      const big = await call(t, 'POST', '/v1/check', { text: 'word '.repeat(2000) });
      expectProblem(big, 413, 'body-too-large');
      expect(big.json.detail).toContain('4096 bytes');
      const many = await call(t, 'POST', '/v1/check', {
        paragraphs: Array.from({ length: 11 }, (_, i) => `Paragraph ${i}.`),
      });
      expectProblem(many, 413, 'too-many-paragraphs');
      expect(many.json.detail).toContain('11 paragraphs');
    });

    test('unknown routes are problems; no request can name a server-side file', async () => {
      expectProblem(await call(t, 'GET', '/v1/nothing'), 404, 'not-found');
      expectProblem(await call(t, 'GET', '/../../etc/passwd'), 404, 'not-found');
      // A story id that looks like a path is only an archive key.
      expectProblem(
        await call(t, 'GET', `/v1/stories/${encodeURIComponent('/etc/passwd')}`),
        404,
        'story-not-found',
      );
      const index = await call(t, 'POST', '/v1/check', { text: DRAFT, index: '/tmp/other.db' });
      expectProblem(index, 422, 'validation-failed');
    });

    test('a method a known path does not take: 405 with Allow, problem+json, the usual headers', async () => {
      const cases: [Awaited<ReturnType<typeof call>>, string][] = [
        [await call(t, 'DELETE', '/v1/check'), 'POST'],
        [await call(t, 'POST', '/v1/stats', { text: DRAFT }), 'GET, HEAD'],
        [await call(t, 'PUT', '/v1/approvals', {}, auth), 'GET, HEAD, POST'],
        [
          await call(t, 'POST', '/v1/stories/some-id', { text: DRAFT }, auth),
          'GET, HEAD, PUT, DELETE',
        ],
        [await call(t, 'DELETE', '/healthz'), 'GET, HEAD'],
        [await call(t, 'POST', '/'), 'GET, HEAD'],
      ];
      for (const [r, allow] of cases) {
        expectProblem(r, 405, 'method-not-allowed');
        expect(r.headers.allow).toBe(allow);
        expect(r.json.detail).toContain(`it takes ${allow}`);
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        expect(r.headers['x-frame-options']).toBe('DENY');
        expect(r.headers['content-security-policy']).toBeDefined();
        expect(r.headers['cache-control']).toBe('no-store');
      }
      // Unknown paths stay 404, whatever the method (no Allow header).
      for (const [method, url] of [
        ['DELETE', '/v1/nothing'],
        ['POST', '/v1/stats/extra'],
        ['GET', '/v1/check/'],
        ['GET', '/v1/stories'],
      ] as const) {
        const r = await call(t, method, url);
        expectProblem(r, 404, 'not-found');
        expect(r.headers.allow).toBeUndefined();
      }
      // With CORS on, the preflight's OPTIONS is one of a known path's methods.
      const open = await startTestApp({ corsOrigins: ['https://cms.example.com'] });
      try {
        const r = await call(open, 'DELETE', '/v1/check');
        expectProblem(r, 405, 'method-not-allowed');
        expect(r.headers.allow).toBe('POST, OPTIONS');
        expectProblem(await call(open, 'DELETE', '/v1/nothing'), 404, 'not-found');
      } finally {
        await open.close();
      }
    });

    test('security headers on every response; the page has a CSP without inline scripts', async () => {
      const page = await call(t, 'GET', '/');
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("default-src 'none'");
      expect(page.body).not.toMatch(
        /<script>(?!<\/script>)|<script[^>]*>[^<]+<\/script>|\son\w+=/i,
      );
      expect(page.body).not.toMatch(/https?:\/\//);
      const script = await call(t, 'GET', '/assets/editor.js');
      expect(script.headers['content-type']).toMatch(/^text\/javascript/);
      expect(script.body).not.toContain('innerHTML');
      const api = await call(t, 'GET', '/v1/stats');
      expect(api.headers['x-content-type-options']).toBe('nosniff');
      expect(api.headers['cache-control']).toBe('no-store');
    });

    test('CORS is closed unless origins are configured', async () => {
      const preflight = {
        origin: 'https://cms.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      };
      const closed = await call(t, 'OPTIONS', '/v1/check', undefined, preflight);
      expect(closed.headers['access-control-allow-origin']).toBeUndefined();
      const get = await call(t, 'GET', '/v1/stats', undefined, {
        origin: 'https://cms.example.com',
      });
      expect(get.headers['access-control-allow-origin']).toBeUndefined();
      const open = await startTestApp({ corsOrigins: ['https://cms.example.com'] });
      try {
        const allowed = await call(open, 'OPTIONS', '/v1/check', undefined, preflight);
        expect(allowed.headers['access-control-allow-origin']).toBe('https://cms.example.com');
        const other = await call(open, 'OPTIONS', '/v1/check', undefined, {
          ...preflight,
          origin: 'https://evil.example.net',
        });
        expect(other.headers['access-control-allow-origin']).toBeUndefined();
      } finally {
        await open.close();
      }
    });

    test('access logs: one JSON line per request, never the story text or the token', async () => {
      const secret = 'Zanzibar-quokka paragraph that must never appear in any log line whatsoever.';
      await call(
        t,
        'POST',
        '/v1/check',
        { text: `${secret}\n\n${BACKGROUND_1}`, id: 'log-test' },
        auth,
      );
      const lines = t.logs.filter((l) => l.msg === 'request');
      const line = lines.find((l) => l.route === '/v1/check' && l.status === 200)!;
      expect(line).toMatchObject({ method: 'POST', url: '/v1/check', service: 'dupgraf' });
      expect(typeof line.ms).toBe('number');
      expect(typeof line.reqId).toBe('string');
      const text = t.logText();
      expect(text).not.toContain('Zanzibar');
      expect(text).not.toContain(BACKGROUND_1.slice(0, 30));
      expect(text).not.toContain(TOKEN);
    });
  });

  describe('long ids, fastify’s own errors, mixed bodies', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ stories: ARCHIVE, token: TOKEN, today: '2026-06-01' });
    });
    afterAll(() => t.close());

    test('every id that can be stored (up to 1,024 characters, any text) can be read and deleted', async () => {
      const ids = [
        `courier/${'archive-folder/'.repeat(8)}2026-06-01-story.txt`, // 135 characters
        `wire/${'x'.repeat(1019)}`, // 1,024
        `desk/${'—'.repeat(1019)}`, // 1,024, each 9 characters percent-encoded
        `${'𝔸'.repeat(511)}#1x`, // 1,024 UTF-16 code units, outside the BMP
      ];
      for (const id of ids) {
        const url = `/v1/stories/${encodeURIComponent(id)}`;
        const added = await call(t, 'POST', '/v1/check?add=true', { id, text: DRAFT }, auth);
        expect([id.length, added.status, added.json.added]).toEqual([id.length, 200, 'added']);
        const got = await call(t, 'GET', url);
        expect([id.length, got.status, got.json?.id]).toEqual([id.length, 200, id]);
        expect((await call(t, 'DELETE', url, undefined, auth)).status).toBe(204);
        expectProblem(await call(t, 'GET', url), 404, 'story-not-found');
      }
      // One character more is refused on every route, as problem+json.
      const long = `wire/${'x'.repeat(1020)}`;
      const add = await call(t, 'POST', '/v1/check?add=true', { id: long, text: DRAFT }, auth);
      expectProblem(add, 422, 'validation-failed');
      expect(add.json.errors).toEqual([{ pointer: '/id', message: expect.stringMatching(/1024/) }]);
      const put = await call(
        t,
        'PUT',
        `/v1/stories/${encodeURIComponent(long)}`,
        { text: DRAFT },
        auth,
      );
      expectProblem(put, 422, 'validation-failed');
      expect(put.json.errors[0].pointer).toBe('{id}');
      const get = await call(t, 'GET', `/v1/stories/${encodeURIComponent(long)}`);
      expectProblem(get, 422, 'validation-failed');
      // A path parameter longer than any id percent-encoded: 414, problem+json.
      const huge = await call(t, 'GET', `/v1/stories/${'x'.repeat(1024 * 9 + 1)}`);
      expectProblem(huge, 414, 'uri-too-long');
      expect(huge.headers['x-content-type-options']).toBe('nosniff');
    });

    test('fastify’s own errors are problem+json with the usual headers', async () => {
      const cases: [Awaited<ReturnType<typeof call>>, number, string][] = [
        [await call(t, 'GET', '/v1/stories/%ZZ'), 400, 'bad-request'],
        [await call(t, 'DELETE', '/v1/stories/%E0%A4%A', undefined, auth), 400, 'bad-request'],
        [await call(t, 'GET', '/v1/nothing'), 404, 'not-found'],
        [await call(t, 'PUT', '/v1/stats', { text: DRAFT }, auth), 405, 'method-not-allowed'],
        [await call(t, 'POST', '/v1/check', '{"text": '), 400, 'malformed-json'],
        [await call(t, 'POST', '/v1/check', '', {}), 400, 'malformed-json'],
        [
          await call(t, 'POST', '/v1/check', DRAFT, { 'content-type': 'text/plain' }),
          415,
          'unsupported-media-type',
        ],
        [
          await call(t, 'POST', '/v1/check', '<story/>', { 'content-type': 'application/xml' }),
          415,
          'unsupported-media-type',
        ],
      ];
      for (const [r, status, code] of cases) {
        expectProblem(r, status, code);
        expect(r.headers['x-content-type-options']).toBe('nosniff');
        expect(r.headers['x-frame-options']).toBe('DENY');
        expect(r.headers['cache-control']).toBe('no-store');
        expect(r.body).not.toMatch(/FST_ERR|"error":/);
      }
      // A request node's HTTP parser refuses never reaches fastify: problem+json all the same.
      const base = new URL(await bases.get(t)!);
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(base.port), base.hostname, () =>
          socket.write('GET /v1/stats HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n'),
        );
        let text = '';
        socket.on('data', (c: Buffer) => (text += c.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(raw).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
      expect(raw).toMatch(/\r\nx-content-type-options: nosniff\r\n/i);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
        code: 'bad-request',
        status: 400,
        type: 'urn:dupgraf:problem:bad-request',
      });
    });

    test('a body with text and paragraphs gets one error: give either', async () => {
      const both = await call(t, 'POST', '/v1/check', { text: DRAFT, paragraphs: ['One.'] });
      expectProblem(both, 422, 'validation-failed');
      expect(both.json.errors).toEqual([
        { pointer: '/paragraphs', message: 'give either text or paragraphs, not both' },
      ]);
      const more = await call(
        t,
        'PUT',
        '/v1/stories/both',
        { text: DRAFT, format: 'text', headline: 'H', paragraphs: ['One.'], colour: 'red' },
        auth,
      );
      expectProblem(more, 422, 'validation-failed');
      expect(more.json.errors).toEqual([
        {
          pointer: '/headline',
          message: 'give either text and format or headline and paragraphs, not both',
        },
        { pointer: '/colour', message: 'unknown field' },
      ]);
    });

    test('PUT takes an id in the body when it is the path’s, refuses another', async () => {
      const same = await call(t, 'PUT', '/v1/stories/put-id', { id: 'put-id', text: DRAFT }, auth);
      expect([same.status, same.json.id]).toEqual([201, 'put-id']);
      const other = await call(t, 'PUT', '/v1/stories/put-id', { id: 'other', text: DRAFT }, auth);
      expectProblem(other, 422, 'validation-failed');
      expect(other.json.errors).toEqual([{ pointer: '/id', message: 'not the id of the path' }]);
      expectProblem(await call(t, 'GET', '/v1/stories/other'), 404, 'story-not-found');
    });

    test('an approval that would have expired already is refused', async () => {
      const text = FRESH[2];
      const past = await call(
        t,
        'POST',
        '/v1/approvals',
        { text, owner: 'desk', reason: 'standing', expires: '2026-05-31' },
        auth,
      );
      expectProblem(past, 422, 'validation-failed');
      expect(past.json.errors).toEqual([
        { pointer: '/expires', message: 'a day already past (today is 2026-06-01 UTC)' },
      ]);
      const today = await call(
        t,
        'POST',
        '/v1/approvals',
        { text, owner: 'desk', reason: 'standing', expires: '2026-06-01' },
        auth,
      );
      expect([today.status, today.json.entry.expires]).toEqual([200, '2026-06-01']);
    });
  });

  describe('readiness', () => {
    test('/readyz: 503 INDEX_LOCKED within 2 s while the archive does not answer a read; one read at a time', async () => {
      let release: () => void = () => {};
      let reads = 0;
      const t = await startTestApp({
        stories: ARCHIVE,
        wrapStore: (store) => ({
          ...store,
          options: store.options,
          backend: store.backend,
          ping: async () => {
            reads++;
            await new Promise<void>((resolve) => (release = resolve));
            return store.ping();
          },
        }),
      });
      try {
        const started = Date.now();
        const probes = await Promise.all([call(t, 'GET', '/readyz'), call(t, 'GET', '/readyz')]);
        expect(Date.now() - started).toBeLessThan(2500);
        for (const r of probes) {
          expectProblem(r, 503, 'archive-unavailable');
          expect(r.json.reason).toBe('INDEX_LOCKED');
        }
        expect(reads).toBe(1);
        expect((await call(t, 'GET', '/healthz')).status).toBe(200);
        release();
        const ready = call(t, 'GET', '/readyz');
        await new Promise((resolve) => setTimeout(resolve, 50));
        release();
        expect((await ready).json).toEqual({ status: 'ready' });
      } finally {
        release();
        await t.close();
      }
    });
  });

  describe('without a token, and with protected reads', () => {
    test('no token: reads work, every write is refused with writes-disabled', async () => {
      const t = await startTestApp({ stories: ARCHIVE });
      try {
        expect((await call(t, 'POST', '/v1/check', { text: DRAFT })).status).toBe(200);
        expectProblem(
          await call(t, 'POST', '/v1/check?add=true', { text: DRAFT, id: 'x' }, auth),
          403,
          'writes-disabled',
        );
        expectProblem(
          await call(t, 'DELETE', '/v1/stories/x', undefined, auth),
          403,
          'writes-disabled',
        );
        expect((await call(t, 'GET', '/v1/stats')).json.auth).toEqual({
          writes: 'disabled',
          reads: 'open',
        });
      } finally {
        await t.close();
      }
    });

    test('protected reads need the token; health checks and the page do not', async () => {
      const t = await startTestApp({ stories: ARCHIVE, token: TOKEN, protectReads: true });
      try {
        expectProblem(await call(t, 'POST', '/v1/check', { text: DRAFT }), 401, 'unauthorized');
        expectProblem(await call(t, 'GET', '/v1/stats'), 401, 'unauthorized');
        expect((await call(t, 'POST', '/v1/check', { text: DRAFT }, auth)).status).toBe(200);
        expect((await call(t, 'GET', '/healthz')).status).toBe(200);
        expect((await call(t, 'GET', '/readyz')).status).toBe(200);
        expect((await call(t, 'GET', '/')).status).toBe(200);
        expect((await call(t, 'GET', '/v1/openapi.json')).status).toBe(200);
      } finally {
        await t.close();
      }
    });
  });

  describe('archive errors', () => {
    test('a full disk or a locked archive is 503 archive-unavailable with the archive’s code, no server path', async () => {
      const t = await startTestApp({
        stories: ARCHIVE,
        token: TOKEN,
        wrapStore: (store) => ({
          ...store,
          options: store.options,
          backend: store.backend,
          put: async () => {
            throw new IndexFileError(
              'disk full: cannot write /srv/secret/archive.db',
              'INDEX_DISK_FULL',
            );
          },
          story: async () => {
            throw new IndexFileError('/srv/secret/archive.db is locked', 'INDEX_LOCKED');
          },
        }),
      });
      try {
        const put = await call(t, 'PUT', '/v1/stories/x', { text: DRAFT }, auth);
        expectProblem(put, 503, 'archive-unavailable');
        expect(put.json.reason).toBe('INDEX_DISK_FULL');
        const get = await call(t, 'GET', '/v1/stories/x');
        expectProblem(get, 503, 'archive-unavailable');
        expect(get.json.reason).toBe('INDEX_LOCKED');
        expect(put.body + get.body).not.toContain('/srv/secret');
        // The server's log has the whole message.
        expect(t.logText()).toContain('/srv/secret/archive.db is locked');
        expect((await call(t, 'POST', '/v1/check', { text: DRAFT })).status).toBe(200);
      } finally {
        await t.close();
      }
    });
  });

  describe('the archive as other writers see it', () => {
    test('a story stored through the API is in the index file (another connection reads it)', async () => {
      const t = await startTestApp({ stories: ARCHIVE, token: TOKEN });
      try {
        await call(
          t,
          'PUT',
          '/v1/stories/api-story',
          { text: `H\n\n${BACKGROUND_2}\n\n${FRESH[5]}` },
          auth,
        );
        const index = await t.otherConnection();
        try {
          expect((await index.story('api-story'))?.paragraphs.map((p) => p.text)).toEqual([
            BACKGROUND_2,
            FRESH[5],
          ]);
          expect(await index.verify()).toEqual([]);
        } finally {
          await index.close();
        }
      } finally {
        await t.close();
      }
    });
  });
}
