/**
 * A story's publication date, for who-copied-whom: the format's own metadata (front matter
 * `date`, HTML `<meta>`/`<time>`, NITF `date.issue`, NewsML-G2 `contentCreated`, a JSON record's
 * date field), else the date of its dateline (`MOSCOW, November 20 (Sputnik)`; a dateline
 * without a year takes it from the file name's date, the nearest one), else a date in the file
 * name or its folders (`2026-03-03-strike-begins.txt`, `2026/03/03/`, `20260303`), else none;
 * the file's modification time only with `--date-from mtime`.
 *
 * Dates are compared as instants (a date alone is midnight UTC) and written in ISO 8601: `YYYY-MM-DD`
 * for a day, `YYYY-MM-DDTHH:MM:SSZ` (UTC) for a time. Only forms read the same on every machine
 * are accepted (a date-time without a zone is UTC).
 */

import type { SourceDocument } from '../engine/detect.js';
import type { DateSource } from '../engine/report.js';
import { matchDateline, monthNumber, type Dateline } from './datelines.js';

/** Where dates may come from: `auto` (metadata, dateline, file name) or also `mtime`. */
export const DATE_SOURCES = ['auto', 'mtime'] as const;

/** A `dateFrom` setting (see {@link DATE_SOURCES}). */
export type DateFrom = (typeof DATE_SOURCES)[number];

/** A publication date: ISO 8601 text, the instant in ms since the epoch, and where it came from. */
export interface PublicationDate {
  date: string;
  ms: number;
  from: DateSource;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A calendar day as ISO text and instant, or null when it is no real day. */
function dayOf(year: number, month: number, day: number): { date: string; ms: number } | null {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day)
    return null;
  if (year < 1000 || year > 9999) return null;
  return { date: `${year}-${pad(month)}-${pad(day)}`, ms };
}

/** An instant as ISO text (UTC, seconds). */
function instantText(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const ISO =
  /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?\s*(Z|[+-]\d\d:?\d\d)?)?$/i;
const COMPACT = /^(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)?(Z|[+-]\d\d:?\d\d)?)?$/i;
/** `Tue, 02 Jun 2026 09:15:00 +0100` (RSS), `2 June 2026`, `June 2, 2026`. */
const DAY_MONTH_YEAR =
  /^(?:\p{L}+,?\s+)?(\d{1,2})\s+(\p{L}+)\.?,?\s+(\d{4})(?:\s+(\d\d):(\d\d)(?::(\d\d))?\s*(Z|GMT|UTC|[+-]\d\d:?\d\d)?)?$/iu;
