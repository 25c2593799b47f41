/** Running the built binary as a user does, and validating JSON reports against the schema. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { BIN, REPO_ROOT } from './paths.js';

/** What a run of the binary gave. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dupgraf args` in `cwd` (default the repository root) with a clean environment. */
export function dupgraf(
  args: string[],
  options: { cwd?: string; input?: string | Buffer; env?: Record<string, string> } = {},
): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    encoding: 'utf8',
    input: options.input ?? '',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like {@link dupgraf}, without blocking (for concurrent tests). */
export function dupgrafAsync(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      }),
    );
  });
}

/** The report's JSON Schema (schema/report.schema.json). */
export const REPORT_SCHEMA = JSON.parse(
  fs.readFileSync(path.join(REPO_ROOT, 'schema/report.schema.json'), 'utf8'),
) as object;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(REPORT_SCHEMA);

/** Validates a parsed JSON report; returns the errors as text ('' when valid). */
export function schemaErrors(report: unknown): string {
  return validate(report) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** Writes files (path → content) under `root`, creating folders. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
