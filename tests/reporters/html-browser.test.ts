/**
 * The HTML report in a real browser (Debian's chromium through playwright-core): the corpus report
 * renders, the filter narrows the groups, the diff shows the planted changed figures, changed-fact
 * flags appear where planted and nowhere else, hostile document text runs nothing, and the report
 * of all of Reuters-21578 opens and stays usable.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { formatReport } from '../../src/index.js';
import { detect } from '../../src/engine-api.js';
import { eventually, launchBrowser, openReport, type TestBrowser } from '../helpers/browser.js';
import { dupgraf, dupgrafAsync } from '../helpers/cli.js';
import { CORPORA } from '../helpers/paths.js';
import { describeNeeding } from '../helpers/requirements.js';
import { LANGUAGES_DIR } from '../helpers/variants.js';

/** A file of the language fixtures (tests/fixtures/languages). */
const readFixture = (language: string, name: string) =>
  fs.readFileSync(path.join(LANGUAGES_DIR, language, name), 'utf8');

describeNeeding(['chromium'], 'the HTML report in chromium', () => {
  let browser: TestBrowser;

  /** Polls `read` until `ok` holds (at most 10 s; the filter waits 120 ms) and returns the value. */
  const groupCount = (page: import('playwright-core').Page) =>
    page.locator('details.group[data-group]').count();
  let tmp: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-html-'));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The changed figures planted in corpus/ (corpus/README.md, "How it differs"). */
  const PLANTED_FIGURES = [
    {
      place: 'corpus/port-strike/2026-03-06-government-steps-in.txt:11',
      from: '12,000',
      to: '12,500',
    },
    { place: 'corpus/river-flood/2026-04-13-evacuations-widen.md:9', from: '1,400', to: '1,500' },
    { place: 'corpus/rate-decision/2026-05-08-governor-testimony.txt:11', from: '14', to: '15' },
  ];

  describe('the corpus report in chromium', () => {
    let file: string;
    beforeAll(() => {
      file = path.join(tmp, 'corpus.html');
      const r = dupgraf(['scan', 'corpus/', '--format', 'html', '-o', file]);
      expect(r.code).toBe(0);
    });

    test('renders the overview, the chart, the stories and every group, without errors', async () => {
      const { page, events } = await openReport(browser.context, file);
      const cards = await page.locator('#cards .card').allTextContents();
      expect(cards[0]).toMatch(/^17\s*stories/);
      expect(cards).toContainEqual(expect.stringMatching(/^8\s*groups/));
      expect(await page.locator('#chart svg a').count()).toBe(8);
      expect(await page.locator('#stories-table tbody tr').count()).toBe(15);
      expect(await page.locator('details.group[data-group]').count()).toBe(8);
      expect(await page.locator('#shown').textContent()).toContain('8 of 8');
      // Sorting the stories by path puts them in path order.
      await page.locator('#stories-table th button', { hasText: 'Story' }).click();
      const firstPaths = await page
        .locator('#stories-table tbody tr td:first-child code')
        .allTextContents();
      expect(firstPaths).toEqual([...firstPaths].sort());
      expect(events.dialogs).toEqual([]);
      expect(events.consoleErrors).toEqual([]);
      expect(events.pageErrors).toEqual([]);
      expect(events.requests.every((u) => u.startsWith('file://'))).toBe(true);
      await page.close();
    });

    test('the filter narrows the groups by text and by path, and Escape clears it', async () => {
      const { page } = await openReport(browser.context, file);
      const filter = page.locator('#filter');
      await filter.fill('Tessel');
      expect(
        await eventually(
          () => groupCount(page),
          (n) => n === 1,
        ),
      ).toBe(1);
      expect(await page.locator('details.group[data-group] .snippet').textContent()).toContain(
        'The Tessel drains',
      );
      await filter.fill('rate-decision/2026-05-08');
      expect(
        await eventually(
          () => page.locator('#shown').textContent(),
          (t) => !!t?.includes('3 of 3 matching'),
        ),
      ).toContain('3 of 3 matching');
      await filter.press('Escape');
      expect(
        await eventually(
          () => groupCount(page),
          (n) => n === 8,
        ),
      ).toBe(8);
      // Keyboard: "/" focuses the filter.
      await page.locator('body').press('/');
      expect(await page.evaluate('document.activeElement && document.activeElement.id')).toBe(
        'filter',
      );
      await page.close();
    });

    test('printed, every group and pair shown is opened with its copies, and closed again after', async () => {
      const { page } = await openReport(browser.context, file);
      await page.evaluate(
        `window.addEventListener('beforeprint', function () {
        window.__atPrint = [document.querySelectorAll('details[open]').length,
          document.querySelectorAll('li.copy').length];
      })`,
      );
      await page.pdf({ path: path.join(tmp, 'corpus.pdf') });
      expect(await page.evaluate('window.__atPrint')).toEqual([8 + 3, 38]);
      expect(await page.locator('details[open]').count()).toBe(0);
      await page.close();
    });

    test('the diff of each planted variant shows the changed figure, and its flag', async () => {
      const { page } = await openReport(browser.context, file);
      await page.locator('#expand').click();
      for (const { place, from, to } of PLANTED_FIGURES) {
        const copy = page.locator('li.copy', { has: page.locator('code', { hasText: place }) });
        expect(await copy.count()).toBe(1);
        expect(await copy.locator('.diff del').allTextContents()).toContain(from);
        expect(await copy.locator('.diff ins').allTextContents()).toContain(to);
        expect(await copy.locator('.scores').textContent()).toMatch(
          /Jaccard 0\.\d\d · Dice 0\.\d\d/,
        );
        expect(await copy.locator('ul.facts li').allTextContents()).toEqual([
          `⚠ number: ${from} → ${to}`,
        ]);
      }
      // Flags only where planted: the two dropped clauses are variants without changed facts.
      expect(await page.locator('li.copy.has-facts').count()).toBe(PLANTED_FIGURES.length);
      expect(await page.locator('li.copy .diff').count()).toBe(PLANTED_FIGURES.length + 2);
      await page.locator('#facts-only').check();
      expect(
        await eventually(
          () => groupCount(page),
          (n) => n === 3,
        ),
      ).toBe(3);
      // Partial reuse: both paragraphs, the shared passage marked in each.
      const partial = page.locator('#partial-list details').first();
      await partial.locator('summary').click();
      // (the body is drawn on the toggle event, which comes after the click)
      expect(
        await eventually(
          () => partial.locator('mark').count(),
          (n) => n === 2,
        ),
      ).toBe(2);
      expect(await partial.locator('mark').first().textContent()).toContain(
        'halting container traffic',
      );
      await page.close();
    });
  });

  describe('hostile document text', () => {
    const hostile =
      'Officials said <script>window.__pwned = 1; alert("script")</script> that "><img src=x ' +
      'onerror="alert(\'img\')"> about 1,200 people in </textarea></script><!-- Alder were hurt ' +
      'on March 3 and the council met at <a href="javascript:alert(1)">noon</a> to discuss it.';
    const variant = hostile
      .replace('1,200', '1,300')
      .replace('March 3', 'March 4')
      .replace('Alder', 'Brannock');

    test('cannot run code or break the page; changed numbers, dates and names are flagged', async () => {
      const report = detect(
        [
          {
            path: 'a/<script>alert("path")</script>.txt',
            text: hostile + '\n\nA different second paragraph about the weather in spring.',
          },
          { path: 'b/"><img src=x onerror=alert(3)>.txt', text: variant },
          { path: 'c/\u2028</script>.txt', text: hostile },
        ],
        { threshold: 0.5 },
      );
      // Metadata from a source that supplies it (optional in the model) is escaped too.
      (report.documents[0] as unknown as { metadata: object }).metadata = {
        title: '<img src=x onerror=alert("title")>',
        date: '2026-03-03',
      };
      const file = path.join(tmp, 'hostile.html');
      fs.writeFileSync(file, formatReport(report, 'html'));
      const { page, events } = await openReport(browser.context, file);
      await page.locator('#expand').click();
      await page.waitForTimeout(100);
      expect(events.dialogs).toEqual([]);
      expect(events.consoleErrors).toEqual([]);
      expect(events.pageErrors).toEqual([]);
      expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
      expect(await page.locator('img, iframe, textarea, a[href^="javascript"]').count()).toBe(0);
      expect(await page.locator('script').count()).toBe(2); // the data and the page's own script
      // The text is shown as written.
      expect(await page.locator('blockquote.rep').first().textContent()).toBe(
        report.clusters[0].text,
      );
      expect(await page.locator('li.copy code').allTextContents()).toContainEqual(
        expect.stringContaining('<script>alert("path")</script>'),
      );
      expect(await page.locator('.meta').first().textContent()).toContain(
        '<img src=x onerror=alert("title")>',
      );
      const facts = await page.locator('ul.facts li').allTextContents();
      expect(facts).toEqual(
        expect.arrayContaining([
          '⚠ number: 1,200 → 1,300',
          '⚠ date: March 3 → March 4',
          '⚠ name: Alder → Brannock',
        ]),
      );
      await page.close();
    });
  });

  describe('copy without spaces', () => {
    test("the chart's labels of Chinese and Japanese groups stay left of their bars", async () => {
      const zh = readFixture('zh', 'a.txt').split('\n')[0];
      const ja = readFixture('ja', 'a.txt').split('\n')[0];
      const report = detect([
        { path: 'zh1.txt', text: zh },
        { path: 'zh2.txt', text: zh },
        { path: 'ja1.txt', text: ja },
        { path: 'ja2.txt', text: ja },
        {
          path: 'en1.txt',
          text: 'Short English paragraph about the harbour and its cranes today.',
        },
        {
          path: 'en2.txt',
          text: 'Short English paragraph about the harbour and its cranes today.',
        },
      ]);
      expect(report.clusters).toHaveLength(3);
      const file = path.join(tmp, 'wide.html');
      fs.writeFileSync(file, formatReport(report, 'html'));
      const { page, events } = await openReport(browser.context, file);
      const links = page.locator('#chart svg a');
      expect(await links.count()).toBe(3);
      const labels: string[] = [];
      for (let i = 0; i < 3; i++) {
        const label = links.nth(i).locator('text').first();
        const box = (await label.boundingBox())!;
        const bar = (await links.nth(i).locator('rect').boundingBox())!;
        expect(box.x + box.width).toBeLessThanOrEqual(bar.x);
        labels.push((await label.textContent()) ?? '');
      }
      // Chinese and Japanese are cut between characters (30 to 40 of them), with an ellipsis.
      expect(labels).toContain('Short English paragraph about the harbour and its cranes \u2026');
      for (const label of labels.filter((l) => !l.startsWith('Short')))
        expect([label, Array.from(label).length <= 40 && label.endsWith(' \u2026')]).toEqual([
          label,
          true,
        ]);
      expect(events.pageErrors).toEqual([]);
      await page.close();
    });
  });

  describe('the check report in chromium', () => {
    test('shows the verdict, the diff against the source and the changed figure; the filter narrows', async () => {
      const file = path.join(tmp, 'check.html');
      const r = dupgraf([
        'check',
        'corpus/port-strike/2026-03-06-government-steps-in.txt',
        'corpus/rate-decision/2026-05-08-governor-testimony.txt',
        '--against',
        'corpus',
        '--format',
        'html:' + file,
      ]);
      expect(r.code).toBe(1);
      const { page, events } = await openReport(browser.context, file);
      expect(await page.locator('h1').textContent()).toBe('Copy check: FAILED');
      expect(await page.locator('details.story').count()).toBe(2);
      const copy = page.locator('li.copy', {
        has: page.locator('code', { hasText: 'government-steps-in.txt:11' }),
      });
      expect(await copy.locator('.diff del').allTextContents()).toContain('12,000');
      expect(await copy.locator('.diff ins').allTextContents()).toContain('12,500');
      expect(await copy.locator('ul.facts li').allTextContents()).toEqual([
        '⚠ number: 12,000 → 12,500',
      ]);
      expect(await page.locator('li.copy.has-facts').count()).toBe(2); // 12,000 and 14 percent
      await page.locator('#filter').fill('governor');
      expect(
        await eventually(
          () => page.locator('details.story:not([hidden])').count(),
          (n) => n === 1,
        ),
      ).toBe(1);
      expect(events.dialogs).toEqual([]);
      expect(events.consoleErrors).toEqual([]);
      expect(events.pageErrors).toEqual([]);
      await page.close();
    });

    test('hostile text in stories and archive runs nothing', async () => {
      const dir = path.join(tmp, 'hostile-check');
      fs.mkdirSync(path.join(dir, 'archive'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'story'), { recursive: true });
      const text =
        'Police said <script>alert("a")</script> that "><img src=x onerror=alert("b")> some ' +
        '</textarea> 40 people in Harwick were moved out of their homes on Friday night. The ' +
        'county council opened two shelters at the sports hall and the old library, and said that ' +
        'buses would take residents back to the harbour district once the water had gone down.';
      fs.writeFileSync(path.join(dir, 'archive', '<b>a.txt'), text + '\n');
      fs.writeFileSync(
        path.join(dir, 'story', 'b.txt'),
        text.replace('40', '45').replace('Friday', 'Saturday') + '\n',
      );
      const file = path.join(tmp, 'hostile-check.html');
      const r = dupgraf(['check', 'story', '--against', 'archive', '--format', 'html:' + file], {
        cwd: dir,
      });
      expect(r.code).toBe(1);
      const { page, events } = await openReport(browser.context, file);
      expect(events.dialogs).toEqual([]);
      expect(events.consoleErrors).toEqual([]);
      expect(events.pageErrors).toEqual([]);
      expect(await page.locator('img, textarea, details b').count()).toBe(0);
      expect(await page.locator('ul.facts li').allTextContents()).toEqual([
        '⚠ number: 40 → 45',
        '⚠ date: Friday → Saturday',
      ]);
      expect(await page.locator('li.copy .small code').textContent()).toBe('archive/<b>a.txt:1');
      await page.close();
    });
  });

  describeNeeding(['corpora'], 'the Reuters-21578 report (100k paragraphs)', () => {
    test('opens quickly with a page of groups, and the filter still works', async () => {
      const file = path.join(tmp, 'reuters.html');
      const r = await dupgrafAsync([
        'scan',
        path.join(CORPORA, 'reuters21578'),
        '--format',
        'html',
        '-o',
        file,
        '-q',
      ]);
      expect(r.code).toBe(0);
      const { page, events, ms } = await openReport(browser.context, file);
      // A functional bound, far above the ~0.5 s measured: the page must not build megabytes of DOM.
      expect(ms).toBeLessThan(20_000);
      expect(await page.locator('details.group[data-group]').count()).toBe(50);
      expect(await page.evaluate('document.getElementsByTagName("*").length')).toBeLessThan(5000);
      expect(await page.locator('#shown').textContent()).toMatch(/50 of [\d,]+ matching groups/);
      await page.locator('#group-more button').click();
      expect(await page.locator('details.group[data-group]').count()).toBe(100);
      // Re-sent stories too come a page at a time; a re-send's folded groups when it is opened.
      const resends = page.locator('#resend-list > li');
      expect(await resends.count()).toBe(50);
      expect(await page.locator('#resend-more button').textContent()).toMatch(
        /^Show more re-sent stories \(50 of [\d,]+ shown\)$/,
      );
      await page.locator('#resend-more button').click();
      expect(await resends.count()).toBe(100);
      const opened = page.locator('#resend-list > li details').first();
      expect(await opened.locator('li').count()).toBe(0);
      await opened.locator('summary').click();
      expect(await opened.locator('li code').count()).toBeGreaterThan(0);
      await page.locator('#filter').fill('dividend');
      expect(
        await eventually(
          () => page.locator('#shown').textContent(),
          (t) => !!t?.includes('in all'),
        ),
      ).toContain('in all');
      const snippets = await page.locator('details.group[data-group]').count();
      expect(snippets).toBeGreaterThan(0);
      expect(snippets).toBeLessThan(100);
      expect(events.pageErrors).toEqual([]);
      expect(events.consoleErrors).toEqual([]);
      await page.close();
    });
  });
});
