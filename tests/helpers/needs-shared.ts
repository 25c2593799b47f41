/**
 * Tests that read `../shared` (the seed, the real corpora beside the clone): on a fresh clone
 * elsewhere they are absent, and such a block is skipped with one visible line saying so; when
 * `CI` is set (not `false` or `0`) they are required, so a CI machine that lost the data fails.
 */
import fs from 'node:fs';
import { describe, test } from '@jest/globals';
import { SHARED } from './paths.js';

/** Whether the environment says this is CI. */
function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * A `describe` block that needs `../shared/<part>` (`seeds` or `corpora`): skipped with one line
 * naming what is missing, or failed in CI. The body is not run when it is missing.
 */
export function describeWithShared(
  part: 'seeds' | 'corpora',
  title: string,
  body: () => void,
): void {
  const dir = `${SHARED}/${part}`;
  if (fs.existsSync(dir)) describe(title, body);
  else if (inCi())
    test(title, () => {
      throw new Error(`required when CI is set: ../shared/${part} not found`);
    });
  else test.skip(`${title} (skipped: ../shared/${part} not found)`, () => {});
}
