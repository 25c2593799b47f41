/**
 * Reading files into documents. The bytes side (`readBytes`, decode.ts) reads with a size limit,
 * refuses binary files and decodes text (UTF-8 with or without BOM, UTF-16 by BOM, legacy
 * encodings detected, or a forced `encoding`); the text side (`readDocuments`, the format
 * registry) splits the text into documents. Every problem with one file becomes a warning for
 * that file; nothing here throws for a bad file.
 */

import fs from 'node:fs';
import type { SourceDocument } from '../engine/detect.js';
import type { FileWarning } from '../engine/report.js';
import { decodeBytes, type DecodeOptions } from './decode.js';
import type { FoundFile } from './discover.js';
import {
  readDocuments,
  readOptionsOf,
  type ReadOptions as FormatOptions,
} from './formats/registry.js';
import { formatOf } from './formats/registry.js';
import { loadReaders } from './formats/libraries.js';
import { isOwnReport } from './own-reports.js';

export { readDocuments, type ReadDocuments } from './formats/registry.js';
export { decodeText, decodeBytes, checkEncoding, type DecodeOptions } from './decode.js';

/** A problem with one input that did not stop the run. */
export type Warning = FileWarning;

/** Default largest file read, in bytes (20 MiB); larger files are skipped with a warning. */
export const DEFAULT_MAX_FILE_SIZE = 20 * 1024 * 1024;

/**
 * How files are read: input format and record fields (see `formats/registry.ts`), decoding
 * (`encoding`, default detect) and the size limit.
 */
export interface ReadOptions extends FormatOptions, DecodeOptions {
  /** Largest file read, in bytes; default {@link DEFAULT_MAX_FILE_SIZE}. */
  maxFileSize?: number;
}

/**
 * The file-reading options among settings (only those set): format and record fields (checked,
 * see `readOptionsOf`), `encoding` and `maxFileSize`, as `check` and `index add` pass them on.
 */
export function fileReadOptionsOf(settings: ReadOptions): ReadOptions {
  const out: ReadOptions = readOptionsOf(settings);
  if (settings.encoding !== undefined) out.encoding = settings.encoding;
  if (settings.maxFileSize !== undefined) out.maxFileSize = settings.maxFileSize;
  return out;
}

/**
 * The outcome of reading one file: its documents (one, or one per record of a JSON/JSONL file)
 * with the problems met (decoding, malformed content), or a warning saying why it was skipped.
 */
export type ReadResult =
  | {
      ok: true;
      documents: SourceDocument[];
      warnings: Warning[];
      /** The file is a report dupgraf wrote (own-reports.ts): no documents, no warning. */
      ownReport?: true;
    }
  | { ok: false; warning: Warning };

