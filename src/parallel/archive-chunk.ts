/**
 * The work of one chunk of `index add` (a worker's job, or the calling thread's with few files):
 * read, decode and split each file into stories, hash and date them, and cut their paragraphs
 * into shingle sets. The result is compact: the paragraphs' numbers and shingles in flat typed
 * arrays (transferred, not copied), their texts as one array of strings.
 */

import fs from 'node:fs';
import {
  archiveDocumentsOf,
  prepareArchiveStory,
  type PreparedStory,
} from '../archive/prepared-story.js';
import type { EngineOptions } from '../engine/options.js';
import type { IndexableParagraph } from '../engine/paragraph-index.js';
import type { FileWarning } from '../engine/report.js';
import { fileToDocuments, readBytesTransient, type ReadOptions } from '../sources/read.js';

/** Options of an archive chunk: the index's settings and how to read files. */
export interface ArchiveChunkOptions extends Pick<EngineOptions, 'shingleSize' | 'minWords'> {
  read?: ReadOptions;
}

/** Files to prepare for the archive: absolute paths, in order, and their names in reports. */
export interface ArchiveChunkRequest {
  /** Chunk number (echoed back). */
  id: number;
  files: string[];
  /** Display path of each file (same index as `files`). */
  names: string[];
}

/** The stories of one chunk's files, in file order (see the module comment). */
export interface ArchiveChunkResult {
  id: number;
  /** Per requested file: how many stories it gave, and its warnings. */
  files: { stories: number; warnings: FileWarning[] }[];
  /**
   * Per story: path, hash, date (null: now), publication date (absent: undated), words, and how
   * many paragraphs follow.
   */
  stories: {
    path: string;
    hash: string;
    date: number | null;
    published?: string;
    words: number;
    paragraphs: number;
  }[];
  /** Per paragraph (stories' paragraphs one after another). */
  index: Uint32Array;
  line: Uint32Array;
  endLine: Uint32Array;
  words: Uint32Array;
  fingerprint: Float64Array;
  /** Shingles of paragraph p: `shingles[offsets[p] .. offsets[p+1])`, ascending. */
  offsets: Uint32Array;
  shingles: Uint32Array;
  texts: string[];
}

/** Reads and prepares the files of a chunk; never throws for a bad file. */
export function prepareArchiveChunk(
  request: ArchiveChunkRequest,
  options: ArchiveChunkOptions,
): ArchiveChunkResult {
  const files: ArchiveChunkResult['files'] = [];
  const stories: PreparedStory[] = [];
  for (const [k, file] of request.files.entries()) {
    const name = request.names[k];
    const bytes = readBytesTransient(file, options.read?.maxFileSize);
    if (!bytes.ok) {
      files.push({ stories: 0, warnings: [{ path: name, message: bytes.message }] });
      continue;
    }
    let mtime = Date.now();
    try {
      mtime = fs.statSync(file).mtimeMs;
    } catch {
      // keep now
    }
    // With `dateFrom: mtime`, an undated story's publication date is its file's time.
    const readOptions =
      options.read?.dateFrom === 'mtime' ? { ...options.read, mtimeMs: mtime } : options.read;
    const read = archiveDocumentsOf(fileToDocuments(name, bytes.bytes, readOptions), name, mtime);
    for (const d of read.documents) stories.push(prepareArchiveStory(d, options));
    files.push({ stories: read.documents.length, warnings: read.warnings });
  }
  return packStories(request.id, files, stories);
}

/** Packs prepared stories into a chunk result (see {@link ArchiveChunkResult}). */
export function packStories(
  id: number,
  files: ArchiveChunkResult['files'],
  stories: readonly PreparedStory[],
): ArchiveChunkResult {
  let paragraphs = 0;
  let shingles = 0;
  for (const s of stories) {
    paragraphs += s.paragraphs.length;
    for (const p of s.paragraphs) shingles += p.shingles.length;
  }
  const out: ArchiveChunkResult = {
    id,
    files,
    stories: stories.map((s) => ({
      path: s.path,
      hash: s.hash,
      date: s.date,
      ...(s.published === undefined ? {} : { published: s.published }),
      words: s.words,
      paragraphs: s.paragraphs.length,
    })),
    index: new Uint32Array(paragraphs),
    line: new Uint32Array(paragraphs),
    endLine: new Uint32Array(paragraphs),
    words: new Uint32Array(paragraphs),
    fingerprint: new Float64Array(paragraphs),
    offsets: new Uint32Array(paragraphs + 1),
    shingles: new Uint32Array(shingles),
    texts: [],
  };
  let p = 0;
  let at = 0;
  for (const s of stories) {
    for (const x of s.paragraphs) {
      out.index[p] = x.index;
      out.line[p] = x.line;
      out.endLine[p] = x.endLine;
      out.words[p] = x.words;
      out.fingerprint[p] = x.fingerprint;
      out.shingles.set(x.shingles, at);
      at += x.shingles.length;
      out.offsets[++p] = at;
      out.texts.push(x.text);
    }
  }
  return out;
}

/** The stories of a chunk result, in order (shingle sets are views of its one array). */
export function unpackStories(result: ArchiveChunkResult): PreparedStory[] {
  let p = 0;
  return result.stories.map((s) => {
    const paragraphs: IndexableParagraph[] = [];
    for (let k = 0; k < s.paragraphs; k++, p++) {
      paragraphs.push({
        index: result.index[p],
        line: result.line[p],
        endLine: result.endLine[p],
        text: result.texts[p],
        words: result.words[p],
        fingerprint: result.fingerprint[p],
        shingles: result.shingles.subarray(result.offsets[p], result.offsets[p + 1]),
      });
    }
    const { path, hash, date, published, words } = s;
    return {
      path,
      hash,
      date,
      ...(published === undefined ? {} : { published }),
      words,
      paragraphs,
    };
  });
}

/** The buffers of a chunk result to transfer rather than copy. */
export function transferList(result: ArchiveChunkResult): ArrayBuffer[] {
  return [
    result.index,
    result.line,
    result.endLine,
    result.words,
    result.fingerprint,
    result.offsets,
    result.shingles,
  ].map((a) => a.buffer as ArrayBuffer);
}
