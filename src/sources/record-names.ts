/**
 * Unique names for the records of one file, for the places that key documents by name (`check`
 * and the archive index): a record is named `path#id` (see flattenRecord), and when an earlier
 * record of the same file already has that name (two records with one id, which `scan` keeps
 * apart by line), the later one is named `path#id@line` (its first line, 1-based), so no record
 * overwrites another.
 */

import type { SourceDocument } from '../engine/detect.js';
import type { Warning } from './read.js';
import { flattenRecord } from './read.js';

/** A record that got a name of its own because an earlier record of its file has its id. */
export interface RenamedRecord {
  /** The record's id, as in the file. */
  record: string;
  /** The record's first line (1-based), when the reader knows it. */
  line?: number;
  /** First line (1-based) of the earlier record with the same id, when known. */
  firstLine?: number;
  /** The name it is stored or checked under (`path#id@line`). */
  name: string;
}

/**
 * Flattens the documents of one file (see flattenRecord) with unique names: the first record
 * with an id keeps `path#id`, later ones become `path#id@line` (`path#id@line-2`, … should that
 * be taken too). Returns the documents in order and the records renamed.
 */
export function flattenRecordsUniquely(documents: readonly SourceDocument[]): {
  documents: SourceDocument[];
  renamed: RenamedRecord[];
} {
  const firstLine = new Map<string, number | undefined>();
  const renamed: RenamedRecord[] = [];
  const out = documents.map((d, i) => {
    const flat = flattenRecord(d);
    if (d.record === undefined || !firstLine.has(flat.path)) {
      firstLine.set(flat.path, d.recordLine);
      return flat;
    }
    const base = `${flat.path}@${d.recordLine ?? i + 1}`;
    let name = base;
    for (let n = 2; firstLine.has(name); n++) name = `${base}-${n}`;
    firstLine.set(name, d.recordLine);
    renamed.push({
      record: d.record,
      ...(d.recordLine !== undefined ? { line: d.recordLine } : {}),
      ...(firstLine.get(flat.path) !== undefined ? { firstLine: firstLine.get(flat.path) } : {}),
      name,
    });
    return { ...flat, path: name };
  });
  return { documents: out, renamed };
}

/**
 * The warnings of a file with the reader's "record id … also used on line …" warning of each
 * renamed record completed by the name it got (`…; <verb> as "path#id@line"`), or such a warning
 * added when the reader gave none.
 */
export function noteRenamedRecords(
  warnings: readonly Warning[],
  renamed: readonly RenamedRecord[],
  file: string,
  verb: string,
): Warning[] {
  const out = [...warnings];
  for (const r of renamed) {
    const readers =
      r.line !== undefined && r.firstLine !== undefined
        ? `line ${r.line}: record id "${r.record}" also used on line ${r.firstLine}`
        : undefined;
    const note = `${verb} as ${JSON.stringify(r.name)}`;
    const i = readers === undefined ? -1 : out.findIndex((w) => w.message === readers);
    if (i >= 0) out[i] = { ...out[i], message: `${readers}; ${note}` };
    else
      out.push({
        path: file,
        message: `${r.line !== undefined ? `line ${r.line}: ` : ''}record id "${r.record}" used twice; ${note}`,
      });
  }
  return out;
}
