/**
 * The HTML reporter (`--format html`): one self-contained page an editor opens in a browser or
 * downloads as a CI artifact. Overview (stories, paragraphs, groups, share of words recycled), a
 * chart of the largest groups, a sortable table of the stories' boilerplate share, every group with
 * the representative once and each copy with its place, scores, a word-level diff against the
 * representative and its changed facts, and the partial reuse pairs with the shared passage
 * highlighted in both paragraphs.
 *
 * The report travels as JSON in the page and is rendered by a small inline script, a page of
 * groups at a time and each group's body only when it is opened, so a report of 100,000 paragraphs
 * opens in about a second. See html-page.ts for escaping and the Content-Security-Policy.
 */

import { diffArrays } from 'diff';
import { tokenize } from '../engine/normalize.js';
import { longestSharedRun } from '../engine/passage.js';
import {
  documentName,
  formatCount,
  sameLocation,
  type Cluster,
  type Report,
} from '../engine/report.js';
import type { ReporterContext } from './context.js';
import { originSentence } from './origin.js';
import { diceScore } from './dice.js';
import { PAGE_STYLE, htmlPage } from './html-page.js';
import { resendSentence } from './resends.js';
import { SCAN_PAGE_SCRIPT } from './html-script.js';

/** Tokens for the word diff: numbers whole (`12,000`, `4.5%`), words, spaces, single marks. */
const DIFF_TOKEN =
  /\d+(?:[.,]\d+)*%?|[\p{L}\p{M}\p{N}]+(?:['\u2019-][\p{L}\p{M}\p{N}]+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu;

/**
 * Word-level diff of `from` → `to` as a list of runs, each prefixed `=` (kept), `-` (only in
 * `from`) or `+` (only in `to`). Numbers are compared whole, so `12,000` → `12,500` is one change.
 */
export function wordDiff(from: string, to: string): string[] {
  const a = from.match(DIFF_TOKEN) ?? [];
  const b = to.match(DIFF_TOKEN) ?? [];
  const out: string[] = [];
  for (const part of diffArrays(a, b)) {
    const sign = part.added ? '+' : part.removed ? '-' : '=';
    out.push(sign + part.value.join(''));
  }
  return out;
}

/** Optional per-document metadata (title, date, desk, ...) if the report model carries it. */
function metadataOf(document: object): Record<string, string> | undefined {
  const raw = (document as { metadata?: unknown }).metadata;
  if (raw === null || typeof raw !== 'object') return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') out[key] = String(value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The longest shared run of words of two paragraphs, as character ranges in each. */
function sharedRanges(textA: string, textB: string) {
  const ta = tokenize(textA);
  const tb = tokenize(textB);
  const run = longestSharedRun(ta.hashes, tb.hashes);
  if (run.length === 0) return { ta: ta.source, tb: tb.source, ha: null, hb: null };
  const last = run.length - 1;
  return {
    ta: ta.source,
    tb: tb.source,
    ha: [ta.starts[run.startA], ta.ends[run.startA + last]],
    hb: [tb.starts[run.startB], tb.ends[run.startB + last]],
  };
}

/**
 * Partial reuse pairs the page holds, at most (the first, in the report's order): past it, the
 * page says how many more the JSON report has. A scan whose long paragraphs all contain each
 * other has pairs in the millions, which no page shows and whose texts did not fit in memory.
 */
export const HTML_PARTIALS_LIMIT = 10_000;

/** Paths numbered in order of first use: the page names a path by its number. */
class PathTable {
  readonly paths: string[] = [];
  private readonly index = new Map<string, number>();

  /** The number of `path`, numbering it when it is new. */
  id(path: string): number {
    let i = this.index.get(path);
    if (i === undefined) {
      i = this.paths.length;
      this.paths.push(path);
      this.index.set(path, i);
    }
    return i;
  }
}

/** The data the page script renders (short keys: it is embedded once per report). */
function pageData(report: Report) {
  // Paths are numbered as they come: stories, then groups, then partial reuse.
  const paths = new PathTable();
  const { meta, stories, words, recycledWords } = storiesData(report, paths);
  const groups = report.clusters.map((c) => groupData(c, paths));
  const partials = report.partials.slice(0, HTML_PARTIALS_LIMIT).map((p) => ({
    a: [paths.id(documentName(p.a)), p.a.line],
    b: [paths.id(documentName(p.b)), p.b.line],
    ca: p.containmentAB,
    cb: p.containmentBA,
    j: p.jaccard,
    w: p.passageWords,
    ps: p.passage,
    ...(p.textA !== undefined && p.textB !== undefined ? sharedRanges(p.textA, p.textB) : {}),
  }));
  return {
    tool: report.tool,
    settings: report.settings,
    summary: report.summary,
    view: report.view ?? null,
    archive: report.archive ?? null,
    words,
    recycledWords,
    paths: paths.paths,
    meta,
    stories,
    groups,
    partials,
    warnings: report.warnings.map((w) => [w.path, w.message]),
    ...(report.resends && report.resends.length > 0 ? { resends: resendData(report) } : {}),
  };
}

/**
 * The stories' rows (those with recycled paragraphs: path, paragraphs, recycled, words,
 * boilerplate share), their metadata by path number, and the words of all and recycled.
 */
function storiesData(report: Report, paths: PathTable) {
  const meta: Record<number, Record<string, string>> = {};
  let words = 0;
  let recycledWords = 0;
  const stories = [];
  for (const d of report.documents) {
    words += d.words;
    recycledWords += d.duplicateWords;
    const m = metadataOf(d);
    if (d.duplicateParagraphs === 0 && !m) continue;
    const p = paths.id(documentName(d));
    if (m) meta[p] = m;
    if (d.duplicateParagraphs > 0)
      stories.push([p, d.paragraphs, d.duplicateParagraphs, d.words, d.boilerplateShare]);
  }
  return { meta, stories, words, recycledWords };
}

/** A group: its representative, origin, text and each copy (scores, diff, changed facts). */
function groupData(c: Cluster, paths: PathTable) {
  return {
    id: c.id,
    n: c.size,
    d: c.documents,
    r: [paths.id(documentName(c.representative)), c.representative.line],
    og: [paths.id(documentName(c.origin)), c.origin.line, c.origin.date ?? null],
    os: originSentence(c),
    t: c.text,
    o: c.occurrences.map((o) => {
      const row: Record<string, unknown> = {
        p: paths.id(documentName(o)),
        l: o.line,
        e: o.endLine,
        s: o.similarity,
      };
      if (sameLocation(o, c.representative)) row.rep = 1;
      if (sameLocation(o, c.origin)) row.og = 1;
      if (o.date !== undefined) row.dt = o.date;
      if (o.text !== undefined) {
        row.k = diceScore(c.text, o.text);
        row.x = wordDiff(c.text, o.text);
        if (o.changedFacts && o.changedFacts.length > 0) row.f = o.changedFacts;
      }
      return row;
    }),
  };
}

/**
 * The re-sent stories' section: its list is drawn by the page's script from `data.resends`, a
 * page at a time (a wire archive has hundreds of re-sends, each with its folded groups).
 */
function resendsHtml(report: Report): string {
  if ((report.resends ?? []).length === 0) return '';
  return `<section id="resends" aria-labelledby="resends-h"><h2 id="resends-h">Re-sent stories</h2><ul class="resends" id="resend-list"></ul><div class="more" id="resend-more"></div></section>\n`;
}

/** Each re-send's sentence and its folded groups (id, copies, first words), for the page. */
function resendData(report: Report): { s: string; g: [string, number, string][] }[] {
  const folded = new Map((report.foldedClusters ?? []).map((c) => [c.id, c]));
  return (report.resends ?? []).map((r) => ({
    s: resendSentence(r),
    g: r.clusters
      .map((id) => folded.get(id))
      .filter((c) => c !== undefined)
      .map((c) => [c.id, c.size, firstWordsOf(c.text, 16)]),
  }));
}

function firstWordsOf(text: string, n: number): string {
  const words = text.split(/\s+/);
  return words.slice(0, n).join(' ') + (words.length > n ? ' …' : '');
}

const BODY = `<a class="skip" href="#groups">Skip to the groups</a>
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
</main>`;

/** The note saying the page holds only the first {@link HTML_PARTIALS_LIMIT} pairs, or nothing. */
function partialsNote(report: Report): string {
  const total = report.partials.length;
  if (total <= HTML_PARTIALS_LIMIT) return '';
  return (
    `<p class="muted small" id="partials-note">This page holds the first ${formatCount(HTML_PARTIALS_LIMIT)} ` +
    `of ${formatCount(total)} partial reuse pairs (in the report's order); the JSON report ` +
    '(<code>--format json</code>) has them all.</p>\n'
  );
}

/** Renders the report as one self-contained HTML page (see the module comment). */
export function formatHtml(report: Report, _context: ReporterContext = { color: false }): string {
  return htmlPage({
    title: 'dupgraf report',
    style: PAGE_STYLE,
    script: SCAN_PAGE_SCRIPT,
    data: pageData(report),
    body: BODY.replace('RESENDS', () => resendsHtml(report)).replace('PARTIALS_NOTE', () =>
      partialsNote(report),
    ),
  });
}

/** {@link formatHtml}'s page as chunks: one, since the page's scripts need all of it. */
export function formatHtmlChunks(report: Report, context?: ReporterContext): string[] {
  return [formatHtml(report, context)];
}
