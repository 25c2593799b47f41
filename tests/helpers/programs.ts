/**
 * Where the programs some tests need are (PostgreSQL's server programs, chromium, pre-commit) and
 * whether this is CI. Free of jest, so benchmarks (bench/index-bench.ts starts a throw-away
 * PostgreSQL with tests/helpers/postgres.ts) can use it too; requirements.ts re-exports it.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Whether the environment says this is CI (`CI` set, and not `false` or `0`). */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/** Whether `file` is an executable regular file. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Whether `dir` is a folder. */
export function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The chromium executable the browser tests drive: `$DUPGRAF_CHROMIUM` when set, else Debian's
 * `/usr/bin/chromium` (`.ci/run` installs it when missing).
 */
export function chromiumPath(env: Record<string, string | undefined> = process.env): string {
  return env.DUPGRAF_CHROMIUM || '/usr/bin/chromium';
}

/**
 * The folder holding PostgreSQL's server programs (`initdb`, `pg_ctl`, `postgres`) for tests
 * that start a throw-away server: `$DUPGRAF_PG_BIN` when set, else the first folder on `PATH`
 * with `pg_ctl`, else the newest `/usr/lib/postgresql/<version>/bin` (Debian's layout); null
 * when there is none.
 */
export function postgresBin(env: Record<string, string | undefined> = process.env): string | null {
  const has = (dir: string) =>
    ['initdb', 'pg_ctl', 'postgres'].every((p) => isExecutableFile(path.join(dir, p)));
  if (env.DUPGRAF_PG_BIN) return has(env.DUPGRAF_PG_BIN) ? env.DUPGRAF_PG_BIN : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter)) if (dir && has(dir)) return dir;
  const debian = '/usr/lib/postgresql';
  const versions = isDirectory(debian)
    ? fs
        .readdirSync(debian)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const v of versions)
    if (has(path.join(debian, v, 'bin'))) return path.join(debian, v, 'bin');
  return null;
}

/**
 * The pre-commit program the hook's test runs: `$DUPGRAF_PRE_COMMIT` when set, else the first
 * `pre-commit` on `PATH` (`.ci/run` installs Debian's when missing); null when there is none.
 */
export function preCommitPath(
  env: Record<string, string | undefined> = process.env,
): string | null {
  if (env.DUPGRAF_PRE_COMMIT)
    return isExecutableFile(env.DUPGRAF_PRE_COMMIT) ? env.DUPGRAF_PRE_COMMIT : null;
  for (const dir of (env.PATH ?? '').split(path.delimiter))
    if (dir && isExecutableFile(path.join(dir, 'pre-commit'))) return path.join(dir, 'pre-commit');
  return null;
}
