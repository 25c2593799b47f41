/**
 * The shell shared by the HTML reports (`scan --format html`, `check --format html`): one
 * self-contained page, with no external resources, whose inline script and style are allowed by
 * their SHA-256 hashes in a Content-Security-Policy meta tag that forbids every other load
 * (`default-src 'none'`). Document text never goes into markup: it travels as JSON inside a
 * `<script type="application/json">` block (with `<`, `>`, `&`, U+2028 and U+2029 escaped, so
 * `</script>` in a story cannot close it) and the page's script puts it in the DOM as text nodes.
 */

import { createHash } from 'node:crypto';

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON that is safe inside a `<script type="application/json">` element. */
export function embeddableJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** What {@link htmlPage} puts together. */
export interface HtmlPageParts {
  /** The page title (escaped here). */
  title: string;
  /** The style sheet (inline, allowed by hash). */
  style: string;
  /** The page script (inline, allowed by hash); none for a page without script. */
  script?: string;
  /** Data for the script, embedded as JSON in `<script id="dupgraf-data">`. */
  data?: unknown;
  /** Markup of the body (the caller escapes any text in it). */
  body: string;
}

/** Assembles a self-contained HTML page (see the module comment). */
export function htmlPage(parts: HtmlPageParts): string {
  const csp = [
    "default-src 'none'",
    `style-src ${sha256(parts.style)}`,
    `script-src ${parts.script ? sha256(parts.script) : "'none'"}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Marks the page as dupgraf's, so a later scan never reads it as a story (own-reports.ts).
    '<meta name="generator" content="dupgraf">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(parts.title)}</title>`,
    `<style>${parts.style}</style>`,
    '</head>',
    '<body>',
    parts.body,
    parts.data === undefined
      ? ''
      : `<script type="application/json" id="dupgraf-data">${embeddableJson(parts.data)}</script>`,
    parts.script ? `<script>${parts.script}</script>` : '',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The style sheet of both reports: light and dark by `prefers-color-scheme`, readable printed. */
export const PAGE_STYLE = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--card:#f5f7f9;--accent:#0b5cad;
--bar:#3b7dd8;--bar2:#c9d6e6;--ins-bg:#d6f5dd;--ins-fg:#0b4d1c;--del-bg:#fbd9d9;--del-fg:#7a1010;
--flag-bg:#fff1c2;--flag-fg:#5c4300;--mark:#ffe58a;--fail:#b3261e;--pass:#1e7b34;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#15181c;--fg:#e4e7eb;--muted:#9aa4af;--line:#343a42;
--card:#1e2227;--accent:#7fb3f5;--bar:#5c9cf0;--bar2:#2e3a4a;--ins-bg:#143d22;--ins-fg:#b9f2c9;
--del-bg:#4a1c1c;--del-fg:#ffc9c9;--flag-bg:#4a3b0a;--flag-fg:#ffe08a;--mark:#6b5a12;--fail:#ff8a80;--pass:#7ddc8f}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{max-width:1100px;margin:0 auto;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.5rem 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:var(--bg);padding:.5rem;z-index:9}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.muted{color:var(--muted)}.small{font-size:.85rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.75rem;margin:1rem 0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
.card b{display:block;font-size:1.4rem}.card span{color:var(--muted);font-size:.85rem}
svg text{fill:var(--fg);font-size:12px}svg .bar{fill:var(--bar)}svg a:focus .bar,svg a:hover .bar{fill:var(--accent)}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
th button{font:inherit;font-weight:600;background:none;border:0;color:inherit;cursor:pointer;padding:0}
th[aria-sort=ascending] button::after{content:" ▲"}th[aria-sort=descending] button::after{content:" ▼"}
.share{display:inline-block;width:120px;height:.7rem;background:var(--bar2);border-radius:3px;vertical-align:middle;margin-right:.4rem;overflow:hidden}
.share i{display:block;height:100%;background:var(--bar)}
.controls{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0 1rem;position:sticky;top:0;background:var(--bg);padding:.5rem 0;z-index:2;border-bottom:1px solid var(--line)}
.controls input[type=search]{font:inherit;padding:.35rem .5rem;min-width:18rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg)}
button.btn{font:inherit;font-size:.9rem;padding:.3rem .7rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);cursor:pointer}
details.group,details.story{border:1px solid var(--line);border-radius:8px;margin:.5rem 0;background:var(--bg)}
details>summary{cursor:pointer;padding:.5rem .75rem;list-style-position:outside;margin-left:1rem}
details[open]>summary{border-bottom:1px solid var(--line)}
.body{padding:.5rem .9rem .8rem}
.rank{font-weight:700;margin-right:.4rem}.snippet{color:var(--muted)}
.badge{display:inline-block;font-size:.75rem;border-radius:999px;padding:0 .5rem;margin-left:.4rem;border:1px solid var(--line);white-space:nowrap}
.badge.flag{background:var(--flag-bg);color:var(--flag-fg);border-color:transparent;font-weight:600}
.badge.fail{color:var(--fail);border-color:var(--fail)}.badge.pass{color:var(--pass);border-color:var(--pass)}
blockquote{margin:.4rem 0 .8rem;padding:.4rem .8rem;border-left:4px solid var(--bar);background:var(--card);border-radius:0 6px 6px 0}
ol.copies{list-style:none;padding:0;margin:0}
ol.copies>li{padding:.45rem 0;border-top:1px dashed var(--line)}
.place code{font-size:.85rem;word-break:break-all}
.meta{color:var(--muted);font-size:.85rem;margin-left:.4rem}
.scores{font-size:.8rem;color:var(--muted);margin-left:.4rem;font-variant-numeric:tabular-nums}
.diff{margin:.3rem 0 0;padding:.35rem .6rem;background:var(--card);border-radius:6px}
ins{background:var(--ins-bg);color:var(--ins-fg);text-decoration:none;border-radius:3px;padding:0 1px}
del{background:var(--del-bg);color:var(--del-fg);border-radius:3px;padding:0 1px}
del+ins{margin-left:2px}
ul.facts{margin:.3rem 0 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.3rem}
ul.facts li{background:var(--flag-bg);color:var(--flag-fg);border-radius:4px;padding:0 .45rem;font-size:.85rem}
mark{background:var(--mark);color:inherit;border-radius:2px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:.75rem}.pair>div{background:var(--card);border-radius:6px;padding:.4rem .6rem}
@media (max-width:700px){.pair{grid-template-columns:1fr}.controls input[type=search]{min-width:0;width:100%}}
.verdict-fail{color:var(--fail)}.verdict-pass{color:var(--pass)}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#f4f4f4;--accent:#000;
--bar:#555;--bar2:#ddd;--ins-bg:#d6f5dd;--ins-fg:#0b4d1c;--del-bg:#fbd9d9;--del-fg:#7a1010;
--flag-bg:#fff1c2;--flag-fg:#5c4300;--mark:#ffe58a;--fail:#b3261e;--pass:#1e7b34;color-scheme:light}
.controls,.skip,button.btn,.more{display:none!important}
body{font-size:11pt;background:#fff;color:#000}main{max-width:none;padding:0}
details{break-inside:avoid}details>summary{list-style:none;margin-left:0}
ins{outline:1px solid #0b4d1c}del{outline:1px solid #7a1010}a{color:inherit;text-decoration:none}}
`;
