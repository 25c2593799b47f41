/**
 * Debian's chromium driven by playwright-core, for the HTML report's browser tests: headless,
 * no sandbox (CI runs as root), nothing fetched from the network, a fresh profile each time.
 * `.ci/run` installs the `chromium` package when /usr/bin/chromium is missing; elsewhere the
 * tests that need it are skipped (tests/helpers/requirements.ts), or `DUPGRAF_CHROMIUM` names
 * another chromium or Chrome executable.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './requirements.js';

/** A browser with a fresh profile; `close()` removes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts headless chromium with a fresh profile (see the module comment). */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1200, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did while it was open: dialogs, console errors, script errors, requests. */
export interface PageEvents {
  dialogs: string[];
  consoleErrors: string[];
  pageErrors: string[];
  requests: string[];
}

/**
 * Opens `url` with its events recorded and waits until the page's script says it is ready
 * (`<html data-ready="true">`).
 */
export async function openPage(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; events: PageEvents; ms: number }> {
  const page = await context.newPage();
  const events: PageEvents = { dialogs: [], consoleErrors: [], pageErrors: [], requests: [] };
  page.on('dialog', (d) => {
    events.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') events.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => events.pageErrors.push(e.message));
  page.on('request', (r) => events.requests.push(r.url()));
  const started = performance.now();
  await page.goto(url);
  await page.waitForSelector('html[data-ready="true"]', { timeout: 30_000 });
  return { page, events, ms: performance.now() - started };
}

/** Opens `file` (an absolute path) and waits until the report's script has rendered it. */
export function openReport(
  context: BrowserContext,
  file: string,
): Promise<{ page: Page; events: PageEvents; ms: number }> {
  return openPage(context, 'file://' + file);
}

/** Polls `read` until `ok` holds (at most `ms`, default 10 s) and returns the last value. */
export async function eventually<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  ms = 10_000,
): Promise<T> {
  const until = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}
