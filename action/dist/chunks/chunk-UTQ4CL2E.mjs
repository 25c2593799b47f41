import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as x}from"./chunk-UWRK6LYE.mjs";import{a as v}from"./chunk-VMDIIP7I.mjs";import{e as u}from"./chunk-WFMBEOJ5.mjs";import{a as g,c as h,d as b}from"./chunk-ACA4NX5R.mjs";import{b as c,c as s,f as p}from"./chunk-HM4UP6I3.mjs";import{createHash as P}from"node:crypto";function y(e){return e.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;").replace(/"/g,"&quot;").replace(/'/g,"&#39;")}function B(e){return JSON.stringify(e).replace(/</g,"\\u003c").replace(/>/g,"\\u003e").replace(/&/g,"\\u0026").replace(/\u2028/g,"\\u2028").replace(/\u2029/g,"\\u2029")}function w(e){return`'sha256-${P("sha256").update(e,"utf8").digest("base64")}'`}function C(e){let r=["default-src 'none'",`style-src ${w(e.style)}`,`script-src ${e.script?w(e.script):"'none'"}`,"img-src data:","base-uri 'none'","form-action 'none'"].join("; ");return["<!DOCTYPE html>",'<html lang="en">',"<head>",'<meta charset="utf-8">','<meta name="generator" content="dupgraf">',`<meta http-equiv="Content-Security-Policy" content="${y(r)}">`,'<meta name="viewport" content="width=device-width, initial-scale=1">','<meta name="color-scheme" content="light dark">','<meta name="referrer" content="no-referrer">',`<title>${y(e.title)}</title>`,`<style>${e.style}</style>`,"</head>","<body>",e.body,e.data===void 0?"":`<script type="application/json" id="dupgraf-data">${B(e.data)}</script>`,e.script?`<script>${e.script}</script>`:"","</body>","</html>",""].join(`
`)}var k=`
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
`;var S=String.raw`// Groups
var groupList = document.getElementById('group-list');
var groupMore = document.getElementById('group-more');
var filterBox = document.getElementById('filter');
var factsOnly = document.getElementById('facts-only');
var shown = document.getElementById('shown');
var matches = data.groups.map(function (g, i) { return i; });
var rendered = 0;

function haystack(g) {
  if (g._h === undefined) {
    var parts = [g.t];
    g.o.forEach(function (o) {
      parts.push(P[o.p] + ':' + o.l);
      var m = metaText(o.p); if (m) parts.push(m);
      if (o.x) parts.push(o.x.map(function (x) { return x.charAt(0) === '-' ? '' : x.slice(1); }).join(''));
    });
    g._h = parts.join('\n').toLowerCase();
  }
  return g._h;
}
function factCount(g) {
  if (g._f === undefined) { g._f = 0; g.o.forEach(function (o) { if (o.f) g._f += o.f.length; }); }
  return g._f;
}

function renderDiff(ops) {
  var d = el('div', 'diff');
  d.setAttribute('aria-label', 'changes against the representative');
  ops.forEach(function (op) {
    var sign = op.charAt(0), text = op.slice(1);
    if (sign === '=') d.appendChild(document.createTextNode(text));
    else {
      var e = el(sign === '+' ? 'ins' : 'del', null, text);
      e.title = sign === '+' ? 'only in this copy' : 'only in the representative';
      d.appendChild(e);
    }
  });
  return d;
}

function renderCopy(g, o) {
  var li = el('li', o.f ? 'copy has-facts' : 'copy');
  var head = el('div', 'place');
  add(head, el('code', null, place(o.p, o.l, o.e)));
  var m = metaText(o.p); if (m) add(head, el('span', 'meta', m));
  var scores = 'Jaccard ' + num2(o.s) + (o.k !== undefined ? ' \u00b7 Dice ' + num2(o.k) : '');
  add(head, el('span', 'scores', scores));
  if (o.dt) add(head, el('span', 'meta', o.dt.slice(0, 10)));
  if (o.og) add(head, el('span', 'badge', 'origin'));
  add(head, el('span', 'badge', o.rep ? 'representative' : o.x ? 'variant' : 'exact copy'));
  li.appendChild(head);
  if (o.x) li.appendChild(renderDiff(o.x));
  if (o.f) {
    var ul = el('ul', 'facts');
    ul.setAttribute('aria-label', 'changed facts');
    o.f.forEach(function (f) {
      var item = el('li', 'fact', '\u26a0 ' + f.kind + ': ' + f.from + ' \u2192 ' + f.to);
      item.setAttribute('data-kind', f.kind);
      ul.appendChild(item);
    });
    li.appendChild(ul);
  }
  return li;
}

function renderGroupBody(details, g) {
  var body = el('div', 'body');
  add(body, el('div', 'origin', g.os.charAt(0).toUpperCase() + g.os.slice(1) + '.'));
  add(body, el('div', 'muted small', 'Representative \u2014 ' + place(g.r[0], g.r[1])));
  add(body, el('blockquote', 'rep', g.t));
  var ol = el('ol', 'copies');
  ol.setAttribute('aria-label', 'copies');
  body.appendChild(ol);
  // Variants first (they need reading), then exact copies, each in path order.
  var order = g.o.filter(function (o) { return o.x; }).concat(g.o.filter(function (o) { return !o.x; }));
  var done = 0;
  var more = el('button', 'btn more');
  more.type = 'button';
  function next() {
    order.slice(done, done + COPIES_PAGE).forEach(function (o) { ol.appendChild(renderCopy(g, o)); });
    done = Math.min(order.length, done + COPIES_PAGE);
    more.hidden = done >= order.length;
    more.textContent = 'Show more copies (' + done + ' of ' + order.length + ' shown)';
  }
  more.addEventListener('click', next);
  next();
  body.appendChild(more);
  details.appendChild(body);
}

function renderGroup(i) {
  var g = data.groups[i];
  var details = el('details', 'group');
  details.id = 'g-' + g.id;
  details.setAttribute('data-group', g.id);
  var summary = el('summary');
  add(summary, el('span', 'rank', '#' + (i + 1)),
    el('span', null, plural(g.n, 'copy', 'copies') + ' in ' + plural(g.d, 'story', 'stories') + ' \u2014 '),
    el('span', 'snippet', firstWords(g.t, 14)));
  var variants = g.o.filter(function (o) { return o.x; }).length;
  if (variants > 0) add(summary, el('span', 'badge', plural(variants, 'variant')));
  var facts = factCount(g);
  if (facts > 0) add(summary, el('span', 'badge flag', '\u26a0 ' + plural(facts, 'changed fact')));
  details.appendChild(summary);
  details._ensure = function () { if (!details._body) { details._body = true; renderGroupBody(details, g); } };
  details.addEventListener('toggle', function () { if (details.open) details._ensure(); });
  return details;
}

function showMoreGroups() {
  var frag = document.createDocumentFragment();
  var end = Math.min(matches.length, rendered + PAGE);
  for (var k = rendered; k < end; k++) frag.appendChild(renderGroup(matches[k]));
  groupList.appendChild(frag);
  rendered = end;
  updateCounts();
}
var moreButton = el('button', 'btn', '');
moreButton.type = 'button';
moreButton.addEventListener('click', showMoreGroups);
groupMore.appendChild(moreButton);

function updateCounts() {
  shown.textContent = 'showing ' + fmt(rendered) + ' of ' + plural(matches.length, 'matching group') +
    (matches.length !== data.groups.length ? ' (' + fmt(data.groups.length) + ' in all)' : '');
  moreButton.hidden = rendered >= matches.length;
  moreButton.textContent = 'Show ' + fmt(Math.min(PAGE, matches.length - rendered)) + ' more groups';
}

function applyFilter() {
  var q = filterBox.value.trim().toLowerCase();
  var only = factsOnly.checked;
  matches = [];
  data.groups.forEach(function (g, i) {
    if (only && factCount(g) === 0) return;
    if (q && haystack(g).indexOf(q) < 0) return;
    matches.push(i);
  });
  groupList.textContent = '';
  rendered = 0;
  showMoreGroups();
  if (matches.length === 0) groupList.appendChild(el('p', 'muted', 'No group matches.'));
  filterPartials(q);
}
var timer = null;
filterBox.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(applyFilter, 120); });
filterBox.addEventListener('keydown', function (e) { if (e.key === 'Escape') { filterBox.value = ''; applyFilter(); } });
factsOnly.addEventListener('change', applyFilter);
document.getElementById('expand').addEventListener('click', function () {
  groupList.querySelectorAll('details.group').forEach(function (d) { d._ensure(); d.open = true; });
});
document.getElementById('collapse').addEventListener('click', function () {
  groupList.querySelectorAll('details.group').forEach(function (d) { d.open = false; });
});
document.addEventListener('keydown', function (e) {
  var t = e.target;
  if (e.key === '/' && !(t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA'))) { e.preventDefault(); filterBox.focus(); }
});

// Partial reuse
var partialList = document.getElementById('partial-list');
var partialMore = document.getElementById('partial-more');
var partialMatches = data.partials.map(function (p, i) { return i; });
var partialsShown = 0;
function highlighted(text, range) {
  var div = el('div');
  if (!range) { div.textContent = text; return div; }
  add(div, text.slice(0, range[0]), el('mark', null, text.slice(range[0], range[1])), text.slice(range[1]));
  return div;
}
function renderPartial(p) {
  var item = el('details', 'group partial');
  var summary = el('summary');
  add(summary, el('code', null, place(p.a[0], p.a[1])), ' \u2194 ', el('code', null, place(p.b[0], p.b[1])),
    el('span', 'scores', 'contained ' + pct(p.ca) + ' / ' + pct(p.cb) + ' \u00b7 Jaccard ' + num2(p.j) + ' \u00b7 ' + plural(p.w, 'shared word')));
  item.appendChild(summary);
  item._ensure = function () {
    if (item._body) return;
    item._body = true;
    var body = el('div', 'body');
    if (p.ta !== undefined) {
      var pair = el('div', 'pair');
      var left = highlighted(p.ta, p.ha), right = highlighted(p.tb, p.hb);
      left.insertBefore(el('div', 'muted small', place(p.a[0], p.a[1]) + (metaText(p.a[0]) ? ' \u00b7 ' + metaText(p.a[0]) : '')), left.firstChild);
      right.insertBefore(el('div', 'muted small', place(p.b[0], p.b[1]) + (metaText(p.b[0]) ? ' \u00b7 ' + metaText(p.b[0]) : '')), right.firstChild);
      add(pair, left, right);
      body.appendChild(pair);
    } else add(body, el('blockquote', null, p.ps));
    item.appendChild(body);
  };
  item.addEventListener('toggle', function () { if (item.open) item._ensure(); });
  return item;
}
var partialButton = el('button', 'btn', '');
partialButton.type = 'button';
partialMore.appendChild(partialButton);
function showMorePartials() {
  var end = Math.min(partialMatches.length, partialsShown + PAGE);
  var frag = document.createDocumentFragment();
  for (var k = partialsShown; k < end; k++) frag.appendChild(renderPartial(data.partials[partialMatches[k]]));
  partialList.appendChild(frag);
  partialsShown = end;
  partialButton.hidden = partialsShown >= partialMatches.length;
  partialButton.textContent = 'Show more pairs (' + fmt(partialsShown) + ' of ' + fmt(partialMatches.length) + ' shown)';
}
partialButton.addEventListener('click', showMorePartials);
function filterPartials(q) {
  partialMatches = [];
  data.partials.forEach(function (p, i) {
    if (q) {
      if (p._h === undefined) p._h = [P[p.a[0]] + ':' + p.a[1], P[p.b[0]] + ':' + p.b[1], p.ta || p.ps, p.tb || ''].join('\n').toLowerCase();
      if (p._h.indexOf(q) < 0) return;
    }
    partialMatches.push(i);
  });
  partialList.textContent = '';
  partialsShown = 0;
  if (data.partials.length === 0) partialList.appendChild(el('p', 'muted', 'No partial reuse.'));
  else if (partialMatches.length === 0) partialList.appendChild(el('p', 'muted', 'No pair matches.'));
  showMorePartials();
}

// Re-sent stories: a page at a time; a re-send's folded groups are listed when it is opened.
var resendList = document.getElementById('resend-list');
if (resendList && data.resends) {
  var resendsShown = 0;
  var resendButton = el('button', 'btn', '');
  resendButton.type = 'button';
  document.getElementById('resend-more').appendChild(resendButton);
  var renderResend = function (r) {
    var li = el('li', null, r.s);
    if (r.g.length === 0) return li;
    var d = el('details');
    d.appendChild(el('summary', null, plural(r.g.length, 'group') + ' of their paragraphs folded here'));
    d._ensure = function () {
      if (d._done) return;
      d._done = true;
      var ul = el('ul');
      r.g.forEach(function (g) { add(ul, add(el('li'), el('code', null, g[0]), ' ' + plural(g[1], 'copy', 'copies') + ': \u201c' + g[2] + '\u201d')); });
      d.appendChild(ul);
    };
    d.addEventListener('toggle', function () { if (d.open) d._ensure(); });
    li.appendChild(d);
    return li;
  };
  var showMoreResends = function () {
    var end = Math.min(data.resends.length, resendsShown + PAGE);
    var frag = document.createDocumentFragment();
    for (var k = resendsShown; k < end; k++) frag.appendChild(renderResend(data.resends[k]));
    resendList.appendChild(frag);
    resendsShown = end;
    resendButton.hidden = resendsShown >= data.resends.length;
    resendButton.textContent = 'Show more re-sent stories (' + fmt(resendsShown) + ' of ' + fmt(data.resends.length) + ' shown)';
  };
  resendButton.addEventListener('click', showMoreResends);
  showMoreResends();
}

// Warnings
if (data.warnings.length > 0) {
  var wl = document.getElementById('warning-list');
  data.warnings.forEach(function (w) { add(wl, add(el('li'), el('code', null, w[0]), ': ' + w[1])); });
  document.getElementById('warnings').hidden = false;
}

// A link to a group (#g-ID) shows and opens it, whatever page it is on.
function reveal() {
  var id = decodeURIComponent(location.hash.slice(1));
  if (id.indexOf('g-') !== 0) return;
  var i = -1;
  for (var k = 0; k < matches.length; k++) if ('g-' + data.groups[matches[k]].id === id) { i = k; break; }
  if (i < 0) { filterBox.value = ''; factsOnly.checked = false; applyFilter(); for (k = 0; k < matches.length; k++) if ('g-' + data.groups[matches[k]].id === id) { i = k; break; } }
  if (i < 0) return;
  while (rendered <= i) showMoreGroups();
  var d = document.getElementById(id);
  d._ensure();
  d.open = true;
  d.scrollIntoView();
  d.querySelector('summary').focus();
}
window.addEventListener('hashchange', reveal);

// Printed: open what is shown.
var openedForPrint = [];
window.addEventListener('beforeprint', function () {
  document.querySelectorAll('details:not([open])').forEach(function (d) { if (d._ensure) d._ensure(); d.open = true; openedForPrint.push(d); });
});
window.addEventListener('afterprint', function () {
  openedForPrint.forEach(function (d) { d.open = false; }); openedForPrint = [];
});

applyFilter();
reveal();
document.documentElement.setAttribute('data-ready', 'true');
})();
`;var L=String.raw`(function () {
'use strict';
var data = JSON.parse(document.getElementById('dupgraf-data').textContent);
var P = data.paths, META = data.meta;
var PAGE = 50, COPIES_PAGE = 100, STORIES_PAGE = 25;
var SVGNS = 'http://www.w3.org/2000/svg';

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function add(parent) { for (var i = 1; i < arguments.length; i++) { var c = arguments[i]; if (c === null || c === undefined) continue; parent.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); } return parent; }
function fmt(n) { return Number(n).toLocaleString('en-US'); }
function pct(x) { return (x * 100).toFixed(1) + '%'; }
function num2(x) { return Number(x).toFixed(2); }
function plural(n, one, many) { return fmt(n) + ' ' + (n === 1 ? one : (many || one + 's')); }
function place(p, line, end) { return P[p] + ':' + line + (end && end !== line ? '\u2013' + end : ''); }
function firstWords(t, n) { var w = t.split(/\s+/); return w.slice(0, n).join(' ') + (w.length > n ? ' \u2026' : ''); }
// At most width columns of t (a wide East Asian character takes two), cut at a space in its
// second half when there is one, else between characters (Chinese, Japanese, Thai have none).
function columns(ch) {
  var c = ch.codePointAt(0);
  return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) || c >= 0x20000 ? 2 : 1;
}
function shortLabel(t, width) {
  var chars = Array.from(t), total = 0, i;
  for (i = 0; i < chars.length; i++) total += columns(chars[i]);
  if (total <= width) return t;
  var cols = 0, out = '';
  for (i = 0; cols + columns(chars[i]) <= width - 2; i++) { cols += columns(chars[i]); out += chars[i]; }
  var space = out.lastIndexOf(' ');
  return (space > out.length / 2 ? out.slice(0, space) : out.replace(/\s+$/, '')) + ' \u2026';
}
function metaText(p) {
  var m = META[p]; if (!m) return '';
  var parts = [];
  if (m.title) parts.push(m.title);
  if (m.date) parts.push(m.date);
  if (m.desk) parts.push(m.desk);
  if (m.id && !m.title) parts.push(m.id);
  return parts.join(' \u00b7 ');
}

