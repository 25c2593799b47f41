/** Paths the tests share: the repository root, the built CLI and the shared data beside the clone. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(REPO_ROOT, 'bin/dupgraf');
export const SHARED = path.resolve(REPO_ROOT, '../shared');
export const SEED = path.join(SHARED, 'seeds/000_28fcf20ef39858c0.txt');
export const CORPORA = path.join(SHARED, 'corpora');
