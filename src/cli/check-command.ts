/**
 * The `check`, `baseline` and `approve` commands: what they do (their options are in
 * check-options.ts; run.ts loads this module only when one of them runs). The check's
 * logic lives in src/check (pure); this module reads and writes files and returns exit codes:
 * 0 no policy violation (warnings allowed), 1 at least one violation, 2 usage or config error,
 * unreadable story under check, or git unavailable for --changed-since.
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { addApproval, isoDate, serializeRegistry, todayUtc } from '../check/approvals.js';
import { parseBaseline, serializeBaseline } from '../check/baseline.js';
import { changedFiles } from '../check/changed-files.js';
import type { CheckReport, CheckWarning, RecordPlace } from '../check/model.js';
import { Policy, policyLimitsSchema, type PartialLimits } from '../check/policy.js';
import {
  archivedStoryTime,
  runCheck,
  type ParagraphIndex,
  type StoryInput,
  type StoryTime,
} from '../check/run-check.js';
import { prepareStory } from '../check/suppression.js';
import { queryMany } from '../engine/query-many.js';
import type { SourceDocument } from '../engine/detect.js';
import type { EngineOptions } from '../engine/options.js';
import { segment } from '../engine/segment.js';
import { tokenize } from '../engine/normalize.js';
import { paragraphKind } from '../engine/paragraph-kind.js';
import { NoInputError, UsageError } from '../errors.js';
import {
  CHECK_FORMATS,
  renderCheckReport,
  type CheckFormat,
} from '../reporters/check-format-names.js';
import { discoverFiles, displayPath, type FoundFile } from '../sources/discover.js';
import { readDocument } from '../sources/read.js';
import { flattenRecordsUniquely, noteRenamedRecords } from '../sources/record-names.js';
import { TOOL_INFO } from '../tool-info.js';
import { refuseStdin } from './args.js';
import { shouldUseColor } from './color.js';
import {
  isYamlFile,
  loadApprovals,
  loadBaseline,
  loadCheckConfig,
  locateApproved,
  locateBaseline,
  type LoadedCheckConfig,
  type LocatedFile,
} from './check-config.js';
import { DETECTION_SETTING_KEYS, INPUT_SETTING_KEYS } from './input-flags.js';
import { createProgress, shouldShowProgress, type Progress } from './progress.js';
import { READ_SETTING_KEYS, settingsFromFlags } from './setting-flags.js';
import { parseAge } from '../archive/story-date.js';
import { writeFileAtomic } from './output.js';
import { relativePath } from './config.js';
import type { CliIo } from './cli-io.js';
import { warningText } from '../reporters/terminal-path.js';

/** A `--format` value: a format and where its output goes (`undefined` for stdout). */
export interface FormatTarget {
  format: CheckFormat;
  file?: string;
}

/** Parses `--format` values (`NAME` or `NAME:FILE`); throws UsageError for unknown names. */
export function parseFormats(values: readonly string[]): FormatTarget[] {
  const out: FormatTarget[] = [];
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon < 0 ? value : value.slice(0, colon);
    const file = colon < 0 ? undefined : value.slice(colon + 1);
    if (!(CHECK_FORMATS as readonly string[]).includes(name))
      throw new UsageError(`unknown format "${name}" (choose from ${CHECK_FORMATS.join(', ')})`);
    if (file === '') throw new UsageError(`--format ${value}: missing file name after ":"`);
    out.push({ format: name as CheckFormat, file });
  }
  if (out.filter((t) => t.file === undefined).length > 1)
    throw new UsageError(
      'only one --format may write to stdout; give the others a file (NAME:FILE)',
    );
  return out;
}

