/**
 * The script of the scan's HTML page (plain ES2017, no dependencies), kept as a string so the page
 * is one file. It reads the JSON in `#dupgraf-data` and builds the DOM with text nodes only (never
 * `innerHTML`), so nothing from a document can become markup. Groups are rendered a page at a time
 * and a group's body only when it is first opened.
 *
 * In two parts, joined here: this file's (the helpers, the header, the chart and the stories
 * table) and html-script-groups.ts's (groups, partial reuse, re-sends, warnings, links, printing),
 * which uses this part's helpers and closes the function both are in.
 */

import { GROUPS_SCRIPT } from './html-script-groups.js';

const OVERVIEW_SCRIPT = String.raw`(function () {
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

`;

/** The page's whole script. */
export const SCAN_PAGE_SCRIPT = OVERVIEW_SCRIPT + GROUPS_SCRIPT;
