/** The HTML reporter without a browser: escaping, the CSP, the word diff, determinism. */
import { describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { formatReport } from '../../src/index.js';
import { detect } from '../../src/engine-api.js';
import { embeddableJson, escapeHtml } from '../../src/reporters/html-page.js';
import { HTML_PARTIALS_LIMIT, wordDiff } from '../../src/reporters/html.js';

const HOSTILE =
  'The minister said </script><script>alert(1)</script> and "><img src=x onerror=alert(2)> ' +
  'then </textarea><!-- about 1,200 people \u2028 were moved out of the river valley on Monday.';

function hostileReport() {
  return detect([
    { path: 'x/</script>\u2028.txt', text: HOSTILE },
    { path: 'y/"><b>.txt', text: HOSTILE.replace('1,200', '1,400') },
  ]);
}

const STANDARD =
  'The agency said the figures were provisional and would be revised when the full count of ' +
  'the ballots cast in the northern districts was available later in the week.';

/** A report with partial reuse: a long paragraph holding a standard one, and the standard one alone. */
function partialReport() {
  return detect([
    {
      path: 'long.txt',
      text:
        'Officials in the capital spent the morning explaining the delay to reporters gathered ' +
        `outside the counting hall, and ${STANDARD} Observers from two parties watched the count.`,
    },
    { path: 'short.txt', text: STANDARD },
  ]);
}

/** The data the page embeds. */
function pageDataOf(html: string): { partials: unknown[] } {
  return JSON.parse(
    html.match(/<script type="application\/json" id="dupgraf-data">(.*?)<\/script>/s)![1],
  ) as { partials: unknown[] };
}

describe('HTML report', () => {
  test('holds the first HTML_PARTIALS_LIMIT partial pairs and says how many the JSON has', () => {
    const report = partialReport();
    expect(report.partials.length).toBeGreaterThan(0);
    const few = formatReport(report, 'html');
    expect(pageDataOf(few).partials).toHaveLength(report.partials.length);
    expect(few).not.toContain('partials-note');
    const total = HTML_PARTIALS_LIMIT + 5;
    report.partials = Array.from({ length: total }, () => report.partials[0]);
    report.summary.partials = total;
    const many = formatReport(report, 'html');
    expect(pageDataOf(many).partials).toHaveLength(HTML_PARTIALS_LIMIT);
    expect(many).toContain(
      `This page holds the first ${HTML_PARTIALS_LIMIT.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} partial reuse pairs`,
    );
  });

  test('document text never appears as markup; the data block cannot be closed early', () => {
    const html = formatReport(hostileReport(), 'html');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('</textarea');
    expect(html).not.toContain('<!--');
    expect(html).not.toContain('\u2028');
    // The embedded JSON still parses back to the same strings.
    const json = html.match(
      /<script type="application\/json" id="dupgraf-data">(.*?)<\/script>/s,
    )![1];
    const data = JSON.parse(json) as { groups: { t: string }[]; paths: string[] };
    expect(data.groups[0].t).toBe(HOSTILE.replace(/\s+/g, ' '));
    expect(data.paths).toContain('x/</script>\u2028.txt');
  });

  test('a Content-Security-Policy forbids remote loads and allows only the page’s own script and style', () => {
    const html = formatReport(hostileReport(), 'html');
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)![1];
    const policy = csp.replace(/&#39;/g, "'");
    expect(policy).toContain("default-src 'none'");
    const script = html.match(/<script>(.*)<\/script>/s)![1];
    const style = html.match(/<style>(.*)<\/style>/s)![1];
    const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(policy).toContain(`script-src ${hash(script)}`);
    expect(policy).toContain(`style-src ${hash(style)}`);
    expect(policy).not.toMatch(/unsafe|https?:|\*/);
  });

  test('escapeHtml and embeddableJson', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(embeddableJson({ s: '</script><!--&\u2029' })).toBe(
      '{"s":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2029"}',
    );
  });

  test('the word diff keeps numbers whole and rebuilds both texts', () => {
    const a = 'about 12,000 workers at Port Alder, according to the port authority.';
    const b = 'about 12,500 workers at Port Alder.';
    const ops = wordDiff(a, b);
    expect(ops).toContain('-12,000');
    expect(ops).toContain('+12,500');
    const side = (keep: string) =>
      ops
        .filter((o) => o[0] === '=' || o[0] === keep)
        .map((o) => o.slice(1))
        .join('');
    expect(side('-')).toBe(a);
    expect(side('+')).toBe(b);
  });

  test('same documents in any order give the same bytes', () => {
    const docs = [
      { path: 'b.txt', text: HOSTILE },
      { path: 'a.txt', text: HOSTILE.replace('Monday', 'Tuesday') },
      { path: 'c.txt', text: HOSTILE },
    ];
    const one = formatReport(detect(docs), 'html');
    const two = formatReport(detect([...docs].reverse()), 'html');
    expect(two).toBe(one);
  });
});

describe('HTML report of JSON records', () => {
  test('records of one file are told apart (path#record) and their metadata is embedded', () => {
    const html = formatReport(
      detect([
        {
          path: 'wire.jsonl',
          record: 'a1',
          recordLine: 1,
          text: HOSTILE,
          metadata: { title: 'Valley cleared' },
        },
        {
          path: 'wire.jsonl',
          record: 'a2',
          recordLine: 2,
          text: HOSTILE.replace('1,200', '1,500'),
        },
      ]),
      'html',
    );
    const json = html.match(
      /<script type="application\/json" id="dupgraf-data">(.*?)<\/script>/s,
    )![1];
    const data = JSON.parse(json) as {
      paths: string[];
      meta: Record<number, Record<string, string>>;
      groups: { o: { p: number; rep?: number; f?: unknown[] }[] }[];
    };
    expect(data.paths).toEqual(expect.arrayContaining(['wire.jsonl#a1', 'wire.jsonl#a2']));
    const copies = data.groups[0].o;
    expect(new Set(copies.map((o) => data.paths[o.p])).size).toBe(2);
    expect(copies.filter((o) => o.rep === 1)).toHaveLength(1);
    expect(data.meta[data.paths.indexOf('wire.jsonl#a1')]).toEqual({ title: 'Valley cleared' });
  });
});
