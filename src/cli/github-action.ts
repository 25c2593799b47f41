/**
 * The GitHub Action (action.yml, a JavaScript action run by the runner's own Node): reads the
 * inputs the runner passes as `INPUT_*` variables, runs `dupgraf check` in this process (no
 * install, no compiler: the action runs the bundle in action/dist, built by
 * scripts/build-action.mjs), then writes the annotations, the job summary and the step's outputs,
 * and, only when asked (`upload-sarif: true`), uploads the SARIF report through the code scanning
 * REST API. A repository without code scanning (HTTP 403 or 404) gets a notice, not a failed job.
 *
 * Exit code: the check's (0 pass, 1 policy violation, 2 usage, config or input error, also for a
 * bad action input). Never touches `process` (action-main.ts does).
 */

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { UsageError } from '../errors.js';
import { workflowCommand } from '../reporters/github.js';
import type { CliIo } from './cli-io.js';
import { run } from './run.js';

/** Where the action reads and writes; action-main.ts passes the process's, tests their own. */
export interface ActionIo {
  /** The runner's environment: `INPUT_*`, `GITHUB_*`, `RUNNER_TEMP`. */
  env: Record<string, string | undefined>;
  /** The working directory (the runner's: the workspace). */
  cwd: string;
  /** The step's log: workflow commands written here are read by the runner. */
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** HTTP client for the SARIF upload (default: the global `fetch`). */
  fetch?: typeof fetch;
}

/** The action's inputs (action.yml), read and checked. */
export interface ActionInputs {
  /** Stories under check (`paths`, split on white space; default `.`). */
  paths: string[];
  /** The archive (`against`); empty: the paths. */
  against: string[];
  changedSince?: string;
  config?: string;
  baseline?: string;
  /** Where the SARIF report is written (default `dupgraf.sarif`). */
  sarifFile: string;
  /** Upload the SARIF report to code scanning (default false). */
  uploadSarif: boolean;
  /** Annotate the changed files with each recycled paragraph (default true). */
  annotations: boolean;
  /** Append the Markdown report to the job summary (default true). */
  jobSummary: boolean;
  /** Token for the upload (default `github.token`). */
  token: string;
}

/** The variable the runner passes an input in (as @actions/core reads it: `INPUT_UPLOAD-SARIF`). */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** An input's value, trimmed; '' when not set. */
function input(env: ActionIo['env'], name: string): string {
  return (env[inputVariable(name)] ?? '').trim();
}

/** A boolean input: YAML 1.2's true/false spellings (as @actions/core), '' → `fallback`. */
function booleanInput(env: ActionIo['env'], name: string, fallback: boolean): boolean {
  const value = input(env, name);
  if (value === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(value)) return true;
  if (['false', 'False', 'FALSE'].includes(value)) return false;
  throw new UsageError(`input ${name}: expected true or false (got ${JSON.stringify(value)})`);
}

/** A list input: paths separated by spaces or new lines. */
function listInput(env: ActionIo['env'], name: string): string[] {
  return input(env, name)
    .split(/\s+/)
    .filter((p) => p !== '');
}

/** Reads the inputs from `env`; throws UsageError for a bad value. */
export function readInputs(env: ActionIo['env']): ActionInputs {
  const paths = listInput(env, 'paths');
  const optional = (name: string) => input(env, name) || undefined;
  const sarifFile = input(env, 'sarif-file') || 'dupgraf.sarif';
  if (/[\r\n]/.test(sarifFile)) throw new UsageError('input sarif-file: one file name expected');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    against: listInput(env, 'against'),
    changedSince: optional('changed-since'),
    config: optional('config'),
    baseline: optional('baseline'),
    sarifFile,
    uploadSarif: booleanInput(env, 'upload-sarif', false),
    annotations: booleanInput(env, 'annotations', true),
    jobSummary: booleanInput(env, 'job-summary', true),
    token: input(env, 'token'),
  };
}

/** Files the check writes for the action, in a folder of its own. */
interface Outputs {
  annotations: string;
  summary: string;
}

/**
 * The `dupgraf check` arguments for `inputs`: the text report on stdout (the log), the SARIF
 * report, and the annotations and the Markdown summary into `outputs`' files. `--against` comes
 * last, as it takes every path after it.
 */
