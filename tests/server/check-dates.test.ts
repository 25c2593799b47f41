/**
 * `POST /v1/check` orders the archive in time as `dupgraf check --index` does: a stored story
 * counts as a source only when it was published earlier than the posted story, or either is
 * undated; a story stored with a `date` (`PUT`, `?add=true`) keeps it as its publication date.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { request, startTestApp, type TestApp } from '../helpers/server.js';
import { BACKGROUND_1, FRESH } from '../check/texts.js';

const TOKEN = 'test-token-dates';
const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

/** The archive: an early story (1 March), an undated one; a later one (1 May) is PUT. */
const EARLY = 'courier/early.txt';
const NOTES = 'courier/notes.txt';
const LATE = 'courier/late.txt';

describe('POST /v1/check: only earlier sources count', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp({
      token: TOKEN,
      stories: [
        { path: EARLY, text: `${FRESH[0]}\n\n${BACKGROUND_1}`, published: '2026-03-01' },
        { path: NOTES, text: `${FRESH[1]}\n\n${BACKGROUND_1}` },
      ],
    });
    base = await t.listen();
    const put = await request(`${base}/v1/stories/${encodeURIComponent(LATE)}`, {
      method: 'PUT',
      headers: auth,
      body: JSON.stringify({ text: `${FRESH[2]}\n\n${BACKGROUND_1}`, date: '2026-05-01' }),
    });
    expect(put.status).toBe(201);
  });
  afterAll(() => t.close());

  /** The sources of the posted story's one recycled paragraph. */
  async function sources(date?: string): Promise<string[]> {
    const r = await request(`${base}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: `${FRESH[3]}\n\n${BACKGROUND_1}`, ...(date ? { date } : {}) }),
    });
    expect(r.status).toBe(200);
    const findings = JSON.parse(r.body).findings as { sources: { id: string }[] }[];
    return findings.flatMap((f) => f.sources.map((s) => s.id)).sort();
  }

  test('a dated story: the later stored story is no source; undated ones always are', async () => {
    expect(await sources('2026-04-10')).toEqual([EARLY, NOTES]);
    expect(await sources('2026-02-01')).toEqual([NOTES]);
    expect(await sources('2026-06-01T09:00:00+02:00')).toEqual([EARLY, LATE, NOTES]);
    // Undated: the order cannot be told, every source counts.
    expect(await sources()).toEqual([EARLY, LATE, NOTES]);
  });

  test('a story stored with ?add=true keeps its date as its publication date', async () => {
    const id = 'courier/added.txt';
    const added = await request(`${base}/v1/check?add=true`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id, text: `${FRESH[4]}\n\n${BACKGROUND_1}`, date: '2026-04-20' }),
    });
    expect(JSON.parse(added.body).added).toBe('added');
    expect(await sources('2026-04-15')).toEqual([EARLY, NOTES]);
    expect(await sources('2026-04-25')).toEqual([id, EARLY, NOTES].sort());
  });
});

describe('POST /v1/check: the dates of the sources', () => {
  let t: TestApp;
  let base: string;
  const DATED_PATH = 'courier/2026/02/15/brief.txt';
  beforeAll(async () => {
    t = await startTestApp({
      token: TOKEN,
      stories: [
        { path: EARLY, text: `${FRESH[0]}\n\n${BACKGROUND_1}`, published: '2026-03-01' },
        // Undated: the archive keeps a date for `index prune`, which is no publication date.
        { path: NOTES, text: `${FRESH[1]}\n\n${BACKGROUND_1}`, date: Date.UTC(2020, 0, 1) },
        { path: DATED_PATH, text: `${FRESH[2]}\n\n${BACKGROUND_1}` },
      ],
    });
    base = await t.listen();
  });
  afterAll(() => t.close());

  test('a publication date, a date in the path, or null; the origin is the earliest dated', async () => {
    const r = await request(`${base}/v1/check`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: `${FRESH[3]}\n\n${BACKGROUND_1}` }),
    });
    expect(r.status).toBe(200);
    const [finding] = JSON.parse(r.body).findings as {
      sources: { id: string; date: string | null }[];
      origin: { id: string; date: string } | null;
    }[];
    expect(Object.fromEntries(finding.sources.map((s) => [s.id, s.date]))).toEqual({
      [EARLY]: '2026-03-01T00:00:00.000Z',
      [NOTES]: null,
      [DATED_PATH]: '2026-02-15T00:00:00.000Z',
    });
    expect(finding.origin).toMatchObject({ id: DATED_PATH, date: '2026-02-15T00:00:00.000Z' });
  });
});
