/**
 * `--changed-since <ref>`: the files added, copied, modified or renamed (new name) since the point
 * where the current branch left `ref` (their merge base), including uncommitted changes and new
 * untracked files, read from git. Deleted files are left out.
 */

import path from 'node:path';
import { DupgrafError } from '../errors.js';

/** git is missing, the directory is not a repository, or the ref is unknown (exit code 2). */
export class GitError extends DupgrafError {
  override name = 'GitError';
  constructor(message: string) {
    super(message, 'GIT');
  }
}

async function git(cwd: string, args: string[]): Promise<string> {
  // node:child_process (with node:net, ~50 ms to load) only when --changed-since needs git.
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  try {
    const { stdout } = await promisify(execFile)('git', args, {
      cwd,
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new GitError('--changed-since needs git, which was not found on PATH');
    const detail = (e.stderr ?? e.message).trim().split('\n')[0];
    throw new GitError(`git ${args[0]} failed: ${detail}`);
  }
}

/**
 * Absolute paths of the files changed since `ref` (see the module comment), sorted.
 * Throws {@link GitError} when git is unavailable, `cwd` is not in a repository or `ref` is unknown.
 */
export async function changedFiles(ref: string, cwd: string): Promise<string[]> {
  if (ref.startsWith('-')) throw new GitError(`not a git ref: ${ref}`);
  const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  try {
    await git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new GitError(`unknown git ref for --changed-since: ${ref}`);
  }
  let base = ref;
  try {
    base = (await git(cwd, ['merge-base', ref, 'HEAD'])).trim() || ref;
  } catch {
    // No common history (or no HEAD yet): compare with the ref itself.
  }
  const diff = await git(top, [
    'diff',
    '--name-only',
    '-z',
    '-M',
    '--diff-filter=ACMR',
    base,
    '--',
  ]);
  const untracked = await git(top, ['ls-files', '-z', '--others', '--exclude-standard']);
  const names = new Set([...diff.split('\0'), ...untracked.split('\0')].filter(Boolean));
  return [...names].map((n) => path.join(top, n)).sort();
}
