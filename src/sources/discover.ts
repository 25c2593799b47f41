/**
 * Finding the files to scan. Explicit files are taken as given. Directories are walked with
 * fast-glob (one walk per real folder tree, symbolic links not followed by fast-glob) for the
 * chosen extensions, skipping hidden entries (so `.git`; hidden folders are not entered) and
 * `node_modules`, and honouring `.gitignore` and `.dupgrafignore` files (gitignore syntax, via
 * `ignore`; nested ones apply below their own folder; files under an ignored folder are dropped).
 * `include`/`exclude` globs (picomatch) narrow the files found in directories.
 *
 * Symbolic links are handled here, not by fast-glob: a link to a folder is walked as a tree of
 * its own, once; a link met inside a folder reached through a link is not followed again (so a
 * walk never escapes twice), a link back to a folder on the current path is a loop and is skipped
 * with a warning, a broken link is a warning, and a file reached by two paths is read once.
 * Results are sorted and de-duplicated, so the order never depends on the file system.
 */

import fs from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { UsageError } from '../errors.js';
import type { FileWarning } from '../engine/report.js';
import { byString, DEFAULT_EXTENSIONS, displayPath, type FoundFile } from './file-names.js';
import { walkTree } from './walk-tree.js';
import type { Candidate, Tree, Walk } from './walk-state.js';

// What a scan takes and how it names it (file-names.ts), under the names callers import.
export {
  CONFIG_FILE_NAMES,
  DEFAULT_EXTENSIONS,
  displayPath,
  IGNORE_FILES,
  SKIPPED_FOLDERS,
  TOOL_FILES,
  type FoundFile,
} from './file-names.js';
export { ignoredFolderGlobs } from './ignore-rules.js';

/** Options of {@link discoverFiles}. */
export interface DiscoverOptions {
  /** Directory paths are resolved against; default `process.cwd()` of the caller. */
  cwd: string;
  /** Extensions (without dot, any case) to take from directories; default {@link DEFAULT_EXTENSIONS}. */
  extensions?: readonly string[];
  /** Honour .gitignore/.dupgrafignore files; default true. */
  useIgnoreFiles?: boolean;
  /**
   * Globs a file found in a directory must match (any of them); default none (every file).
   * Matched against the path relative to the scanned folder and to `cwd`; a glob without `/`
   * matches the file name.
   */
  include?: readonly string[];
  /** Globs of files (or folders) found in directories to leave out; default none. */
  exclude?: readonly string[];
  /** Called for each entry skipped during the walk (broken link, link loop, unreadable folder). */
  onWarning?: (warning: FileWarning) => void;
  /**
   * Called during the walk with each file that will most likely be in the result, as soon as it
   * is met (in no particular order), so that work on it can start before the walk ends: a plain
   * file with a wanted extension that the ignore files known so far and `include`/`exclude` let
   * through. Only a guess: the returned list is what counts. It may hold files never passed here
   * (e.g. reached through a link) and lack some that were (e.g. a nested ignore file met later).
   */
  onFile?: (file: FoundFile) => void;
}

/**
 * A glob as matched: `name/` (a trailing slash, as in an ignore file) stands for the folder `name`
 * at any depth and everything below it, `a/b/` for the folder `a/b` and everything below it.
 */
function folderGlob(glob: string): string {
  if (!glob.endsWith('/')) return glob;
  const inner = glob.slice(0, -1);
  return inner.includes('/') ? `${glob}**` : `**/${glob}**`;
}