export function checkArguments(inputs: ActionInputs, outputs: Outputs): string[] {
  const args = ['check', ...inputs.paths, '--format', 'text'];
  args.push('--format', `sarif:${inputs.sarifFile}`);
  if (inputs.annotations) args.push('--format', `github:${outputs.annotations}`);
  if (inputs.jobSummary) args.push('--format', `markdown:${outputs.summary}`);
  if (inputs.changedSince !== undefined) args.push('--changed-since', inputs.changedSince);
  if (inputs.config !== undefined) args.push('--config', inputs.config);
  if (inputs.baseline !== undefined) args.push('--baseline', inputs.baseline);
  if (inputs.against.length > 0) args.push('--against', ...inputs.against);
  return args;
}

/** Sets step outputs (`name=value` lines appended to `$GITHUB_OUTPUT`, when the runner gave one). */
function setOutputs(io: ActionIo, values: Record<string, string>): void {
  const file = io.env.GITHUB_OUTPUT;
  if (!file) return;
  const lines = Object.entries(values).map(([k, v]) => `${k}=${v}\n`);
  fs.appendFileSync(file, lines.join(''));
}

/** What became of the SARIF upload. */
export type UploadOutcome =
  | { uploaded: true; id: string }
  | { uploaded: false; level: 'notice' | 'warning'; message: string };

/**
 * Uploads the SARIF report at `file` to code scanning: `POST /repos/{repo}/code-scanning/sarifs`
 * on `$GITHUB_API_URL` with the commit (`$GITHUB_SHA`) and ref (`$GITHUB_REF`) checked, the report
 * gzipped and base64-encoded. Code scanning unavailable (403: not enabled, no Advanced Security,
 * or no `security-events: write`; 404) is a notice; any other failure a warning. Never throws.
 */
export async function uploadSarif(
  file: string,
  token: string,
  io: ActionIo,
): Promise<UploadOutcome> {
  const { GITHUB_REPOSITORY: repo, GITHUB_SHA: sha, GITHUB_REF: ref } = io.env;
  const skipped = (level: 'notice' | 'warning', why: string): UploadOutcome => ({
    uploaded: false,
    level,
    message: `SARIF upload skipped: ${why}. The report is in ${file}.`,
  });
  if (!repo || !sha || !ref)
    return skipped('warning', 'GITHUB_REPOSITORY, GITHUB_SHA or GITHUB_REF is not set');
  if (!token) return skipped('warning', 'the token input is empty');
  let body: string;
  try {
    body = sarifUpload(file, sha, ref, io);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return skipped('warning', `cannot read the report (${code})`);
  }
  const api = (io.env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '');
  let response: Response;
  try {
    response = await (io.fetch ?? fetch)(`${api}/repos/${repo}/code-scanning/sarifs`, {
      method: 'POST',
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'user-agent': 'dupgraf-action',
        'x-github-api-version': '2022-11-28',
      },
      body,
      signal: AbortSignal.timeout(60_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return skipped('warning', `the code scanning API could not be reached (${cause ?? error})`);
  }
  const answer = await answerOf(response);
  if (response.ok) return { uploaded: true, id: String(answer.id ?? '') };
  const said = typeof answer.message === 'string' ? `: ${answer.message}` : '';
  if (response.status === 403 || response.status === 404)
    return skipped(
      'notice',
      `code scanning is not available to this job (HTTP ${response.status}${said}); uploading ` +
        'needs code scanning enabled on the repository (GitHub Advanced Security on a private ' +
        'one) and the job permission `security-events: write`, or set `upload-sarif: false`',
    );
  return skipped('warning', `the code scanning API answered HTTP ${response.status}${said}`);
}

/** The upload's JSON body: the report at `file` gzipped and base64-encoded, with commit and ref. */
function sarifUpload(file: string, sha: string, ref: string, io: ActionIo): string {
  const sarif = fs.readFileSync(path.resolve(io.cwd, file));
  return JSON.stringify({
    commit_sha: sha,
    ref,
    sarif: gzipSync(sarif).toString('base64'),
    tool_name: 'dupgraf',
    checkout_uri: pathToFileURL(io.env.GITHUB_WORKSPACE || io.cwd).href,
  });
}

/** The API's answer as JSON (`{}` when it is not JSON: a proxy's page; the status says enough). */
async function answerOf(response: Response): Promise<{ id?: unknown; message?: unknown }> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text) as { id?: unknown; message?: unknown };
  } catch {
    return {};
  }
}

