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
import path from 'node:path';
import { describe, test } from '@jest/globals';
import { mountNamespaceProblem } from './namespaces.js';
import {
  chromiumPath,
  inCi,
  isDirectory,
  isExecutableFile,
  postgresBin,
  preCommitPath,
} from './programs.js';
import { SHARED, SHARED_SHOWN } from './paths.js';

export { chromiumPath, inCi, postgresBin, preCommitPath };

/** Something a test may need that a fresh clone may not have. */
export type Requirement =
  'seeds' | 'corpora' | 'chromium' | 'postgres' | 'pre-commit' | 'namespaces';

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
