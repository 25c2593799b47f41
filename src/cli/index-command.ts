/**
 * `dupgraf index add|remove|prune|stats|verify|migrate`: the archive index commands, and the
 * options `scan --index` and `check --index` (their options are in index-options.ts; run.ts loads
 * this module only when one of them runs; `index add` itself is in index-add.ts). The index is an
 * SQLite file or a `postgres://` URL (`--index`, else `DUPGRAF_INDEX_URL`). Like run.ts, nothing
 * here touches `process`; output goes through `CliIo`.
 *
 * Exit codes: 0 done; 1 `index verify` found problems; 2 usage error, missing, foreign, damaged
 * or incompatible index, lost connection.
 */

import path from 'node:path';
import { hidePassword, isDatabaseUrl, type ArchiveIndex } from '../archive/archive-index.js';
import { migrateIndex, openIndex } from '../archive/open-index.js';
import { scanAgainstIndex } from '../archive/scan-index.js';
import type { Report } from '../engine/report.js';
import { Corpus } from '../engine/corpus.js';
import type { SourceDocument } from '../engine/detect.js';
import { OverlayIndex, type SyncQueryable } from '../engine/paragraph-index.js';
import type { QueryResult } from '../engine/corpus.js';
import type { StageSettings } from '../scan-settings.js';
import { damageFound, shownIndexError } from '../archive/index-errors.js';
import { parseAge } from '../archive/story-date.js';
import { pickEngineOptions, type EngineOptions } from '../engine/options.js';
import { UsageError } from '../errors.js';
import { refuseStdin } from './args.js';
import { displayPath } from '../sources/discover.js';
import type { IndexIo } from './cli-io.js';

const n = (x: number) => x.toLocaleString('en-US');
const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 10));

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The index a command names: `--index` (a file, relative to `cwd`, or a `postgres://` URL), else
 * the environment's `DUPGRAF_INDEX_URL`; `shown` is how messages name it (a URL without its
 * password). Null when neither is given.
 */
export function indexLocation(
  flag: unknown,
  io: Pick<IndexIo, 'cwd' | 'env'>,
): { location: string; shown: string } | null {
  const given = typeof flag === 'string' && flag !== '' ? flag : io.env.DUPGRAF_INDEX_URL;
  if (given === undefined || given === '') return null;
  if (isDatabaseUrl(given)) return { location: given, shown: hidePassword(given) };
  return { location: path.resolve(io.cwd, given), shown: given };
}

/** Runs `dupgraf index <command>`; returns the exit code. Errors are thrown (run.ts reports them). */
export async function runIndex(argv: Record<string, unknown>, io: IndexIo): Promise<number> {
  const command = (argv._ as string[])[1];
  const where = indexLocation(argv.index, io);
  if (where === null)
    throw new UsageError(
      'Name the index with --index FILE or --index postgres://… (or set DUPGRAF_INDEX_URL).',
    );
  try {
    if (command === 'add')
      return await (await import('./index-add.js')).runAdd(argv, io, where.location, where.shown);
    if (command === 'migrate') {
      const { from, to } = await migrateIndex(where.location);
      io.stdout.write(
        from === to
          ? `${where.shown}: up to date (version ${to})\n`
          : `${where.shown}: migrated from version ${from} to ${to}\n`,
      );
      return 0;
    }
    return await runOther(command, argv, io, where.location, where.shown);
  } catch (error) {
    throw shownIndexError(error, where);
  }
}

/** An index command on an open index: what it has to go on (the index is closed by the caller). */
interface IndexCommand {
  argv: Record<string, unknown>;
  io: IndexIo;
  index: ArchiveIndex;
  location: string;
  shown: string;
}

