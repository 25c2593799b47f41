/**
 * Reading files into documents: UTF-8 (BOM stripped), falling back to Windows-1252 for bytes that
 * are not valid UTF-8; binary files (a NUL byte in the first 8 KiB) are skipped with a warning.
 */

import fs from 'node:fs';
import type { SourceDocument } from '../engine/detect.js';
import type { FileWarning } from '../engine/report.js';
import type { FoundFile } from './discover.js';
import { MARKUP_EXTENSIONS, markupParagraphs } from './markup.js';

/** A problem with one input that did not stop the run. */
export type Warning = FileWarning;

/** The outcome of reading one file: a document, or a warning saying why it was skipped. */
export type ReadResult =
  { ok: true; document: SourceDocument; warning?: Warning } | { ok: false; warning: Warning };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const cp1252 = new TextDecoder('windows-1252');

/** Decodes bytes as text (see the module comment); `null` for binary content. */
export function decodeText(
  bytes: Uint8Array,
): { text: string; encoding: 'utf-8' | 'windows-1252' } | null {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return null;
  try {
    return { text: utf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: cp1252.decode(bytes), encoding: 'windows-1252' };
  }
}

/**
 * Turns decoded text into a document: HTML and XML files (by extension of `path`, see
 * MARKUP_EXTENSIONS) are split into paragraphs by the markup reader; other text is left to
 * the engine's blank-line segmentation.
 */
export function toDocument(path: string, text: string): SourceDocument {
  const dot = path.lastIndexOf('.');
  const kind = dot >= 0 ? MARKUP_EXTENSIONS[path.slice(dot + 1).toLowerCase()] : undefined;
  return kind ? { path, text, paragraphs: markupParagraphs(text, kind) } : { path, text };
}

/** Reads and decodes one file; never throws (problems become warnings). */
export async function readDocument(file: FoundFile): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(file.absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      warning: { path: file.display, message: `skipped: cannot read (${code})` },
    };
  }
  const decoded = decodeText(bytes);
  if (decoded === null)
    return { ok: false, warning: { path: file.display, message: 'skipped: binary file' } };
  const document = toDocument(file.display, decoded.text);
  if (decoded.encoding !== 'utf-8') {
    return {
      ok: true,
      document,
      warning: { path: file.display, message: 'not valid UTF-8; read as Windows-1252' },
    };
  }
  return { ok: true, document };
}
