/**
 * The check's HTML report (`dupgraf check --format html:report.html`): one self-contained page
 * with the verdict, the totals, and each story that has recycled paragraphs (failing stories
 * open) with the rules it broke and every recycled paragraph: its status, where it was copied
 * from, a word-level diff against the closest source and the facts it changed. Rendered on the
 * server side with every string escaped; the only script is a filter box. See html-page.ts.
 */

import type { CheckReport, Finding, StoryResult } from '../check/model.js';
import type { ReporterContext } from './context.js';
import { diceScore } from './dice.js';
import { PAGE_STYLE, escapeHtml as h, htmlPage } from './html-page.js';
import { wordDiff } from './html.js';
import { percent } from '../engine/report.js';
import { checkVerdict } from './check-text.js';

/** Stories without findings listed by name at most (the rest are counted). */
const CLEAN_LISTED = 500;

const plural = (n: number, one: string, many = one + 's') =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const CHECK_PAGE_SCRIPT = `(function () {
'use strict';
var box = document.getElementById('filter'), shown = document.getElementById('shown');
var stories = Array.prototype.slice.call(document.querySelectorAll('details.story'));
function apply() {
  var q = box.value.trim().toLowerCase(), n = 0;
  stories.forEach(function (d) { var hit = !q || d.textContent.toLowerCase().indexOf(q) >= 0; d.hidden = !hit; if (hit) n++; });
  shown.textContent = 'showing ' + n + ' of ' + stories.length + ' stories with recycled paragraphs';
}
box.addEventListener('input', apply);
box.addEventListener('keydown', function (e) { if (e.key === 'Escape') { box.value = ''; apply(); } });
document.getElementById('expand').addEventListener('click', function () { stories.forEach(function (d) { d.open = true; }); });
document.getElementById('collapse').addEventListener('click', function () { stories.forEach(function (d) { d.open = false; }); });
window.addEventListener('beforeprint', function () { stories.forEach(function (d) { d.open = true; }); });
apply();
document.documentElement.setAttribute('data-ready', 'true');
})();
`;

function diffHtml(from: string, to: string): string {
  return wordDiff(from, to)
    .map((op) => {
      const text = h(op.slice(1));
      return op[0] === '=' ? text : op[0] === '+' ? `<ins>${text}</ins>` : `<del>${text}</del>`;
    })
    .join('');
}

function findingHtml(f: Finding): string {
  const [first, ...rest] = f.sources;
  const place = `${f.path}:${f.line}${f.endLine !== f.line ? `–${f.endLine}` : ''}`;
  const how = f.kind === 'partial' ? 'partly reuses' : 'copies';
  const scores =
    `Jaccard ${first.jaccard.toFixed(2)} · containment ${first.containment.toFixed(2)}` +
    (first.text !== undefined ? ` · Dice ${diceScore(first.text, f.text).toFixed(2)}` : '');
  const parts = [
    `<li class="copy${first.changedFacts?.length ? ' has-facts' : ''}">`,
    `<div class="place"><code>${h(place)}</code> <span class="badge${f.status === 'counted' ? ' fail' : ''}">${h(f.status)}</span>`,
    f.approval
      ? ` <span class="meta">approved by ${h(f.approval.owner)}: ${h(f.approval.reason)}</span>`
      : '',
    `</div>`,
    // A changed fact is the desk's main risk in recycled copy: it comes first.
    first.changedFacts && first.changedFacts.length > 0
      ? '<ul class="facts" aria-label="changed facts">' +
        first.changedFacts
          .map(
            (c) =>
              `<li class="fact" data-kind="${h(c.kind)}">⚠ ${h(c.kind)}: ${h(c.from)} → ${h(c.to)}</li>`,
          )
          .join('') +
        '</ul>'
      : '',
    `<div class="small">${how} <code>${h(`${first.path}:${first.line}`)}</code>`,
    `<span class="scores">${h(scores)}</span>`,
    rest.length > 0
      ? ` <span class="muted">and ${plural(rest.length, 'other copy', 'other copies')}</span>`
      : '',
    `</div>`,
  ];
  if (first.text !== undefined && first.text !== f.text) {
    parts.push(
      `<div class="diff" aria-label="changes from the source">${diffHtml(first.text, f.text)}</div>`,
    );
  } else {
    parts.push(`<blockquote>${h(f.text)}</blockquote>`);
  }
  parts.push('</li>');
  return parts.join('');
}

