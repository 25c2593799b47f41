/**
 * What `check` and `baseline` gather before the check runs (check-command.ts runs them): the
 * stories and the archive found and read, the approved registry and the baseline loaded, the
 * archive's answers (an archive index, or the documents read streamed past the stories), and
 * the check's report of them.
 */

import fs from 'node:fs';
import path from 'node:path';
import { isIndexHeader } from '../archive/sqlite-format.js';
import { todayUtc, type ApprovalRegistry } from '../check/approvals.js';
import { changedFiles } from '../check/changed-files.js';
import type { CheckReport, CheckWarning, RecordPlace } from '../check/model.js';
import { Policy, policyLimitsSchema, type PartialLimits } from '../check/policy.js';
import {
  archivedStoryTime,
  runCheck,
  type CheckInput,
  type StoryInput,
  type StoryTime,
} from '../check/run-check.js';
import { prepareStory } from '../check/suppression.js';
import type { SourceDocument } from '../engine/detect.js';
import { NoInputError, UsageError } from '../errors.js';
import { discoverFiles, displayPath, type FoundFile } from '../sources/discover.js';
import { readDocument } from '../sources/read.js';
import { flattenRecordsUniquely, noteRenamedRecords } from '../sources/record-names.js';
import { TOOL_INFO } from '../tool-info.js';
import { refuseStdin } from './args.js';
import {
  loadApprovals,
  loadBaseline,
  type LoadedCheckConfig,
  type LocatedFile,
} from './check-config.js';
import type { Progress } from './progress.js';
import { parseAge } from '../archive/story-date.js';
import {
  archiveAnswers,
  ignoredIndexUrl,
  sourceLookup,
  type ArchiveAnswers,
  type ReadDocuments,
} from './check-archive.js';
import type { CliIo } from './cli-io.js';

/** What a check gathered: its report, and what the command needs besides. */
export interface Gathered {
  report: CheckReport;
  /** The stories under check that could not be read (files skipped, or with no story read). */
  unreadable: readonly string[];
  /** Whether any file was skipped or read with a warning and `--strict` is in effect. */
  strictFailure: boolean;
  baselineFile?: string;
  rerun: (baseline: Set<string>) => CheckReport;
}

/** The config, the flags over it, and the check's files: what `--print-config` shows. */
export interface CheckSetup {
  config: LoadedCheckConfig;
  approved: LocatedFile;
  baseline: LocatedFile | null;
}

/** `--no-baseline` with a command that writes one is a usage error. */
export function isWriting(argv: Record<string, unknown>, command: 'check' | 'baseline'): boolean {
  return command === 'baseline' || argv['update-baseline'] === true;
}

/** The policy flags (`--max-boilerplate-share` …) as limits; UsageError for a bad value. */
function policyFlags(argv: Record<string, unknown>): PartialLimits {
  const limits = {
    maxBoilerplateShare: argv['max-boilerplate-share'],
    maxRecycledParagraphs: argv['max-recycled-paragraphs'],
    countPartials: argv['count-partials'],
  };
  // No policy flag: nothing to check (and the schema is not built, see lazy-schema.ts).
  if (Object.values(limits).every((v) => v === undefined)) return {};
  const parsed = policyLimitsSchema.safeParse(limits);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue.path[0]).replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
    throw new UsageError(`--${flag}: ${issue.message} (got ${JSON.stringify(argv[flag])})`);
  }
  return parsed.data;
}

/** `path` (as shown: relative to `cwd`) relative to `dir`, with forward slashes. */
function relativeTo(dir: string, cwd: string) {
  if (path.resolve(dir) === path.resolve(cwd)) return undefined;
  return (p: string) => {
    const rel = path.relative(dir, path.resolve(cwd, p));
    return path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
  };
}

/** The stories named on the command line (after `--` too, as pre-commit passes them) and `--against`. */
interface NamedPaths {
  /** The stories' paths (`.` when none is named). */
  basePaths: string[];
  /** `--against`: the archive's paths, when given. */
  against: string[] | undefined;
}

/** The paths a check names; UsageError for stdin or an empty `--against`. */
function namedPaths(argv: Record<string, unknown>, command: 'check' | 'baseline'): NamedPaths {
  // Paths after `--` (e.g. from pre-commit, after `--against .`) are stories too.
  const files = [...(argv.files as string[]), ...(argv._ as unknown[]).slice(1).map(String)];
  const basePaths = files.length > 0 ? files : ['.'];
  refuseStdin([...files, ...((argv.against as string[] | undefined) ?? [])], command);
  if ((argv.against as string[] | undefined)?.length === 0)
    throw new UsageError(
      '--against needs at least one path (the archive: files or folders); name the stories before it',
    );
  return { basePaths, against: argv.against as string[] | undefined };
}

/**
 * The stories under check (changed since `--changed-since` when given) and the archive's files,
 * the check's `own` files left out; NoInputError when there is no story to check.
 */