/** A size in bytes for messages: `512 B`, `1.5 KiB`, `20 MiB`. */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${shown} ${units[unit]}`;
}

/** The warning message for a file that could not be read (`error` from the file system). */
export function unreadableMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  if (code === 'ENOENT') return 'skipped: vanished during the scan (ENOENT)';
  if (code === 'EISDIR') return 'skipped: not a file (EISDIR)';
  return `skipped: cannot read (${code})`;
}

/** The warning about a report dupgraf wrote (own-reports.ts) named as a story. */
export const OWN_REPORT_SKIPPED = 'skipped: a report written by dupgraf, not a story';

/**
 * Why a run read no story (the message of its `NoInputError`), from the warnings about its files
 * and the number of dupgraf's own reports passed over in folders: when the only files named were
 * reports of dupgraf's, it says so (`no input files found: report.json is a report written by
 * dupgraf, not read as a story`); a folder holding only reports says how many were passed over.
 */
export function noInputMessage(warnings: readonly Warning[], reportsPassedOver = 0): string {
  const named = warnings.filter((w) => w.message === OWN_REPORT_SKIPPED).map((w) => w.path);
  if (named.length > 0 && named.length === warnings.length)
    return named.length === 1
      ? `no input files found: ${named[0]} is a report written by dupgraf, not read as a story`
      : `no input files found: ${named.join(', ')} are reports written by dupgraf, not read as stories`;
  if (warnings.length > 0) return 'no readable input files';
  if (reportsPassedOver > 0)
    return `no input files found (${reportsPassedOver === 1 ? 'a report' : `${reportsPassedOver} reports`} written by dupgraf passed over: dupgraf does not read its reports as stories)`;
  return 'no input files found';
}

/** The warning message for a file over the size limit. */
export function tooLargeMessage(size: number, max: number): string {
  return `skipped: ${formatSize(size)}, over --max-file-size (${formatSize(max)})`;
}

/** A file's bytes, or the warning message saying why there are none. */
type BytesResult = { ok: true; bytes: Buffer } | { ok: false; message: string };

/**
 * Opens `absolute` for reading, runs `read` on it and closes it; an error of the file system
 * (opening or reading) becomes the warning message. Never throws.
 */
function withOpenFile(absolute: string, read: (fd: number) => BytesResult): BytesResult {
  let fd: number;
  try {
    fd = fs.openSync(absolute, 'r');
  } catch (error) {
    return { ok: false, message: unreadableMessage(error) };
  }
  try {
    return read(fd);
  } catch (error) {
    return { ok: false, message: unreadableMessage(error) };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads a file's bytes, refusing files over `maxFileSize` bytes before reading them; never
 * throws (a problem is returned as a warning message).
 */
export function readBytes(absolute: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): BytesResult {
  return withOpenFile(absolute, (fd) => {
    const size = fs.fstatSync(fd).size;
    if (size > maxFileSize) return { ok: false, message: tooLargeMessage(size, maxFileSize) };
    return { ok: true, bytes: fs.readFileSync(fd) };
  });
}

/** Size of the buffer {@link readBytesTransient} starts with and returns to (64 KiB). */
const TRANSIENT_SIZE = 1 << 16;
let transient = Buffer.allocUnsafeSlow(TRANSIENT_SIZE);

/**
 * {@link readBytes} into one buffer reused from call to call: no allocation per file, and no
 * `stat` for a file under 64 KiB (its size is known once it is read). The bytes are valid only
 * until the next call (for callers that decode them at once). Never throws.
 */
export function readBytesTransient(
  absolute: string,
  maxFileSize = DEFAULT_MAX_FILE_SIZE,
): BytesResult {
  // A buffer grown for a large file is not kept for the next ones.
  if (transient.length > 64 * TRANSIENT_SIZE) transient = Buffer.allocUnsafeSlow(TRANSIENT_SIZE);
  return withOpenFile(absolute, (fd) => {
    let n = 0;
    for (;;) {
      if (n === transient.length) {
        const size = fs.fstatSync(fd).size;
        if (size > maxFileSize) return { ok: false, message: tooLargeMessage(size, maxFileSize) };
        const grown = Buffer.allocUnsafeSlow(Math.max(2 * transient.length, size + 1));
        transient.copy(grown, 0, 0, n);
        transient = grown;
      }
      const got = fs.readSync(fd, transient, n, transient.length - n, null);
      if (got === 0) break;
      n += got;
    }
    if (n > maxFileSize) return { ok: false, message: tooLargeMessage(n, maxFileSize) };
    return { ok: true, bytes: transient.subarray(0, n) };
  });
}

/**
 * Decodes bytes and splits the text into documents named after `display` (the reader chosen by
 * `options.inputFormat` or the extension of `display`). Never throws: binary content, and a
 * reader that fails on this file, become a warning.
 */
export function fileToDocuments(
  display: string,
  bytes: Uint8Array,
  options: ReadOptions = {},
): ReadResult {
  return fileToDocumentsAndText(display, bytes, options).result;
}

/**
 * {@link fileToDocuments}, with the decoded text the documents were read from (undefined when
 * the bytes could not be decoded), for {@link textBaseOf}.
 */
export function fileToDocumentsAndText(
  display: string,
  bytes: Uint8Array,
  options: ReadOptions = {},
): { result: ReadResult; text?: string } {
  const decoded = decodeBytes(bytes, options);
  if (!decoded.ok)
    return {
      result: { ok: false, warning: { path: display, message: `skipped: ${decoded.reason}` } },
    };
  return {
    result: decodedToDocuments(display, decoded, options, bytes.length),
    text: decoded.text,
  };
}

/**
 * The warning message for a file with no text: 0 bytes, or only white space (a failed export,
 * usually); undefined for a file with text. Such a file is still read, as a story without
 * paragraphs.
 */
export function emptyFileMessage(size: number, text: string): string | undefined {
  if (size === 0) return 'empty file (0 bytes): read as a story without paragraphs';
  if (/^\s*$/.test(text))
    return 'blank file (only white space): read as a story without paragraphs';
  return undefined;
}

/** The documents of a decoded text of `size` bytes (see {@link fileToDocuments}). */
function decodedToDocuments(
  display: string,
  decoded: { text: string; note?: string },
  options: ReadOptions,
  size: number,
): ReadResult {
  // A report dupgraf wrote (own-reports.ts) holds no story: skipped without a word.
  if (isOwnReport(decoded.text)) return { ok: true, documents: [], warnings: [], ownReport: true };
  const warnings: Warning[] = [];
  if (decoded.note !== undefined) warnings.push({ path: display, message: decoded.note });
  const empty = emptyFileMessage(size, decoded.text);
  if (empty !== undefined) warnings.push({ path: display, message: empty });
  try {
    const read = readDocuments(display, decoded.text, options);
    return { ok: true, documents: read.documents, warnings: [...warnings, ...read.warnings] };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      warning: { path: display, message: `skipped: could not be read (${why.split('\n')[0]})` },
    };
  }
}

/**
 * Reads, decodes and splits one file into documents (see `formats/registry.ts`); never throws
 * (problems become warnings).
 */
export async function readDocument(
  file: FoundFile,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const max = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    const stat = await fs.promises.stat(file.absolute);
    if (stat.size > max)
      return {
        ok: false,
        warning: { path: file.display, message: tooLargeMessage(stat.size, max) },
      };
    mtimeMs = stat.mtimeMs;
    bytes = await fs.promises.readFile(file.absolute);
  } catch (error) {
    return { ok: false, warning: { path: file.display, message: unreadableMessage(error) } };
  }
  // The format by name (`.xml` loads what NITF and NewsML-G2 need too): no decoding twice.
  await loadReaders([formatOf(file.display, '', options.inputFormat)]);
  const result = fileToDocuments(
    file.display,
    bytes,
    options.dateFrom === 'mtime' ? { ...options, mtimeMs } : options,
  );
  // A report of dupgraf's found in a folder is passed over; one named is said to be one.
  if (result.ok && result.ownReport && file.explicit)
    return {
      ok: false,
      warning: { path: file.display, message: OWN_REPORT_SKIPPED },
    };
  return result;
}

/**
 * A story as `scan` compares it: without the paragraphs its inline markers suppress (their count
 * stays in `suppressed`); the story as it is when none are.
 */
export function withoutSuppressed(document: SourceDocument): SourceDocument {
  if (!document.suppressed?.length || !document.paragraphs) return document;
  const gone = new Set(document.suppressed);
  const paragraphs = document.paragraphs
    .filter((p) => !gone.has(p.line))
    .map((p, i) => (p.index === i + 1 ? p : { ...p, index: i + 1 }));
  return { ...document, paragraphs };
}

/**
 * The read options with the file's modification time when dates may come from it (`dateFrom`
 * `mtime`); the options as they are otherwise (no `stat`). Never throws.
 */
export function withMtime(absolute: string, options: ReadOptions): ReadOptions {
  if (options.dateFrom !== 'mtime') return options;
  try {
    return { ...options, mtimeMs: fs.statSync(absolute).mtimeMs };
  } catch {
    return options;
  }
}

/**
 * A record of a JSON/JSONL file as a standalone document named `path#record` (for the check and
 * the archive, which name documents by path alone); other documents unchanged.
 */