/** Reads a file the check wrote, or null when it did not write it. */
function readIfThere(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Runs the action; returns the exit code of the step. */
export async function runAction(io: ActionIo): Promise<number> {
  const log = (line: string) => io.stdout.write(line + '\n');
  let inputs: ActionInputs;
  try {
    inputs = readInputs(io.env);
  } catch (error) {
    log(workflowCommand('error', { title: 'dupgraf action' }, (error as Error).message));
    setOutputs(io, { 'exit-code': '2' });
    return 2;
  }
  const folder = fs.mkdtempSync(path.join(io.env.RUNNER_TEMP || os.tmpdir(), 'dupgraf-'));
  try {
    const outputs = {
      annotations: path.join(folder, 'annotations.txt'),
      summary: path.join(folder, 'summary.md'),
    };
    const code = await runCheckInLog(inputs, outputs, io);
    const published = await publishResults(inputs, outputs, code, io);
    const verdict = (message: string) =>
      log(workflowCommand('error', { title: 'dupgraf check' }, message));
    if (code === 1)
      verdict(`Stories break the policy on recycled paragraphs: see ${seeWhere(published)}.`);
    else if (code !== 0) verdict(`dupgraf check could not run (exit ${code}): see the log.`);
    return code;
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Runs `dupgraf check` with the action's inputs, its output in the job's log with the runner's
 * command processing off (the text report quotes the stories: a line of theirs must not be read
 * as a workflow command); returns its exit code (2 on an internal error).
 */
async function runCheckInLog(
  inputs: ActionInputs,
  outputs: Outputs,
  io: ActionIo,
): Promise<number> {
  const log = (line: string) => io.stdout.write(line + '\n');
  // The check writes the job summary itself only for `--format github` to stdout; here the
  // action appends it (or not: job-summary), so the check does not see the variable.
  const env = { ...io.env };
  delete env.GITHUB_STEP_SUMMARY;
  const cliIo: CliIo = {
    stdout: io.stdout,
    stderr: io.stderr,
    cwd: io.cwd,
    env,
    stdoutIsTTY: false,
  };
  const token = randomUUID();
  log(`::stop-commands::${token}`);
  try {
    return await run(checkArguments(inputs, outputs), cliIo);
  } catch (error) {
    io.stderr.write(`dupgraf: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
    return 2;
  } finally {
    log(`::${token}::`);
  }
}

/** Where a failed check's findings are, as its last line names them: only those published. */
export function seeWhere(published: readonly string[]): string {
  const all = [...published, 'the report in the log'];
  return all.length === 1 ? all[0] : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

/**
 * Passes the check's results on: the annotations to the log, the summary to the job summary,
 * the SARIF report to code scanning (when asked), and the step's outputs. Returns what was
 * published, as the last line names it (`the annotations`, `the job summary`, `the code
 * scanning alerts`).
 */
async function publishResults(
  inputs: ActionInputs,
  outputs: Outputs,
  code: number,
  io: ActionIo,
): Promise<string[]> {
  const log = (line: string) => io.stdout.write(line + '\n');
  const published: string[] = [];
  const annotations = inputs.annotations ? readIfThere(outputs.annotations) : null;
  if (annotations) {
    io.stdout.write(annotations);
    published.push('the annotations');
  }
  const summary = inputs.jobSummary ? readIfThere(outputs.summary) : null;
  const summaryFile = io.env.GITHUB_STEP_SUMMARY;
  if (summary && summaryFile) {
    fs.appendFileSync(summaryFile, summary + '\n');
    published.push('the job summary');
  }

  const sarifWritten = fs.existsSync(path.resolve(io.cwd, inputs.sarifFile));
  const values: Record<string, string> = { 'exit-code': String(code) };
  if (sarifWritten) values['sarif-file'] = inputs.sarifFile;
  if (inputs.uploadSarif && sarifWritten) {
    const outcome = await uploadSarif(inputs.sarifFile, inputs.token, io);
    if (outcome.uploaded) {
      log(`dupgraf: SARIF report uploaded to code scanning (id ${outcome.id})`);
      values['sarif-id'] = outcome.id;
      published.push('the code scanning alerts');
    } else {
      log(workflowCommand(outcome.level, { title: 'dupgraf SARIF upload' }, outcome.message));
    }
  }
  setOutputs(io, values);
  return published;
}