// Header and overview
var s = data.summary;
document.getElementById('subtitle').textContent = data.tool.name + ' ' + data.tool.version +
  ' \u00b7 threshold ' + data.settings.threshold + ', containment ' + data.settings.containment +
  ', ' + data.settings.shingleSize + '-word shingles, paragraphs of ' + data.settings.minWords + '+ words' +
  (data.archive ? ' \u00b7 compared with the archive ' + data.archive.index : '');
var cards = document.getElementById('cards');
[[fmt(s.documents), 'stories'], [fmt(s.paragraphs), 'paragraphs compared'], [fmt(s.clusters), 'groups of repeated paragraphs'],
 [fmt(s.duplicateParagraphs), 'paragraphs with a copy elsewhere'], [fmt(s.partials), 'partial reuse pairs'],
 [data.words ? pct(data.recycledWords / data.words) : '0%', 'of all words recycled']].forEach(function (c) {
  add(cards, add(el('div', 'card'), el('b', null, c[0]), el('span', null, c[1])));
});

// Chart of the largest groups (inline SVG)
(function chart() {
  var top = data.groups.slice().sort(function (a, b) { return b.n - a.n || b.d - a.d; }).slice(0, 12);
  if (top.length === 0) return;
  var max = top[0].n, row = 24, labelW = 420, width = 760, barW = width - labelW - 60;
  var svg = document.createElementNS(SVGNS, 'svg');
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (top.length * row + 24));
  svg.setAttribute('width', '100%');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', 'chart-title');
  var title = document.createElementNS(SVGNS, 'title');
  title.id = 'chart-title';
  title.textContent = 'Largest groups by number of copies';
  svg.appendChild(title);
  var head = document.createElementNS(SVGNS, 'text');
  head.setAttribute('x', '0'); head.setAttribute('y', '14'); head.setAttribute('font-weight', '600');
  head.textContent = 'Largest groups (copies)';
  svg.appendChild(head);
  top.forEach(function (g, i) {
    var y = 24 + i * row;
    var a = document.createElementNS(SVGNS, 'a');
    a.setAttribute('href', '#g-' + g.id);
    var label = document.createElementNS(SVGNS, 'text');
    label.setAttribute('x', '0'); label.setAttribute('y', String(y + 15));
    label.textContent = shortLabel(firstWords(g.t, 9), 60);
    var bar = document.createElementNS(SVGNS, 'rect');
    bar.setAttribute('class', 'bar');
    bar.setAttribute('x', String(labelW)); bar.setAttribute('y', String(y + 3));
    bar.setAttribute('height', String(row - 8));
    bar.setAttribute('width', String(Math.max(2, barW * g.n / max)));
    var value = document.createElementNS(SVGNS, 'text');
    value.setAttribute('x', String(labelW + Math.max(2, barW * g.n / max) + 6)); value.setAttribute('y', String(y + 15));
    value.textContent = g.n + ' in ' + g.d;
    var t = document.createElementNS(SVGNS, 'title');
    t.textContent = g.n + ' copies in ' + g.d + ' stories: ' + firstWords(g.t, 20);
    a.appendChild(t); a.appendChild(label); a.appendChild(bar); a.appendChild(value);
    svg.appendChild(a);
  });
  document.getElementById('chart').appendChild(svg);
})();

