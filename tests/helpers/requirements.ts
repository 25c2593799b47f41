/**
 * Tests that need something outside the repository: the shared data beside the clone
 * (`../shared/seeds`, `../shared/corpora`; `DUPGRAF_SHARED` names another folder), a browser
 * (chromium; `DUPGRAF_CHROMIUM`), PostgreSQL's server programs (`DUPGRAF_PG_BIN`), the
 * pre-commit program (`pre-commit` on PATH; `DUPGRAF_PRE_COMMIT`), or private mount namespaces
 * (root; namespaces.ts).
 *
 * On a fresh clone elsewhere these are absent, and such tests are skipped: each is registered as
 * a skipped test whose title ends with `(skipped: ../shared/corpora not found)`, and the skip
 * reporter (tests/helpers/skip-reporter.mjs) prints one line per file and reason. When `CI` is set
 * (CI=true, as GitHub Actions and `.ci/run` set it), they are required: a missing one fails the
 * test with the same reason, so a CI machine that lost the data cannot pass quietly.
 *
 * Usage: `describeNeeding(['corpora'], 'title', () => { … })` or
 * `testNeeding(['chromium'], 'title', () => { … })`; the body of a skipped `describe` is not run
 * (it may read the data at collection time).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from '@jest/globals';
import { mountNamespaceProblem } from './namespaces.js';
import { SHARED, SHARED_SHOWN } from './paths.js';

/** Something a test may need that a fresh clone may not have. */
export type Requirement =
  'seeds' | 'corpora' | 'chromium' | 'postgres' | 'pre-commit' | 'namespaces';

/** Whether the environment says this is CI (`CI` set, and not `false` or `0`). */
export function inCi(env: Record<string, string | undefined> = process.env): boolean {
  const ci = env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
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

/** Why `requirement` is not met (e.g. `../shared/corpora not found`), or null when it is. */
export function missing(requirement: Requirement): string | null {
  switch (requirement) {
    case 'seeds':
      return isDirectory(path.join(SHARED, 'seeds')) ? null : `${SHARED_SHOWN}/seeds not found`;
    case 'corpora':
      return isDirectory(path.join(SHARED, 'corpora')) ? null : `${SHARED_SHOWN}/corpora not found`;
    case 'chromium': {
      const file = chromiumPath();
      return isExecutableFile(file) ? null : `chromium not found (${file})`;
    }
    case 'postgres':
      return postgresBin() === null
        ? 'PostgreSQL server programs not found (initdb, pg_ctl; set DUPGRAF_PG_BIN)'
        : null;
    case 'pre-commit':
      return preCommitPath() === null ? 'pre-commit not found (set DUPGRAF_PRE_COMMIT)' : null;
    case 'namespaces':
      return mountNamespaceProblem();
  }
}

/** The first unmet requirement's reason, or null when all are met. */
function firstMissing(requirements: readonly Requirement[]): string | null {
  for (const r of requirements) {
    const why = missing(r);
    if (why !== null) return why;
  }
  return null;
}

/** Whether every requirement is met (for code that only adapts, e.g. a list of cases). */
export function has(...requirements: Requirement[]): boolean {
  return firstMissing(requirements) === null;
}

/** The text that marks a skipped test's title (the skip reporter looks for it). */
export function skipMark(why: string): string {
  return `(skipped: ${why})`;
}

/** The error a required test fails with in CI. */
function requiredError(why: string): Error {
  return new Error(`required when CI is set: ${why}`);
}

/**
 * A `describe` block that runs only when `requirements` are met. When one is not: outside CI one
 * skipped test stands for the block (its title says what is missing), and the body is not run;
 * in CI one failing test does.
 */
export function describeNeeding(
  requirements: readonly Requirement[],
  title: string,
  body: () => void,
): void {
  const why = firstMissing(requirements);
  if (why === null) {
    describe(title, body);
  } else if (inCi()) {
    test(title, () => {
      throw requiredError(why);
    });
  } else {
    test.skip(`${title} ${skipMark(why)}`, () => {});
  }
}

/** A `test` that runs only when `requirements` are met (else skipped or, in CI, failed). */
export function testNeeding(
  requirements: readonly Requirement[],
  title: string,
  fn: () => unknown,
  timeout?: number,
): void {
  const why = firstMissing(requirements);
  if (why === null) {
    test(title, fn as () => void, timeout);
  } else if (inCi()) {
    test(title, () => {
      throw requiredError(why);
    });
  } else {
    test.skip(`${title} ${skipMark(why)}`, () => {});
  }
}