function policyFlags(argv: Record<string, unknown>): PartialLimits {
  const parsed = policyLimitsSchema.safeParse({
    maxBoilerplateShare: argv['max-boilerplate-share'],
    maxRecycledParagraphs: argv['max-recycled-paragraphs'],
    countPartials: argv['count-partials'],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = String(issue.path[0]).replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
    throw new UsageError(`--${flag}: ${issue.message} (got ${JSON.stringify(argv[flag])})`);
  }
  return parsed.data;
}

/** The paragraph text of loaded documents by path and first line (for fingerprints). */
function sourceLookup(documents: Map<string, SourceDocument>) {
  const cache = new Map<string, Map<number, string>>();
  return (p: string, line: number): string | undefined => {
    let byLine = cache.get(p);
    if (!byLine) {
      const doc = documents.get(p);
      if (!doc) return undefined;
      byLine = new Map((doc.paragraphs ?? segment(doc.text)).map((s) => [s.line, s.text]));
      cache.set(p, byLine);
    }
    return byLine.get(line);
  };
}

/**
 * The in-memory index of the check: the stories' answers against every document read (archive
 * and stories), computed at once by streaming the archive past the stories (queryMany), so the
 * archive is never indexed.
 */
function buildIndex(
  stories: readonly SourceDocument[],
  documents: Iterable<SourceDocument>,
  options: EngineOptions,
): ParagraphIndex {
  const results = queryMany(stories, documents, options);
  return {
    query(document) {
      const result = results.get(document.path);
      if (!result) throw new Error(`internal: ${document.path} is not a story under check`);
      return result;
    },
  };
}

interface Gathered {
  report: CheckReport;
  fatal: boolean;
  /** Whether any file was skipped or read with a warning and `--strict` is in effect. */
  strictFailure: boolean;
  baselineFile?: string;
  rerun: (baseline: Set<string>) => CheckReport;
}

/** The config, the flags over it, and the check's files: what `--print-config` shows. */
interface CheckSetup {
  config: LoadedCheckConfig;
  approved: LocatedFile;
  baseline: LocatedFile | null;
}

/** `--no-baseline` with a command that writes one is a usage error. */
function isWriting(argv: Record<string, unknown>, command: 'check' | 'baseline'): boolean {
  return command === 'baseline' || argv['update-baseline'] === true;
}

/** Loads the config with the flags on top, and locates the approved registry and the baseline. */
async function setup(
  argv: Record<string, unknown>,
  io: CliIo,
  command: 'check' | 'baseline',
): Promise<CheckSetup> {
  const flags = settingsFromFlags(argv, [...INPUT_SETTING_KEYS, ...DETECTION_SETTING_KEYS]);
  const config = await loadCheckConfig(io.cwd, argv.config as string | undefined, flags);
  const writing = isWriting(argv, command);
  if (argv.baseline === false && writing)
    throw new UsageError('--no-baseline cannot be combined with writing a baseline');
  return {
    config,
    approved: locateApproved(io.cwd, config, argv.approved as string | undefined),
    baseline: locateBaseline(io.cwd, config, argv.baseline as string | boolean, writing),
  };
}

/**
 * `--print-config` of `check` and `baseline`: the settings in effect (defaults < config file <
 * flags) with the check section as JSON on stdout, and on stderr where the config file, the
 * approved registry and the baseline came from.
 */
function printCheckConfig(s: CheckSetup, io: CliIo, quiet: boolean): number {
  const shown = (file: string) => relativePath(file, io.cwd);
  if (!quiet) {
    const log = (line: string) => io.stderr.write(`dupgraf: ${line}\n`);
    log(s.config.file ? `config file: ${shown(s.config.file)}` : 'no config file');
    log(`approved registry: ${shown(s.approved.file)} (${s.approved.from})`);
    log(
      s.baseline
        ? `baseline: ${shown(s.baseline.file)} (${s.baseline.from})`
        : 'baseline: none (no dupgraf.baseline found from the working directory upward, or --no-baseline)',
    );
  }
  const check = {
    ...s.config.check,
    approved: shown(s.approved.file),
    baseline: s.baseline ? shown(s.baseline.file) : null,
  };
  io.stdout.write(JSON.stringify({ ...s.config.settings, check }, null, 2) + '\n');
  return 0;
}

/** `path` (as shown: relative to `cwd`) relative to `dir`, with forward slashes. */
function relativeTo(dir: string, cwd: string) {
  if (path.resolve(dir) === path.resolve(cwd)) return undefined;
  return (p: string) => {
    const rel = path.relative(dir, path.resolve(cwd, p));
    return path.isAbsolute(rel) ? p : rel.split(path.sep).join('/');
  };
}

async function gather(
  argv: Record<string, unknown>,
  io: CliIo,
  command: 'check' | 'baseline',
  { config, approved, baseline: located }: CheckSetup,
  progress: Progress,
): Promise<Gathered> {
  const readOptions = config.read;
  const engine = config.engine;
  const policy = new Policy(config.check, policyFlags(argv));
  // Paths after `--` (e.g. from pre-commit, after `--against .`) are stories too.
  const files = [...(argv.files as string[]), ...(argv._ as unknown[]).slice(1).map(String)];
  const basePaths = files.length > 0 ? files : ['.'];
  refuseStdin([...files, ...((argv.against as string[] | undefined) ?? [])], command);
  if ((argv.against as string[] | undefined)?.length === 0)
    throw new UsageError(
      '--against needs at least one path (the archive: files or folders); name the stories before it',
    );

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
  const own = new Set([approvedFile, baselineFile, config.file].filter((f) => f !== undefined));

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
  const against = argv.against as string[] | undefined;
  const archive: FoundFile[] = await discoverFiles(
    against && against.length > 0 ? against : basePaths,
    discover,
  );

  const warnings: CheckWarning[] = [];
  let fatal = false;
  const documents = new Map<string, SourceDocument>();
  const storyInputs: StoryInput[] = [];
  const storyPaths = new Set(stories.map((f) => f.absolute));
  const records = new Map<string, RecordPlace>();
  // Each story's publication time and place in its file, for who copied whom.
  const times = new Map<string, StoryTime>();
  const all = new Map<string, FoundFile>();
  for (const f of [...archive, ...stories]) if (!own.has(f.absolute)) all.set(f.absolute, f);
  const toRead = [...all.values()].sort((a, b) =>
    a.display < b.display ? -1 : a.display > b.display ? 1 : 0,
  );
  for (const [i, file] of toRead.entries()) {
    progress.onProgress('reading', i, toRead.length);
    const read = await readDocument(file, readOptions);
    if (!read.ok) {
      warnings.push(read.warning);
      if (storyPaths.has(file.absolute)) fatal = true;
      continue;
    }
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
      if (storyPaths.has(file.absolute)) {
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

  progress.onProgress('reading', toRead.length, toRead.length);

  // The archive index: --index, else DUPGRAF_INDEX_URL when no --against names the archive;
  // its code (SQLite, PostgreSQL) is loaded only when one is named.
  const indexFlag =
    typeof argv.index === 'string'
      ? argv.index
      : against === undefined && io.env.DUPGRAF_INDEX_URL
        ? io.env.DUPGRAF_INDEX_URL
        : undefined;
  const overlay =
    indexFlag !== undefined
      ? await (
          await import('./index-command.js')
        ).archiveOverlay(
          indexFlag,
          io,
          engine,
          documents,
          storyInputs.map((s) => s.document),
          sourceLookup(documents),
        )
      : null;
  const index = overlay
    ? countQueries(overlay.index, storyInputs.length, progress)
    : buildIndex(
        storyInputs.map((s) => s.document),
        counted(documents.values(), documents.size, progress),
        engine,
      );
  // Fingerprints take story paths relative to the baseline's folder, and override globs relative
  // to the config file's folder, so a check from a subfolder gives the same findings.
  const fingerprintPath = relativeTo(baselineFile ? path.dirname(baselineFile) : io.cwd, io.cwd);
  const policyPath = relativeTo(config.dir, io.cwd);
  const input = {
    stories: storyInputs,
    index,
    sourceText: overlay ? overlay.sourceText : sourceLookup(documents),
    policy,
    engine,
    approvals,
    approvalsPath: displayPath(approvedFile, io.cwd),
    today: todayUtc(),
    tool: TOOL_INFO,
    warnings,
    archiveDocuments: overlay ? overlay.documents : documents.size,
    recordOf: (p: string) => records.get(p),
    fingerprintPath,
    policyPath,
    // Stories read now by where they were read; an archived one (not read here) by its stored
    // publication date, else the date in its file name, and its place in its file (`file#N`).
    storyTime: (p: string) =>
      times.get(p) ?? (overlay ? archivedStoryTime(p, overlay.published.get(p)) : undefined),
    window: config.window === undefined ? undefined : (parseAge(config.window) ?? undefined),
  };
  const rerun = (b: Set<string> | null) => runCheck({ ...input, baseline: b });
  const report = rerun(writing ? null : baseline);
  progress.stop();
  return {
    report,
    fatal,
    strictFailure: config.strict && report.warnings.length > 0,
    baselineFile,
    rerun,
  };
}

/** `documents`, calling the progress bar's `comparing` phase as each is read (of `total`). */
function* counted<T>(documents: Iterable<T>, total: number, progress: Progress): Iterable<T> {
  let done = 0;
  for (const d of documents) {
    progress.onProgress('comparing', done++, total);
    yield d;
  }
  progress.onProgress('comparing', total, total);
}

/** `index`, calling the progress bar's `comparing` phase with each story queried (of `total`). */
function countQueries(index: ParagraphIndex, total: number, progress: Progress): ParagraphIndex {
  let done = 0;
  return {
    query(document) {
      progress.onProgress('comparing', done++, total);
      return index.query(document);
    },
  };
}

/** The progress bar of a check (see progress.ts): `--progress`, else a terminal without CI. */
function checkProgress(argv: Record<string, unknown>, io: CliIo): Progress {
  return createProgress({
    stream: io.stderr,
    enabled: shouldShowProgress(
      argv.progress as boolean | undefined,
      argv.quiet === true,
      io.env,
      io.stderrIsTTY ?? false,
    ),
  });
}

/** Writes a file atomically (see output.ts), creating its folder; UsageError when it cannot. */
async function writeFile(io: CliIo, file: string, text: string): Promise<void> {
  const absolute = path.resolve(io.cwd, file);
  // writeFileAtomic makes the missing folders (and says which one is in the way).
  await writeFileAtomic(absolute, text, displayPath(absolute, io.cwd));
}

/** `dupgraf check`: returns the exit code. */
export async function runCheckCommand(argv: Record<string, unknown>, io: CliIo): Promise<number> {
  const formats = argv.format as string | string[];
  const targets = parseFormats(Array.isArray(formats) ? formats : [formats]);
  const output = argv.output as string | undefined;
  const given = new Map(
    targets.map((t) => [
      t,
      t.file === undefined ? `-o ${output}` : `--format ${t.format}:${t.file}`,
    ]),
  );
  if (output !== undefined) for (const t of targets) if (t.file === undefined) t.file = output;
  // Two outputs to one file: one would silently overwrite the other.
  const byFile = new Map<string, FormatTarget>();
  for (const t of targets) {
    if (t.file === undefined) continue;
    const absolute = path.resolve(io.cwd, t.file);
    const earlier = byFile.get(absolute);
    if (earlier)
      throw new UsageError(
        `${given.get(earlier)} and ${given.get(t)} write to the same file; give each output its own file`,
      );
    byFile.set(absolute, t);
  }
  const quiet = argv.quiet === true;
  const checkSetup = await setup(argv, io, 'check');
  if (argv['print-config'] === true) return printCheckConfig(checkSetup, io, quiet);
  const progress = checkProgress(argv, io);
  let gathered: Gathered;
  try {
    gathered = await gather(argv, io, 'check', checkSetup, progress);
  } finally {
    progress.stop();
  }
  let report = gathered.report;
  if (argv['update-baseline'] === true && gathered.baselineFile) {
    const text = serializeBaseline(report.stories.flatMap((s) => s.findings));
    await writeFile(io, gathered.baselineFile, text);
    if (!quiet)
      io.stderr.write(`dupgraf: wrote baseline ${relativePath(gathered.baselineFile, io.cwd)}\n`);
    report = gathered.rerun(parseBaseline(text));
  }
  const color = shouldUseColor(argv.color as boolean | undefined, io.env, io.stdoutIsTTY);
  for (const t of targets) {
    const text = await renderCheckReport(report, t.format, {
      color: t.file === undefined && color,
    });
    if (t.file === undefined) io.stdout.write(text);
    else await writeFile(io, t.file, text);
  }
  if (!quiet && !targets.some((t) => t.format === 'text' && t.file === undefined)) {
    for (const w of report.warnings) io.stderr.write(`dupgraf: ${warningText(w)}\n`);
  }
  const summary = io.env.GITHUB_STEP_SUMMARY;
  if (summary && targets.some((t) => t.format === 'github')) {
    try {
      fs.appendFileSync(summary, (await renderCheckReport(report, 'markdown')) + '\n');
    } catch {
      if (!quiet) io.stderr.write(`dupgraf: warning: cannot write the job summary to ${summary}\n`);
    }
  }
  if (gathered.fatal) {
    io.stderr.write('dupgraf: a story under check could not be read\n');
    return 2;
  }
  if (gathered.strictFailure) {
    const n = report.warnings.length;
    if (!quiet) io.stderr.write(`dupgraf: ${n} warning${n === 1 ? '' : 's'} (--strict): exit 2\n`);
    return 2;
  }
  return report.failed ? 1 : 0;
}

/** `dupgraf baseline`: writes the current findings to the baseline file; exit code 0 or 2. */
export async function runBaselineCommand(
  argv: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const baselineSetup = await setup(argv, io, 'baseline');
  if (argv['print-config'] === true) return printCheckConfig(baselineSetup, io, false);
  const progress = checkProgress(argv, io);
  let gathered: Gathered;
  try {
    gathered = await gather(argv, io, 'baseline', baselineSetup, progress);
  } finally {
    progress.stop();
  }
  const findings = gathered.report.stories.flatMap((s) => s.findings);
  const text = serializeBaseline(findings);
  await writeFile(io, gathered.baselineFile!, text);
  const n = parseBaseline(text).size;
  io.stdout.write(
    `dupgraf: wrote ${n} fingerprint${n === 1 ? '' : 's'} to ${relativePath(gathered.baselineFile!, io.cwd)}\n`,
  );
  for (const w of gathered.report.warnings) io.stderr.write(`dupgraf: ${warningText(w)}\n`);
  if (gathered.strictFailure) {
    const count = gathered.report.warnings.length;
    io.stderr.write(`dupgraf: ${count} warning${count === 1 ? '' : 's'} (--strict): exit 2\n`);
  }
  return gathered.fatal || gathered.strictFailure ? 2 : 0;
}

function defaultOwner(io: CliIo): string | undefined {
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd: io.cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    if (name) return name;
  } catch {
    // git missing or no user.name: fall back to the environment.
  }
  return io.env.USER || io.env.USERNAME || undefined;
}

/** `dupgraf approve path:line --reason …`: adds the paragraph to the approved registry. */
export async function runApproveCommand(argv: Record<string, unknown>, io: CliIo): Promise<number> {
  const location = String(argv.location);
  const match = /^(.+):(\d+)$/.exec(location);
  if (!match) throw new UsageError(`expected path:line, got "${location}"`);
  const [, file, lineText] = match;
  const line = Number(lineText);
  const reason = String(argv.reason ?? '').trim();
  if (!reason) throw new UsageError('--reason must not be empty');
  const expires = argv.expires as string | undefined;
  if (expires !== undefined && !isoDate.safeParse(expires).success)
    throw new UsageError(`--expires must be a date YYYY-MM-DD (got "${expires}")`);
  if (expires !== undefined && expires < todayUtc())
    throw new UsageError(
      `--expires ${expires} is in the past: an approval holds until a day from today on (UTC)`,
    );
  const owner = (argv.owner as string | undefined)?.trim() || defaultOwner(io);
  if (!owner) throw new UsageError('cannot tell who the owner is: pass --owner');

  const config = await loadCheckConfig(
    io.cwd,
    argv.config as string | undefined,
    settingsFromFlags(argv, READ_SETTING_KEYS),
  );
  const engine = config.engine;
  const [found] = await discoverFiles([file], { cwd: io.cwd });
  const read = await readDocument(found, config.read);
  if (!read.ok) throw new UsageError(`${file}: ${read.warning.message}`);
  // In a JSON/JSONL file, the paragraphs of the record at that line.
  const spans = read.documents.flatMap((d) => d.paragraphs ?? segment(prepareStory(d.text).text));
  const source = found.display;
  const span = spans.find((s) => s.line <= line && line <= s.endLine);
  if (!span) throw new UsageError(`no paragraph at ${file}:${line}`);
  const text = span.text.replace(/\s+/g, ' ');
  const kind = paragraphKind(tokenize(text), engine);
  if (kind !== 'compared')
    throw new UsageError(
      `the paragraph at ${file}:${span.line} ${kind === 'short' ? `has fewer than ${engine.minWords} words` : 'is a figure row (mostly figures)'}: it is never checked, so it needs no approval`,
    );

  // The registry the check reads (see locateApproved), or a new one where the check looks first.
  const registryFile = locateApproved(io.cwd, config, argv.approved as string | undefined).file;
  const registry = loadApprovals(registryFile, displayPath(registryFile, io.cwd));
  const result = addApproval(registry, {
    text,
    owner,
    reason,
    ...(expires ? { expires } : {}),
    added: todayUtc(),
    from: `${source}:${span.line}`,
  });
  await writeFile(
    io,
    registryFile,
    serializeRegistry(result.registry, isYamlFile(registryFile) ? 'yaml' : 'json'),
  );
  io.stdout.write(
    `dupgraf: ${result.replaced ? 'updated' : 'approved'} ${source}:${span.line} as ${result.entry.id} in ${relativePath(registryFile, io.cwd)}\n`,
  );
  return 0;
}
