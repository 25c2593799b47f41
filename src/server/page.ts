/**
 * The editor's page of `dupgraf serve` (`GET /`): a draft is pasted, typed or dropped (text,
 * HTML, Markdown) and checked through `POST /v1/check`; recycled paragraphs are highlighted with
 * their sources and dates beside them, a word diff against the closest source, the changed facts
 * and the desk's verdict; a signed-in editor (the token) can approve a paragraph as boilerplate.
 *
 * Self-contained: the page, its style and its script are served by the server itself (no CDN),
 * under a Content-Security-Policy without inline scripts or styles; the script builds the result
 * with `textContent` only, so hostile story text stays text. The script is in editor-script.ts.
 */

export { EDITOR_SCRIPT } from './editor-script.js';

/** The Content-Security-Policy of every response: only the server's own script and style. */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** The page (`GET /`). */
export const EDITOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dupgraf · check a draft</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/editor.css">
<script src="/assets/editor.js" defer></script>
</head>
<body>
<header>
  <h1>dupgraf <span>check a draft against the archive</span></h1>
  <p id="archive" class="muted">connecting…</p>
</header>
<main>
  <section id="input" aria-label="draft">
    <div class="row">
      <label>Format <select id="format">
        <option value="auto">detect</option>
        <option value="text">plain text</option>
        <option value="markdown">Markdown</option>
        <option value="html">HTML</option>
      </select></label>
      <label>Desk <select id="desk"><option value="">default policy</option></select></label>
      <label>Story id <input id="story-id" placeholder="optional" size="14"></label>
    </div>
    <textarea id="draft" spellcheck="true" aria-label="draft text"
      placeholder="Paste or type a draft here, or drop a file (text, HTML or Markdown). Paragraphs are separated by blank lines."></textarea>
    <div class="row">
      <button id="check" type="button">Check</button>
      <span id="status" role="status" aria-live="polite"></span>
    </div>
    <details id="signin">
      <summary>Editor sign-in (to approve boilerplate)</summary>
      <div class="row">
        <label>Name <input id="owner" autocomplete="name" size="16"></label>
        <label>Token <input id="token" type="password" autocomplete="off" size="16"></label>
      </div>
      <p class="muted small">The token stays in this tab; it is sent only to this server.</p>
    </details>
  </section>
  <section id="result" aria-label="check result">
    <div id="verdict" hidden></div>
    <ol id="paragraphs"></ol>
    <p id="empty" class="muted">Recycled paragraphs will be highlighted here, with where they come from.</p>
  </section>
</main>
<noscript><p>This page needs JavaScript. The API is described at /v1/openapi.json.</p></noscript>
</body>
</html>
`;

/** The page's icon (`GET /assets/icon.svg`): two overlapping paragraphs. */
export const EDITOR_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect x="3" y="4" width="18" height="22" rx="2" fill="#1f5fbf"/>
<rect x="11" y="8" width="18" height="22" rx="2" fill="#b3261e" fill-opacity=".85"/>
</svg>
`;

/** The page's style (`GET /assets/editor.css`). */
export const EDITOR_STYLE = `:root{--fg:#1d232b;--muted:#5c6670;--line:#d8dde3;--card:#f6f7f9;--bad:#b3261e;--bad-bg:#fdecea;
--ok:#1e6b35;--ok-bg:#e6f4ea;--warn-bg:#fff4d6;--accent:#1f5fbf;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
*{box-sizing:border-box}
body{margin:0;background:#fff}
header{padding:.8rem 1.4rem;border-bottom:1px solid var(--line);display:flex;align-items:baseline;gap:1.5rem;flex-wrap:wrap}
h1{font-size:1.25rem;margin:0}
h1 span{font-weight:400;color:var(--muted);font-size:1rem;margin-left:.4rem}
main{display:grid;grid-template-columns:minmax(320px,2fr) 3fr;gap:1.4rem;padding:1rem 1.4rem}
@media (max-width:900px){main{grid-template-columns:1fr}}
.row{display:flex;gap:.8rem;align-items:center;flex-wrap:wrap;margin:.4rem 0}
label{font-size:.9rem;color:var(--muted)}
select,input{font:inherit;padding:.2rem .35rem;border:1px solid var(--line);border-radius:5px}
textarea{width:100%;min-height:26rem;font:inherit;padding:.7rem;border:1px solid var(--line);border-radius:8px;resize:vertical}
textarea.dragging{outline:3px dashed var(--accent)}
button{font:inherit;padding:.3rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
button:disabled{opacity:.5;cursor:default}
.muted{color:var(--muted)}
.small{font-size:.85rem}
#verdict{padding:.7rem 1rem;border-radius:8px;margin-bottom:1rem;font-weight:600}
#verdict.pass{background:var(--ok-bg);color:var(--ok)}
#verdict.fail{background:var(--bad-bg);color:var(--bad)}
#verdict ul{margin:.3rem 0 0;padding-left:1.2rem;font-weight:400}
#paragraphs{list-style:none;margin:0;padding:0}
.para{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;padding:.5rem .6rem;border-left:4px solid transparent;margin-bottom:.3rem}
.para p{margin:0}
.para.recycled{background:var(--bad-bg);border-left-color:var(--bad)}
.para.recycled.partial{background:var(--warn-bg);border-left-color:#c98a00}
.para.approved{background:var(--ok-bg);border-left-color:var(--ok)}
.para.suppressed{background:var(--card);border-left-color:#9aa4ad}
.para:not(.recycled):not(.approved):not(.suppressed){grid-template-columns:1fr}
aside{font-size:.88rem;border-left:1px solid var(--line);padding-left:.8rem}
aside .badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:0 .4rem;border-radius:4px;background:#fff;border:1px solid currentColor;margin-right:.4rem}
aside ul.sources{margin:.3rem 0;padding-left:1rem}
aside .diff{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.35rem .5rem;margin:.35rem 0}
ins{background:#c8f0d2;text-decoration:none}
del{background:#f9c9c4}
ul.facts{margin:.3rem 0;padding-left:1rem;color:var(--bad)}
form.approve{display:grid;gap:.35rem;margin-top:.4rem;padding:.5rem;background:#fff;border:1px solid var(--line);border-radius:6px}
form.approve input{width:100%}
`;