async function findFiles(
  argv: Record<string, unknown>,
  io: CliIo,
  config: LoadedCheckConfig,
  { basePaths, against }: NamedPaths,
  own: Set<string>,
): Promise<{ stories: FoundFile[]; archive: FoundFile[] }> {
  const discover = { cwd: io.cwd, ...config.discovery };
  let stories: FoundFile[] = await discoverFiles(basePaths, discover);
  const refArg = argv['changed-since'] as string | string[] | undefined;
  if (Array.isArray(refArg)) throw new UsageError('--changed-since given more than once');
  if (refArg !== undefined) {
    const changed = new Set(await changedFiles(refArg, io.cwd));
    stories = stories.filter((f) => changed.has(f.absolute));
  }
  stories = stories.filter((f) => !own.has(f.absolute));
  // Nothing to check is an error, as in `scan` (a CI job pointed at the wrong folder must not
  // pass); with --changed-since, no changed story is a normal, passing run.
  if (stories.length === 0 && refArg === undefined)
    throw new NoInputError(`no input files found: nothing to check in ${basePaths.join(', ')}`);
  const archive: FoundFile[] = await discoverFiles(
    against && against.length > 0 ? against : basePaths,
    discover,
  );
  return { stories, archive };
}

/** The documents a check read: the stories' inputs, every document by path, and what was noted. */
interface ReadFiles extends ReadDocuments {
  warnings: CheckWarning[];
  /** The stories under check that could not be read (their paths as shown). */
  unreadable: string[];
  storyInputs: StoryInput[];
  records: Map<string, RecordPlace>;
  /** Each story's publication time and place in its file, for who copied whom. */
  times: Map<string, StoryTime>;
}

/** Whether `file` is a dupgraf archive index (SQLite; see isIndexHeader); false if unreadable. */
function isIndexFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(72);
    const n = fs.readSync(fd, header, 0, 72, 0);
    return isIndexHeader(header.subarray(0, n));
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * A file of the stories or of `--against` that is a dupgraf archive index: a UsageError (exit 2)
 * saying to name it with `--index` (read as a story file it would be skipped as binary, and a
 * check against nothing else would pass).
 */
function refuseIndexFile(file: FoundFile, isStory: boolean): void {
  if (!isIndexFile(file.absolute)) return;
  const role = isStory ? 'a story under check' : '--against';
  throw new UsageError(
    `${file.display} (${role}) is a dupgraf archive index, not a story file: check against it with --index ${file.display}`,
  );
}

/** Reads the stories and the archive's files (each once, by the path shown), in path order. */
async function readFiles(
  { stories, archive }: { stories: FoundFile[]; archive: FoundFile[] },
  own: Set<string>,
  readOptions: LoadedCheckConfig['read'],
  progress: Progress,
): Promise<ReadFiles> {
  const out: ReadFiles = {
    warnings: [],
    unreadable: [],
    documents: new Map(),
    storyInputs: [],
    records: new Map(),
    times: new Map(),
  };
  const storyPaths = new Set(stories.map((f) => f.absolute));
  const all = new Map<string, FoundFile>();
  for (const f of [...archive, ...stories]) if (!own.has(f.absolute)) all.set(f.absolute, f);
  const toRead = [...all.values()].sort((a, b) =>
    a.display < b.display ? -1 : a.display > b.display ? 1 : 0,
  );
  for (const [i, file] of toRead.entries()) {
    progress.onProgress('reading', i, toRead.length);
    const read = await readDocument(file, readOptions);
    if (!read.ok) {
      refuseIndexFile(file, storyPaths.has(file.absolute));
      out.warnings.push(read.warning);
      if (storyPaths.has(file.absolute)) out.unreadable.push(file.display);
      continue;
    }
    // A story file read whole but holding no story (a JSON file that does not parse: "file
    // skipped") was not checked either.
    if (storyPaths.has(file.absolute) && read.documents.length === 0 && read.warnings.length > 0)
      out.unreadable.push(file.display);
    addDocuments(out, file, read, storyPaths.has(file.absolute));
  }
  progress.onProgress('reading', toRead.length, toRead.length);
  return out;
}

/** Adds the documents read from `file` to `out` (as stories under check when `isStory`). */
function addDocuments(
  out: ReadFiles,
  file: FoundFile,
  read: Extract<Awaited<ReturnType<typeof readDocument>>, { ok: true }>,
  isStory: boolean,
): void {
  const { warnings, documents, storyInputs, records, times } = out;
  // A record of a JSON/JSONL file is a story of its own, named `path#record` (a later record
  // with the same id `path#record@line`, so it is checked too).
  const flat = flattenRecordsUniquely(read.documents);
  warnings.push(...noteRenamedRecords(read.warnings, flat.renamed, file.display, 'checked'));
  read.documents.forEach((d, i) => {
    if (d.record !== undefined)
      records.set(flat.documents[i].path, { file: d.path, record: d.record });
    const ms = d.published === undefined ? undefined : Date.parse(d.published);
    times.set(flat.documents[i].path, { ms, file: file.display, position: i });
  });
  for (const found of flat.documents) {
    // The sources read the markers of a file's stories (`suppressed`, `suppressions`, and
    // warnings for misused ones); a record of a JSON/JSONL or NewsML-G2 file is read here.
    const isRecord = found.record === undefined && records.has(found.path) && !found.storyOfFile;
    const prepared = isRecord ? prepareStory(found.text, found.paragraphs) : null;
    const document: SourceDocument = prepared ? { ...found, text: prepared.text } : found;
    documents.set(document.path, document);
    if (isStory) {
      storyInputs.push({
        document,
        suppressedLines: prepared?.suppressedLines ?? new Set(found.suppressed ?? []),
        markers: prepared?.markers ?? found.suppressions ?? 0,
      });
      // A record's problem names its file (annotations point at a real file) and the record.
      const record = records.get(document.path)?.record;
      for (const p of prepared?.problems ?? [])
        warnings.push({
          path: file.display,
          message: `line ${p.line} (record ${record}): ${p.message}`,
        });
    }
  }
}

