/**
 * The editor's page of `dupgraf serve` in a real browser (Debian's chromium through
 * playwright-core), against a running server over a real archive: typing a draft highlights the
 * recycled paragraphs with their sources and dates, the word diff and the changed facts, and the
 * desk's verdict; a signed-in editor approves a paragraph as boilerplate and sees it excused;
 * a dropped HTML file is read as HTML; hostile text stays text; the CSP holds (no console
 * errors) and nothing is fetched from anywhere but the server. `UPDATE_SCREENSHOTS=1` writes the
 * screenshot in docs/.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { describeNeeding } from '../helpers/requirements.js';
import type { Page } from 'playwright-core';
import {
  eventually,
  launchBrowser,
  openPage,
  type PageEvents,
  type TestBrowser,
} from '../helpers/browser.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { startTestApp, type TestApp } from '../helpers/server.js';
import { BACKGROUND_1, CLOSER, FRESH } from '../check/texts.js';
import { ARCHIVE, COST_CHANGED, DRAFT_PARAGRAPHS } from './stories.js';

const TOKEN = 'browser-test-token';
let t: TestApp;
let base: string;
let browser: TestBrowser;

function openEditor(): Promise<{ page: Page; events: PageEvents }> {
  return openPage(browser.context, `${base}/`);
}

/** Waits until the page has finished more checks than `before`; returns how many it has. */
async function checked(page: Page, before: number): Promise<number> {
  const read = async () => Number((await page.locator('html').getAttribute('data-checked')) ?? 0);
  const n = await eventually(read, (v) => v > before, 30_000);
  expect(n).toBeGreaterThan(before);
  return n;
}

