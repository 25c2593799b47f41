/**
 * JSON Lines and JSON readers: one document per record (a JSON object).
 *
 * - **JSON Lines** (`.jsonl`, `.ndjson`): one record per non-blank line. A line that is not valid
 *   JSON, or not an object, is a warning naming its line; the other records are read.
 * - **JSON** (`.json`): an array of records, an object with exactly one array of records (e.g.
 *   `{"stories": [...]}`), or a single record. Invalid JSON is a warning with the line of the
 *   error, and the file gives no documents.
 *
 * A record's id is its `idField` (default `id`), else its 1-based position in the file; its text
 * is its `textField`, else the first of `text`, `body`, `paragraphs`: a string is split like a
 * plain text file (blank lines), or by the HTML reader when it holds HTML tags; an array gives one
 * paragraph per string (HTML read the same way). Every paragraph of a record reports the record's
 * first line in the file. Metadata comes from the record's fields (see `metadata.ts`; the date
 * from `dateField` when given).
 */

import type { DocumentMetadata } from '../../engine/report.js';
import { segment, type ParagraphSpan } from '../../engine/segment.js';
import { lineIndex, readMarkup } from '../markup.js';
import { fieldValue, metadataFrom, scalarText } from './metadata.js';

/** Which record fields hold the id, the text and the date (dotted paths allowed). */
export interface RecordFields {
  /** Field of the record's id; default `id` (else the record's position). */
  idField?: string;
  /** Field of the record's text; default the first of `text`, `body`, `paragraphs`. */
  textField?: string;
  /** Field of the record's date (metadata); default the first of `date`, `published`, …. */
  dateField?: string;
}

/** One record read as a story. */
export interface RecordStory {
  /** The record's id (see the module comment). */
  record: string;
  /** 1-based line of the record's first character in the file. */
  line: number;
  /** The record's text as found (a string, or the strings of an array joined by blank lines). */
  text: string;
  paragraphs: ParagraphSpan[];
  metadata: DocumentMetadata;
}

/** Stories and problems (`line N: message`) of one file. */
export interface RecordsRead {
  stories: RecordStory[];
  problems: string[];
}

const DEFAULT_TEXT_FIELDS = ['text', 'body', 'paragraphs'];

/** Whether a string holds HTML tags (then the HTML reader splits it). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/i.test(text);
}

function paragraphsOfString(text: string): ParagraphSpan[] {
  return looksLikeHtml(text) ? readMarkup(text, 'html').paragraphs : segment(text);
}

function isScalar(x: unknown): x is string | number | boolean {
  return typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
}

/** Turns a parsed record into a story, or a problem message. */
function recordStory(
  value: unknown,
  position: number,
  line: number,
  fields: RecordFields,
): RecordStory | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return `line ${line}: record ${position} is not a JSON object; skipped`;
  const record = value as Record<string, unknown>;
  const id = scalarText(fieldValue(record, fields.idField ?? 'id')) ?? String(position);
  const textFields = fields.textField !== undefined ? [fields.textField] : DEFAULT_TEXT_FIELDS;
  let raw: unknown;
  for (const f of textFields) {
    raw = fieldValue(record, f);
    if (raw !== undefined && raw !== null) break;
  }
  let text: string;
  let spans: ParagraphSpan[];
  if (typeof raw === 'string') {
    text = raw;
    spans = paragraphsOfString(raw);
  } else if (Array.isArray(raw) && raw.every((x) => x === null || isScalar(x))) {
    // An array of paragraphs; a number or boolean among them is a paragraph of its own text.
    const parts = raw.filter((x) => x !== null).map(String);
    text = parts.join('\n\n');
    spans = [];
    let offset = 0;
    for (const part of parts) {
      const found = looksLikeHtml(part)
        ? readMarkup(part, 'html').paragraphs
        : part.trim() === ''
          ? []
          : [{ index: 0, line: 1, endLine: 1, start: 0, end: part.length, text: part.trim() }];
      for (const s of found) spans.push({ ...s, start: s.start + offset, end: s.end + offset });
      offset += part.length + 2;
    }
  } else {
    return `line ${line}: record "${id}" has no text (field ${textFields.join(', ')}); skipped`;
  }
  return {
    record: id,
    line,
    text,
    paragraphs: spans.map((s, i) => ({ ...s, index: i + 1, line, endLine: line })),
    metadata: metadataFrom(record, { id: fields.idField, date: fields.dateField }),
  };
}

