/**
 * The editor page's script (`GET /assets/editor.js`; see page.ts). Plain browser JavaScript in a
 * string, as the HTML reports' scripts are. It never uses innerHTML: every text from a story, a
 * source or the server is put in with textContent. `data-ready` on <html> says the page is set
 * up; `data-checked` counts finished checks (tests wait on both).
 */

/** The script (see the module comment). */
export const EDITOR_SCRIPT = `(function () {
'use strict';
var $ = function (id) { return document.getElementById(id); };
var draft = $('draft'), statusLine = $('status'), list = $('paragraphs'), verdict = $('verdict');
var timer = null, seq = 0, done = 0, last = null;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function token() { return $('token').value.trim(); }
function api(method, url, body) {
  var headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token()) headers.Authorization = 'Bearer ' + token();
  return fetch(url, {
    method: method, headers: headers, cache: 'no-store', credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body)
  }).then(function (r) {
    return r.text().then(function (t) {
      var data = null;
      try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
      if (!r.ok) {
        var err = new Error(data && data.detail ? data.detail : 'the server answered ' + r.status);
        err.problem = data;
        throw err;
      }
      return data;
    });
  });
}
function sniff(text) {
  if (/<(p|div|h[1-6]|article|section|br|li|blockquote)[\\s>\\/]/i.test(text)) return 'html';
  if (/^(#{1,6} |[-*+] |> |\\d+\\. )|\\*\\*[^*]+\\*\\*|\\[[^\\]]+\\]\\([^)]+\\)/m.test(text)) return 'markdown';
  return 'text';
}
function formatOfFile(name) {
  if (/\\.(html?|xhtml)$/i.test(name)) return 'html';
  if (/\\.(md|markdown)$/i.test(name)) return 'markdown';
  return 'text';
}
function pct(x) { return Math.round(x * 100) + '%'; }
function day(iso) { return iso ? iso.slice(0, 10) : 'date unknown'; }

function clear() {
  list.textContent = '';
  verdict.hidden = true;
  $('empty').hidden = false;
}

function check() {
  clearTimeout(timer);
  var text = draft.value;
  if (!text.trim()) { clear(); statusLine.textContent = ''; return; }
  var format = $('format').value;
  if (format === 'auto') format = sniff(text);
  var body = { text: text, format: format };
  if ($('desk').value) body.desk = $('desk').value;
  if ($('story-id').value.trim()) body.id = $('story-id').value.trim();
  var mine = ++seq;
  statusLine.textContent = 'checking…';
  api('POST', '/v1/check?diff=true&draft=true', body).then(function (r) {
    if (mine !== seq) return;
    last = r;
    render(r);
    statusLine.textContent = 'checked ' + r.paragraphs + ' paragraph' + (r.paragraphs === 1 ? '' : 's') +
      ' against ' + r.archiveStories.toLocaleString('en-US') + ' archived stories' +
      (format !== 'text' ? ' (read as ' + format + ')' : '');
    document.documentElement.setAttribute('data-checked', String(++done));
  }).catch(function (e) {
    if (mine !== seq) return;
    statusLine.textContent = e.message;
    document.documentElement.setAttribute('data-checked', String(++done));
  });
}
function later() { clearTimeout(timer); timer = setTimeout(check, 500); }

function renderVerdict(r) {
  verdict.textContent = '';
  verdict.hidden = false;
  verdict.className = r.verdict;
  var desk = r.desk ? 'desk ' + r.desk : 'default policy';
  var head = r.verdict === 'pass' ? 'Passes (' + desk + ')' : 'Fails (' + desk + ')';
  verdict.appendChild(el('div', '', head + ': ' + r.recycledParagraphs + ' recycled paragraph' +
    (r.recycledParagraphs === 1 ? '' : 's') + ', ' + pct(r.boilerplateShare) + ' of the words' +
    (r.policy.maxBoilerplateShare === null ? '' : ' (limit ' + pct(r.policy.maxBoilerplateShare) + ')')));
  if (r.violations.length > 0) {
    var ul = el('ul');
    r.violations.forEach(function (v) { ul.appendChild(el('li', '', v.message)); });
    verdict.appendChild(ul);
  }
}

function diffBlock(runs) {
  var d = el('div', 'diff');
  d.setAttribute('aria-label', 'changes from the closest source');
  runs.forEach(function (run) {
    d.appendChild(run.op === '=' ? document.createTextNode(run.text) : el(run.op === '+' ? 'ins' : 'del', '', run.text));
  });
  return d;
}

function approveForm(f, aside, button) {
  var form = el('form', 'approve');
  var reason = el('input'); reason.placeholder = 'why it may be reused (required)'; reason.required = true;
  reason.className = 'reason';
  var expires = el('input'); expires.type = 'date'; expires.className = 'expires';
  var go = el('button', '', 'Approve'); go.type = 'submit';
  var label1 = el('label', '', 'Reason'); label1.appendChild(reason);
  var label2 = el('label', '', 'Expires (optional)'); label2.appendChild(expires);
  form.appendChild(label1); form.appendChild(label2); form.appendChild(go);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var owner = $('owner').value.trim();
    if (!owner) { statusLine.textContent = 'enter your name under Editor sign-in first'; return; }
    if (!reason.value.trim()) { reason.focus(); return; }
    var body = { text: f.text, owner: owner, reason: reason.value.trim() };
    if (expires.value) body.expires = expires.value;
    if (last && last.id) body.from = last.id;
    go.disabled = true;
    api('POST', '/v1/approvals', body).then(function (r) {
      statusLine.textContent = 'approved as boilerplate (' + r.entry.id + ')';
      check();
    }).catch(function (err) {
      go.disabled = false;
      statusLine.textContent = 'not approved: ' + err.message;
    });
  });
  aside.replaceChild(form, button);
  reason.focus();
}

function findingAside(f) {
  var aside = el('aside');
  var head = el('div');
  var label = f.status === 'counted' ? (f.kind === 'partial' ? 'partly reused' : 'recycled') : f.status;
  head.appendChild(el('span', 'badge', label));
  var first = f.sources[0];
  head.appendChild(document.createTextNode(pct(first.jaccard) + ' like ' + first.id + ' (' + day(first.date) + ')'));
  aside.appendChild(head);
  var ul = el('ul', 'sources');
  f.sources.slice(0, 5).forEach(function (s) {
    ul.appendChild(el('li', '', s.id + ':' + s.line + ' · ' + day(s.date) + ' · Jaccard ' + s.jaccard.toFixed(2) +
      ' · containment ' + s.containment.toFixed(2)));
  });
  if (f.sources.length > 5) ul.appendChild(el('li', 'muted', 'and ' + (f.sources.length - 5) + ' more'));
  aside.appendChild(ul);
  if (f.origin && f.origin.id !== first.id)
    aside.appendChild(el('div', 'small', 'first seen in ' + f.origin.id + ' (' + day(f.origin.date) + ')'));
  if (first.diff && first.text !== f.text) aside.appendChild(diffBlock(first.diff));
  if (first.changedFacts && first.changedFacts.length > 0) {
    var facts = el('ul', 'facts');
    facts.setAttribute('aria-label', 'changed facts');
    first.changedFacts.forEach(function (c) {
      facts.appendChild(el('li', '', c.kind + ' changed: ' + c.from + ' → ' + c.to));
    });
    aside.appendChild(facts);
  }
  if (f.approval) {
    aside.appendChild(el('div', 'small', 'approved by ' + f.approval.owner + ': ' + f.approval.reason +
      (f.approval.expires ? ' (until ' + f.approval.expires + ')' : '')));
  } else if (f.status === 'counted' && token()) {
    var button = el('button', 'secondary approve-button', 'Approve as boilerplate…');
    button.type = 'button';
    button.addEventListener('click', function () { approveForm(f, aside, button); });
    aside.appendChild(button);
  }
  return aside;
}

function render(r) {
  renderVerdict(r);
  list.textContent = '';
  $('empty').hidden = true;
  var byParagraph = {};
  r.findings.forEach(function (f) { byParagraph[f.paragraph] = f; });
  (r.draft || []).forEach(function (p) {
    var f = byParagraph[p.paragraph];
    var li = el('li', 'para');
    li.setAttribute('data-paragraph', String(p.paragraph));
    li.appendChild(el('p', '', p.text));
    if (f) {
      li.className = 'para ' + (f.status === 'counted' ? 'recycled' + (f.kind === 'partial' ? ' partial' : '') : f.status);
      li.appendChild(findingAside(f));
    }
    list.appendChild(li);
  });
}

function readFile(file) {
  var reader = new FileReader();
  reader.onload = function () {
    draft.value = String(reader.result);
    $('format').value = formatOfFile(file.name);
    check();
  };
  reader.readAsText(file);
}

draft.addEventListener('input', later);
$('check').addEventListener('click', check);
$('format').addEventListener('change', check);
$('desk').addEventListener('change', check);
var signedIn = false;
function onToken() {
  // Re-rendered only when approving becomes possible or impossible (an open form stays open).
  if (Boolean(token()) === signedIn) return;
  signedIn = Boolean(token());
  if (last) render(last);
}
$('token').addEventListener('input', onToken);
$('token').addEventListener('change', onToken);
draft.addEventListener('dragover', function (e) { e.preventDefault(); draft.classList.add('dragging'); });
draft.addEventListener('dragleave', function () { draft.classList.remove('dragging'); });
draft.addEventListener('drop', function (e) {
  e.preventDefault();
  draft.classList.remove('dragging');
  var dt = e.dataTransfer;
  if (dt.files && dt.files.length > 0) { readFile(dt.files[0]); return; }
  var html = dt.getData('text/html');
  if (html) { draft.value = html; $('format').value = 'html'; }
  else draft.value = dt.getData('text/plain');
  check();
});

api('GET', '/v1/stats').then(function (s) {
  $('archive').textContent = 'Archive: ' + s.stories.toLocaleString('en-US') + ' stories, ' +
    s.paragraphs.toLocaleString('en-US') + ' paragraphs · ' + s.approvals + ' approved boilerplate';
  s.desks.forEach(function (d) { var o = el('option', '', d); o.value = d; $('desk').appendChild(o); });
}).catch(function (e) {
  $('archive').textContent = 'Archive: ' + e.message + (e.problem && e.problem.code === 'unauthorized' ? ' (enter the token under Editor sign-in)' : '');
}).then(function () {
  document.documentElement.setAttribute('data-ready', 'true');
});
})();
`;