// Stories table, sortable
(function storiesTable() {
  var host = document.getElementById('stories-table');
  var rows = data.stories; // [path, paragraphs, repeated, words, share]
  if (rows.length === 0) { host.appendChild(el('p', 'muted', 'No story has a repeated paragraph.')); return; }
  var cols = [['Story', 0, false], ['Paragraphs', 1, true], ['Repeated', 2, true], ['Words', 3, true], ['Boilerplate share', 4, true]];
  var sortCol = 4, desc = true, limit = STORIES_PAGE;
  var table = el('table'), thead = el('thead'), tbody = el('tbody'), tr = el('tr');
  var cap = el('caption', 'muted small', 'Stories with at least one repeated paragraph; click a column to sort.');
  cap.style.textAlign = 'left';
  table.appendChild(cap);
  var ths = cols.map(function (c, i) {
    var th = el('th', c[2] ? 'num' : null);
    th.setAttribute('scope', 'col');
    var b = el('button', null, c[0]);
    b.type = 'button';
    b.addEventListener('click', function () { if (sortCol === i) desc = !desc; else { sortCol = i; desc = i !== 0; } render(); });
    th.appendChild(b); tr.appendChild(th); return th;
  });
  thead.appendChild(tr); table.appendChild(thead); table.appendChild(tbody); host.appendChild(table);
  var more = el('button', 'btn more', '');
  more.type = 'button';
  more.addEventListener('click', function () { limit += 200; render(); });
  host.appendChild(more);
  function key(r) { return sortCol === 0 ? P[r[0]] : r[sortCol]; }
  function render() {
    ths.forEach(function (th, i) { if (i === sortCol) th.setAttribute('aria-sort', desc ? 'descending' : 'ascending'); else th.removeAttribute('aria-sort'); });
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a), y = key(b), c = x < y ? -1 : x > y ? 1 : 0;
      if (desc) c = -c;
      return c || (P[a[0]] < P[b[0]] ? -1 : 1);
    });
    tbody.textContent = '';
    sorted.slice(0, limit).forEach(function (r) {
      var row = el('tr');
      var cell = el('td');
      add(cell, el('code', null, P[r[0]]));
      var m = metaText(r[0]); if (m) add(cell, el('span', 'meta', m));
      row.appendChild(cell);
      row.appendChild(el('td', 'num', fmt(r[1])));
      row.appendChild(el('td', 'num', fmt(r[2])));
      row.appendChild(el('td', 'num', fmt(r[3])));
      var share = el('td', 'num');
      var bar = el('span', 'share'); var fill = el('i'); fill.style.width = (r[4] * 100).toFixed(1) + '%'; bar.appendChild(fill);
      bar.setAttribute('aria-hidden', 'true');
      add(share, bar, pct(r[4]));
      row.appendChild(share);
      tbody.appendChild(row);
    });
    more.hidden = sorted.length <= limit;
    more.textContent = 'Show more stories (' + fmt(Math.min(limit, sorted.length)) + ' of ' + fmt(sorted.length) + ' shown)';
  }
  render();
})();