/**
 * Gathers a check (see the module comment) and runs it: the report with the baseline loaded
 * (none when the command writes one), and `rerun` for another baseline.
 */
export async function gather(
  argv: Record<string, unknown>,
  io: CliIo,
  command: 'check' | 'baseline',
  setup: CheckSetup,
  progress: Progress,
): Promise<Gathered> {
  const { config } = setup;
  const policy = new Policy(config.check, policyFlags(argv));
  const named = namedPaths(argv, command);
  const ignored = ignoredIndexUrl(argv, io, named.against);
  if (ignored !== undefined && argv.quiet !== true) io.stderr.write(`dupgraf: ${ignored}\n`);
  const own = ownFiles(argv, io, command, setup);
  const found = await findFiles(argv, io, config, named, own.paths);
  const read = await readFiles(found, own.paths, config.read, progress);
  const answers = await archiveAnswers(argv, io, named.against, config.engine, read, progress);
  const input = checkInput(io, config, policy, own, read, answers);
  const rerun = (b: Set<string> | null) => runCheck({ ...input, baseline: b });
  const report = rerun(own.writing ? null : own.baseline);
  progress.stop();
  return {
    report,
    unreadable: read.unreadable,
    strictFailure: config.strict && report.warnings.length > 0,
    baselineFile: own.baselineFile,
    rerun,
  };
}

/** The check's own files (see {@link ownFiles}). */
interface OwnFiles {
  approvedFile: string;
  approvals: ApprovalRegistry;
  /** Whether the command writes the baseline (then none is loaded). */
  writing: boolean;
  baselineFile: string | undefined;
  baseline: Set<string> | null;
  /** The registry, the baseline and the config file: never stories or archive. */
  paths: Set<string>;
}

/** Loads the approved registry and the baseline (unless the command writes one). */
function ownFiles(
  argv: Record<string, unknown>,
  io: CliIo,
  command: 'check' | 'baseline',
  { config, approved, baseline: located }: CheckSetup,
): OwnFiles {
  const approvedFile = approved.file;
  // Only a registry a flag or the config named must exist (see loadApprovals).
  const approvals = loadApprovals(
    approvedFile,
    displayPath(approvedFile, io.cwd),
    approved.named ? approved.from : undefined,
  );
  const writing = isWriting(argv, command);
  const baselineFile = located?.file;
  const baseline =
    baselineFile && !writing ? loadBaseline(baselineFile, displayPath(baselineFile, io.cwd)) : null;
  // The check's own files are never stories or archive, even when named like one.
  const paths = new Set([approvedFile, baselineFile, config.file].filter((f) => f !== undefined));
  return { approvedFile, approvals, writing, baselineFile, baseline, paths };
}

/** What {@link runCheck} takes, but the baseline, from the files read and the archive's answers. */
function checkInput(
  io: CliIo,
  config: LoadedCheckConfig,
  policy: Policy,
  own: OwnFiles,
  { warnings, documents, storyInputs, records, times }: ReadFiles,
  { overlay, index, approvals }: ArchiveAnswers,
): Omit<CheckInput, 'baseline'> {
  const { baselineFile, approvedFile } = own;
  return {
    stories: storyInputs,
    index,
    sourceText: overlay ? overlay.sourceText : sourceLookup(documents),
    policy,
    engine: config.engine,
    approvals: own.approvals,
    approvalsPath: displayPath(approvedFile, io.cwd),
    ...(approvals ? { archiveApprovals: approvals } : {}),
    today: todayUtc(),
    tool: TOOL_INFO,
    warnings,
    archiveDocuments: overlay ? overlay.documents : documents.size,
    recordOf: (p: string) => records.get(p),
    // Fingerprints take story paths relative to the baseline's folder, and override globs
    // relative to the config file's folder, so a check from a subfolder gives the same findings.
    fingerprintPath: relativeTo(baselineFile ? path.dirname(baselineFile) : io.cwd, io.cwd),
    policyPath: relativeTo(config.dir, io.cwd),
    // Stories read now by where they were read; an archived one (not read here) by its stored
    // publication date, else the date in its file name, and its place in its file (`file#N`).
    storyTime: (p: string) =>
      times.get(p) ?? (overlay ? archivedStoryTime(p, overlay.published.get(p)) : undefined),
    window: config.window === undefined ? undefined : (parseAge(config.window) ?? undefined),
  };
}