/** `index remove|prune|stats|verify` on the index at `location`; returns the exit code. */
async function runOther(
  command: string,
  argv: Record<string, unknown>,
  io: IndexIo,
  location: string,
  shown: string,
): Promise<number> {
  const readonly = command === 'stats' || command === 'verify';
  const quickCheck = argv['quick-check'] !== false;
  let index: ArchiveIndex;
  try {
    index = await openIndex(location, { create: false, readonly, quickCheck });
  } catch (error) {
    // Damage met while opening is what `index verify` is for: a problem found (exit 1). Told by
    // the error's code, so an error re-made on its way here is one too.
    const damage = command === 'verify' ? damageFound(error) : undefined;
    if (damage !== undefined) {
      io.stdout.write(`${shown}: 1 problem(s):\n  damaged: ${damage}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const run: IndexCommand = { argv, io, index, location, shown };
    if (command === 'remove') return await removeStories(run);
    if (command === 'prune') return await pruneStories(run);
    if (command === 'stats') return await printStats(run);
    if (command === 'verify') return await verifyIndex(run);
    throw new UsageError(`unknown index command ${command}`);
  } finally {
    await index.close();
  }
}

/** `index remove PATH…`: removes the stories of the files (and folders) named. */
async function removeStories({ argv, io, index, shown }: IndexCommand): Promise<number> {
  refuseStdin(argv.paths as string[], 'index remove');
  const wanted = (argv.paths as string[]).map((p) => {
    const absolute = path.resolve(io.cwd, p);
    return absolute === path.resolve(io.cwd) ? '' : displayPath(absolute, io.cwd);
  });
  const paths = (await index.paths()).filter((stored) =>
    wanted.some((w) => w === '' || stored === w || stored.startsWith(`${w}/`)),
  );
  const removed = await index.removeMany(paths);
  io.stdout.write(`removed ${n(removed)} ${removed === 1 ? 'story' : 'stories'} from ${shown}\n`);
  return 0;
}

/** `index prune --older-than AGE`: removes the stories dated before now minus AGE. */
async function pruneStories({ argv, io, index, shown }: IndexCommand): Promise<number> {
  const age = parseAge(argv['older-than'] as string);
  if (age === null) {
    throw new UsageError(
      `--older-than must be an age such as 90d, 12w, 36h or 1y (got ${JSON.stringify(argv['older-than'])})`,
    );
  }
  const before = Date.now() - age;
  const removed = await index.prune(before);
  io.stdout.write(
    `pruned ${n(removed.length)} ${removed.length === 1 ? 'story' : 'stories'} dated before ${new Date(before).toISOString()} from ${shown}\n`,
  );
  return 0;
}

/** `index stats [--format json]`: what the index holds, its size, dates and settings. */
async function printStats({ argv, io, index, shown }: IndexCommand): Promise<number> {
  const s = await index.describe();
  if (argv.format === 'json') {
    // Dates as ISO 8601, like `createdAt` and the service's `/v1/stats` (null when empty).
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    const json = { index: shown, ...s, oldest: iso(s.oldest), newest: iso(s.newest) };
    io.stdout.write(JSON.stringify(json, null, 2) + '\n');
    return 0;
  }
  const per =
    s.paragraphs > 0 ? ` (${n(Math.round(s.bytes / s.paragraphs))} bytes per paragraph)` : '';
  io.stdout.write(
    [
      `index       ${shown}`,
      `stories     ${n(s.stories)}`,
      `paragraphs  ${n(s.paragraphs)} (${n(s.distinctParagraphs)} distinct)`,
      `postings    ${n(s.postings)} shingle, ${n(s.prefixPostings)} prefix`,
      `size        ${megabytes(s.bytes)} on disk${per}`,
      `dates       ${day(s.oldest)} .. ${day(s.newest)}`,
      `settings    shingle size ${s.settings.shingleSize}, min words ${s.settings.minWords}, ` +
        `normalization version ${s.settings.normalizationVersion}, lowest threshold ${s.settings.lowestThreshold}`,
      `created     ${s.createdAt} by ${s.createdBy}`,
      '',
    ].join('\n'),
  );
  return 0;
}

/** `index verify`: the index's consistency checks; exit 1 with the problems found. */
async function verifyIndex({ io, index, location, shown }: IndexCommand): Promise<number> {
  const problems = await index.verify();
  if (problems.length === 0) {
    const s = await index.stats();
    io.stdout.write(
      `${shown}: ok (${n(s.stories)} stories, ${n(s.paragraphs)} paragraphs; ${isDatabaseUrl(location) ? 'invariants' : 'integrity_check'} ok)\n`,
    );
    return 0;
  }
  io.stdout.write(
    `${shown}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`,
  );
  return 1;
}

/** `scan --index`: the report of the scanned inputs against the archive (nothing is added). */
export async function scanWithIndex(
  inputs: ReadonlyArray<string | SourceDocument>,
  indexFlag: string,
  settings: StageSettings,
  env: Record<string, string | undefined> = {},
): Promise<Report> {
  const where = indexLocation(indexFlag, { cwd: settings.discovery.cwd, env })!;
  const { threshold, containment, shingleSize, minWords } = settings.engine;
  try {
    const index = await openIndex(where.location, {
      threshold,
      containment,
      shingleSize,
      minWords,
      create: false,
      readonly: true,
    });
    try {
      return await scanAgainstIndex(inputs, index, settings, where.shown);
    } finally {
      await index.close();
    }
  } catch (error) {
    throw shownIndexError(error, where);
  }
}

/** What `check --index` matches stories against (see {@link archiveOverlay}). */
export interface ArchiveOverlay {
  /** The archive index with the documents read for this run on top. */
  index: OverlayIndex;
  /** Paragraph text by path and first line: the documents read, else the archive's matches. */
  sourceText: (path: string, line: number) => string | undefined;
  /** Stories matched against: the documents read plus the archive's stories not among them. */
  documents: number;
  /**
   * The stored publication date (ISO 8601) of each dated archived story matched and not read
   * now, for who copied whom (see `mayCopy`).
   */
  published: ReadonlyMap<string, string>;
  /**
   * The approved registry stored with the archive (JSON as `dupgraf serve` writes it), read in
   * the same open; undefined when none was stored.
   */
  approvals: string | undefined;
}

/**
 * Asks the archive index `indexFlag` (read-only) what each story repeats, and puts `documents`
 * (the stories under check and any other archive read from files) on top: a story is matched
 * against both, and a stored story under the same path as a document read now is replaced by it.
 * The index is closed before this returns (the stored paragraphs' texts come with the matches).
 * Throws IndexFileError or IncompatibleIndexError (exit 2).
 */
export async function archiveOverlay(
  indexFlag: string,
  io: Pick<IndexIo, 'cwd' | 'env'>,
  engine: EngineOptions,
  documents: ReadonlyMap<string, SourceDocument>,
  stories: readonly SourceDocument[],
  localText: (path: string, line: number) => string | undefined,
): Promise<ArchiveOverlay> {
  const where = indexLocation(indexFlag, io)!;
  let archive: ArchiveIndex | undefined;
  const answers = new Map<string, QueryResult>();
  const texts = new Map<string, string>();
  let published = new Map<string, string>();
  let approvals: string | undefined;
  let documentsCount = 0;
  try {
    archive = await openIndex(where.location, { ...engine, create: false, readonly: true });
    const matched = new Set<string>();
    for (const story of stories) {
      const result = await archive.query(story);
      answers.set(story.path, result);
      for (const p of result.paragraphs)
        for (const m of [...p.duplicates, ...p.partials]) {
          texts.set(`${m.line}:${m.path}`, m.text);
          if (!documents.has(m.path)) matched.add(m.path);
        }
    }
    published = await archive.publishedDates([...matched].sort());
    approvals = await archive.approvalRegistry();
    let stored = 0;
    for (const p of documents.keys()) if (await archive.hasPath(p)) stored++;
    documentsCount = documents.size + (await archive.stats()).stories - stored;
  } catch (error) {
    throw shownIndexError(error, where);
  } finally {
    await archive?.close();
  }
  const base: SyncQueryable = {
    query(document) {
      const result = answers.get(document.path);
      if (!result) throw new Error(`internal: ${document.path} is not a story under check`);
      return result;
    },
  };
  const corpus = new Corpus(pickEngineOptions(engine));
  for (const d of documents.values()) corpus.add(d);
  return {
    index: new OverlayIndex(base, corpus, documents.keys()),
    sourceText: (p, line) => localText(p, line) ?? texts.get(`${line}:${p}`),
    documents: documentsCount,
    published,
    approvals,
  };
}
