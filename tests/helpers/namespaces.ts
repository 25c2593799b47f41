/**
 * Private mount namespaces for the disk-full and read-only-mount tests: `unshare -m` with a small
 * tmpfs (a full disk) or a read-only bind mount for one command, leaving the machine's mounts
 * alone. They need root (CI here runs as root); requirement `namespaces` in requirements.ts.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let problem: string | null | undefined;

/** Why scripts cannot run in a private mount namespace here, or null when they can. */
export function mountNamespaceProblem(): string | null {
  if (problem !== undefined) return problem;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dupgraf-ns-'));
  const r = spawnSync(
    'unshare',
    ['-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs "${dir}"`],
    { encoding: 'utf8' },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  problem =
    r.status === 0
      ? null
      : 'private mount namespaces not available (unshare -m and mount need root)';
  return problem;
}

/** Runs a shell script in a private mount namespace; see {@link mountNamespaceProblem}. */
export function inMountNamespace(
  script: string,
  options: { cwd: string; env?: Record<string, string> },
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', script], {
    cwd: options.cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