function matcher(globs: readonly string[] | undefined, option: string) {
  if (!globs || globs.length === 0) return null;
  if (globs.some((g) => g === '')) throw new UsageError(`${option}: an empty glob matches nothing`);
  const byName = globs.filter((g) => !g.includes('/'));
  const byPath = globs
    .filter((g) => g.includes('/'))
    .map((g) => folderGlob(g.replace(/^\.\//, '')));
  const nameMatch = byName.length > 0 ? picomatch(byName, { dot: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (rel: string, display: string) =>
    nameMatch(path.posix.basename(rel)) || pathMatch(rel) || pathMatch(display);
}

/**
 * Expands paths (files or directories) into the sorted list of files to scan.
 * Throws {@link UsageError} for a path that does not exist.
 */
export async function discoverFiles(
  inputs: readonly string[],
  options: DiscoverOptions,
): Promise<FoundFile[]> {
  const extensions = new Set((options.extensions ?? DEFAULT_EXTENSIONS).map(normalizeExtension));
  const given = await statInputs(inputs, options.cwd);
  const files: Candidate[] = [];
  const walked = new Set<string>();
  let walk: Walk | undefined;
  for (const { absolute, display, stat } of given) {
    if (!stat.isDirectory()) {
      files.push({ absolute, display, explicit: true, base: null, sub: '' });
      options.onFile?.({ absolute, display });
      continue;
    }
    walk ??= {
      cwd: options.cwd,
      extensions,
      useIgnoreFiles: options.useIgnoreFiles ?? true,
      included: matcher(options.include, 'include'),
      excluded: matcher(options.exclude, 'exclude'),
      warn: options.onWarning ?? (() => {}),
      onFile: options.onFile,
      walked,
      files,
    };
    await walkFolder(walk, absolute);
  }
  return uniqueFiles(files, walked.size);
}

/** A path given, resolved, with its display path and `stat`. */
interface Given {
  absolute: string;
  display: string;
  stat: fs.Stats;
}

/**
 * Every path given, checked in the order given (the first missing one is the error); then sorted
 * by display path, so that a folder given twice (by itself and through a link) is walked under
 * its first path in sorted order, whatever the order given.
 */
async function statInputs(inputs: readonly string[], cwd: string): Promise<Given[]> {
  const given: Given[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    try {
      given.push({
        absolute,
        display: displayPath(absolute, cwd),
        stat: await fs.promises.stat(absolute),
      });
    } catch (error) {
      throw new UsageError(await whyNotThere(input, absolute, error as NodeJS.ErrnoException));
    }
  }
  return given.sort((a, b) => byString(a.display, b.display));
}

/**
 * Walks a folder given as an argument (unless walked already) and the linked folders met in it,
 * each real folder tree once, one after another in the order their links were met (sorted).
 */
async function walkFolder(walk: Walk, absolute: string): Promise<void> {
  const real = await fs.promises.realpath(absolute);
  if (walk.walked.has(real)) return; // the same folder given twice
  const queue: Tree[] = [
    { dir: absolute, real, rel: '', rules: [], throughLink: false, ancestors: [real] },
  ];
  for (let tree = queue.shift(); tree; tree = queue.shift()) {
    walk.walked.add(tree.real);
    queue.push(...(await walkTree(walk, tree)));
  }
}

/**
 * The files sorted by display path; a file reached twice (two arguments, or a link) is kept once.
 * With one folder tree (`trees` walked) and no other file, no file can be reached twice.
 */
async function uniqueFiles(files: Candidate[], trees: number): Promise<FoundFile[]> {
  files.sort((a, b) => byString(a.display, b.display));
  if (trees <= 1 && files.every((f) => f.base !== null && f.sub !== '')) {
    return files.map((f) => ({ absolute: f.absolute, display: f.display }));
  }
  const seen = new Set<string>();
  const out: FoundFile[] = [];
  for (const file of files) {
    let real =
      file.base === null ? null : file.sub === '' ? file.base : path.join(file.base, file.sub);
    if (real === null) {
      try {
        real = await fs.promises.realpath(file.absolute);
      } catch {
        real = file.absolute; // Unreadable: reading it reports why.
      }
    }
    if (seen.has(real)) continue;
    seen.add(real);
    out.push(
      file.explicit
        ? { absolute: file.absolute, display: file.display, explicit: true }
        : { absolute: file.absolute, display: file.display },
    );
  }
  return out;
}

/** Why a path given on the command line cannot be scanned (`error`: its `stat`'s). */
async function whyNotThere(
  input: string,
  absolute: string,
  error: NodeJS.ErrnoException,
): Promise<string> {
  if (error.code === 'ELOOP') return `${input}: symbolic link loop`;
  if (error.code === 'ENOENT') {
    const link = await fs.promises.lstat(absolute).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (link) return `${input}: broken symbolic link`;
  } else if (error.code !== undefined && error.code !== 'ENOTDIR')
    return `${input}: cannot be read (${error.code})`;
  return `no such file or directory: ${input}`;
}

function normalizeExtension(ext: string): string {
  return ext.replace(/^\./, '').toLowerCase();
}
