/**
 * What the steps of a folder walk share (discover.ts runs it, walk-tree.ts and ignore-rules.ts are
 * its steps): the walk of one directory argument ({@link Walk}), one real folder tree in it
 * ({@link Tree}), the ignore rules in force ({@link Rule}), the files found ({@link Candidate})
 * and an entry being placed ({@link Placed}); and fast-glob, loaded when a folder is first walked.
 */

import { createRequire } from 'node:module';
import type FastGlob from 'fast-glob';
import type { Ignore } from 'ignore';
import type { FileWarning } from '../engine/report.js';
import type { FoundFile } from './file-names.js';

const require = createRequire(import.meta.url);
let fastGlobModule: typeof FastGlob | undefined;
/**
 * fast-glob, loaded when a folder is first walked (its CommonJS, which every loader can
 * require): a run given only files or stdin does not pay its ~50 ms of module loading.
 */
export const fg = (): typeof FastGlob =>
  (fastGlobModule ??= require('fast-glob') as typeof FastGlob);

/**
 * A found file and where its real path comes from (for de-duplication; not part of the result):
 * `base` + '/' + `sub` (the real folder tree and the path in it), `base` alone (a linked file,
 * resolved), or to be resolved (`base` null: a file named explicitly).
 */
export interface Candidate extends FoundFile {
  base: string | null;
  sub: string;
}

export interface Rule {
  /** Folder of the ignore file, relative to the walk's root ('' for the root). */
  base: string;
  ig: Ignore;
}

/** The state of the walk of one directory argument. */
export interface Walk {
  cwd: string;
  extensions: ReadonlySet<string>;
  useIgnoreFiles: boolean;
  included: ((rel: string, display: string) => boolean) | null;
  excluded: ((rel: string, display: string) => boolean) | null;
  warn: (warning: FileWarning) => void;
  /** See `DiscoverOptions.onFile`. */
  onFile: ((file: FoundFile) => void) | undefined;
  /** Real paths of the folder trees already walked (arguments and followed links). */
  walked: Set<string>;
  files: Candidate[];
}

/** One real folder tree walked by fast-glob: the argument's folder, or a followed link. */
export interface Tree {
  /** Absolute path (through the link, for display). */
  dir: string;
  /** Its real path. */
  real: string;
  /** Path relative to the walk's root ('' for the root). */
  rel: string;
  /** Ignore rules from the folders above. */
  rules: readonly Rule[];
  /** Reached through a symbolic link (links inside are not followed). */
  throughLink: boolean;
  /** Real paths of the folders above, ending with `real`. */
  ancestors: readonly string[];
}

/** An entry of a tree as the walk places it. */
export interface Placed {
  /** Path relative to the walk's root. */
  rel: string;
  /** Its folder's path relative to the tree ('' for the tree's root). */
  parent: string;
  absolute: string;
  display: string;
}