function expectClean(events: PageEvents) {
  expect(events.dialogs).toEqual([]);
  expect(events.consoleErrors).toEqual([]);
  expect(events.pageErrors).toEqual([]);
  expect(events.requests.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
}

describeNeeding(['chromium'], 'the editor page in chromium', () => {
  beforeAll(async () => {
    t = await startTestApp({
      stories: ARCHIVE,
      token: TOKEN,
      desks: { sports: { maxBoilerplateShare: 0.9 } },
    });
    base = await t.listen();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  test('typing a draft highlights recycled paragraphs with sources, dates, diff, facts and verdict; an editor approves one', async () => {
    const { page, events } = await openEditor();
    await expect(page.locator('#archive').textContent()).resolves.toContain('2 stories');
    const draft = page.locator('#draft');
    // Paste most of the draft, then type its last paragraph as an editor would.
    await draft.fill(
      ['Ferry strike enters second week', ...DRAFT_PARAGRAPHS.slice(0, -1)].join('\n\n'),
    );
    await draft.press('End');
    await draft.pressSequentially(`\n\n${DRAFT_PARAGRAPHS.at(-1)}`, { delay: 2 });
    let n = await checked(page, 0);
    // A check may have run while the last paragraph was being typed: wait for the whole draft.
    const lastShown = () => page.locator('#paragraphs > li:last-child > p').textContent();
    await expect(eventually(lastShown, (v) => v === DRAFT_PARAGRAPHS.at(-1), 30_000)).resolves.toBe(
      DRAFT_PARAGRAPHS.at(-1),
    );
    n = Number(await page.locator('html').getAttribute('data-checked'));

    const recycled = page.locator('li.para.recycled');
    await expect(recycled.count()).resolves.toBe(4);
    const texts = await recycled.locator('p').allTextContents();
    expect(texts).toEqual([BACKGROUND_1, DRAFT_PARAGRAPHS[2], COST_CHANGED, CLOSER]);
    // Fresh paragraphs are shown, not highlighted.
    await expect(page.locator('li.para:not(.recycled) p').allTextContents()).resolves.toEqual([
      'Ferry strike enters second week',
      FRESH[2],
      FRESH[3],
    ]);
    // Sources and dates beside the copied paragraph.
    const first = recycled.nth(0).locator('aside');
    await expect(first.textContent()).resolves.toContain('courier/2026-01-10-ferry-talks.txt');
    await expect(first.locator('ul.sources li').allTextContents()).resolves.toEqual([
      expect.stringContaining('courier/2026-01-10-ferry-talks.txt:3 · 2026-01-10'),
      expect.stringContaining('courier/2026-02-01-ferry-strike.txt:5 · 2026-02-01'),
    ]);
    // The changed figures: in the diff and flagged.
    const cost = recycled.nth(2).locator('aside');
    await expect(cost.locator('.diff del').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['12,000']),
    );
    await expect(cost.locator('.diff ins').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['12,500']),
    );
    await expect(cost.locator('ul.facts li').allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        'number changed: 12,000 → 12,500',
        'date changed: Tuesday → Wednesday',
      ]),
    );
    // The verdict of the default policy, then of the sports desk.
    await expect(page.locator('#verdict.fail').textContent()).resolves.toMatch(
      /^Fails \(default policy\): 4 recycled paragraphs/,
    );
    await page.locator('#desk').selectOption('sports');
    n = await checked(page, n);
    await expect(page.locator('#verdict.pass').textContent()).resolves.toMatch(
      /^Passes \(desk sports\)/,
    );

    await page.locator('#desk').selectOption('');
    n = await checked(page, n);
    await expect(page.locator('#verdict.fail').count()).resolves.toBe(1);

    // Not signed in: no approve button. Signed in: approve the closer.
    await expect(page.locator('.approve-button').count()).resolves.toBe(0);
    await page.locator('#signin summary').click();
    await page.locator('#owner').fill('Night editor');
    await page.locator('#token').fill(TOKEN);
    await expect(page.locator('.approve-button').count()).resolves.toBe(4);
    if (process.env.UPDATE_SCREENSHOTS === '1') {
      await page.setViewportSize({ width: 1280, height: 1000 });
      await page.screenshot({
        path: path.join(REPO_ROOT, 'docs/serve-editor.png'),
        fullPage: false,
      });
    }
    const closer = page.locator('li.para', { hasText: CLOSER });
    await closer.locator('.approve-button').click();
    await closer.locator('input.reason').fill('standard closer of the Courier');
    await closer.locator('form.approve button[type=submit]').click();
    await checked(page, n);
    await expect(page.locator('#status').textContent()).resolves.toMatch(/^checked 6 paragraphs/);
    const approved = page.locator('li.para.approved');
    await expect(approved.locator('p').textContent()).resolves.toBe(CLOSER);
    await expect(approved.locator('aside').textContent()).resolves.toContain(
      'approved by Night editor: standard closer of the Courier',
    );
    await expect(recycled.count()).resolves.toBe(3);
    expectClean(events);
    await page.close();
  });

  test('a dropped HTML file is read as HTML', async () => {
    const { page, events } = await openEditor();
    const html = `<!doctype html><title>x</title><article><h1>Ferry</h1><p>${FRESH[4]}</p><p>${BACKGROUND_1}</p></article>`;
    type DropWindow = {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: string[], name: string, options: { type: string }) => unknown;
    };
    const transfer = await page.evaluateHandle((text) => {
      const w = globalThis as unknown as DropWindow;
      const dt = new w.DataTransfer();
      dt.items.add(new w.File([text], 'draft.html', { type: 'text/html' }));
      return dt;
    }, html);
    await page.locator('#draft').dispatchEvent('drop', { dataTransfer: transfer });
    await checked(page, 0);
    await expect(page.locator('#format').inputValue()).resolves.toBe('html');
    await expect(page.locator('li.para p').allTextContents()).resolves.toEqual([
      'Ferry',
      FRESH[4],
      BACKGROUND_1,
    ]);
    await expect(page.locator('li.para.recycled p').allTextContents()).resolves.toEqual([
      BACKGROUND_1,
    ]);
    expectClean(events);
    await page.close();
  });

  test('hostile text renders as text and runs nothing', async () => {
    const { page, events } = await openEditor();
    const hostile = [
      `<img src=x onerror="alert('img')"> ${BACKGROUND_1}`,
      `<script>alert('script')</script><a href="javascript:alert('link')">click</a> ${FRESH[5]} <style>body{display:none}</style>`,
    ];
    await page.locator('#format').selectOption('text');
    await page.locator('#draft').fill(hostile.join('\n\n'));
    await page.locator('#check').click();
    await checked(page, 0);
    await expect(page.locator('li.para p').allTextContents()).resolves.toEqual(hostile);
    await expect(
      page.locator('#paragraphs img, #paragraphs script, #paragraphs a, #paragraphs style').count(),
    ).resolves.toBe(0);
    await expect(page.locator('body').isVisible()).resolves.toBe(true);
    // The same text read as HTML: tags are markup, and still nothing runs.
    await page.locator('#format').selectOption('html');
    await checked(page, 1);
    await expect(
      page.locator('#paragraphs img, #paragraphs script, #paragraphs a').count(),
    ).resolves.toBe(0);
    expectClean(events);
    await page.close();
  });
});
