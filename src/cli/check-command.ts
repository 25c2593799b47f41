/**
 * The `check`, `baseline` and `approve` commands: what they do (their options are in
 * check-options.ts; run.ts loads this module only when one of them runs). The check's
 * logic lives in src/check (pure); this module reads and writes files and returns exit codes:
 * 0 no policy violation (warnings allowed), 1 at least one violation, 2 usage or config error,
 * unreadable story under check, or git unavailable for --changed-since.
 */

import fs from 'node:fs';
import path from 'node:path';
import { hidePassword } from '../archive/archive-index.js';
import { checkIndexFlag } from './check-archive.js';
import { addApproval, isoDate, serializeRegistry, todayUtc } from '../check/approvals.js';
import { parseBaseline, serializeBaseline } from '../check/baseline.js';
import { prepareStory } from '../check/suppression.js';
import { segment } from '../engine/segment.js';
import { tokenize } from '../engine/normalize.js';
import { paragraphKind } from '../engine/paragraph-kind.js';
import { UsageError } from '../errors.js';
import {
  CHECK_FORMATS,
  renderCheckReport,
  type CheckFormat,
} from '../reporters/check-format-names.js';
import { discoverFiles, displayPath } from '../sources/discover.js';
import { readDocument } from '../sources/read.js';
import { gather, isWriting, type CheckSetup, type Gathered } from './check-gather.js';
import { shouldUseColor } from './color.js';
import {
  isYamlFile,
  loadApprovals,
  loadCheckConfig,
  locateApproved,
  locateBaseline,
} from './check-config.js';
import { DETECTION_SETTING_KEYS, INPUT_SETTING_KEYS } from './input-flags.js';
import { commandProgress, type Progress } from './progress.js';
import { READ_SETTING_KEYS, settingsFromFlags } from './setting-flags.js';
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
function printCheckConfig(
  s: CheckSetup,
  io: CliIo,
  quiet: boolean,
  argv: Record<string, unknown>,
): number {
  const shown = (file: string) => relativePath(file, io.cwd);
  if (!quiet) {
    const log = (line: string) => io.stderr.write(`dupgraf: ${line}\n`);
    log(s.config.file ? `config file: ${shown(s.config.file)}` : 'no config file');
    log(`approved registry: ${shown(s.approved.file)} (${s.approved.from})`);
    const index = checkIndexFlag(argv, io, argv.against as string[] | undefined);
    if (index !== undefined)
      log(
        `approvals stored with the archive index: ${hidePassword(index)} (${typeof argv.index === 'string' ? '--index' : 'DUPGRAF_INDEX_URL'}), applied with the approved registry`,
      );
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

/** The progress bar of a check (see progress.ts): `--progress`, else a terminal without CI. */
function checkProgress(argv: Record<string, unknown>, io: CliIo): Progress {
  return commandProgress(argv.progress, argv.quiet === true, io);
}

/** Writes a file atomically (see output.ts), creating its folder; UsageError when it cannot. */
async function writeFile(io: CliIo, file: string, text: string): Promise<void> {
  const absolute = path.resolve(io.cwd, file);
  // writeFileAtomic makes the missing folders (and says which one is in the way).
  await writeFileAtomic(absolute, text, displayPath(absolute, io.cwd));
}

/** The line for stories under check that could not be read: they were not checked. */
function unreadableLine(paths: readonly string[]): string {
  const shown = paths.length > 5 ? [...paths.slice(0, 5), `${paths.length - 5} more`] : paths;
  return `${paths.length === 1 ? 'a story' : `${paths.length} stories`} under check could not be read, so ${paths.length === 1 ? 'it was' : 'they were'} not checked: ${shown.join(', ')} (see the warnings)`;
}

/** `dupgraf check`: returns the exit code. */
export async function runCheckCommand(argv: Record<string, unknown>, io: CliIo): Promise<number> {
  const targets = outputTargets(argv, io);
  const quiet = argv.quiet === true;
  const checkSetup = await setup(argv, io, 'check');
  if (argv['print-config'] === true) return printCheckConfig(checkSetup, io, quiet, argv);
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
  // The reports say the check did not complete (or failed on --strict) when it exits 2.
  if (gathered.unreadable.length > 0) report = { ...report, notChecked: [...gathered.unreadable] };
  if (gathered.strictFailure) report = { ...report, strictFailure: true };
  await writeCheckOutputs(argv, io, report, targets);
  if (gathered.unreadable.length > 0) {
    io.stderr.write(`dupgraf: ${unreadableLine(gathered.unreadable)}\n`);
    return 2;
  }
  if (gathered.strictFailure) {
    const n = report.warnings.length;
    if (!quiet) io.stderr.write(`dupgraf: ${n} warning${n === 1 ? '' : 's'} (--strict): exit 2\n`);
    return 2;
  }
  return report.failed ? 1 : 0;
}

/**
 * Where each `--format` goes (`-o` for those without a file of their own); a `UsageError` when
 * two would write to the same file.
 */
function outputTargets(argv: Record<string, unknown>, io: CliIo): FormatTarget[] {
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
  return targets;
}

/**
 * Writes the report in each target format (stdout or its file), the warnings to stderr (unless
 * the text report on stdout carries them) and, for `github`, the job summary.
 */
async function writeCheckOutputs(
  argv: Record<string, unknown>,
  io: CliIo,
  report: Gathered['report'],
  targets: FormatTarget[],
): Promise<void> {
  const quiet = argv.quiet === true;
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
}

/** `dupgraf baseline`: writes the current findings to the baseline file; exit code 0 or 2. */
export async function runBaselineCommand(
  argv: Record<string, unknown>,
  io: CliIo,
): Promise<number> {
  const baselineSetup = await setup(argv, io, 'baseline');
  if (argv['print-config'] === true) return printCheckConfig(baselineSetup, io, false, argv);
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
  return gathered.unreadable.length > 0 || gathered.strictFailure ? 2 : 0;
}

async function defaultOwner(io: CliIo): Promise<string | undefined> {
  // node:child_process (with node:net, ~50 ms to load) only when `approve` needs git.
  const { execFileSync } = await import('node:child_process');
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
  const owner = (argv.owner as string | undefined)?.trim() || (await defaultOwner(io));
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
    // Relative to the registry's folder, so the entry is the same wherever approve runs from.
    from: `${displayPath(found.absolute, path.dirname(path.resolve(io.cwd, registryFile)))}:${span.line}`,
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
