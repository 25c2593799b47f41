/**
 * Paths the tests share: the repository root, the built CLI, the shared data beside the clone
 * (absent on a fresh clone elsewhere: see requirements.ts) and the repository's own fixtures.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin/dupgraf');
/** The shared data: `$DUPGRAF_SHARED` when set, else `../shared` beside the clone. */
export const SHARED = process.env.DUPGRAF_SHARED
  ? path.resolve(process.env.DUPGRAF_SHARED)
  : path.resolve(REPO_ROOT, '../shared');
/** How messages name {@link SHARED}. */
export const SHARED_SHOWN = process.env.DUPGRAF_SHARED ? SHARED : '../shared';
export const SEED = path.join(SHARED, 'seeds/000_28fcf20ef39858c0.txt');
export const CORPORA = path.join(SHARED, 'corpora');
/** The repository's own example in the seed's shape: two stories in one file, one paragraph per
 * line, sharing two background paragraphs (lines 5/11 and 6/12, line 12 with a curly apostrophe)
 * and a rewritten lede (lines 1 and 10, partial reuse). */
export const TWO_STORIES = path.join(REPO_ROOT, 'examples/two-stories.txt');
