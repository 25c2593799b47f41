/** Running the built binary and git in temporary folders, for the end-to-end tests. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN } from './paths.js';

/** Result of one run of the binary. */
export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `dupgraf args…` in `cwd` as a user would (no colour; extra environment optional). */
export function dupgraf(args: string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, NO_COLOR: '1', HOME: cwd, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs git in `cwd` with a fixed identity; returns stdout. */
export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_AUTHOR_NAME: 'Test Desk',
      GIT_AUTHOR_EMAIL: 'desk@example.org',
      GIT_COMMITTER_NAME: 'Test Desk',
      GIT_COMMITTER_EMAIL: 'desk@example.org',
      GIT_CONFIG_NOSYSTEM: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes files (path relative to `root` → text), creating folders. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** Paragraphs joined as a Markdown or text story (blank line between paragraphs). */
export function story(...paragraphs: string[]): string {
  return paragraphs.join('\n\n') + '\n';
}