`,E=L+S;var A=/\d+(?:[.,]\d+)*%?|[\p{L}\p{M}\p{N}]+(?:['\u2019-][\p{L}\p{M}\p{N}]+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu;function R(e,r){let t=e.match(A)??[],a=r.match(A)??[],i=[];for(let d of v(t,a)){let o=d.added?"+":d.removed?"-":"=";i.push(o+d.value.join(""))}return i}function _(e){let r=e.metadata;if(r===null||typeof r!="object")return;let t={};for(let[a,i]of Object.entries(r))(typeof i=="string"||typeof i=="number")&&(t[a]=String(i));return Object.keys(t).length>0?t:void 0}function N(e,r){let t=u(e),a=u(r),i=x(t.hashes,a.hashes);if(i.length===0)return{ta:t.source,tb:a.source,ha:null,hb:null};let d=i.length-1;return{ta:t.source,tb:a.source,ha:[t.starts[i.startA],t.ends[i.startA+d]],hb:[a.starts[i.startB],a.ends[i.startB+d]]}}var f=1e4,m=class{paths=[];index=new Map;id(r){let t=this.index.get(r);return t===void 0&&(t=this.paths.length,this.paths.push(r),this.index.set(r,t)),t}};function I(e){let r=new m,{meta:t,stories:a,words:i,recycledWords:d}=T(e,r),o=e.clusters.map(n=>M(n,r)),l=e.partials.slice(0,f).map(n=>({a:[r.id(s(n.a)),n.a.line],b:[r.id(s(n.b)),n.b.line],ca:n.containmentAB,cb:n.containmentBA,j:n.jaccard,w:n.passageWords,ps:n.passage,...n.textA!==void 0&&n.textB!==void 0?N(n.textA,n.textB):{}}));return{tool:e.tool,settings:e.settings,summary:e.summary,view:e.view??null,archive:e.archive??null,words:i,recycledWords:d,paths:r.paths,meta:t,stories:a,groups:o,partials:l,warnings:e.warnings.map(n=>[n.path,n.message]),...e.resends&&e.resends.length>0?{resends:O(e)}:{}}}function T(e,r){let t={},a=0,i=0,d=[];for(let o of e.documents){a+=o.words,i+=o.duplicateWords;let l=_(o);if(o.duplicateParagraphs===0&&!l)continue;let n=r.id(s(o));l&&(t[n]=l),o.duplicateParagraphs>0&&d.push([n,o.paragraphs,o.duplicateParagraphs,o.words,o.boilerplateShare])}return{meta:t,stories:d,words:a,recycledWords:i}}function M(e,r){return{id:e.id,n:e.size,d:e.documents,r:[r.id(s(e.representative)),e.representative.line],og:[r.id(s(e.origin)),e.origin.line,e.origin.date??null],os:h(e),t:e.text,o:e.occurrences.map(t=>{let a={p:r.id(s(t)),l:t.line,e:t.endLine,s:t.similarity};return c(t,e.representative)&&(a.rep=1),c(t,e.origin)&&(a.og=1),t.date!==void 0&&(a.dt=t.date),t.text!==void 0&&(a.k=g(e.text,t.text),a.x=R(e.text,t.text),t.changedFacts&&t.changedFacts.length>0&&(a.f=t.changedFacts)),a})}}function G(e){return(e.resends??[]).length===0?"":`<section id="resends" aria-labelledby="resends-h"><h2 id="resends-h">Re-sent stories</h2><ul class="resends" id="resend-list"></ul><div class="more" id="resend-more"></div></section>
`}function O(e){let r=new Map((e.foldedClusters??[]).map(t=>[t.id,t]));return(e.resends??[]).map(t=>({s:b(t),g:t.clusters.map(a=>r.get(a)).filter(a=>a!==void 0).map(a=>[a.id,a.size,F(a.text,16)])}))}function F(e,r){let t=e.split(/\s+/);return t.slice(0,r).join(" ")+(t.length>r?" …":"")}var W=`<a class="skip" href="#groups">Skip to the groups</a>
<main>
<header>
<h1>Repeated paragraphs</h1>
<p class="muted small" id="subtitle"></p>
</header>
<noscript><p>This report needs JavaScript to show its data (it runs only the script embedded in the page).</p></noscript>
<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">Overview</h2>
<div class="cards" id="cards"></div>
<div id="chart"></div>
</section>
<section id="stories" aria-labelledby="stories-h"><h2 id="stories-h">Stories by boilerplate share</h2>
<div id="stories-table"></div>
</section>
RESENDS<section id="groups" aria-labelledby="groups-h" tabindex="-1"><h2 id="groups-h">Groups of repeated paragraphs</h2>
<div class="controls" role="search">
<label for="filter">Filter</label>
<input type="search" id="filter" placeholder="path or text (press /)" autocomplete="off" aria-describedby="shown">
<label><input type="checkbox" id="facts-only"> only changed facts</label>
<button type="button" class="btn" id="expand">Expand all</button>
<button type="button" class="btn" id="collapse">Collapse all</button>
<span id="shown" class="muted small" role="status" aria-live="polite"></span>
</div>
<div id="group-list"></div>
<div class="more" id="group-more"></div>
</section>
<section id="partials" aria-labelledby="partials-h"><h2 id="partials-h">Partial reuse</h2>
PARTIALS_NOTE<div id="partial-list"></div>
<div class="more" id="partial-more"></div>
</section>
<section id="warnings" aria-labelledby="warnings-h" hidden><h2 id="warnings-h">Warnings</h2><ul id="warning-list"></ul></section>
</main>`;function z(e){let r=e.partials.length;return r<=f?"":`<p class="muted small" id="partials-note">This page holds the first ${p(f)} of ${p(r)} partial reuse pairs (in the report's order); the JSON report (<code>--format json</code>) has them all.</p>
`}function j(e,r={color:!1}){return C({title:"dupgraf report",style:k,script:E,data:I(e),body:W.replace("RESENDS",()=>G(e)).replace("PARTIALS_NOTE",()=>z(e))})}function re(e,r){return[j(e,r)]}export{y as a,C as b,k as c,R as d,f as e,j as f,re as g};