export function flattenRecord(document: SourceDocument): SourceDocument {
  if (document.record === undefined) return document;
  const flat: SourceDocument = { ...document, path: `${document.path}#${document.record}` };
  delete flat.record;
  delete flat.recordLine;
  return flat;
}

/**
 * The documents of a file read again (for the report's texts): as {@link fileToDocuments} gives
 * them to `scan` (suppressed paragraphs left out, see {@link withoutSuppressed}), or none when
 * the file changed into something unreadable or is gone. Never throws.
 */
export function rereadDocuments(
  absolute: string,
  display: string,
  options: ReadOptions = {},
): SourceDocument[] {
  // Gone or unreadable: no documents.
  const read = readBytesTransient(absolute, Infinity);
  const result = read.ok
    ? fileToDocuments(display, read.bytes, withMtime(absolute, options))
    : null;
  return result?.ok ? result.documents.map(withoutSuppressed) : [];
}

/**
 * A file's decoded text read again ('' when it is gone or no longer decodes), for documents
 * whose paragraphs are slices of it ({@link textBaseOf}): no format reader, story split or date
 * runs again. Never throws.
 */
export function rereadText(absolute: string, options: DecodeOptions = {}): string {
  const read = readBytesTransient(absolute, Infinity);
  if (!read.ok) return '';
  const decoded = decodeBytes(read.bytes, options);
  return decoded.ok ? decoded.text : '';
}

/**
 * Where a document's paragraph texts are in `text`, the decoded text of its file: an offset `b`
 * such that each paragraph's text is `text.slice(b + start, b + end)` for the offsets the
 * engine keeps (a span's `start`/`end`, or, without spans, those `segment` finds in the
 * document's text); −1 when there is none (a reader that rewrites its paragraphs' texts, a
 * record with a text of its own). `from`: where to look for a story cut out of the file (its
 * offset is at or after the previous story's). Checked on every paragraph, so a file read again
 * gives the same texts as reading it through its format.
 */
export function textBaseOf(document: SourceDocument, text: string, from = 0): number {
  let base: number;
  if (document.text === text) base = 0;
  else if (document.storyOfFile === true) {
    base = text.indexOf(document.text, from);
    if (base < 0) return -1;
  } else return -1;
  for (const p of document.paragraphs ?? []) {
    if (p.end - p.start !== p.text.length || !text.startsWith(p.text, base + p.start)) return -1;
  }
  return base;
}

/**
 * Text of paragraph `index` (0-based) of a document as written: the reader's paragraph when it
 * found paragraphs, else `text.slice(start, end)` (UTF-16 offsets); '' when it is not there.
 */
export function paragraphTextOf(
  document: SourceDocument,
  index: number,
  start: number,
  end: number,
): string {
  return document.paragraphs
    ? (document.paragraphs[index]?.text ?? '')
    : document.text.slice(start, end);
}