/** Reads a JSON Lines text (see the module comment). */
export function readJsonLines(text: string, fields: RecordFields = {}): RecordsRead {
  const out: RecordsRead = { stories: [], problems: [] };
  const lines = text.split('\n');
  let position = 0;
  lines.forEach((raw, i) => {
    const lineText = (i === 0 ? raw.replace(/^\ufeff/, '') : raw).replace(/\r$/, '');
    if (lineText.trim() === '') return;
    position++;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (error) {
      out.problems.push(`line ${i + 1}: not valid JSON (${jsonMessage(error)}); skipped`);
      return;
    }
    const story = recordStory(value, position, i + 1, fields);
    if (typeof story === 'string') out.problems.push(story);
    else out.stories.push(story);
  });
  return withUniqueIds(out);
}

/** Reads a JSON text (see the module comment). */
export function readJsonRecords(text: string, fields: RecordFields = {}): RecordsRead {
  const out: RecordsRead = { stories: [], problems: [] };
  const source = text.replace(/^\ufeff/, '');
  const shift = text.length - source.length;
  const lineOf = lineIndex(text);
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message));
    const line = at ? lineOf(Number(at[1]) + shift) : 1;
    out.problems.push(`line ${line}: not valid JSON (${jsonMessage(error)}); file skipped`);
    return out;
  }
  let records: unknown[];
  let key: string | null = null;
  if (Array.isArray(data)) {
    records = data;
  } else if (data !== null && typeof data === 'object') {
    const arrays = Object.entries(data).filter(
      ([, v]) =>
        Array.isArray(v) && v.length > 0 && v.every((x) => x !== null && typeof x === 'object'),
    );
    if (arrays.length === 1) {
      [key] = arrays[0];
      records = arrays[0][1] as unknown[];
    } else if (arrays.length === 0) {
      // A single record.
      const story = recordStory(data, 1, lineOf(source.search(/\S/) + shift), fields);
      if (typeof story === 'string') out.problems.push(story);
      else out.stories.push(story);
      return out;
    } else {
      out.problems.push(
        `line 1: several arrays of records (${arrays.map(([k]) => k).join(', ')}); file skipped`,
      );
      return out;
    }
  } else {
    out.problems.push('line 1: not an array or object of records; file skipped');
    return out;
  }
  const starts = arrayElementStarts(source, key);
  records.forEach((value, i) => {
    const line = lineOf((starts[i] ?? 0) + shift);
    const story = recordStory(value, i + 1, line, fields);
    if (typeof story === 'string') out.problems.push(story);
    else out.stories.push(story);
  });
  return withUniqueIds(out);
}

/** Warns about ids used by two records of one file (both are kept). */
function withUniqueIds(read: RecordsRead): RecordsRead {
  const seen = new Map<string, number>();
  for (const s of read.stories) {
    const first = seen.get(s.record);
    if (first === undefined) seen.set(s.record, s.line);
    else read.problems.push(`line ${s.line}: record id "${s.record}" also used on line ${first}`);
  }
  return read;
}

function jsonMessage(error: unknown): string {
  return String((error as Error).message ?? error)
    .replace(/^JSON\.parse: /, '')
    .split('\n')[0];
}

/**
 * Offsets (0-based) where the elements of the records array start in a valid JSON text: the top
 * array when `key` is null, else the array at property `key` of the top object.
 */
function arrayElementStarts(text: string, key: string | null): number[] {
  const starts: number[] = [];
  let depth = 0;
  let target = -1;
  let expect = false;
  let lastString = '';
  let topKey: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t') continue;
    if (expect && ch !== ']') {
      starts.push(i);
      expect = false;
    }
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = text.slice(i, j + 1);
      i = j;
      continue;
    }
    if (ch === ':' && depth === 1) topKey = JSON.parse(lastString) as string;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (
        ch === '[' &&
        target === -1 &&
        (key === null ? depth === 1 : depth === 2 && topKey === key)
      ) {
        target = depth;
        expect = true;
      }
    } else if (ch === ']' || ch === '}') {
      if (depth === target) target = -2;
      depth--;
    } else if (ch === ',' && depth === target) expect = true;
  }
  return starts;
}
