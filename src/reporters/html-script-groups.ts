/**
 * The second part of the scan page's script (html-script.ts joins the two; see there): the groups
 * (a page at a time, filtered, a group's body built when first opened), partial reuse, re-sent
 * stories, warnings, links to a group (`#g-ID`) and printing. It uses the first part's helpers
 * (`el`, `add`, `fmt` …) and closes the function both parts are in.
 */
export const GROUPS_SCRIPT = String.raw`// Groups
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
`;