const MONTH_DAY_YEAR = /^(?:\p{L}+,?\s+)?(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu;

/** Milliseconds to subtract for a zone such as `+01:00`, `-0500`, `Z`. */
function zoneOffset(zone: string | undefined): number {
  if (zone === undefined || /^(z|gmt|utc)$/i.test(zone)) return 0;
  const m = /^([+-])(\d\d):?(\d\d)$/.exec(zone)!;
  return (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) * 60000;
}

function withTime(
  day: { date: string; ms: number },
  hh: string | undefined,
  mm: string | undefined,
  ss: string | undefined,
  zone: string | undefined,
): { date: string; ms: number } | null {
  if (hh === undefined) return day;
  const h = Number(hh);
  const m = Number(mm);
  const s = Number(ss ?? 0);
  if (h > 23 || m > 59 || s > 60) return null;
  const ms = day.ms + ((h * 60 + m) * 60 + s) * 1000 - zoneOffset(zone);
  return { date: instantText(ms), ms };
}

/**
 * A date as formats write it: ISO 8601 (`2026-03-03`, `2026-03-03T09:15:00+01:00`), NITF's compact
 * form (`20260303T091500+0100`), RSS (`Tue, 03 Mar 2026 09:15:00 +0100`), `3 March 2026`,
 * `March 3, 2026`; null for anything else.
 */
export function parseDate(text: string): { date: string; ms: number } | null {
  const t = text.trim();
  let m = ISO.exec(t) ?? COMPACT.exec(t);
  if (m) {
    const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
    return day && withTime(day, m[4], m[5], m[6], m[7]);
  }
  m = DAY_MONTH_YEAR.exec(t);
  if (m) {
    const month = monthNumber(m[2]);
    const day = month === undefined ? null : dayOf(Number(m[3]), month, Number(m[1]));
    return day && withTime(day, m[4], m[5], m[6], m[7]);
  }
  m = MONTH_DAY_YEAR.exec(t);
  if (m) {
    const month = monthNumber(m[1]);
    return month === undefined ? null : dayOf(Number(m[3]), month, Number(m[2]));
  }
  return null;
}

/**
 * The date in a file's path: in its name (`2026-03-03-strike.txt`, `2026_03_03`, `20260303`), else
 * in its folders (`2026/03/03/`, `2026-03/03/`); the last one found; null when none.
 */
export function pathDate(path: string): { date: string; ms: number } | null {
  // A date is eight digits, in the name or in the folders: most paths are out at once.
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const nameDigits = digitsIn(path, slash + 1, path.length);
  if (nameDigits < 8 && digitsIn(path, 0, slash) < 8) return null;
  const parts = path.split(/[\\/]/);
  const name = parts[parts.length - 1] ?? '';
  const inName =
    nameDigits < 8 ? [] : [...name.matchAll(/(?<!\d)(\d{4})[-_.]?(\d\d)[-_.]?(\d\d)(?!\d)/g)];
  for (let i = inName.length - 1; i >= 0; i--) {
    const day = dayOf(Number(inName[i][1]), Number(inName[i][2]), Number(inName[i][3]));
    if (day) return day;
  }
  const folders = parts.slice(0, -1).join('/');
  const inFolders = [...folders.matchAll(/(?<!\d)(\d{4})[-/](\d\d)[-/](\d\d)(?!\d)/g)];
  for (let i = inFolders.length - 1; i >= 0; i--) {
    const day = dayOf(Number(inFolders[i][1]), Number(inFolders[i][2]), Number(inFolders[i][3]));
    if (day) return day;
  }
  return null;
}

/** How many ASCII digits `text.slice(from, to)` holds (counting stops at eight). */
function digitsIn(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to && n < 8; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * The day of a dateline's month and day in the year that puts it nearest to `near` (the file
 * name's date), or in `year` when the dateline gives one; null without a year.
 */
function datelineDay(
  month: number,
  day: number,
  year: number | undefined,
  near: { ms: number } | null,
): { date: string; ms: number } | null {
  if (year !== undefined) return dayOf(year, month, day);
  if (near === null) return null;
  const y = new Date(near.ms).getUTCFullYear();
  let best: { date: string; ms: number } | null = null;
  for (const candidate of [y - 1, y, y + 1]) {
    const d = dayOf(candidate, month, day);
    if (d && (best === null || Math.abs(d.ms - near.ms) < Math.abs(best.ms - near.ms))) best = d;
  }
  return best;
}

/** Datelines met and what `matchDateline` makes of them (they repeat from story to story). */
const datelines = new Map<string, Dateline | null>();

/** `matchDateline` of a dateline's text (with a dash after it), remembered. */
function parsedDateline(text: string): Dateline | null {
  let parsed = datelines.get(text);
  if (parsed === undefined) {
    parsed = matchDateline(`${text} - `);
    if (datelines.size >= 4096) datelines.clear();
    datelines.set(text, parsed);
  }
  return parsed;
}

/**
 * The publication date of a story of the file `path` (see the module comment); `mtimeMs` is the
 * file's modification time, used only when `dateFrom` is `mtime`. Undefined when none is found.
 */
export function publicationDate(
  document: Pick<SourceDocument, 'metadata'>,
  path: string,
  dateFrom: DateFrom = 'auto',
  mtimeMs?: number,
): PublicationDate | undefined {
  const meta = document.metadata?.date;
  const fromMeta = meta === undefined ? null : parseDate(meta);
  if (fromMeta) return { ...fromMeta, from: 'metadata' };
  const fromPath = pathDate(path);
  const dateline = document.metadata?.dateline;
  const parsed = dateline === undefined ? null : parsedDateline(dateline);
  if (parsed?.month !== undefined && parsed.day !== undefined) {
    const day = datelineDay(parsed.month, parsed.day, parsed.year, fromPath);
    if (day) return { ...day, from: 'dateline' };
  }
  if (fromPath) return { ...fromPath, from: 'file name' };
  if (dateFrom === 'mtime' && mtimeMs !== undefined && Number.isFinite(mtimeMs)) {
    const ms = Math.round(mtimeMs);
    return { date: instantText(ms), ms, from: 'mtime' };
  }
  return undefined;
}