function storyHtml(s: StoryResult): string {
  const failed = s.violations.length > 0;
  const limit = s.policy.maxBoilerplateShare;
  const facts = s.findings.reduce((n, f) => n + (f.sources[0]?.changedFacts?.length ?? 0), 0);
  return [
    `<details class="story"${failed ? ' open' : ''} data-path="${h(s.path)}">`,
    `<summary><span class="badge ${failed ? 'fail' : 'pass'}">${failed ? 'FAIL' : 'ok'}</span> `,
    `<code>${h(s.path)}</code> <span class="muted">${plural(s.recycledParagraphs, 'recycled paragraph')}, boilerplate ${percent(s.boilerplateShare)}`,
    limit !== null && limit !== undefined ? ` (limit ${percent(limit)})` : '',
    `</span>`,
    facts > 0 ? `<span class="badge flag">⚠ ${plural(facts, 'changed fact')}</span>` : '',
    `</summary><div class="body">`,
    s.violations.length > 0
      ? `<ul class="violations">${s.violations.map((v) => `<li><strong>${h(v.rule)}</strong>: ${h(v.message)}</li>`).join('')}</ul>`
      : '',
    `<ol class="copies">${s.findings.map(findingHtml).join('')}</ol>`,
    `</div></details>`,
  ].join('');
}

/** Renders the check report as one self-contained HTML page (see the module comment). */
export function formatCheckHtml(
  report: CheckReport,
  _context: ReporterContext = { color: false },
): string {
  const m = report.summary;
  const verdict = checkVerdict(report);
  const notChecked = report.notChecked ?? [];
  const withFindings = report.stories.filter(
    (s) => s.findings.length > 0 || s.violations.length > 0,
  );
  const clean = report.stories.filter((s) => s.findings.length === 0 && s.violations.length === 0);
  const cards: [string, string][] = [
    [String(m.stories), 'stories checked'],
    [String(m.failedStories), 'failed'],
    [String(m.violations), 'policy violations'],
    [String(m.counted), 'recycled paragraphs counted'],
    [String(m.approved + m.baselined + m.suppressed), 'approved, baselined or suppressed'],
    [String(m.archiveDocuments), 'documents compared with'],
  ];
  const body = [
    '<a class="skip" href="#stories">Skip to the stories</a>',
    '<main>',
    `<h1>Copy check: <span class="${verdict === 'passed' ? 'verdict-pass' : 'verdict-fail'}">${verdict === 'passed' ? 'PASSED' : verdict === 'failed' ? 'FAILED' : 'NOT COMPLETED'}</span></h1>`,
    ...(notChecked.length > 0
      ? [
          `<p>${h(`${notChecked.length} ${notChecked.length === 1 ? 'story' : 'stories'} under check could not be read, so not checked: ${notChecked.join(', ')}`)}</p>`,
        ]
      : []),
    `<p class="muted small">${h(`${report.tool.name} ${report.tool.version} · threshold ${report.settings.threshold}, containment ${report.settings.containment}, ${report.settings.shingleSize}-word shingles, paragraphs of ${report.settings.minWords}+ words`)}</p>`,
    `<div class="cards">${cards.map(([v, l]) => `<div class="card"><b>${h(v)}</b><span>${h(l)}</span></div>`).join('')}</div>`,
    '<section id="stories" aria-labelledby="stories-h"><h2 id="stories-h">Stories with recycled paragraphs</h2>',
    '<div class="controls" role="search"><label for="filter">Filter</label>',
    '<input type="search" id="filter" placeholder="path or text" autocomplete="off" aria-describedby="shown">',
    '<button type="button" class="btn" id="expand">Expand all</button>',
    '<button type="button" class="btn" id="collapse">Collapse all</button>',
    '<span id="shown" class="muted small" role="status" aria-live="polite"></span></div>',
    withFindings.length > 0
      ? withFindings.map(storyHtml).join('\n')
      : '<p class="muted">No story has a recycled paragraph.</p>',
    '</section>',
    clean.length > 0
      ? `<section aria-labelledby="clean-h"><h2 id="clean-h">${plural(clean.length, 'story', 'stories')} without recycled paragraphs</h2>` +
        `<details><summary>list</summary><ul>${clean
          .slice(0, CLEAN_LISTED)
          .map((s) => `<li><code>${h(s.path)}</code></li>`)
          .join(
            '',
          )}${clean.length > CLEAN_LISTED ? `<li>and ${plural(clean.length - CLEAN_LISTED, 'more')}</li>` : ''}</ul></details></section>`
      : '',
    report.warnings.length > 0
      ? `<section aria-labelledby="warnings-h"><h2 id="warnings-h">Warnings</h2><ul>${report.warnings
          .map((w) => `<li><code>${h(w.path)}</code>: ${h(w.message)}</li>`)
          .join('')}</ul></section>`
      : '',
    '</main>',
  ].join('\n');
  return htmlPage({ title: 'dupgraf check', style: PAGE_STYLE, script: CHECK_PAGE_SCRIPT, body });
}
